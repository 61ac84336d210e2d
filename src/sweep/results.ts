/** Reads what a sweep's runs left: `<dir>/launch-run-<point>/result.json`, one per point. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SweepPoint } from './plan.js';
import type { PointResult } from './summary.js';

/** The artifact (and directory) name of one point's run. */
export function pointArtifact(point: number): string {
  return `launch-run-${point}`;
}

export async function readPointResults(dir: string, points: SweepPoint[]): Promise<PointResult[]> {
  return Promise.all(
    points.map(async (point) => {
      try {
        const text = await readFile(
          path.join(dir, pointArtifact(point.point), 'result.json'),
          'utf8',
        );
        const record = JSON.parse(text) as NonNullable<PointResult['record']>;
        return {
          point,
          record: {
            exitCode: Number(record.exitCode),
            durationSeconds: Number(record.durationSeconds),
            metrics: record.metrics ?? {},
          },
        };
      } catch {
        return { point };
      }
    }),
  );
}
