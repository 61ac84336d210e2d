import { createHash } from 'node:crypto';
import type { ContextFile } from './files.js';

/** Everything that decides what the image contains. Two equal inputs give the same hash. */
export interface SourceHashInputs {
  dockerfile: string;
  /** Extra files the builder receives besides the context (e.g. the generated .dockerignore). */
  builderFiles: Record<string, string>;
  files: readonly HashedFile[];
  buildArgs: readonly (readonly [string, string])[];
  baseImage: string;
  platforms: readonly string[];
  /** Other settings that change the result but are not in the Dockerfile (index URLs without credentials). */
  settings: Record<string, string>;
}

export interface HashedFile {
  path: string;
  executable: boolean;
  /** sha256 hex of the content (or of the link target for symlinks). */
  digest: string;
}

/** Length of the tag taken from the hash: 16 hex digits (64 bits) keep collisions out of reach. */
const TAG_LENGTH = 16;

/**
 * The source hash: sha256 over a canonical, length-prefixed encoding of every build input, so no
 * two different input sets can encode the same way. Checkout path, mtimes and owners are left out
 * on purpose: the same commit on two machines gives the same hash.
 */
export function computeSourceHash(inputs: SourceHashInputs): string {
  const hash = createHash('sha256');
  const field = (name: string, value: string) => {
    hash.update(`${name}\0${Buffer.byteLength(value)}\0`);
    hash.update(value);
    hash.update('\n');
  };
  field('format', 'launch-action/source-hash/v1');
  field('dockerfile', inputs.dockerfile);
  for (const name of Object.keys(inputs.builderFiles).sort()) {
    field(`builder-file:${name}`, inputs.builderFiles[name] ?? '');
  }
  field('base-image', inputs.baseImage);
  field('platforms', [...inputs.platforms].sort().join(','));
  for (const [key, value] of [...inputs.buildArgs].sort((a, b) => compare(a[0], b[0]))) {
    field(`build-arg:${key}`, value);
  }
  for (const key of Object.keys(inputs.settings).sort()) {
    field(`setting:${key}`, inputs.settings[key] ?? '');
  }
  field('files', String(inputs.files.length));
  for (const file of inputs.files) {
    field('file', `${file.executable ? 'x' : '-'} ${file.digest} ${file.path}`);
  }
  return hash.digest('hex');
}

export function tagFromHash(sourceHash: string): string {
  return sourceHash.slice(0, TAG_LENGTH);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The stat fields that let a cached digest be reused without reading the file again. */
export function statKey(file: ContextFile): string {
  return `${file.size}:${Math.trunc(file.mtimeMs * 1000)}:${file.ino}:${file.linkTarget ?? ''}`;
}
