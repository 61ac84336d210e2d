import type { DroppedRequirement } from '../environment/types.js';
import type { ImageResult } from '../image/result.js';
import { FileError, InputError, errorMessage } from '../platform/errors.js';
import { formatBytes } from '../registry/image-size.js';

/** What the job summary shows of a step (a LaunchResult has all of it). */
export interface SummaryInput {
  plan?: {
    environment: {
      kind: string;
      reason: string;
      python: { version: string; source: string };
      dropped: readonly DroppedRequirement[];
      project?: {
        targets: readonly {
          path: string;
          backend: string;
          reason: string;
          scripts: readonly string[];
        }[];
      };
      systemPackages?: readonly { name: string; reason: string }[];
    };
    warnings?: readonly string[];
    /** What the package index's wheels said about the Python version. */
    pythonCheck?: string;
    dockerfile: { origin: string; dockerfile: string };
    sourceHash: string;
    context: { files: readonly unknown[] };
    timings: { hashMs: number };
  };
  image: ImageResult;
  run?: {
    exitCode: number;
    durationSeconds: number;
    gpu: string;
    outputsDir?: string;
    metrics?: Record<string, number>;
  };
  dispatch?: { runUrl: string; conclusion: string; metrics?: Record<string, number> };
  durationMs: number;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Markdown is not read inside an HTML table: code is `<code>`, links are `<a>`. */
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const link = (url: string, text: string) => `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;

function table(head: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: 'th' | 'td') =>
    `<tr>${cells.map((cell) => `<${tag}>${cell}</${tag}>`).join('')}</tr>`;
  return `<table>${tr(head, 'th')}${rows.map((row) => tr(row, 'td')).join('')}</table>\n`;
}

/** The job summary of a step that succeeded (HTML, as GitHub renders it). */
export function successSummary(result: SummaryInput): string {
  const { plan, image } = result;
  const rows: string[][] = [];
  if (plan) {
    rows.push(
      [
        'Environment',
        `${escapeHtml(plan.environment.kind)}: ${escapeHtml(plan.environment.reason)}`,
      ],
      [
        'Python',
        `${escapeHtml(plan.environment.python.version)} (${escapeHtml(plan.environment.python.source)})${plan.pythonCheck ? `<br>${escapeHtml(plan.pythonCheck)}` : ''}`,
      ],
      ['Dockerfile', escapeHtml(plan.dockerfile.origin)],
      ...projectRows(plan),
      ['Source hash', `${code(plan.sourceHash)} (${plan.context.files.length} files)`],
    );
  }
  rows.push(
    ['Image', code(image.image)],
    [image.built && !image.pushed ? 'Image ID' : 'Digest', image.digest ? code(image.digest) : '—'],
    [
      'Build',
      image.built
        ? `built in ${(image.buildMs / 1000).toFixed(1)} s${image.pushed ? ', pushed' : ', not pushed'}`
        : `skipped: ${escapeHtml(image.skipped ?? 'image given')}`,
    ],
  );
  if (image.size) {
    rows.push([
      'Size',
      `${formatBytes(image.size.bytes)} (${image.size.kind === 'compressed' ? 'compressed layers in the registry' : 'uncompressed, in the local engine'})`,
    ]);
  }
  if (plan) rows.push(['Hashing', `${plan.timings.hashMs.toFixed(0)} ms`]);
  if (result.run) {
    rows.push([
      'Run',
      `exit code ${result.run.exitCode} after ${result.run.durationSeconds.toFixed(1)} s on ${escapeHtml(result.run.gpu)}`,
    ]);
  }
  if (result.run?.outputsDir) rows.push(['Outputs', code(result.run.outputsDir)]);
  if (result.dispatch) {
    rows.push([
      'Dispatched run',
      `${link(result.dispatch.runUrl, result.dispatch.runUrl)}: ${escapeHtml(result.dispatch.conclusion)}`,
    ]);
  }
  rows.push(['Total', `${(result.durationMs / 1000).toFixed(1)} s`]);
  let html = `<h3>launch-action</h3>\n${table(['Stage', 'Result'], rows)}`;
  const metrics = Object.entries(result.run?.metrics ?? result.dispatch?.metrics ?? {});
  if (metrics.length > 0) {
    html += `<h4>Metrics</h4>\n${table(
      ['Metric', 'Value'],
      metrics.map(([name, value]) => [escapeHtml(name), String(value)]),
    )}`;
  }
  const dropped = [...(plan?.environment.dropped ?? []), ...(result.image.droppedAtBuild ?? [])];
  if (dropped.length > 0) {
    html += `<h4>Dropped from the package list</h4>\n${table(
      ['Line', 'Where', 'Why'],
      dropped.map((d) => [code(d.line), code(`${d.file}:${d.lineNumber}`), escapeHtml(d.reason)]),
    )}`;
  }
  if (plan) {
    html += `<details><summary>Dockerfile</summary>\n\n\`\`\`dockerfile\n${plan.dockerfile.dockerfile}\`\`\`\n</details>\n`;
  }
  return html;
}

/** The project installed after the code, the inferred system packages, and plan warnings. */
function projectRows(plan: NonNullable<SummaryInput['plan']>): string[][] {
  const rows: string[][] = [];
  for (const target of plan.environment.project?.targets ?? []) {
    const scripts =
      target.scripts.length > 0 ? `; scripts: ${target.scripts.map(code).join(', ')}` : '';
    rows.push([
      'Project',
      `${code(target.path)} (${escapeHtml(target.backend)}): ${escapeHtml(target.reason)}${scripts}`,
    ]);
  }
  for (const item of plan.environment.systemPackages ?? []) {
    rows.push(['System package', `${code(item.name)}: ${escapeHtml(item.reason)}`]);
  }
  for (const warning of plan.warnings ?? []) rows.push(['Warning', escapeHtml(warning)]);
  return rows;
}

/** The job summary of a step that failed: what failed, where, and the fix the message names. */
export function failureSummary(error: unknown): string {
  const rows: string[][] = [['Result', '<strong>failed</strong>']];
  if (error instanceof InputError) {
    rows.push(['Input', code(error.input)], ['Value', code(error.value)]);
    rows.push(['Allowed', escapeHtml(error.allowed)]);
    if (error.fix) rows.push(['Fix', escapeHtml(error.fix)]);
  } else if (error instanceof FileError) {
    rows.push(['File', code(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}`)]);
    rows.push(['Problem', escapeHtml(error.detail)]);
  } else {
    rows.push(['Error', `<pre>${escapeHtml(errorMessage(error))}</pre>`]);
  }
  return `<h3>launch-action failed</h3>\n${table(['What', 'Detail'], rows)}`;
}
