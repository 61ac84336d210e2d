// Proves dist/ is the bundle of the current sources: bundles into a temp dir and compares.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const temp = mkdtempSync(path.join(os.tmpdir(), 'launch-action-dist-'));
try {
  execFileSync(process.execPath, ['scripts/bundle.mjs', temp], { stdio: 'inherit' });
  const list = (dir) =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => statSync(path.join(dir, name)).isFile())
      .sort();
  const expected = list(temp);
  const actual = list('dist');
  const problems = [];
  for (const name of new Set([...expected, ...actual])) {
    if (!expected.includes(name)) problems.push(`dist/${name} is not produced by the sources`);
    else if (!actual.includes(name)) problems.push(`dist/${name} is missing`);
    else if (!readFileSync(path.join(temp, name)).equals(readFileSync(path.join('dist', name)))) {
      problems.push(`dist/${name} differs from the bundle of the sources`);
    }
  }
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\nRun 'npm run bundle' and commit dist/.`);
    process.exit(1);
  }
  console.log(`dist/ is the bundle of the current sources (${expected.length} files).`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
