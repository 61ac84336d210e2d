import { describe, expect, it } from 'vitest';
import { LogTail, containerOutputsPath, parseMetrics } from '../../../src/run/outputs.js';
import { looksSecret } from '../../../src/run/run-env.js';

describe('containerOutputsPath', () => {
  it.each<[string, string, string[], string]>([
    ['outputs', '/app', [], '/app/outputs'],
    ['outputs', '', [], '/outputs'],
    ['out/run1', '/home/user/src', [], '/home/user/src/out/run1'],
    ['/workspace/out', '/app', [], '/workspace/out'],
    ['outputs', '/app', ['--cpus=2', '--workdir=/work'], '/work/outputs'],
    ['outputs/', 'app', [], '/app/outputs'],
  ])('%s under %j with %j → %s', (path, workdir, dockerArgs, expected) => {
    expect(containerOutputsPath(path, workdir, dockerArgs)).toBe(expected);
  });
});

describe('parseMetrics', () => {
  it.each<[string, Record<string, number>, RegExp[]]>([
    ['{"loss": 0.25, "accuracy": 0.9}', { loss: 0.25, accuracy: 0.9 }, []],
    ['{"loss": 1, "note": "x", "nested": {"a": 1}}', { loss: 1 }, [/note/, /nested/]],
    ['{"inf": 1e999}', {}, [/inf is not a number/]],
    ['[1, 2]', {}, [/JSON object/]],
    ['loss=1', {}, [/not JSON/]],
  ])('%s', (text, metrics, problems) => {
    const parsed = parseMetrics(text);
    expect(parsed.metrics).toEqual(metrics);
    expect(parsed.problems).toHaveLength(problems.length);
    problems.forEach((problem, i) => expect(parsed.problems[i]).toMatch(problem));
  });
});

describe('looksSecret', () => {
  it.each([
    ['WANDB_API_KEY', true],
    ['HF_TOKEN', true],
    ['DB_PASSWORD', true],
    ['client_secret', true],
    ['SEED', false],
    ['LEARNING_RATE', false],
  ])('%s → %s', (name, expected) => expect(looksSecret(name)).toBe(expected));
});

describe('LogTail', () => {
  it('keeps the last 40 lines across chunk borders and hides secrets', () => {
    const tail = new LogTail();
    for (let i = 0; i < 50; i++) tail.push(`line ${i}\n`);
    tail.push('partial tok');
    tail.push('en=hunter2 end\r\n');
    const lines = tail.read(['hunter2', '']);
    expect(lines).toHaveLength(40);
    expect(lines[0]).toBe('line 11');
    expect(lines.at(-1)).toBe('partial token=*** end');
  });
});
