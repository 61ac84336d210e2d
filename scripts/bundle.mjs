// Bundles the action (dist/index.js, main and post), the CLI (dist/cli/index.js) and the sweep
// helper (dist/sweep/index.js, run by sweep/action.yml) with ncc.
// Usage: node scripts/bundle.mjs OUT_DIR. Builds beside OUT_DIR and swaps it in, so a reader of
// OUT_DIR never sees a half-written bundle.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

const out = path.resolve(process.argv[2] ?? 'dist');
const staging = `${out}.staging-${process.pid}`;
const ncc = path.resolve('node_modules/.bin/ncc');
const build = (entry, dir) =>
  execFileSync(
    ncc,
    [
      'build',
      entry,
      '-o',
      dir,
      '--minify',
      '--no-source-map-register',
      '--quiet',
      '--transpile-only',
      '--target',
      'es2022',
    ],
    { stdio: 'inherit' },
  );
// ncc minifies its entry files only; the lazily loaded chunks (the Kubernetes client is 16 MB of
// plain JavaScript) are minified here. Names are kept: libraries read constructor names.
const minifyChunks = (dir) => {
  for (const name of readdirSync(dir).filter((n) => /^\d+\.index\.js$/.test(n))) {
    const file = path.join(dir, name);
    const { code } = transformSync(readFileSync(file, 'utf8'), {
      minify: true,
      keepNames: true,
      format: 'esm',
      target: 'es2022',
      legalComments: 'none',
    });
    writeFileSync(file, code);
  }
};
try {
  build('src/action/index.ts', staging);
  build('src/cli/index.ts', path.join(staging, 'cli'));
  build('src/action/sweep.ts', path.join(staging, 'sweep'));
  for (const dir of [staging, path.join(staging, 'cli'), path.join(staging, 'sweep')])
    minifyChunks(dir);
  // ESM output: node must read these files as modules.
  writeFileSync(path.join(staging, 'package.json'), '{ "type": "module" }\n');
  const cli = path.join(staging, 'cli', 'index.js');
  const text = readFileSync(cli, 'utf8');
  if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
  const old = `${out}.old-${process.pid}`;
  try {
    renameSync(out, old);
  } catch {
    // No previous bundle.
  }
  renameSync(staging, out);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
