import { describe, expect, it } from 'vitest';
import {
  looksSecret,
  parseRunEnv,
  resolveRunEnv,
  steersDockerClient,
  type RunEnvEntry,
} from '../../../src/run/run-env.js';

function masking() {
  const masked: string[] = [];
  return { masked, mask: (secret: string) => void masked.push(secret) };
}

describe('parseRunEnv', () => {
  it.each<[string, string[], RunEnvEntry[], string[]]>([
    ['a name', ['API_TOKEN'], [{ name: 'API_TOKEN' }], []],
    ['an inline value', ['MODE=fast'], [{ name: 'MODE', inline: 'fast' }], ['fast']],
    ['a value with =', ['URL=a=b=c'], [{ name: 'URL', inline: 'a=b=c' }], ['a=b=c']],
    ['an empty inline value (not masked)', ['EMPTY='], [{ name: 'EMPTY', inline: '' }], []],
    ['spaces around the name', ['  NAME  =v'], [{ name: 'NAME', inline: 'v' }], ['v']],
    ['the value as written', ['K= v '], [{ name: 'K', inline: ' v ' }], [' v ']],
    ['underscore and digits', ['_A1'], [{ name: '_A1' }], []],
    [
      'a repeated name: the last line wins, in its place',
      ['A=1', 'B', 'A=2'],
      [{ name: 'B' }, { name: 'A', inline: '2' }],
      ['1', '2'],
    ],
  ])('%s', (_name, lines, entries, masked) => {
    const m = masking();
    expect(parseRunEnv('run-env', lines, m.mask)).toStrictEqual(entries);
    expect(m.masked).toEqual(masked);
  });

  it.each([
    ['1ABC=hunter2-secret', '1ABC'],
    ['BAD-NAME=hunter2-secret', 'BAD-NAME'],
    ['=hunter2-secret', ''],
    ['A B=hunter2-secret', 'A B'],
  ])(
    '%j is refused naming the input and the name, never the value (masked first)',
    (line, name) => {
      const m = masking();
      let error: Error | undefined;
      try {
        parseRunEnv('run-env', [line], m.mask);
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(
        `Input 'run-env' has an invalid value ${JSON.stringify(name)}`,
      );
      expect(error?.message).toContain('NAME=VALUE');
      expect(error?.message).toContain(
        'Map a secret with `env: { NAME: ${{ secrets.NAME }} }` on the step and list NAME here.',
      );
      expect(error?.message).not.toContain('hunter2-secret');
      expect(m.masked).toEqual(['hunter2-secret']);
    },
  );

  it.each(['PATH', 'HOME', 'DOCKER_HOST', 'DOCKER_CONFIG=/x'])(
    '%s steers docker and is refused',
    (line) => {
      expect(() => parseRunEnv('run-env', [line], () => undefined)).toThrow(
        /steers the docker client itself.*Pick another name/,
      );
    },
  );
});

describe('steersDockerClient and looksSecret', () => {
  it.each([
    ['PATH', true],
    ['HOME', true],
    ['DOCKER_HOST', true],
    ['DOCKER_', true],
    ['MY_DOCKER_HOST', false],
    ['PATHS', false],
    ['HOMEDIR', false],
    ['path', false],
  ])('%s steers the docker client: %s', (name, expected) => {
    expect(steersDockerClient(name)).toBe(expected);
  });

  it.each([
    ['HF_TOKEN', true],
    ['api_key', true],
    ['CLIENT_SECRET', true],
    ['DB_PASSWORD', true],
    ['MODE', false],
    ['PASS', false],
  ])('%s looks secret: %s', (name, expected) => expect(looksSecret(name)).toBe(expected));
});

describe('resolveRunEnv', () => {
  it('takes inline values, else the step environment, and masks every non-empty value', () => {
    const m = masking();
    const entries: RunEnvEntry[] = [
      { name: 'API_TOKEN' },
      { name: 'MODE', inline: 'fast' },
      { name: 'EMPTY', inline: '' },
      { name: 'SHADOWED', inline: 'from-line' },
    ];
    expect(
      resolveRunEnv('run-env', entries, { API_TOKEN: 'tok-123', SHADOWED: 'from-env' }, m.mask),
    ).toEqual([
      ['API_TOKEN', 'tok-123'],
      ['MODE', 'fast'],
      ['EMPTY', ''],
      ['SHADOWED', 'from-line'],
    ]);
    expect(m.masked).toEqual(['tok-123', 'fast', 'from-line']);
  });

  it.each<[string, NodeJS.ProcessEnv]>([
    ['not set', {}],
    ['empty (a secret that does not exist)', { API_TOKEN: '' }],
  ])('a name %s in the step environment fails before anything runs', (_name, env) => {
    const m = masking();
    expect(() => resolveRunEnv('run-env', [{ name: 'API_TOKEN' }], env, m.mask)).toThrow(
      "Input 'run-env' has an invalid value \"API_TOKEN\": API_TOKEN is not set (or empty) in the step's environment. Set it on the step, e.g. `env: { API_TOKEN: ${{ secrets.API_TOKEN }} }`, or write API_TOKEN=VALUE.",
    );
    expect(m.masked).toEqual([]);
  });
});
