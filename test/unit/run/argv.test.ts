import { describe, expect, it } from 'vitest';
import {
  buildRunArgv,
  containerName,
  gpusFlagValue,
  jobLabelValue,
  listJobContainersArgv,
  parseGpuRequest,
  splitCommand,
  type RunArgvSpec,
} from '../../../src/run/argv.js';
import { parseDockerArgs } from '../../../src/run/docker-args.js';
import { InputError } from '../../../src/platform/errors.js';

describe('parseGpuRequest / gpusFlagValue', () => {
  it.each([
    ['all', 'all'],
    ['none', undefined],
    ['2', '2'],
    ['device=0,1', '"device=0,1"'],
    ['device=GPU-8a1b2c3d-0000', '"device=GPU-8a1b2c3d-0000"'],
  ])('%s → --gpus %s', (value, flag) => {
    const request = parseGpuRequest(value);
    expect(request).toBeDefined();
    expect(gpusFlagValue(request!)).toBe(flag);
  });

  it.each(['', '0', '-1', 'ALL', 'device=', 'device=0;rm -rf /', '1,2', 'all --privileged'])(
    'refuses %j',
    (value) => {
      expect(parseGpuRequest(value)).toBeUndefined();
    },
  );
});

describe('splitCommand', () => {
  it.each([
    ['python train.py', ['python', 'train.py']],
    ['  python   -m  pkg.main  ', ['python', '-m', 'pkg.main']],
    [`python -c 'print("hi there")'`, ['python', '-c', 'print("hi there")']],
    ['echo "a \\"b\\" $HOME"', ['echo', 'a "b" $HOME']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo "" x', ['echo', '', 'x']],
    ['sh -c "exit 3"', ['sh', '-c', 'exit 3']],
    ['echo $(whoami); rm -rf /', ['echo', '$(whoami);', 'rm', '-rf', '/']],
  ])('%j', (command, words) => {
    expect(splitCommand(command)).toEqual(words);
  });

  it('throws on an unclosed quote', () => {
    expect(() => splitCommand('echo "oops')).toThrow(/unclosed/);
  });
});

describe('job labels and names', () => {
  it.each([
    [{ GITHUB_RUN_ID: '123', GITHUB_JOB: 'train' }, '123-train'],
    [{ GITHUB_RUN_ID: '123' }, 'local'],
    [{}, 'local'],
  ])('%j → %s', (env, label) => {
    expect(jobLabelValue(env)).toBe(label);
  });

  it('makes docker-valid names', () => {
    expect(containerName({ GITHUB_RUN_ID: '9', GITHUB_JOB: 'my job/é' }, 'ab12')).toBe(
      'launch-9-my-job---ab12',
    );
  });

  it('lists by job and runner', () => {
    expect(listJobContainersArgv('9-train', 'gpu-box-1')).toEqual([
      'ps',
      '--all',
      '--quiet',
      '--filter',
      'label=launch-action.job=9-train',
      '--filter',
      'label=launch-action.runner=gpu-box-1',
    ]);
  });
});

describe('buildRunArgv', () => {
  const base: RunArgvSpec = {
    imageRef: 'reg/train@sha256:abc',
    name: 'launch-9-train-ab12',
    jobLabel: '9-train',
    gpus: { kind: 'all' },
    dockerArgs: [],
    envNames: [],
    args: [],
  };
  const head = [
    'run',
    '--rm',
    '--init',
    '--name',
    'launch-9-train-ab12',
    '--label',
    'launch-action.job=9-train',
  ];

  it.each<[string, Partial<RunArgvSpec>, string[]]>([
    ['defaults', {}, [...head, '--gpus', 'all', '--ipc=host', 'reg/train@sha256:abc']],
    ['cpu run', { gpus: { kind: 'none' } }, [...head, '--ipc=host', 'reg/train@sha256:abc']],
    [
      'shm-size replaces ipc=host',
      { dockerArgs: ['--shm-size=16g', '--cpus=4'] },
      [...head, '--gpus', 'all', '--shm-size=16g', '--cpus=4', 'reg/train@sha256:abc'],
    ],
    [
      'host network',
      { network: 'host' },
      [...head, '--gpus', 'all', '--ipc=host', '--network', 'host', 'reg/train@sha256:abc'],
    ],
    [
      'default network adds nothing',
      { network: 'default' },
      [...head, '--gpus', 'all', '--ipc=host', 'reg/train@sha256:abc'],
    ],
    [
      'env by name only',
      { envNames: ['WANDB_API_KEY', 'SEED'] },
      [
        ...head,
        '--gpus',
        'all',
        '--ipc=host',
        '--env',
        'WANDB_API_KEY',
        '--env',
        'SEED',
        'reg/train@sha256:abc',
      ],
    ],
    [
      'command replaces the entrypoint, args follow',
      { command: ['python', 'eval.py', '--fast'], args: ['--epochs', '3'] },
      [
        ...head,
        '--gpus',
        'all',
        '--ipc=host',
        '--entrypoint',
        'python',
        'reg/train@sha256:abc',
        'eval.py',
        '--fast',
        '--epochs',
        '3',
      ],
    ],
    [
      'args only',
      { args: ['--lr=0.1'] },
      [...head, '--gpus', 'all', '--ipc=host', 'reg/train@sha256:abc', '--lr=0.1'],
    ],
    [
      'devices and runner label',
      { gpus: { kind: 'devices', devices: ['0', '1'] }, runnerLabel: 'box' },
      [
        ...head,
        '--label',
        'launch-action.runner=box',
        '--gpus',
        '"device=0,1"',
        '--ipc=host',
        'reg/train@sha256:abc',
      ],
    ],
  ])('%s', (_name, over, argv) => {
    expect(buildRunArgv({ ...base, ...over })).toEqual(argv);
  });

  it('never puts an env value on the command line', () => {
    const argv = buildRunArgv({ ...base, envNames: ['SECRET'] });
    expect(argv.join(' ')).not.toContain('=s3cr3t');
  });
});

describe('parseDockerArgs', () => {
  it.each<[string[], string[], [string, string][], boolean]>([
    [[], [], [], false],
    [['--shm-size=16g'], ['--shm-size=16g'], [], true],
    [['--shm-size 16g'], ['--shm-size=16g'], [], true],
    [['-m 32g', '--cpus=8'], ['--memory=32g', '--cpus=8'], [], false],
    [['--ulimit memlock=-1'], ['--ulimit=memlock=-1'], [], false],
    [['--ulimit=stack=67108864'], ['--ulimit=stack=67108864'], [], false],
    [
      ['--cpuset-cpus 0-3', '--pids-limit=4096', '--platform linux/amd64'],
      ['--cpuset-cpus=0-3', '--pids-limit=4096', '--platform=linux/amd64'],
      [],
      false,
    ],
    [['-w /work'], ['--workdir=/work'], [], false],
    [
      ['--env SEED=1', '-e TOKEN=a=b c'],
      [],
      [
        ['SEED', '1'],
        ['TOKEN', 'a=b c'],
      ],
      false,
    ],
    [['--cpus --privileged'], ['--cpus=--privileged'], [], false], // a value can never become a flag
  ])('%j', (lines, flags, env, hasShmSize) => {
    expect(parseDockerArgs(lines)).toEqual({ flags, env, hasShmSize });
  });

  it.each([
    ['--privileged', /'--privileged' is not allowed \(it gives the container full access/],
    ['--privileged=true', /'--privileged' is not allowed/],
    ['-v /:/host', /'-v' is not allowed \(it mounts host paths/],
    ['--volume=/var/run/docker.sock:/var/run/docker.sock', /'--volume' is not allowed/],
    ['--mount type=bind,src=/,dst=/host', /'--mount' is not allowed/],
    ['--device /dev/sda', /'--device' is not allowed/],
    ['--cap-add=SYS_ADMIN', /'--cap-add' is not allowed/],
    ['--pid=host', /'--pid' is not allowed/],
    ['--ipc host', /'--ipc' is not allowed/],
    ['--uts=host', /'--uts' is not allowed/],
    ['--security-opt seccomp=unconfined', /'--security-opt' is not allowed/],
    ['--network=bridge', /'--network' is not allowed \(the network is set by the `network` input/],
    ['--net host', /'--net' is not allowed/],
    ['--gpus all', /'--gpus' is not allowed \(GPUs are set by the `gpus` input/],
    ['--name x', /'--name' is not allowed/],
    ['--label launch-action.job=other', /'--label' is not allowed/],
    ['--runtime=runc', /'--runtime' is not allowed/],
    ['--userns=host', /'--userns' is not allowed/],
    ['--foo=bar', /'--foo' is not allowed; only these resource flags are accepted: --cpus, /],
    ['python train.py', /one `docker run` flag/],
    ['--shm-size', /needs a value/],
    ['--env 1BAD=x', /--env` needs NAME=value/],
    ['--env NOVALUE', /--env` needs NAME=value/],
  ])('refuses %j', (line, message) => {
    let error: unknown;
    try {
      parseDockerArgs(['--cpus=2', line]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('docker-args');
    expect((error as InputError).value).toBe(line);
    expect((error as InputError).message).toMatch(message);
  });
});
