/**
 * What `mode: doctor` reports: one finding per thing checked, each named, so a user (and a test)
 * can tell one misconfiguration from another, and each problem carries its exact fix.
 */
export type Severity = 'ok' | 'info' | 'warning' | 'error';

export interface Finding {
  /** Stable name, e.g. `aws.trust-policy-refused`. */
  id: string;
  severity: Severity;
  /** One line: what was checked and what came out. */
  title: string;
  /** What the service answered, or what was seen. */
  detail?: string;
  /** The exact change that resolves it (problems only). */
  fix?: string;
}

const MARK: Record<Severity, string> = { ok: 'ok', info: 'info', warning: 'WARN', error: 'FAIL' };

/** Pure: the findings as log lines, problems with their fix. */
export function formatFindings(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`[${MARK[f.severity]}] ${f.id}: ${f.title}`);
    if (f.detail) lines.push(...indent(f.detail));
    if (f.fix) lines.push(...indent(`Fix: ${f.fix}`));
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  lines.push(
    errors + warnings === 0
      ? `doctor: no problem found (${findings.length} checks).`
      : `doctor: ${errors} error(s), ${warnings} warning(s) in ${findings.length} checks.`,
  );
  return lines.join('\n');
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `      ${line}`);
}

/** Pure: the findings as a Markdown table for the job summary. */
export function findingsMarkdown(findings: readonly Finding[]): string {
  const cell = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\n/g, '<br>');
  const rows = findings.map(
    (f) =>
      `| ${MARK[f.severity]} | \`${f.id}\` | ${cell(f.title)}${f.detail ? `<br>${cell(f.detail)}` : ''} | ${f.fix ? cell(f.fix) : ''} |`,
  );
  return ['| | check | result | fix |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
