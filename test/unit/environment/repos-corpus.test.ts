import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEnvironment, type EnvironmentOptions } from '../../../src/environment/detect.js';
import { readEnvironmentSnapshot } from '../../../src/environment/read.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planDockerfile } from '../../../src/plan/dockerfile-plan.js';
import { listBuildContext } from '../../../src/context/files.js';
import { GIT_URL_PLACEHOLDER, SHAPES, type Shape } from '../../corpus/shapes.js';

/** The plan of every corpus shape: detection's answer and the generated Dockerfile (golden). */
const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'repos');
const GOLDEN = path.join(import.meta.dirname, '..', 'dockerfile', 'golden', 'repos');
const update = process.env.UPDATE_GOLDEN === '1';
const GIT_URL = 'http://127.0.0.1:8/';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-corpus-plan-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyFixture(shape: Shape): Promise<string> {
  const dir = path.join(work, shape.name);
  await cp(path.join(FIXTURES, shape.name), dir, { recursive: true });
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) await visit(file);
      else {
        const text = await readFile(file, 'utf8');
        if (text.includes(GIT_URL_PLACEHOLDER)) {
          await writeFile(file, text.split(GIT_URL_PLACEHOLDER).join(GIT_URL));
        }
      }
    }
  };
  await visit(dir);
  return shape.context ? path.join(dir, shape.context) : dir;
}

async function plan(shape: Shape) {
  const context = await copyFixture(shape);
  const inputs = readCoreInputs(
    new InputReader(
      mapInputSource({
        'base-image': 'python:3.11-slim',
        ...(shape.privateIndex && { 'pip-index-url': 'https://packages.example.invalid/simple/' }),
        ...shape.inputs,
      }),
    ),
  );
  const options: EnvironmentOptions = {
    freezeLocalEnv: false,
    allowEmpty: false,
    inferSystemPackages: inputs.inferSystemPackages,
    platforms: inputs.platforms,
    extras: inputs.extras,
    dependencyGroups: inputs.dependencyGroups,
    ...(inputs.requirements !== undefined && { requirements: inputs.requirements }),
  };
  const environment = detectEnvironment(await readEnvironmentSnapshot(context, options), options);
  const files = new Set((await listBuildContext(context)).files.map((file) => file.path));
  const user = inputs.dockerfile
    ? {
        path: inputs.dockerfile,
        text: await readFile(path.join(context, inputs.dockerfile), 'utf8'),
      }
    : undefined;
  const dockerfile = planDockerfile(inputs, environment, files, user, true);
  return { environment, dockerfile };
}

describe('repository corpus: plans', () => {
  it.each(SHAPES.map((shape) => [shape.name, shape] as const))('%s', async (name, shape) => {
    if (shape.kind === 'error') {
      await expect(plan(shape)).rejects.toThrow(shape.error);
      return;
    }
    const { environment, dockerfile } = await plan(shape);
    expect(environment.kind).toBe(shape.kind);
    const scripts = environment.project?.targets.flatMap((target) => target.scripts) ?? [];
    expect(scripts).toEqual(shape.scripts ?? []);
    expect((environment.systemPackages ?? []).map((item) => item.name)).toEqual(
      shape.systemPackages ?? [],
    );
    const file = path.join(GOLDEN, `${name}.Dockerfile`);
    if (update) {
      await mkdir(GOLDEN, { recursive: true });
      await writeFile(file, dockerfile.dockerfile);
    }
    expect(dockerfile.dockerfile).toBe(await readFile(file, 'utf8'));
  });

  it('a code-only change leaves every line before the code copy unchanged', async () => {
    for (const shape of SHAPES.filter((item) => item.kind !== 'error')) {
      const { dockerfile } = await plan(shape);
      const text = dockerfile.dockerfile;
      const copy = text.indexOf('COPY --chown=1000:0 . ');
      // Nothing before the code copy reads the code: only dependency files are copied there.
      expect(text.slice(0, copy)).not.toMatch(/^COPY (?:--\S+ )*\. /m);
      if (/ -e /.test(text.slice(copy))) {
        expect(text.slice(copy)).toMatch(/--no-build-isolation/);
      }
    }
  });
});
