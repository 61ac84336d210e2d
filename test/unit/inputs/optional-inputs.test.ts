import { describe, expect, it } from 'vitest';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';

const read = (inputs: Record<string, string>) =>
  readCoreInputs(new InputReader(mapInputSource(inputs)));

describe('extras and dependency-groups inputs', () => {
  it('are empty lists by default', () => {
    const inputs = read({});
    expect(inputs.extras).toEqual([]);
    expect(inputs.dependencyGroups).toEqual([]);
  });

  it('take names separated by commas, spaces or newlines, once each', () => {
    const inputs = read({ extras: 'train, eval\ntrain', 'dependency-groups': 'dev test' });
    expect(inputs.extras).toEqual(['train', 'eval']);
    expect(inputs.dependencyGroups).toEqual(['dev', 'test']);
  });

  it.each([
    ['extras', 'train;rm -rf /'],
    ['extras', '[train]'],
    ['dependency-groups', 'dev/test'],
  ])('%s: %s is refused before anything is read', (input, value) => {
    expect(() => read({ [input]: value })).toThrow(
      new RegExp(`Input '${input}' has an invalid value`),
    );
  });
});
