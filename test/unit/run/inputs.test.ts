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
      env: [
        ['SEED', '1'],
        ['EXTRA', 'x'],
      ],
    });
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
