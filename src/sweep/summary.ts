/**
 * The sweep's summary: one table of every point (arguments, exit code, duration, metrics) and a bar
 * chart of one metric across points, as SVG. Pure: records in, Markdown and SVG out.
 */
import type { SweepPoint } from './plan.js';

/** What came back from one point; `record` is undefined when its job left no result. */
export interface PointResult {
  point: SweepPoint;
  record?: {
    exitCode: number;
    durationSeconds: number;
    metrics: Record<string, number>;
  };
}

/** Every metric name across points, in first-seen order. */
export function metricNames(results: PointResult[]): string[] {
  const names: string[] = [];
  for (const { record } of results) {
    for (const name of Object.keys(record?.metrics ?? {}))
      if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The metric to chart: the one asked for, else the first one any point reported. */
export function chartMetric(results: PointResult[], wanted: string): string | undefined {
  if (wanted) return wanted;
  return metricNames(results)[0];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** A bar of up to 20 eighth-blocks, for the table (it renders everywhere Markdown does). */
function bar(value: number, max: number): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.round((value / max) * 160);
  const blocks = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  return '█'.repeat(Math.floor(eighths / 8)) + blocks[eighths % 8];
}

export function renderSummaryTable(results: PointResult[], metric: string | undefined): string {
  const names = metricNames(results);
  const values = results.map((r) => (metric ? r.record?.metrics[metric] : undefined));
  const max = Math.max(0, ...values.filter((v): v is number => v !== undefined));
  const header = ['#', 'arguments', 'exit code', 'duration (s)', ...names];
  if (metric) header.push(`${metric} (chart)`);
  const lines = [
    `| ${header.map(cell).join(' | ')} |`,
    // Numbers right-aligned; arguments and the bar left-aligned.
    `|${header.map((_, i) => (i === 1 || (metric && i === header.length - 1) ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  results.forEach(({ point, record }, i) => {
    const row = [
      String(point.point),
      point.label === '' ? '(none)' : `\`${point.label}\``,
      record ? String(record.exitCode) : 'no result',
      record ? record.durationSeconds.toFixed(1) : '—',
      ...names.map((name) => {
        const value = record?.metrics[name];
        return value === undefined ? '—' : formatNumber(value);
      }),
    ];
    if (metric) row.push(bar(values[i] ?? 0, max));
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  });
  const failed = results.filter((r) => !r.record || r.record.exitCode !== 0).length;
  const title = `### Sweep: ${results.length} run${results.length === 1 ? '' : 's'}, ${failed} failed`;
  return `${title}\n\n${lines.join('\n')}\n`;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A "nice" upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** A bar chart of `metric` per point, with the value over each bar and the arguments under it. */
export function renderChart(results: PointResult[], metric: string): string {
  const width = Math.max(480, 180 + results.length * 64);
  const height = 360;
  const left = 64;
  // Room for the last label, which is drawn slanting to the right.
  const right = 116;
  const top = 40;
  const bottom = 120;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const values = results.map((r) => r.record?.metrics[metric]);
  const numbers = values.filter((v): v is number => v !== undefined);
  const low = Math.min(0, ...numbers);
  const high = niceMax(Math.max(0, ...numbers));
  const span = high - low || 1;
  const y = (value: number) => top + plotHeight - ((value - low) / span) * plotHeight;
  const slot = plotWidth / Math.max(1, results.length);
  const barWidth = Math.min(48, slot * 0.7);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(metric)} by sweep point</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const value = low + (span * i) / 4;
    const at = y(value).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${at}" y2="${at}" stroke="#e0e0e0"/>`,
      `<text x="${left - 6}" y="${at}" text-anchor="end" dominant-baseline="middle" fill="#555">${escapeXml(formatNumber(value))}</text>`,
    );
  }
  results.forEach(({ point, record }, i) => {
    const center = left + slot * (i + 0.5);
    const value = values[i];
    const label = escapeXml(point.label || `#${point.point}`);
    if (value !== undefined) {
      const y0 = y(Math.max(0, low));
      const y1 = y(value);
      const color = record && record.exitCode !== 0 ? '#d1495b' : '#4c78a8';
      parts.push(
        `<rect x="${(center - barWidth / 2).toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.abs(y1 - y0).toFixed(1)}" fill="${color}"/>`,
        `<text x="${center.toFixed(1)}" y="${(Math.min(y0, y1) - 4).toFixed(1)}" text-anchor="middle">${escapeXml(formatNumber(value))}</text>`,
      );
    } else {
      const why = !record ? 'no result' : record.exitCode !== 0 ? `exit ${record.exitCode}` : 'n/a';
      parts.push(
        `<text x="${center.toFixed(1)}" y="${(top + plotHeight - 6).toFixed(1)}" text-anchor="middle" fill="#999">${why}</text>`,
      );
    }
    const labelY = top + plotHeight + 14;
    parts.push(
      `<text transform="translate(${center.toFixed(1)},${labelY}) rotate(35)" text-anchor="start" fill="#333">${label}</text>`,
    );
  });
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${y(Math.max(0, low)).toFixed(1)}" y2="${y(Math.max(0, low)).toFixed(1)}" stroke="#333"/>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
