import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/launch/inputs.js';
import { mapInputSource } from '../../../src/inputs/reader.js';
import { outputsOf } from '../../../src/launch/result.js';

const action = load(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};
const readme = readFileSync('README.md', 'utf8');

function readmeTableNames(marker: string): string[] {
  const body =
    readme.split(`<!-- ${marker}:start -->`)[1]?.split(`<!-- ${marker}:end -->`)[0] ?? '';
  return [...body.matchAll(/^\| `([a-z-]+)`\s+\|/gm)].map((match) => match[1]!);
}

describe('action.yml, the parser and README agree', () => {
  it('the parser reads exactly the inputs action.yml declares', () => {
    const { namesRead } = readInputs(
      mapInputSource({ mode: 'dispatch', 'github-token': 't' }),
      {
        GITHUB_REPOSITORY: 'o/r',
      },
      () => undefined,
    );
    expect([...namesRead].sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it("the parser's defaults are action.yml's defaults", () => {
    // Feeding action.yml's defaults must parse, and must give what no value gives.
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, spec]) => spec.default !== undefined && !String(spec.default).includes('${{'))
        .map(([name, spec]) => [name, String(spec.default)]),
    );
    const env = { GITHUB_REPOSITORY: 'o/r' };
    const mask = () => undefined;
    const withDefaults = readInputs(
      mapInputSource({ ...defaults, 'github-token': 't' }),
      env,
      mask,
    ).inputs;
    const without = readInputs(mapInputSource({ 'github-token': 't' }), env, mask).inputs;
    expect(withDefaults).toEqual(without);
  });

  it("README's input table lists every input, in action.yml's order", () => {
    expect(readmeTableNames('inputs')).toEqual(Object.keys(action.inputs));
  });

  it("README's output table and the outputs the action sets match action.yml", () => {
    expect(readmeTableNames('outputs')).toEqual(Object.keys(action.outputs));
    const set = outputsOf({
      source: { workspace: '/w', context: '/w', patched: false },
      image: {
        image: 'a:b',
        tag: 'b',
        digest: '',
        imageRef: 'a:b',
        built: false,
        pushed: false,
        buildMs: 0,
      },
      run: { exitCode: 0, gpu: 'none', durationSeconds: 1 },
      dispatch: { runId: '1', runUrl: 'u', conclusion: 'success' },
      durationMs: 1,
    });
    expect(Object.keys(set).sort()).toEqual(Object.keys(action.outputs).sort());
  });
});

describe('README shows the push template as it is', () => {
  it('embeds workflows/launch-on-push.yml (comments aside)', () => {
    const template = readFileSync('workflows/launch-on-push.yml', 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .trim();
    expect(readme).toContain(template);
  });
});
