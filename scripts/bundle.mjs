// Bundles the action (dist/index.js, main and post) and the CLI (dist/cli/index.js) with ncc.
// Usage: node scripts/bundle.mjs OUT_DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';

const out = path.resolve(process.argv[2] ?? 'dist');
const ncc = path.resolve('node_modules/.bin/ncc');
rmSync(out, { recursive: true, force: true });
const build = (entry, dir) =>
  execFileSync(ncc, ['build', entry, '-o', dir, '--minify', '--no-source-map-register', '--quiet', '--transpile-only', '--target', 'es2022'], {
    stdio: 'inherit',
  });
build('src/index.ts', out);
build('src/cli-entry.ts', path.join(out, 'cli'));
// ESM output: node must read these files as modules.
writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
const cli = path.join(out, 'cli', 'index.js');
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);
mkdirSync(out, { recursive: true });
