import type { ImageReference } from '../image/reference.js';
import { withDigest } from '../image/reference.js';
import type { ImageResult } from '../image/result.js';
import type { HttpDeps } from '../platform/http.js';
import type { Logger } from '../platform/runtime.js';
import { addTag, lookupManifest } from './manifest.js';
import type { RegistrySession } from './session.js';

/** The image a plan names: its source-hash reference and every tag it should carry. */
export interface PlannedImage {
  /** `repository:source-hash-tag`. */
  image: string;
  /** The source-hash tag. */
  tag: string;
  /** Full references; the first is the source-hash tag, the rest are extra tags. */
  tags: readonly string[];
}

/**
 * The "already exists" check: one manifest lookup of the source-hash tag in the destination. An
 * image found gets its extra tags added registry-side and is used as it is; a lookup that fails is
 * never taken as "exists" (undefined: build it).
 */
export async function findInRegistry(
  rt: HttpDeps & { log: Pick<Logger, 'info' | 'warning' | 'debug'> },
  planned: PlannedImage,
  destination: ImageReference,
  session: Pick<RegistrySession, 'credentialsFor'>,
): Promise<ImageResult | undefined> {
  const credentials = await session.credentialsFor(destination.host);
  const lookup = await lookupManifest(destination, planned.tag, credentials, rt);
  if (lookup.exists === 'unknown') {
    rt.log.warning(
      `Could not check whether ${planned.image} exists (${lookup.reason}); building it.`,
    );
    return undefined;
  }
  if (!lookup.exists) {
    rt.log.info(`${planned.image} is not in the registry yet: building.`);
    return undefined;
  }
  rt.log.info(`${planned.image} already exists (${lookup.digest}): nothing to build.`);
  const extra = planned.tags.slice(1).map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
  for (const tag of extra) {
    await addTag(destination, lookup.digest, tag, credentials, rt).catch((error: unknown) => {
      throw new Error(
        `Could not add the tag ${tag} to ${planned.image}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
  if (extra.length > 0) rt.log.info(`Tagged ${planned.image} also as ${extra.join(', ')}.`);
  return {
    image: planned.image,
    tag: planned.tag,
    digest: lookup.digest,
    imageRef: withDigest(destination, lookup.digest),
    built: false,
    pushed: false,
    skipped: 'the destination already has this source-hash tag',
    buildMs: 0,
  };
}
