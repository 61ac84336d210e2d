import { computeSourceHash, type HashedFile } from '../context/hash.js';
import { APP_DIR, APP_UID } from '../dockerfile/render.js';

/** The one instruction of a generated Dockerfile that puts the code into the image. */
export const CODE_COPY = `COPY --chown=${APP_UID}:0 . ${APP_DIR}`;

/**
 * The directories above the code as the dependency image leaves them. The code layer must carry
 * them (see CodeLayerOptions.ancestors), so the dependency image makes them so instead of
 * trusting the base's useradd defaults (Ubuntu gives homes 0750, Debian 0755).
 */
export const APP_DIR_ANCESTORS = [
  { path: 'home', uid: 0, gid: 0, mode: 0o755 },
  { path: 'home/launch', uid: APP_UID, gid: 0, mode: 0o755 },
] as const;
const ANCESTORS_SETTLED = `RUN chown 0:0 /home && chmod 0755 /home && chown ${APP_UID}:0 /home/launch && chmod 0755 /home/launch`;

/**
 * The dependency image: the generated Dockerfile without its code copy — base, system packages,
 * Python environment, user, working directory, entrypoint — and the only context files it reads.
 */
export interface DependencySplit {
  dockerfile: string;
  /** Context-relative paths its COPY instructions read (environment files), sorted. */
  files: string[];
}

/**
 * Splits a generated Dockerfile into the dependency image and the code, or says why it cannot:
 * the code copy becomes the step that settles the owners and modes of the code's parent dirs;
 * then the image is built with buildx as a whole. Only the exact instruction the renderer
 * writes counts as the code copy; any other COPY must be the JSON form of named files (or a
 * copy from a build stage), so the dependency image never depends on the rest of the code.
 */
export function splitGeneratedDockerfile(dockerfile: string): DependencySplit | string {
  const lines = dockerfile.split('\n');
  const codeCopies = lines.filter((line) => line === CODE_COPY).length;
  if (codeCopies !== 1) {
    return `the Dockerfile has ${codeCopies} code copies ('${CODE_COPY}'), not exactly one`;
  }
  const afterCode = lines.slice(lines.indexOf(CODE_COPY) + 1);
  const readsCode = afterCode.find((line) => /^\s*(RUN|COPY|ADD)\b/i.test(line));
  if (readsCode !== undefined) {
    // The project install after the code copy reads the code (package discovery, dynamic
    // versions): appended to an image built without that code it would not be the same install.
    return `'${readsCode.slice(0, 60)}${readsCode.length > 60 ? '…' : ''}' after the code copy reads the code`;
  }
  const files = new Set<string>();
  for (const line of lines) {
    if (line === CODE_COPY) continue;
    const instruction = /^\s*(COPY|ADD)\b(.*)$/i.exec(line);
    if (!instruction) continue;
    const rest = instruction[2]!.trim();
    if (instruction[1]!.toUpperCase() === 'ADD') return `'${line}' adds files from the context`;
    if (/^--from=\S+\s/.test(rest)) continue;
    let sources: unknown;
    try {
      sources = JSON.parse(rest);
    } catch {
      return `'${line}' is not a copy of named files`;
    }
    if (
      !Array.isArray(sources) ||
      sources.length < 2 ||
      !sources.every((s) => typeof s === 'string')
    ) {
      return `'${line}' is not a copy of named files`;
    }
    for (const source of sources.slice(0, -1) as string[]) {
      if (
        /[*?[\]]/.test(source) ||
        source === '.' ||
        source.startsWith('/') ||
        source.includes('..')
      ) {
        return `'${line}' copies '${source}', not one named file`;
      }
      files.add(source.replace(/^\.\//, ''));
    }
  }
  return {
    dockerfile: lines.map((line) => (line === CODE_COPY ? ANCESTORS_SETTLED : line)).join('\n'),
    files: [...files].sort(),
  };
}

export interface DependencyHashInputs {
  split: DependencySplit;
  /** Digests of exactly `split.files`. */
  files: readonly HashedFile[];
  buildArgs: readonly (readonly [string, string])[];
  baseImage: string;
  platforms: readonly string[];
  settings: Record<string, string>;
}

/**
 * The dependency image's hash: the same canonical encoding as the source hash, over its own
 * inputs only, so a code change leaves it (and the dependency image) as it is.
 */
export function dependencyHash(inputs: DependencyHashInputs): string {
  return computeSourceHash({
    dockerfile: inputs.split.dockerfile,
    builderFiles: {},
    files: inputs.files,
    buildArgs: inputs.buildArgs,
    baseImage: inputs.baseImage,
    platforms: inputs.platforms,
    settings: { ...inputs.settings, image: 'dependencies' },
  });
}

/** Dependency images live next to the app images, under a tag that says what they are. */
export function dependencyTag(hash: string): string {
  return `deps-${hash.slice(0, 16)}`;
}
