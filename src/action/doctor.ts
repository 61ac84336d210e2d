import * as core from '@actions/core';
import { findingsMarkdown, formatFindings } from '../doctor/index.js';
import type { Finding } from '../doctor/index.js';
import type { Runtime } from '../platform/runtime.js';

/** `mode: doctor`'s report: every finding in the log and the job summary; any error fails the step. */
export async function reportDoctor(
  rt: Pick<Runtime, 'log'>,
  findings: readonly Finding[],
): Promise<void> {
  rt.log.info(formatFindings(findings));
  await core.summary
    .addHeading('launch-action doctor', 3)
    .addRaw(`${findingsMarkdown(findings)}\n`, true)
    .write();
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    core.setFailed(
      `doctor found ${errors.length} problem(s): ${errors.map((f) => f.id).join(', ')}. Each one's fix is in the log above and in the job summary.`,
    );
  }
}
