import { parseImageReference, withDigest } from '../image/reference.js';
import type { ImageResult } from '../image/result.js';
import type { Runtime } from '../platform/runtime.js';
import type { RegistrySession } from './session.js';
import { lookupManifest } from './manifest.js';
import { errorMessage } from '../platform/errors.js';

/** `docker-image` given: nothing is built; resolve its digest so the run uses exactly that image. */
export async function describeGivenImage(
  rt: Runtime,
  image: string,
  session: RegistrySession,
): Promise<ImageResult> {
  const ref = parseImageReference(image);
  if (typeof ref === 'string') throw new Error(`docker-image: ${ref}`);
  const base = { image, tag: ref.tag ?? '', built: false, pushed: false, buildMs: 0 };
  if (ref.digest) {
    rt.log.info(`Using ${image} as given (no build).`);
    return { ...base, digest: ref.digest, imageRef: withDigest(ref, ref.digest) };
  }
  const lookup = await session.credentialsFor(ref.host).then(
    (credentials) => lookupManifest(ref, ref.tag ?? 'latest', credentials, rt),
    (error: unknown) => ({ exists: 'unknown' as const, reason: errorMessage(error) }),
  );
  if (lookup.exists === true) {
    rt.log.info(`Using ${image} as given (no build): ${lookup.digest}.`);
    return { ...base, digest: lookup.digest, imageRef: withDigest(ref, lookup.digest) };
  }
  if (lookup.exists === false) {
    throw new Error(
      `docker-image ${image} does not exist in its registry (manifest lookup answered 404). Check the name and tag.`,
    );
  }
  rt.log.warning(
    `Could not resolve the digest of ${image} (${lookup.reason}); it is used by tag, so a later push to that tag would change what runs.`,
  );
  return { ...base, digest: '', imageRef: image };
}
