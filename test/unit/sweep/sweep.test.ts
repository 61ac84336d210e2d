import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/platform/errors.js';
import { MAX_MATRIX_JOBS, planSweep } from '../../../src/sweep/plan.js';
import {
  chartMetric,
  niceMax,
  renderChart,
  renderSummaryTable,
  type PointResult,
} from '../../../src/sweep/summary.js';

describe('planSweep', () => {
  it.each<[string, { label: string; args: string }[]]>([
    ['', [{ label: '', args: '' }]],
    [
      '[{"lr": 0.1}, {"lr": 0.01, "warmup": true}]',
      [
        { label: 'lr=0.1', args: '--lr=0.1' },
        { label: 'lr=0.01 warmup=true', args: '--lr=0.01\n--warmup=true' },
      ],
    ],
    [
      '[["--config", "a b.yaml"], "--fast"]',
      [
        { label: '--config a b.yaml', args: '--config\na b.yaml' },
        { label: '--fast', args: '--fast' },
      ],
    ],
    [
      '{"lr": [0.1, 0.01], "batch": [32, 64], "seed": 1}',
      [
        { label: 'lr=0.1 batch=32 seed=1', args: '--lr=0.1\n--batch=32\n--seed=1' },
        { label: 'lr=0.1 batch=64 seed=1', args: '--lr=0.1\n--batch=64\n--seed=1' },
        { label: 'lr=0.01 batch=32 seed=1', args: '--lr=0.01\n--batch=32\n--seed=1' },
        { label: 'lr=0.01 batch=64 seed=1', args: '--lr=0.01\n--batch=64\n--seed=1' },
      ],
    ],
  ])('%s', (text, expected) => {
    expect(planSweep(text)).toEqual(expected.map((point, i) => ({ point: i, ...point })));
  });

  it('accepts exactly 256 runs and refuses 257 with the limit and a fix', () => {
    expect(
      planSweep(JSON.stringify({ a: [...Array(16).keys()], b: [...Array(16).keys()] })),
    ).toHaveLength(MAX_MATRIX_JOBS);
    for (const text of [
      JSON.stringify({ a: [...Array(257).keys()] }),
      JSON.stringify([...Array(257).keys()].map((i) => ({ i }))),
    ]) {
      expect(() => planSweep(text)).toThrow(
        /Input 'sweep' .*expands to 257 runs; GitHub runs at most 256 jobs from one matrix\. Split/,
      );
    }
  });

  it.each([
    ['{not json', /not JSON/],
    ['42', /expected a JSON list/],
    ['[]', /the list is empty/],
    ['{"lr": []}', /"lr" must be a non-empty list/],
    ['[{"lr": {"nested": 1}}]', /expected a JSON list/],
  ])('refuses %s', (text, message) => {
    expect(() => planSweep(text)).toThrow(InputError);
    expect(() => planSweep(text)).toThrow(message);
  });
});

const results: PointResult[] = [
  {
    point: { point: 0, label: 'lr=0.1', args: '--lr=0.1' },
    record: { exitCode: 0, durationSeconds: 61.25, metrics: { loss: 0.42, accuracy: 0.81 } },
  },
  {
    point: { point: 1, label: 'lr=0.01', args: '--lr=0.01' },
    record: { exitCode: 0, durationSeconds: 59, metrics: { loss: 0.31, accuracy: 0.88 } },
  },
  {
    point: { point: 2, label: 'lr=1', args: '--lr=1' },
    record: { exitCode: 1, durationSeconds: 3.5, metrics: {} },
  },
  { point: { point: 3, label: 'lr=10|x', args: '--lr=10|x' } },
];

describe('sweep summary', () => {
  it('tables every point: arguments, exit code, duration, each metric and a bar', () => {
    expect(renderSummaryTable(results, chartMetric(results, 'accuracy'))).toBe(
      [
        '### Sweep: 4 runs, 2 failed',
        '',
        '| # | arguments | exit code | duration (s) | loss | accuracy | accuracy (chart) |',
        '| ---: | --- | ---: | ---: | ---: | ---: | --- |',
        '| 0 | `lr=0.1` | 0 | 61.3 | 0.42 | 0.81 | ██████████████████▍ |',
        '| 1 | `lr=0.01` | 0 | 59.0 | 0.31 | 0.88 | ████████████████████ |',
        '| 2 | `lr=1` | 1 | 3.5 | — | — |  |',
        '| 3 | `lr=10\\|x` | no result | — | — | — |  |',
        '',
      ].join('\n'),
    );
  });

  it('charts the first metric when none is named', () => {
    expect(chartMetric(results, '')).toBe('loss');
    expect(chartMetric([], '')).toBeUndefined();
  });

  it.each([
    [0, 1],
    [0.88, 1],
    [1.2, 2],
    [3, 5],
    [42, 50],
    [0.031, 0.05],
  ])('niceMax(%s) = %s', (value, expected) => expect(niceMax(value)).toBeCloseTo(expected, 10));

  it('draws one bar per point with a value, says why for the rest, failed runs in red', () => {
    const svg = renderChart(results, 'accuracy');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('>exit 1<');
    expect(svg).toContain('>no result<');
    expect(svg).toContain('>accuracy by sweep point<');
    expect(svg).toContain('>0.88<');
    expect(svg).toContain('>lr=10|x<');
    const red = renderChart(
      [{ ...results[2]!, record: { exitCode: 1, durationSeconds: 1, metrics: { accuracy: 0.1 } } }],
      'accuracy',
    );
    expect(red).toContain('fill="#d1495b"');
  });
});
