import { posix } from 'node:path';
import { computeSourceHash, type HashedFile } from '../context/hash.js';
import { APP_DIR, APP_UID, HEAVY_LIST } from '../dockerfile/render.js';
import { parseToml } from '../environment/pyproject.js';

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
  /**
   * The repository is installed as a package (editable, pointing at the app dir): in the
   * dependency image, with the code bind-mounted at the app dir for that one step only, so the
   * install sees the project as the whole build would and the image holds no code.
   */
  projectInstall: boolean;
}

/** The project install the renderer writes after the code copy: it runs in the app dir. */
const PROJECT_INSTALL = new RegExp(`^RUN (--mount=\\S+ )*cd ${APP_DIR.replace(/\//g, '\\/')} && `);
/** The code, visible to one RUN step and never stored in a layer (writes are thrown away). */
const CODE_MOUNT = `--mount=type=bind,target=${APP_DIR},rw`;

/**
 * What an editable project install reads besides the environment files, and so what the
 * dependency hash covers when there is one: the project's metadata files and the files dynamic
 * versions come from (content), and where the Python modules are (package discovery; paths only).
 * A change elsewhere — the body of a module, data, configs — leaves the install as it is.
 */
export function projectInputs(
  paths: readonly string[],
  targets: readonly string[],
): { content: string[]; layout: string[] } {
  const under = (file: string) =>
    targets.some((dir) => dir === '.' || file === dir || file.startsWith(`${dir}/`));
  const content = paths.filter(
    (file) =>
      under(file) &&
      /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|__init__\.py|__about__\.py|_?version\.py|VERSION)$/.test(
        file,
      ),
  );
  const layout = paths.filter((file) => under(file) && file.endsWith('.py'));
  return { content, layout };
}

/**
 * The files a project's pyproject.toml names as its version source, whatever their names
 * (setuptools `dynamic.version.file`, hatch and pdm `version.path`), as context paths under `dir`.
 * A version there changes what `pip list` shows, so the dependency hash covers them by content.
 */
export function declaredVersionFiles(pyproject: string, dir: string): string[] {
  let tool: unknown;
  try {
    tool = parseToml('pyproject.toml', pyproject).tool;
  } catch {
    return [];
  }
  const at = (value: unknown, ...keys: string[]): unknown =>
    keys.reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null && !Array.isArray(node)
          ? (node as Record<string, unknown>)[key]
          : undefined,
      value,
    );
  const named = [
    at(tool, 'setuptools', 'dynamic', 'version', 'file'),
    at(tool, 'hatch', 'version', 'path'),
    at(tool, 'pdm', 'version', 'path'),
  ].flat();
  return named
    .filter((file): file is string => typeof file === 'string' && file !== '')
    .map((file) => posix.normalize(posix.join(dir, file)))
    .filter((file) => !file.startsWith('../') && !posix.isAbsolute(file));
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
  let projectInstall = false;
  for (const line of afterCode) {
    if (!/^\s*(RUN|COPY|ADD)\b/i.test(line)) continue;
    if (!PROJECT_INSTALL.test(line)) {
      return `'${line.slice(0, 60)}${line.length > 60 ? '…' : ''}' after the code copy is not the project install`;
    }
    projectInstall = true;
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
    dockerfile: lines
      .map((line) =>
        line === CODE_COPY
          ? ANCESTORS_SETTLED
          : PROJECT_INSTALL.test(line)
            ? line.replace(/^RUN /, `RUN ${CODE_MOUNT} `)
            : line,
      )
      .join('\n'),
    files: [...files].sort(),
    projectInstall,
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

/**
 * The dependency Dockerfile up to and including the install of the heavy pins (see the renderer),
 * or undefined without one. Nothing before it reads the context, so this text (with the base,
 * build args, platforms and settings) is all the heavy layer depends on.
 */
export function heavyPrefix(split: DependencySplit): string | undefined {
  const lines = split.dockerfile.split('\n');
  const install = lines.findIndex(
    (line) => line.startsWith('RUN ') && line.endsWith(` -r ${HEAVY_LIST}`),
  );
  if (install === -1) return undefined;
  const before = lines.slice(0, install + 1);
  if (before.some((line) => /^\s*(COPY|ADD)\b/i.test(line) && !/^\s*COPY --from=/i.test(line))) {
    return undefined;
  }
  return `${before.join('\n')}\n`;
}

/**
 * The tag of the first dependency image that had this heavy layer: its inline cache gives every
 * later dependency image with the same heavy pins that layer (and its blob) without a rebuild,
 * on any runner.
 */
export function heavyTag(
  inputs: Omit<DependencyHashInputs, 'files' | 'split'> & { prefix: string },
): string {
  const hash = computeSourceHash({
    dockerfile: inputs.prefix,
    builderFiles: {},
    files: [],
    buildArgs: inputs.buildArgs,
    baseImage: inputs.baseImage,
    platforms: inputs.platforms,
    settings: { ...inputs.settings, image: 'heavy-layer' },
  });
  return `heavy-${hash.slice(0, 16)}`;
}

/** Dependency images live next to the app images, under a tag that says what they are. */
export function dependencyTag(hash: string): string {
  return `deps-${hash.slice(0, 16)}`;
}
