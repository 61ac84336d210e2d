import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as toolCache from '@actions/tool-cache';
import type { Logger } from '../platform/runtime.js';

/** The buildx release installed when a job needs buildx and the runner has none. */
const BUILDX_VERSION = '0.29.1';
const RELEASES = 'https://github.com/docker/buildx/releases/download';

export interface InstallDeps {
  env: NodeJS.ProcessEnv;
  log: Pick<Logger, 'info'>;
  /** Test-only: where releases are downloaded from (LAUNCH_ACTION_INTERNAL_BUILDX_RELEASES). */
  releasesUrl?: string;
}

/**
 * Installs the official buildx release as a docker CLI plugin, verified against the release's
 * checksums file and kept in the runner's tool cache, so the next job on the runner reuses it.
 */
export async function installBuildx(deps: InstallDeps, version = BUILDX_VERSION): Promise<string> {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  if (!arch)
    throw new Error(
      `buildx cannot be installed on ${process.arch}: only x64 and arm64 releases exist`,
    );
  let dir = toolCache.find('docker-buildx', version, arch);
  if (dir) {
    deps.log.info(`buildx ${version} found in the tool cache.`);
  } else {
    const base = deps.releasesUrl ?? deps.env.LAUNCH_ACTION_INTERNAL_BUILDX_RELEASES ?? RELEASES;
    const name = `buildx-v${version}.linux-${arch}`;
    deps.log.info(`Downloading buildx ${version} from ${base}.`);
    const binary = await toolCache.downloadTool(`${base}/v${version}/${name}`);
    const sums = await readFile(
      await toolCache.downloadTool(`${base}/v${version}/checksums.txt`),
      'utf8',
    );
    const expected = expectedChecksum(sums, name);
    if (!expected) throw new Error(`checksums.txt of buildx ${version} has no entry for ${name}`);
    const actual = createHash('sha256')
      .update(await readFile(binary))
      .digest('hex');
    if (actual !== expected) {
      throw new Error(
        `buildx ${version} download does not match its published checksum (got ${actual}, expected ${expected}); not installed.`,
      );
    }
    dir = await toolCache.cacheFile(binary, 'docker-buildx', 'docker-buildx', version, arch);
  }
  const plugins = path.join(
    deps.env.DOCKER_CONFIG ?? path.join(deps.env.HOME ?? '/root', '.docker'),
    'cli-plugins',
  );
  await mkdir(plugins, { recursive: true });
  const target = path.join(plugins, 'docker-buildx');
  await copyFile(path.join(dir, 'docker-buildx'), target);
  await chmod(target, 0o755);
  return target;
}

/** Reads `<sha256> *<file>` (or two spaces) lines of a release checksums file. */
export function expectedChecksum(sums: string, file: string): string | undefined {
  for (const line of sums.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(line.trim());
    if (match && match[2] === file) return match[1];
  }
  return undefined;
}
