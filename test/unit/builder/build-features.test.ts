import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildxArgs, type BuildRequest } from '../../../src/builder/args.js';
import { chooseBuilder, storesOciArtifacts } from '../../../src/builder/builder.js';
import { checkBuildFeatures } from '../../../src/builder/features.js';
import { resolveSecretFiles, resolveSsh } from '../../../src/builder/secrets.js';
import type { PythonEnvironment } from '../../../src/environment/types.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { readInputs } from '../../../src/launch/inputs.js';
import type { Exec } from '../../../src/platform/exec.js';
import { InputError } from '../../../src/platform/errors.js';
import { planDockerfile } from '../../../src/plan/dockerfile-plan.js';

const read = (values: Record<string, string>) =>
  readCoreInputs(new InputReader(mapInputSource(values)));

function inputError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('build feature inputs', () => {
  it('reads annotations, provenance, sbom, secrets, secret-files, ssh', () => {
    const inputs = read({
      annotations: 'org.opencontainers.image.title=train\nindex,manifest:org.example.a=1 2',
      provenance: 'mode=max',
      sbom: 'true',
      secrets: 'GIT_AUTH_TOKEN=abc=def\nnetrc=machine x',
      'secret-files': 'pip=/run/pip.conf',
      ssh: 'default\ngithub=/home/u/.ssh/id_ed25519',
    });
    expect(inputs.annotations).toEqual([
      'org.opencontainers.image.title=train',
      'index,manifest:org.example.a=1 2',
    ]);
    expect(inputs.provenance).toBe('mode=max');
    expect(inputs.sbom).toBe(true);
    expect(inputs.secrets).toEqual([
      { id: 'GIT_AUTH_TOKEN', value: 'abc=def' },
      { id: 'netrc', value: 'machine x' },
    ]);
    expect(inputs.secretFiles).toEqual([['pip', '/run/pip.conf']]);
    expect(inputs.ssh).toEqual(['default', 'github=/home/u/.ssh/id_ed25519']);
  });

  it('defaults: no attestations, no secrets, our builder kinds', () => {
    const inputs = read({});
    expect(inputs.provenance).toBeUndefined();
    expect(inputs.sbom).toBe(false);
    expect(inputs.secrets).toEqual([]);
    expect(inputs.builderInstance).toBeUndefined();
  });

  it.each<[string, string, string | undefined]>([
    ['auto', 'auto', undefined],
    ['buildx', 'buildx', undefined],
    ['docker', 'docker', undefined],
    ['noop', 'noop', undefined],
    // docker/build-push-action's meaning: a buildx builder instance (setup-buildx-action's name).
    ['builder-3f2a9c1e-7d4b', 'buildx', 'builder-3f2a9c1e-7d4b'],
    ['default', 'buildx', 'default'],
  ])('builder: %s → kind %s, instance %s', (value, kind, instance) => {
    const inputs = read({ builder: value });
    expect(inputs.builder).toBe(kind);
    expect(inputs.builderInstance).toBe(instance);
  });

  it.each<[Record<string, string>, string, RegExp]>([
    [{ annotations: 'no equals sign' }, 'annotations', /KEY=VALUE/],
    [{ annotations: 'layer:a=b' }, 'annotations', /buildx's types/],
    [{ provenance: 'yes' }, 'provenance', /false, true, mode=min or mode=max/],
    [{ sbom: 'maybe' }, 'sbom', /true or false/],
    [{ 'secret-files': 'nopath' }, 'secret-files', /ID=PATH/],
    [{ 'secret-files': 'a b=/x' }, 'secret-files', /ID=PATH/],
    [{ ssh: 'not valid!' }, 'ssh', /default/],
    [{ secrets: 'A=1', 'secret-files': 'A=/x' }, 'secret-files', /once/],
    [{ builder: '-bad' }, 'builder', /builder instance/],
  ])('refuses %j naming the input', (values, input, message) => {
    const error = inputError(() => read(values));
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
  });

  it('never shows a secret value in an error', () => {
    const error = inputError(() => read({ secrets: 'hunter2-no-id' }));
    expect(error.input).toBe('secrets');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('line 1');
  });

  it('masks every secret value before anything runs', () => {
    const masked: string[] = [];
    readInputs(
      mapInputSource({ secrets: 'TOKEN=s3cr3t-value\nOTHER=x y z' }),
      {},
      (value) => void masked.push(value),
    );
    expect(masked).toEqual(expect.arrayContaining(['s3cr3t-value', 'x y z']));
  });
});

const request: BuildRequest = {
  context: '/w/ctx',
  dockerfile: '/tmp/b/Dockerfile',
  tags: ['reg.io/a/b:0123456789abcdef'],
  push: true,
  buildArgs: [],
  labels: [],
  secrets: [],
  platforms: [],
  cache: { mode: 'none' },
  metadataFile: '/tmp/b/metadata.json',
};

describe('buildxArgs for the build features', () => {
  it.each<[string, Partial<BuildRequest>, string[], string[]]>([
    ['nothing asked: no provenance, no sbom', {}, ['--provenance=false'], ['--sbom=true']],
    ['provenance true', { provenance: 'true' }, ['--provenance=true'], ['--provenance=false']],
    ['provenance mode=max', { provenance: 'mode=max' }, ['--provenance=mode=max'], []],
    ['provenance false', { provenance: 'false' }, ['--provenance=false'], []],
    ['sbom', { sbom: true }, ['--provenance=false', '--sbom=true'], []],
    [
      'annotations',
      { annotations: ['org.opencontainers.image.title=t', 'index:a=b'] },
      ['--annotation', 'org.opencontainers.image.title=t', '--annotation', 'index:a=b'],
      [],
    ],
    [
      'secrets by environment variable name, files by path',
      {
        secrets: [['pip', '/tmp/b/pip.conf']],
        secretEnvs: [['GIT_AUTH_TOKEN', 'LAUNCH_ACTION_BUILD_SECRET_0']],
      },
      [
        '--secret',
        'id=pip,src=/tmp/b/pip.conf',
        '--secret',
        'id=GIT_AUTH_TOKEN,env=LAUNCH_ACTION_BUILD_SECRET_0',
      ],
      [],
    ],
    ['ssh', { ssh: ['default', 'gh=/k'] }, ['--ssh', 'default', '--ssh', 'gh=/k'], []],
    ['builder instance', { builderInstance: 'builder-1' }, ['--builder', 'builder-1'], []],
  ])('%s', (_name, change, present, absent) => {
    const args = buildxArgs({ ...request, ...change });
    const joined = `\u0000${args.join('\u0000')}\u0000`;
    expect(joined).toContain(`\u0000${present.join('\u0000')}\u0000`);
    for (const flag of absent) expect(args).not.toContain(flag);
    // --builder belongs to `buildx build` itself and comes first; the context is last.
    if (change.builderInstance)
      expect(args.slice(0, 4)).toEqual(['buildx', 'build', '--builder', 'builder-1']);
    expect(args.at(-1)).toBe('/w/ctx');
  });
});

describe('checkBuildFeatures', () => {
  const none = read({});
  const dockerDriver = { kind: 'buildx' as const, driver: 'docker' };
  const container = { kind: 'buildx' as const, driver: 'docker-container', instance: 'b1' };
  const classic = { kind: 'docker' as const };

  it.each<
    [
      string,
      Record<string, string>,
      typeof dockerDriver | typeof classic,
      boolean,
      string | undefined,
      RegExp | undefined,
    ]
  >([
    ['nothing asked, docker driver', {}, dockerDriver, false, undefined, undefined],
    [
      'provenance on a docker-container builder',
      { provenance: 'mode=max', sbom: 'true' },
      container,
      true,
      undefined,
      undefined,
    ],
    ['provenance false anywhere', { provenance: 'false' }, classic, false, undefined, undefined],
    [
      'provenance on the docker driver',
      { provenance: 'true' },
      dockerDriver,
      false,
      'provenance',
      /cannot store attestations.*docker driver.*setup-buildx-action/,
    ],
    [
      'sbom on the docker driver',
      { sbom: 'true' },
      dockerDriver,
      false,
      'sbom',
      /cannot store attestations/,
    ],
    [
      'sbom with the classic builder',
      { sbom: 'true' },
      classic,
      false,
      'sbom',
      /classic docker builder/,
    ],
    [
      'secrets with the classic builder',
      { secrets: 'A=1' },
      classic,
      false,
      'secrets',
      /no secret or ssh mounts/,
    ],
    [
      'ssh with the classic builder',
      { ssh: 'default' },
      classic,
      false,
      'ssh',
      /no secret or ssh mounts/,
    ],
    [
      'secrets with buildx',
      { secrets: 'A=1', ssh: 'default' },
      dockerDriver,
      false,
      undefined,
      undefined,
    ],
  ])('%s', (_name, values, builder, oci, input, message) => {
    const inputs = read(values);
    if (input === undefined) {
      expect(checkBuildFeatures(inputs, builder, oci).warnings).toEqual([]);
      return;
    }
    const error = inputError(() => checkBuildFeatures(inputs, builder, oci));
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message!);
    expect(error.message).not.toContain('A=1');
  });

  it('annotations the builder would drop are a warning saying what, why and the fix', () => {
    const inputs = read({ annotations: 'org.opencontainers.image.title=t' });
    const [warning] = checkBuildFeatures(inputs, dockerDriver, false).warnings;
    expect(warning).toMatch(/annotations are NOT written/);
    expect(warning).toMatch(/Docker v2 manifests/);
    expect(warning).toMatch(/docker\/setup-buildx-action|containerd image store/);
    expect(checkBuildFeatures(inputs, container, true).warnings).toEqual([]);
    expect(checkBuildFeatures(none, dockerDriver, false).warnings).toEqual([]);
  });
});

/** A docker CLI answering from a table of `args.join(' ')` → result. */
function docker(
  answers: Record<string, { exitCode: number; stdout?: string; stderr?: string }>,
): Exec {
  return (_file, args) => {
    const answer = answers[args.join(' ')] ?? {
      exitCode: 1,
      stderr: `unexpected: ${args.join(' ')}`,
    };
    return Promise.resolve({ stdout: '', stderr: '', ...answer });
  };
}

describe('builder instances and what they store', () => {
  it('builder NAME uses that buildx instance and its driver', async () => {
    const choice = await chooseBuilder(
      'buildx',
      docker({
        'buildx inspect builder-1': {
          exitCode: 0,
          stdout: 'Name:   builder-1\nDriver: docker-container\n',
        },
      }),
      {},
      { instance: 'builder-1' },
    );
    expect(choice).toMatchObject({
      kind: 'buildx',
      instance: 'builder-1',
      driver: 'docker-container',
    });
  });

  it('an unknown instance is an input error listing the instances there are', async () => {
    const run = docker({
      'buildx inspect nope': { exitCode: 1, stderr: 'ERROR: no builder "nope" found\n' },
      'buildx ls --format {{.Name}}': { exitCode: 0, stdout: 'default*\nbuilder-1\n' },
    });
    const error = await chooseBuilder('buildx', run, {}, { instance: 'nope' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/no builder "nope" found/);
    expect((error as Error).message).toMatch(/instances here: default, builder-1/);
  });

  it.each<[string, { kind: 'buildx' | 'docker'; driver?: string }, string, boolean]>([
    ['docker-container driver', { kind: 'buildx', driver: 'docker-container' }, '', true],
    [
      'docker driver, classic store',
      { kind: 'buildx', driver: 'docker' },
      '[["Backing Filesystem","extfs"]]',
      false,
    ],
    [
      'docker driver, containerd store',
      { kind: 'buildx', driver: 'docker' },
      '[["driver-type","io.containerd.snapshotter.v1"]]',
      true,
    ],
    [
      'classic builder',
      { kind: 'docker' },
      '[["driver-type","io.containerd.snapshotter.v1"]]',
      false,
    ],
  ])('%s stores OCI artifacts: %s', async (_name, builder, status, expected) => {
    const run = docker({ 'info --format {{json .DriverStatus}}': { exitCode: 0, stdout: status } });
    expect(await storesOciArtifacts(builder, run, {})).toBe(expected);
  });
});

describe('secret files and ssh', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'launch-secret-files-'));
    await mkdir(path.join(dir, 'ctx'));
    await writeFile(path.join(dir, 'token.txt'), 'x', { mode: 0o600 });
    await writeFile(path.join(dir, 'ctx', 'in-context.txt'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const context = () => ({ root: path.join(dir, 'ctx'), files: [{ path: 'in-context.txt' }] });

  it('resolves paths against the workspace', async () => {
    expect(await resolveSecretFiles([['tok', 'token.txt']], dir, context() as never)).toEqual([
      ['tok', path.join(dir, 'token.txt')],
    ]);
  });

  it('refuses a missing file and one the build context holds', async () => {
    await expect(resolveSecretFiles([['tok', 'missing']], dir, context() as never)).rejects.toThrow(
      /Input 'secret-files'.*is not a file/,
    );
    await expect(
      resolveSecretFiles([['tok', 'ctx/in-context.txt']], dir, context() as never),
    ).rejects.toThrow(/inside the build context/);
  });

  it('ssh default needs an agent; key paths become absolute', () => {
    expect(() => resolveSsh(['default'], dir, {})).toThrow(/SSH_AUTH_SOCK is not set/);
    expect(resolveSsh(['default', 'gh=keys/id'], dir, { SSH_AUTH_SOCK: '/s' })).toEqual([
      'default',
      `gh=${path.join(dir, 'keys/id')}`,
    ]);
  });
});

describe('ssh in the generated Dockerfile', () => {
  const environment: PythonEnvironment = {
    kind: 'requirements',
    reason: 'requirements.txt found',
    files: ['requirements.txt'],
    python: { version: '3.11', source: 'default' },
    install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
    extraIndexUrls: [],
    dropped: [],
  };
  const files = new Set(['train.py', 'requirements.txt']);

  it('mounts the first ssh agent on the install step and adds git and openssh-client', () => {
    const plan = planDockerfile(
      read({ ssh: 'gh=/k\ndefault' }),
      environment,
      files,
      undefined,
      true,
    );
    const install = plan.dockerfile.split('\n').find((line) => line.includes('pip install'))!;
    expect(install).toContain('--mount=type=ssh,id=gh ');
    expect(install).toContain(
      "export GIT_SSH_COMMAND='ssh -o StrictHostKeyChecking=accept-new -o BatchMode=yes' && ",
    );
    expect(plan.dockerfile).toMatch(
      /apt-get install -y --no-install-recommends .*\bgit\b.*openssh-client/,
    );
  });

  it('without ssh nothing changes', () => {
    const plan = planDockerfile(read({}), environment, files, undefined, true);
    expect(plan.dockerfile).not.toContain('type=ssh');
    expect(plan.dockerfile).not.toContain('openssh-client');
  });
});
