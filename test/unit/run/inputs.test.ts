import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { readRunInputs } from '../../../src/run/index.js';
import { readDispatchInputs } from '../../../src/dispatch/index.js';

const shared = { network: 'host', env: [['SEED', '1']] as [string, string][] };
const read = (values: Record<string, string>) =>
  readRunInputs(new InputReader(mapInputSource(values)), shared);

describe('readRunInputs', () => {
  it('applies the defaults', () => {
    expect(read({})).toEqual({
      command: undefined,
      args: [],
      gpus: 'all',
      dockerArgs: [],
      cudaVersion: undefined,
      minFreeDiskGb: 20,
      allowUntrusted: false,
      network: 'host',
      env: [['SEED', '1']],
      runEnv: [],
      runEnvValues: [],
      shmSize: '8g',
      ipcHost: false,
      outputsPath: 'outputs',
    });
  });

  it('reads every run input', () => {
    expect(
      read({
        command: 'python eval.py',
        args: '--epochs\n3\n',
        gpus: 'device=0,1',
        'docker-args': '--shm-size=8g\n--env EXTRA=x',
        'cuda-version': '12.8',
        'min-free-disk': '50',
        'allow-untrusted': 'true',
      }),
    ).toEqual({
      command: 'python eval.py',
      args: ['--epochs', '3'],
      gpus: 'device=0,1',
      dockerArgs: ['--shm-size=8g'],
      cudaVersion: '12.8',
      minFreeDiskGb: 50,
      allowUntrusted: true,
      network: 'host',
      env: [['SEED', '1']],
      runEnv: [{ name: 'EXTRA', inline: 'x' }],
      runEnvValues: [['EXTRA', 'x']],
      ipcHost: false,
      outputsPath: 'outputs',
    });
  });

  it('resolves run-env from the step environment, masks every value, never echoes one in an error', () => {
    const masked: string[] = [];
    const inputs = readRunInputs(
      new InputReader(
        mapInputSource({
          'run-env': 'WANDB_API_KEY\nMODE=fast\n# comment',
          'docker-args': '--env HF_TOKEN',
        }),
      ),
      {
        ...shared,
        stepEnv: { WANDB_API_KEY: 'wandb-s3cret', HF_TOKEN: 'hf-s3cret' },
        mask: (value) => masked.push(value),
      },
    );
    expect(inputs.runEnv).toEqual([
      { name: 'WANDB_API_KEY' },
      { name: 'MODE', inline: 'fast' },
      { name: 'HF_TOKEN' },
    ]);
    expect(inputs.runEnvValues).toEqual([
      ['WANDB_API_KEY', 'wandb-s3cret'],
      ['MODE', 'fast'],
      ['HF_TOKEN', 'hf-s3cret'],
    ]);
    expect(masked).toEqual(expect.arrayContaining(['wandb-s3cret', 'fast', 'hf-s3cret']));
    expect(() =>
      readRunInputs(new InputReader(mapInputSource({ 'run-env': 'MISSING' })), shared),
    ).toThrow(
      /Input 'run-env' has an invalid value "MISSING": MISSING is not set \(or empty\) in the step's environment.*secrets\.MISSING/,
    );
    expect(() =>
      readRunInputs(new InputReader(mapInputSource({ 'run-env': 'bad-name=hunter2' })), shared),
    ).toThrow(/Input 'run-env' has an invalid value "bad-name"/);
    expect(() =>
      readRunInputs(new InputReader(mapInputSource({ 'run-env': 'DOCKER_HOST=x' })), shared),
    ).toThrow(/steers the docker client/);
  });

  it('in dispatch mode sends names only and refuses a value on the line', () => {
    const inputs = readRunInputs(new InputReader(mapInputSource({ 'run-env': 'WANDB_API_KEY' })), {
      ...shared,
      mode: 'dispatch',
    });
    expect(inputs.runEnv).toEqual([{ name: 'WANDB_API_KEY' }]);
    expect(inputs.runEnvValues).toEqual([]);
    let message = '';
    try {
      readRunInputs(new InputReader(mapInputSource({ 'run-env': 'TOKEN=hunter2' })), {
        ...shared,
        mode: 'dispatch',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/only NAMES are sent.*queue workflow maps it/);
    expect(message).not.toContain('hunter2');
  });

  it('shm-size, ipc-host and outputs-path', () => {
    expect(read({ 'ipc-host': 'true' }).ipcHost).toBe(true);
    expect(read({ 'ipc-host': 'true' })).not.toHaveProperty('shmSize');
    expect(read({ 'shm-size': '32g' }).shmSize).toBe('32g');
    expect(read({ 'outputs-path': '/workspace/out' }).outputsPath).toBe('/workspace/out');
    expect(() => read({ 'shm-size': 'lots' })).toThrow(/Input 'shm-size'/);
    expect(() => read({ 'outputs-path': '../escape' })).toThrow(/Input 'outputs-path'/);
    expect(() => read({ 'outputs-path': 'a,b' })).toThrow(/Input 'outputs-path'/);
  });

  it.each([
    [{ gpus: 'many' }, /Input 'gpus' has an invalid value "many".*`none`/],
    [{ gpus: '0' }, /Input 'gpus'/],
    [
      { 'docker-args': '--privileged' },
      /Input 'docker-args' has an invalid value "--privileged".*--cpus/,
    ],
    [{ 'cuda-version': 'twelve' }, /Input 'cuda-version'/],
    [{ 'min-free-disk': '-1' }, /Input 'min-free-disk'/],
    [{ 'allow-untrusted': 'yes' }, /Input 'allow-untrusted'/],
    [{ command: 'python "unclosed' }, /Input 'command'.*unclosed/],
  ])('refuses %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });

  it('reads only inputs declared in action.yml', () => {
    const action = load(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    const reader = new InputReader(mapInputSource({ 'github-token': 't' }));
    readRunInputs(reader, shared);
    readDispatchInputs(reader, { GITHUB_REPOSITORY: 'a/b' }, () => undefined);
    for (const name of reader.namesRead) expect(Object.keys(action.inputs)).toContain(name);
  });
});
