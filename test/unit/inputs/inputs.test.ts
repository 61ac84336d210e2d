import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/platform/errors.js';
import { readCoreInputs, redactUrl } from '../../../src/inputs/core.js';
import { InputReader, envInputSource, mapInputSource } from '../../../src/inputs/reader.js';
import { readInputs } from '../../../src/launch/inputs.js';
import { splitWords } from '../../../src/platform/words.js';

const read = (values: Record<string, string>) =>
  readCoreInputs(new InputReader(mapInputSource(values)));

describe('python-version', () => {
  // The supported range is the environment's knowledge: the inputs aggregator checks it.
  it.each(['three', '2.7'])('refuses %j naming the input, before anything runs', (value) => {
    let error: unknown;
    try {
      readInputs(mapInputSource({ 'python-version': value }), {}, () => undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('python-version');
    expect((error as Error).message).toMatch(/MAJOR.MINOR/);
  });
});

describe('readCoreInputs', () => {
  it('has documented defaults', () => {
    const inputs = read({});
    expect(inputs).toMatchObject({
      mode: 'build',
      context: '.',
      patchFailure: 'error',
      installer: 'pip',
      builder: 'auto',
      cache: 'auto',
      network: 'default',
      forceRebuild: false,
      push: true,
      noCache: false,
      pull: false,
      labels: [],
      tags: [],
      aptPackages: [],
    });
    expect(inputs.destination).toBeUndefined();
  });

  it('parses lists, key/values and the entrypoint', () => {
    const inputs = read({
      'apt-packages': 'git curl\nlibgl1',
      env: 'A=1\nB=x=y z\n# comment',
      'build-args': 'VERSION=2',
      entrypoint: `python train.py --name "my run" --lr 1e-3`,
      destination: '127.0.0.1:5000/team/train',
      tags: 'latest\nv1',
      platforms: 'linux/amd64,linux/arm64',
    });
    expect(inputs.aptPackages).toEqual(['git', 'curl', 'libgl1']);
    expect(inputs.env).toEqual([
      ['A', '1'],
      ['B', 'x=y z'],
    ]);
    expect(inputs.entrypoint).toEqual(['python', 'train.py', '--name', 'my run', '--lr', '1e-3']);
    expect(inputs.destination).toEqual({ host: '127.0.0.1:5000', path: 'team/train' });
    expect(inputs.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it.each<[Record<string, string>, string, RegExp]>([
    [{ 'apt-packages': 'git; curl' }, 'apt-packages', /Debian package names/],
    [{ 'apt-packages': '$(reboot)' }, 'apt-packages', /shell syntax is not allowed/],
    [{ env: '1BAD=x' }, 'env', /KEY=VALUE/],
    [{ env: 'NOEQUALS' }, 'env', /KEY=VALUE/],
    [{ 'build-args': 'A-B=1' }, 'build-args', /KEY=VALUE/],
    [{ destination: 'Not A Ref' }, 'destination', /not a valid image repository/],
    [{ destination: 'reg.io/a:tag' }, 'destination', /without tag or digest/],
    [{ builder: 'my builder' }, 'builder', /one of auto, buildx, docker, noop/],
    [{ cache: 's3' }, 'cache', /one of auto, gha, registry, inline, none/],
    [{ installer: 'conda' }, 'installer', /one of pip, uv/],
    [{ 'force-rebuild': 'yes' }, 'force-rebuild', /true or false/],
    [{ 'pip-index-url': 'ftp://x' }, 'pip-index-url', /http\(s\) URL/],
    [{ entrypoint: 'python "unclosed' }, 'entrypoint', /quotes must be closed/],
    [{ 'base-image': 'UPPER:1' }, 'base-image', /not a valid image reference/],
    [
      { 'base-image': 'a', 'accelerator-base-image': 'b' },
      'accelerator-base-image',
      /cannot be combined/,
    ],
    [{ platforms: 'amd64' }, 'platforms', /OS\/ARCH/],
    [{ tags: 'latest' }, 'tags', /need a destination/],
    [{ network: 'bridge2' }, 'network', /one of default, host, none/],
  ])('refuses %j naming the input', (values, input, message) => {
    let error: unknown;
    try {
      read(values);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toContain(`Input '${input}'`);
    expect((error as Error).message).toMatch(message);
  });

  it('never shows index credentials in an error', () => {
    expect(() => read({ 'pip-index-url': 'ftp://user:s3cret@host/simple' })).toThrow(
      /ftp:\/\/host\/simple/,
    );
    expect(redactUrl('https://user:s3cret@pypi.example/simple')).toBe(
      'https://pypi.example/simple',
    );
  });
});

describe('input sources', () => {
  it('reads INPUT_ variables like the runner sets them', () => {
    const source = envInputSource({ 'INPUT_PIP-INDEX-URL': 'x', INPUT_CONTEXT: 'y' });
    expect(source('pip-index-url')).toBe('x');
    expect(source('context')).toBe('y');
  });
});

describe('splitWords', () => {
  it.each<[string, string[] | undefined]>([
    ['python train.py', ['python', 'train.py']],
    [`python -c 'print("hi there")'`, ['python', '-c', 'print("hi there")']],
    ['a\\ b "c\\"d" \'\'', ['a b', 'c"d', '']],
    ['"open', undefined],
  ])('%j', (text, words) => {
    expect(splitWords(text)).toEqual(words);
  });
});

describe('push, no-cache, pull and labels', () => {
  it.each<[Record<string, string>, Record<string, unknown>]>([
    [{ push: 'false', destination: 'reg.io/a/b' }, { push: false }],
    [
      { 'no-cache': 'true', pull: 'true' },
      { noCache: true, pull: true },
    ],
    [
      { labels: 'org.opencontainers.image.title=Train run\nteam=ml' },
      {
        labels: [
          ['org.opencontainers.image.title', 'Train run'],
          ['team', 'ml'],
        ],
      },
    ],
  ])('%j → %j', (values, expected) => {
    expect(read(values)).toMatchObject(expected);
  });

  it.each<[Record<string, string>, string, RegExp]>([
    [{ push: 'no' }, 'push', /expected true or false/],
    [{ labels: 'no value' }, 'labels', /KEY=VALUE/],
    [{ labels: '=x' }, 'labels', /KEY=VALUE/],
    [
      { push: 'false', mode: 'dispatch', destination: 'reg.io/a/b' },
      'push',
      /dispatch mode runs the image on another machine/,
    ],
  ])('%j is refused, naming %s', (values, input, message) => {
    let error: unknown;
    try {
      read(values);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as Error).message).toMatch(message);
  });
});

describe('tags: names or full references to the destination (metadata-action)', () => {
  const destination = '127.0.0.1:5000/team/train';
  it.each<[string, string[]]>([
    ['v1\nlatest', ['v1', 'latest']],
    [`${destination}:v1\n${destination}:pr-12`, ['v1', 'pr-12']],
    [`v2\n${destination}:sha-abc1234`, ['v2', 'sha-abc1234']],
  ])('%j → %j', (tags, expected) => {
    expect(read({ destination, tags }).tags).toEqual(expected);
  });

  it.each([
    [
      'ghcr.io/other/repo:v1',
      /full reference to the destination \(127\.0\.0\.1:5000\/team\/train\)/,
    ],
    [`${destination}`, /with a tag/],
    [`${destination}@sha256:${'a'.repeat(64)}`, /with a tag/],
    [`${destination}:-bad`, /expected a tag name|letters, digits/],
  ])('%s is refused', (tags, message) => {
    let error: unknown;
    try {
      read({ destination, tags });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('tags');
    expect((error as Error).message).toMatch(message);
  });
});
