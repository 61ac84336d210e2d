import { statfsSync } from 'node:fs';
import { IMAGE_LABEL } from '../image/labels.js';
import { docker, type RunDeps } from './deps.js';

const GB = 1024 ** 3;
const DAY_MS = 24 * 60 * 60 * 1000;

function statfsFreeBytes(path: string): number {
  const stats = statfsSync(path);
  return stats.bavail * stats.bsize;
}

export interface ListedImage {
  id: string;
  reference: string;
  createdAt: number;
}

/** Parses `docker image ls --format '{{json .}}'` lines. Pure. */
export function parseImageList(output: string): ListedImage[] {
  return output
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const item = JSON.parse(line) as {
        ID: string;
        Repository: string;
        Tag: string;
        CreatedAt: string;
      };
      // CreatedAt looks like "2026-11-25 10:00:00 +0000 UTC": keep date, time and offset.
      const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)/.exec(item.CreatedAt);
      const createdAt = match ? Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`) : NaN;
      return { id: item.ID, reference: `${item.Repository}:${item.Tag}`, createdAt };
    });
}

/** Images to prune: labelled images older than `maxAgeMs`, never `keepId`; each id once. Pure. */
export function selectPrunable(
  images: ListedImage[],
  now: number,
  maxAgeMs: number,
  keepId?: string,
): ListedImage[] {
  const seen = new Set<string>();
  return images.filter((image) => {
    if (seen.has(image.id) || image.id === keepId) return false;
    if (!(now - image.createdAt > maxAgeMs)) return false;
    seen.add(image.id);
    return true;
  });
}

/**
 * When free space under the Docker root is below `minFreeGb`, removes images built by this action
 * (by label) that are more than a day old, and logs what went. A failure here only warns: a full
 * disk shows up clearly in the run itself.
 */
export async function ensureFreeDisk(
  deps: RunDeps,
  minFreeGb: number,
  keepImageRef?: string,
  /** `key` or `key=value` filter; the default matches every image the builder labelled. */
  labelFilter: string = IMAGE_LABEL,
): Promise<string[]> {
  if (minFreeGb <= 0) return [];
  try {
    const root = (
      await docker(deps, ['info', '--format', '{{.DockerRootDir}}'], 'Reading the Docker root')
    ).trim();
    const freeBytes = (deps.freeBytes ?? statfsFreeBytes)(root);
    const freeGb = freeBytes / GB;
    if (freeGb >= minFreeGb) {
      deps.log.info(
        `Free disk under ${root}: ${freeGb.toFixed(1)} GB (min-free-disk ${minFreeGb} GB).`,
      );
      return [];
    }
    deps.log.warning(
      `Only ${freeGb.toFixed(1)} GB free under ${root} (min-free-disk ${minFreeGb} GB): pruning images built by launch-action older than a day.`,
    );
    const listed = await docker(
      deps,
      ['image', 'ls', '--no-trunc', '--filter', `label=${labelFilter}`, '--format', '{{json .}}'],
      'Listing images',
    );
    const keepId = keepImageRef ? await imageId(deps, keepImageRef) : undefined;
    const now = (deps.now ?? Date.now)();
    const removed: string[] = [];
    for (const image of selectPrunable(parseImageList(listed), now, DAY_MS, keepId)) {
      const result = await deps.exec('docker', ['image', 'rm', '--force', image.id], {
        env: deps.env,
      });
      if (result.exitCode === 0) {
        removed.push(image.reference);
        deps.log.info(`Removed ${image.reference} (${image.id})`);
      } else {
        deps.log.warning(`Could not remove ${image.reference}: ${result.stderr.trim()}`);
      }
    }
    if (removed.length === 0)
      deps.log.warning('No launch-action image older than a day to remove.');
    return removed;
  } catch (error) {
    deps.log.warning(
      `Disk check skipped: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
}

async function imageId(deps: RunDeps, ref: string): Promise<string | undefined> {
  const result = await deps.exec('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], {
    env: deps.env,
  });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
