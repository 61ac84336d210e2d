/**
 * Image references as the distribution spec defines them: `[host[:port]/]path[:tag][@digest]`.
 * Parsing is strict so a typo in `destination` fails before anything is built or pushed.
 */
export interface ImageReference {
  /** Registry host (with port), e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`; `docker.io` when omitted. */
  host: string;
  /** Repository path inside the registry, e.g. `team/train`; `library/x` for Docker Hub official images. */
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Returns the parsed reference, or a sentence saying what is wrong with it. */
export function parseImageReference(text: string): ImageReference | string {
  if (text === '' || /\s/.test(text)) return 'an image reference has no spaces and is not empty';
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `'${digest}' is not a digest (expected sha256:<64 hex>)`;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return `'${tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')`;
    }
  }
  const parts = rest.split('/');
  let host = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    host = first;
    parts.shift();
    if (!HOST.test(host)) return `'${host}' is not a valid registry host`;
  }
  if (parts.length === 0 || parts.some((part) => part === '')) {
    return 'the repository path is empty or has an empty component';
  }
  for (const part of parts) {
    if (!COMPONENT.test(part)) {
      return `'${part}' is not a valid repository name component (lower-case letters, digits, and '.', '_', '-' between them)`;
    }
  }
  if (host === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  if (host.length + 1 + path.length > 255)
    return 'the repository name is longer than 255 characters';
  return { host, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** `host/path` as docker writes it (Docker Hub written short). */
export function repositoryName(ref: Pick<ImageReference, 'host' | 'path'>): string {
  if (ref.host === 'docker.io') return ref.path.replace(/^library\//, '');
  return `${ref.host}/${ref.path}`;
}

export function withTag(ref: Pick<ImageReference, 'host' | 'path'>, tag: string): string {
  return `${repositoryName(ref)}:${tag}`;
}

export function withDigest(ref: Pick<ImageReference, 'host' | 'path'>, digest: string): string {
  return `${repositoryName(ref)}@${digest}`;
}
