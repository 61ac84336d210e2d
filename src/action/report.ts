import * as core from '@actions/core';
import { DispatchedRunError } from '../dispatch/index.js';
import { outputsOf, type LaunchResult } from '../launch/result.js';
import { FileError, errorMessage } from '../platform/errors.js';
import type { Runtime } from '../platform/runtime.js';
import { failureSummary, successSummary } from './summary.js';

/** Sets outputs known before the step ends (a later failure keeps them). */
export function reportOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

export async function reportResult(rt: Runtime, result: LaunchResult): Promise<void> {
  reportOutputs(outputsOf(result));
  await writeSummary(successSummary(result));
  if (result.run && result.run.exitCode !== 0) {
    core.setFailed(
      result.run.cancelled
        ? 'The run was cancelled; its container was stopped.'
        : `The container exited with code ${result.run.exitCode}.`,
    );
  }
  rt.log.debug(`Finished in ${result.durationMs.toFixed(0)} ms`);
}

async function writeSummary(html: string) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(html).write();
}

/** Fails the step with a message a user can act on; file errors become annotations. */
export async function reportFailure(rt: Runtime, error: unknown): Promise<void> {
  // A dispatched run that failed still has an id, a URL and a conclusion worth reporting.
  if (error instanceof DispatchedRunError) {
    core.setOutput('run-id', error.result.runId);
    core.setOutput('run-url', error.result.runUrl);
    core.setOutput('conclusion', error.result.conclusion);
    if (error.result.exitCode !== undefined) {
      core.setOutput('exit-code', String(error.result.exitCode));
      core.setOutput('metrics', JSON.stringify(error.result.metrics ?? {}));
    }
  }
  const message = errorMessage(error);
  await writeSummary(failureSummary(error)).catch((summaryError: unknown) =>
    rt.log.warning(`The job summary could not be written: ${errorMessage(summaryError)}`),
  );
  if (error instanceof FileError) {
    // One annotation, at the file and line (setFailed would add a second, without them).
    rt.log.error(message, {
      file: error.file,
      ...(error.line !== undefined && { line: error.line }),
    });
    process.exitCode = core.ExitCode.Failure;
    return;
  }
  core.setFailed(message);
}
