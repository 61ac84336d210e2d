import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../src/context/files.js';
import { renderDockerignore } from '../../src/context/dockerignore.js';
import { FIXED_CASES, generateCases, type ContextCase } from './harness/context-cases.js';
import { runCommand } from './harness/process.js';

/**
 * The hash's file list against Docker's own build context. Each case's tree goes to BuildKit the
 * way the action sends it (the rendered ignore file next to a Dockerfile outside the context),
 * `FROM scratch` + `COPY . /` exported with `-o type=local`, and the exported files are compared
 * with listBuildContext's. Cases with a user Dockerfile are also built the user's way (their own
 * Dockerfile, so BuildKit picks the ignore file itself) to check which ignore file wins.
 */
const SEED = 20261130;
const GENERATED = 240;
const PARALLEL = 4;

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dockerignore-diff-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Outcome {
  name: string;
  dockerignore: string;
  files: string[];
  expected: string[];
  seen: string[];
}

async function writeTree(root: string, testCase: ContextCase) {
  await mkdir(root, { recursive: true });
  for (const entry of testCase.files) {
    const [file, target] = entry.split('->') as [string, string | undefined];
    const full = path.join(root, file);
    await mkdir(path.dirname(full), { recursive: true });
    if (target !== undefined) await symlink(target, full);
    else await writeFile(full, `${file}\n`);
  }
  if (testCase.dockerignore !== '') {
    await writeFile(path.join(root, '.dockerignore'), testCase.dockerignore);
  }
  if (testCase.userDockerfile) {
    const dockerfile = path.join(root, testCase.userDockerfile.path);
    await mkdir(path.dirname(dockerfile), { recursive: true });
    await writeFile(dockerfile, 'FROM scratch\nCOPY . /\n');
    await writeFile(`${dockerfile}.dockerignore`, testCase.userDockerfile.dockerignore);
  }
}

/** Files and symlinks under `root`, as context-relative POSIX paths. */
async function listExported(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listExported(root, relative)));
    else out.push(relative);
  }
  return out.sort();
}

async function dockerContext(context: string, dockerfile: string, dest: string) {
  const result = await runCommand(
    'docker',
    [
      'buildx',
      'build',
      '--quiet',
      '--network',
      'host',
      '-f',
      dockerfile,
      '-o',
      `type=local,dest=${dest}`,
      context,
    ],
    { env: { ...process.env, BUILDX_NO_DEFAULT_ATTESTATIONS: '1' }, timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`docker buildx build failed: ${result.stderr}`);
  return listExported(dest);
}

async function runCase(testCase: ContextCase, index: number): Promise<Outcome[]> {
  const dir = path.join(work, String(index));
  const context = path.join(dir, 'context');
  await writeTree(context, testCase);
  const listed = await listBuildContext(context, {
    ...(testCase.userDockerfile && { dockerfile: testCase.userDockerfile.path }),
  });
  const seen = listed.files.map((file) => file.path).sort();
  // The action's way: a Dockerfile outside the context with the rendered ignore file beside it.
  const build = path.join(dir, 'build');
  await mkdir(build);
  await writeFile(path.join(build, 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  await writeFile(path.join(build, 'Dockerfile.dockerignore'), renderDockerignore(listed.rules));
  const outcomes: Outcome[] = [];
  const base = { name: testCase.name, dockerignore: testCase.dockerignore, files: testCase.files };
  outcomes.push({
    ...base,
    expected: await dockerContext(context, path.join(build, 'Dockerfile'), path.join(dir, 'out')),
    seen,
  });
  if (testCase.userDockerfile) {
    const userWay = await dockerContext(
      context,
      path.join(context, testCase.userDockerfile.path),
      path.join(dir, 'out-user'),
    );
    // Which ignore file BuildKit picks; the action leaves .dockerignore and .git out on top.
    outcomes.push({
      ...base,
      name: `${testCase.name} (user's own Dockerfile)`,
      expected: userWay.filter((file) => file !== '.dockerignore' && !file.startsWith('.git/')),
      seen,
    });
  }
  await rm(dir, { recursive: true, force: true });
  return outcomes;
}

async function runAll(cases: ContextCase[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < cases.length) {
        const index = next++;
        outcomes.push(...(await runCase(cases[index]!, index)));
      }
    }),
  );
  return outcomes;
}

function mismatches(outcomes: Outcome[]) {
  return outcomes
    .filter((outcome) => outcome.expected.join('\n') !== outcome.seen.join('\n'))
    .map((outcome) => ({
      case: outcome.name,
      dockerignore: outcome.dockerignore,
      files: outcome.files,
      onlyDocker: outcome.expected.filter((file) => !outcome.seen.includes(file)),
      onlyHash: outcome.seen.filter((file) => !outcome.expected.includes(file)),
    }));
}

describe('the hash lists exactly the files Docker sends', () => {
  it('for the fixed cases', async () => {
    const outcomes = await runAll(FIXED_CASES);
    expect(outcomes).toHaveLength(FIXED_CASES.length + 1);
    expect(mismatches(outcomes)).toEqual([]);
    // The re-included files really are in Docker's context (the cases test what they claim).
    const byName = new Map(outcomes.map((outcome) => [outcome.name, outcome.expected]));
    expect(byName.get('excluded directory with a re-included file')).toEqual([
      'data/keep.txt',
      'train.py',
    ]);
    expect(byName.get('allow-list with **')).toEqual(['src/a.py', 'src/pkg/b.py', 'train.py']);
    expect(byName.get('allow-list with * and a nested file')).toEqual(['configs/base.yaml']);
    expect(byName.get('excluded docs with one page kept')).toContain('docs/keep.md');
    expect(byName.get('attempts to re-include .git')).toEqual(['train.py']);
    expect(
      byName.get('<Dockerfile>.dockerignore takes precedence over .dockerignore'),
    ).not.toContain('secrets.env');
    expect(byName.get('<Dockerfile>.dockerignore takes precedence over .dockerignore')).toContain(
      'data/x.csv',
    );
  });

  it(`for ${GENERATED} generated trees and pattern sets (seed ${SEED})`, async () => {
    const cases = generateCases(SEED, GENERATED);
    const outcomes = await runAll(cases);
    expect(outcomes).toHaveLength(GENERATED);
    const failed = mismatches(outcomes);
    expect(failed.slice(0, 5)).toEqual([]);
    // The generator is not degenerate: it excludes some files and re-includes others.
    const excludedSome = outcomes.filter((o) => o.expected.length < o.files.length).length;
    expect(excludedSome).toBeGreaterThan(GENERATED / 3);
  });
});
