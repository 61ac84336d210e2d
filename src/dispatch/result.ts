/**
 * What a dispatched run reports back: the GPU queue workflow uploads its `result.json` as the
 * artifact `launch-result`; the dispatcher reads it through the artifacts API.
 */
import type { GitHubClient, DispatchLogger } from './github.js';
import { readZipEntry } from './zip.js';

/** The artifact the GPU queue workflow uploads (see workflows/gpu-queue.yml). */
export const RESULT_ARTIFACT = 'launch-result';

export interface DispatchedRecord {
  exitCode: number;
  durationSeconds?: number;
  metrics: Record<string, number>;
  logTail: string[];
}

interface ArtifactSummary {
  id: number;
  name: string;
  expired?: boolean;
}

/** Checks the shape of `result.json`; undefined when it is not one. Pure. */
export function parseRecord(text: string): DispatchedRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  if (typeof record.exitCode !== 'number') return undefined;
  const metrics: Record<string, number> = {};
  if (record.metrics && typeof record.metrics === 'object') {
    for (const [name, value] of Object.entries(record.metrics)) {
      if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
    }
  }
  return {
    exitCode: record.exitCode,
    ...(typeof record.durationSeconds === 'number' && { durationSeconds: record.durationSeconds }),
    metrics,
    logTail: Array.isArray(record.logTail) ? record.logTail.map(String) : [],
  };
}

/** The run's result, or undefined (with a warning) when it uploaded none. */
export async function fetchRunRecord(
  client: GitHubClient,
  repository: string,
  runId: string,
  log: DispatchLogger,
): Promise<DispatchedRecord | undefined> {
  const query = new URLSearchParams({ name: RESULT_ARTIFACT, per_page: '100' });
  const listed = await client.expect(
    'GET',
    `/repos/${repository}/actions/runs/${runId}/artifacts?${query.toString()}`,
    [200],
    `Listing the artifacts of run ${runId}`,
  );
  const artifacts = (listed.body as { artifacts?: ArtifactSummary[] }).artifacts ?? [];
  const artifact = artifacts.find((a) => a.name === RESULT_ARTIFACT && !a.expired);
  if (!artifact) {
    log.warning(
      `Run ${runId} uploaded no '${RESULT_ARTIFACT}' artifact, so its exit code and metrics are unknown (the queue workflow must upload it; see workflows/gpu-queue.yml).`,
    );
    return undefined;
  }
  const zip = await client.download(
    `/repos/${repository}/actions/artifacts/${artifact.id}/zip`,
    `Downloading artifact ${RESULT_ARTIFACT} of run ${runId}`,
  );
  const entry = readZipEntry(zip, 'result.json');
  const record = entry ? parseRecord(entry.toString('utf8')) : undefined;
  if (!record)
    log.warning(`The '${RESULT_ARTIFACT}' artifact of run ${runId} holds no valid result.json.`);
  return record;
}
