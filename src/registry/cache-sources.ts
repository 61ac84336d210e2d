import type { ImageReference } from '../image/reference.js';
import type { HttpDeps } from '../platform/http.js';
import { lookupManifest } from './manifest.js';
import type { RegistrySession } from './session.js';

/**
 * Where inline layer cache is imported from: the images the user's extra tags point at, pinned
 * by digest (`repo@sha256:…`). Nothing is read from, or pushed to, a moving cache tag, so a
 * registry with immutable tags never sees a second push to one. A tag that is missing or cannot
 * be looked up just contributes no cache.
 */
export async function cacheSources(
  http: HttpDeps,
  destination: ImageReference,
  extraTags: readonly string[],
  session: Pick<RegistrySession, 'credentialsFor'>,
): Promise<string[]> {
  if (extraTags.length === 0) return [];
  // No credentials to look with: no cache to import (the build itself still runs).
  const credentials = await session.credentialsFor(destination.host).catch(() => undefined);
  const sources: string[] = [];
  for (const tag of extraTags) {
    const lookup = await lookupManifest(destination, tag, credentials, http);
    if (lookup.exists === true) {
      const ref = `${destination.host}/${destination.path}@${lookup.digest}`;
      if (!sources.includes(ref)) sources.push(ref);
    }
  }
  return sources;
}
