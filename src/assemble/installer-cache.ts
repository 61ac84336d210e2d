import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  exportInstallerCaches,
  seedInstallerCaches,
  type CacheBuildOptions,
} from '../builder/installer-cache.js';
import type { Runtime } from '../platform/runtime.js';

/** The cache entry a dependency image's downloads are kept under, and where a miss restores from. */
export interface InstallerCacheKeys {
  key: string;
  restoreKeys: string[];
}

/**
 * Pure: `launch-wheels-<os>-<arch>-py<major.minor>-<dependency hash>`. The dependency hash covers
 * the environment files and settings, so a changed environment is a new key; the restore key
 * (same target platform and Python, any environment) brings the newest earlier downloads, of
 * which pip and uv reuse what still matches.
 */
export function installerCacheKeys(input: {
  platforms: readonly string[];
  hostArch: string;
  python: string;
  dependencyHash: string;
}): InstallerCacheKeys {
  const targets =
    input.platforms.length > 0
      ? input.platforms.map((platform) => platform.replace(/\//g, '-')).join('+')
      : `linux-${HOST_ARCH[input.hostArch] ?? input.hostArch}`;
  const python = /^(\d+)\.(\d+)/.exec(input.python);
  const prefix = `launch-wheels-${targets}-py${python ? `${python[1]}.${python[2]}` : 'any'}-`;
  return { key: `${prefix}${input.dependencyHash}`, restoreKeys: [prefix] };
}

/** Node's arch names → the platform names images use. */
const HOST_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

/** What keeps the downloads of one dependency-image build: call `save` once the image is pushed. */
export interface KeptInstallerCache {
  save(): Promise<void>;
}

/**
 * Restores the kept downloads into the engine's installer caches before the dependency image is
 * built. Undefined when there is nothing to do (switched off, or no cache service: one debug line).
 * Nothing here fails the step: the build works without the cache, only slower.
 */
export async function restoreInstallerCache(
  rt: Runtime,
  enabled: boolean,
  keys: InstallerCacheKeys,
  build: CacheBuildOptions,
): Promise<KeptInstallerCache | undefined> {
  if (!enabled) {
    rt.log.debug('Dependency cache: off (dependency-cache: false).');
    return undefined;
  }
  const store = rt.directoryCache;
  if (!store) {
    rt.log.debug('Dependency cache: skipped, no GitHub cache service on this runner.');
    return undefined;
  }
  const dir = path.join(rt.tempDir, 'launch-dependency-cache');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const matched = await store.restore(dir, keys.key, keys.restoreKeys);
  if (matched === undefined) {
    rt.log.info(`Dependency cache: no entry for ${keys.key} or ${keys.restoreKeys.join(', ')}*.`);
  } else {
    try {
      await seedInstallerCaches(rt, dir, build);
      rt.log.info(`Dependency cache: ${matched} restored into the installer caches.`);
    } catch (error) {
      rt.log.warning(`Dependency cache: ${messageOf(error)}; building without it.`);
    }
  }
  return {
    async save() {
      try {
        if (matched === keys.key) {
          rt.log.info(`Dependency cache: ${keys.key} is already stored.`);
          return;
        }
        const bytes = await exportInstallerCaches(rt, dir, build);
        const saved = await store.save(dir, keys.key);
        rt.log.info(
          saved
            ? `Dependency cache: ${keys.key} stored (${(bytes / 1e6).toFixed(1)} MB before compression).`
            : `Dependency cache: ${keys.key} was not stored (see above).`,
        );
      } catch (error) {
        rt.log.warning(`Dependency cache: ${messageOf(error)}; nothing stored.`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
