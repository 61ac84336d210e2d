import type { ImageReference } from '../image/reference.js';
import { withDigest } from '../image/reference.js';
import type { ImageResult } from '../image/result.js';
import type { HttpDeps } from '../platform/http.js';
import type { Logger } from '../platform/runtime.js';
import { errorMessage } from '../platform/errors.js';
import { addTag, lookupManifest, type BasicCredentials } from './manifest.js';
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
  let credentials: BasicCredentials | undefined;
  try {
    credentials = await session.credentialsFor(destination.host);
  } catch (error) {
    rt.log.warning(
      `Could not check whether ${planned.image} exists (${errorMessage(error)}); building it.`,
    );
    return undefined;
  }
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
  await addExtraTags(rt, planned, destination, lookup.digest, credentials);
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

/**
 * Adds the plan's extra tags to an image already in the destination (registry-side copies of the
 * manifest, each retried by the one HTTP client's policy, Retry-After honoured). The image exists
 * under its source-hash tag whatever happens here, so a tag that still cannot be added is a
 * warning naming it, not a failed step. Returns the tags added.
 */
export async function addExtraTags(
  rt: HttpDeps & { log: Pick<Logger, 'info' | 'warning'> },
  planned: PlannedImage,
  destination: Pick<ImageReference, 'host' | 'path'>,
  digest: string,
  credentials: BasicCredentials | undefined,
): Promise<string[]> {
  const added: string[] = [];
  for (const ref of planned.tags.slice(1)) {
    const tag = ref.slice(ref.lastIndexOf(':') + 1);
    try {
      await addTag(destination, digest, tag, credentials, rt);
      added.push(tag);
    } catch (error) {
      rt.log.warning(
        `${planned.image} is in the registry (${digest}), but the tag ${tag} could not be added: ${errorMessage(error)}. ` +
          `Add it later with the same image (e.g. rerun this step), or check that the credentials may push tags to ${destination.host}/${destination.path}.`,
      );
    }
  }
  if (added.length > 0) rt.log.info(`Tagged ${planned.image} also as ${added.join(', ')}.`);
  return added;
}
