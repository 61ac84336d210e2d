/**
 * The sweep helper action (sweep/action.yml): `plan` turns `sweep` into the matrix of the reusable
 * workflow; `summary` writes the table of every point and the chart of one metric.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { errorMessage } from '../platform/errors.js';
import { planSweep, type SweepPoint } from '../sweep/plan.js';
import { readPointResults } from '../sweep/results.js';
import { chartMetric, renderChart, renderSummaryTable } from '../sweep/summary.js';

async function main(): Promise<void> {
  const command = core.getInput('command', { required: true });
  if (command === 'plan') {
    const points = planSweep(core.getInput('sweep'));
    core.setOutput('matrix', JSON.stringify({ include: points }));
    core.setOutput('count', String(points.length));
    core.info(`Sweep: ${points.length} run(s).`);
    return;
  }
  if (command === 'summary') {
    const matrix = JSON.parse(core.getInput('matrix', { required: true })) as {
      include: SweepPoint[];
    };
    const results = await readPointResults(
      core.getInput('results', { required: true }),
      matrix.include,
    );
    const metric = chartMetric(results, core.getInput('metric'));
    let markdown = renderSummaryTable(results, metric);
    if (metric) {
      const dir =
        core.getInput('chart-dir') || path.join(process.env.RUNNER_TEMP ?? '.', 'sweep-chart');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, 'sweep-chart.svg');
      await writeFile(file, renderChart(results, metric));
      core.setOutput('chart', file);
      markdown += `\nThe chart of \`${metric}\` is the \`sweep-chart\` artifact of this run.\n`;
    }
    await core.summary.addRaw(markdown).write();
    core.info(markdown);
    return;
  }
  throw new Error(
    `Input 'command' has an invalid value ${JSON.stringify(command)}: expected plan or summary.`,
  );
}

main().catch((error: unknown) => core.setFailed(errorMessage(error)));
