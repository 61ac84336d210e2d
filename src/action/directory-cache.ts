import * as core from '@actions/core';
import type { DirectoryCache } from '../platform/runtime.js';

/**
 * The GitHub Actions cache as the pipeline's directory cache, or undefined when this runner has
 * no cache service (its variables are set by GitHub's runners only). @actions/cache is loaded
 * only when used; its own failures are warnings and misses, and so are any it throws.
 */
export function actionsDirectoryCache(env: NodeJS.ProcessEnv): DirectoryCache | undefined {
  const service = env.ACTIONS_CACHE_SERVICE_V2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL;
  if (!service || !env.ACTIONS_RUNTIME_TOKEN) return undefined;
  return {
    async restore(dir, key, restoreKeys) {
      try {
        const cache = await import('@actions/cache');
        return await cache.restoreCache([dir], key, [...restoreKeys]);
      } catch (error) {
        core.warning(`The GitHub cache could not be read (${key}): ${messageOf(error)}`);
        return undefined;
      }
    },
    async save(dir, key) {
      try {
        const cache = await import('@actions/cache');
        return (await cache.saveCache([dir], key)) !== -1;
      } catch (error) {
        core.warning(`The GitHub cache could not be written (${key}): ${messageOf(error)}`);
        return false;
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
