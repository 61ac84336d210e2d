import * as core from '@actions/core';
import { DispatchedRunError } from '../dispatch/index.js';
import { outputsOf, type LaunchResult } from '../launch/result.js';
import { FileError, errorMessage } from '../platform/errors.js';
import type { Runtime } from '../platform/runtime.js';

export async function reportResult(rt: Runtime, result: LaunchResult): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(result))) core.setOutput(name, value);
  await writeSummary(result);
  if (result.run && result.run.exitCode !== 0) {
    core.setFailed(
      result.run.cancelled
        ? 'The run was cancelled; its container was stopped.'
        : `The container exited with code ${result.run.exitCode}.`,
    );
  }
  rt.log.debug(`Finished in ${result.durationMs.toFixed(0)} ms`);
}

async function writeSummary(result: LaunchResult) {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { plan, image } = result;
  const rows: [string, string][] = [];
  if (plan) {
    rows.push(
      ['Environment', `${plan.environment.kind}: ${plan.environment.reason}`],
      ['Python', `${plan.environment.python.version} (${plan.environment.python.source})`],
      ['Dockerfile', plan.dockerfile.origin],
      ['Source hash', `\`${plan.sourceHash}\` (${plan.context.files.length} files)`],
    );
  }
  rows.push(
    ['Image', `\`${image.image}\``],
    ['Digest', image.digest ? `\`${image.digest}\`` : '—'],
    [
      'Build',
      image.built
        ? `built in ${(image.buildMs / 1000).toFixed(1)} s`
        : `skipped: ${image.skipped ?? 'image given'}`,
    ],
  );
  if (plan) rows.push(['Hashing', `${plan.timings.hashMs.toFixed(0)} ms`]);
  if (result.run) {
    rows.push([
      'Run',
      `exit code ${result.run.exitCode} after ${result.run.durationSeconds.toFixed(1)} s on ${result.run.gpu}`,
    ]);
  }
  if (result.dispatch) {
    rows.push(['Dispatched run', `${result.dispatch.runUrl} ${result.dispatch.conclusion}`]);
  }
  rows.push(['Total', `${(result.durationMs / 1000).toFixed(1)} s`]);
  const summary = core.summary.addHeading('launch-action', 3).addTable([
    [
      { data: 'Stage', header: true },
      { data: 'Result', header: true },
    ],
    ...rows.map(([stage, value]) => [stage, escape(value)]),
  ]);
  const dropped = plan?.environment.dropped ?? [];
  if (dropped.length > 0) {
    summary.addHeading('Dropped from the package list', 4).addTable([
      [
        { data: 'Line', header: true },
        { data: 'Where', header: true },
        { data: 'Why', header: true },
      ],
      ...dropped.map((d) => [escape(d.line), `${d.file}:${d.lineNumber}`, escape(d.reason)]),
    ]);
  }
  if (plan)
    summary.addDetails('Dockerfile', `\n\n\`\`\`dockerfile\n${plan.dockerfile.dockerfile}\`\`\`\n`);
  await summary.write();
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Fails the step with a message a user can act on; file errors become annotations. */
export async function reportFailure(rt: Runtime, error: unknown): Promise<void> {
  // A dispatched run that failed still has an id, a URL and a conclusion worth reporting.
  if (error instanceof DispatchedRunError) {
    core.setOutput('run-id', error.result.runId);
    core.setOutput('run-url', error.result.runUrl);
    core.setOutput('conclusion', error.result.conclusion);
  }
  const message = errorMessage(error);
  if (error instanceof FileError) {
    rt.log.error(message, {
      file: error.file,
      ...(error.line !== undefined && { line: error.line }),
    });
  }
  core.setFailed(message);
}
