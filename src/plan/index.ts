import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FileError, InputError } from '../platform/errors.js';
import { realPathInside } from '../platform/paths.js';
import type { CoreInputs } from '../inputs/core.js';
import { redactUrl } from '../inputs/core.js';
import type { PythonEnvironment } from '../environment/types.js';
import { detectEnvironment, type EnvironmentOptions } from '../environment/detect.js';
import { readEnvironmentSnapshot } from '../environment/read.js';
import { listBuildContext, type BuildContext } from '../context/files.js';
import { excludingPattern, renderDockerignore } from '../context/dockerignore.js';
import type { DependencyInstall } from '../environment/types.js';
import { digestContextFiles, type DigestCache } from '../context/digests.js';
import { computeSourceHash, tagFromHash } from '../context/hash.js';
import { withTag, repositoryName } from '../image/reference.js';
import { planDockerfile, type DockerfilePlan, type UserDockerfile } from './dockerfile-plan.js';
import { checkEntrypoint, contextWarnings } from './checks.js';
import { planCuda } from './cuda.js';
import type { ImpliedCuda } from '../environment/cuda-implied.js';
import type { PackageIndexReader } from './package-index.js';
import { pythonFromIndex } from './python-from-index.js';

/** Everything decided before building: what to build, from what, and under which name. */
export interface BuildPlan {
  environment: PythonEnvironment;
  dockerfile: DockerfilePlan;
  /** The .dockerignore handed to the builder next to the Dockerfile. */
  dockerignore: string;
  context: BuildContext;
  sourceHash: string;
  tag: string;
  /** `host/path` (or a local name when there is no destination). */
  repository: string;
  /** `repository:tag`. */
  image: string;
  /** Every tag to apply, the source-hash tag first. */
  tags: string[];
  /** Probable mistakes found in the context (an unused Dockerfile, Git LFS pointers). */
  warnings: string[];
  /** The CUDA version the pip requirements imply (recorded as image labels), when they imply one. */
  cuda?: ImpliedCuda;
  /** What the package index's wheels said about the default Python, when it was asked. */
  pythonCheck?: string;
  timings: { hashMs: number };
}

export interface PlanOptions {
  digestCache?: DigestCache;
  /** Whether the builder has BuildKit (cache and secret mounts). */
  buildkit: boolean;
  /** Runs `pip freeze` of the job's Python when freeze-local-env asks for it. */
  environmentReader?: typeof readEnvironmentSnapshot;
  /**
   * Asks the package index which wheels the exact pins have, to choose the Python version when
   * nothing else decided it. Without it the default stays unchecked.
   */
  packageIndex?: PackageIndexReader;
}

export async function planBuild(
  context: string,
  inputs: CoreInputs,
  options: PlanOptions,
): Promise<BuildPlan> {
  const userDockerfile = inputs.dockerfile
    ? await readUserDockerfile(context, inputs.dockerfile)
    : undefined;
  const detected =
    userDockerfile && inputs.dockerfileMode === 'as-is'
      ? dockerfileEnvironment(userDockerfile, inputs)
      : await detect(context, inputs, options);
  // A parent Dockerfile brings its own Python; only a Python this plan installs is checked.
  const fromIndex =
    options.packageIndex && !userDockerfile
      ? await pythonFromIndex(context, inputs, detected, options.packageIndex)
      : { environment: detected, warnings: [] as string[], check: undefined };
  // Lock markers and requires-python were read for the default Python: when the wheels chose
  // another one, the environment is read again for it, keeping the wheels' choice and reason.
  const environment =
    fromIndex.environment.python.version === detected.python.version
      ? fromIndex.environment
      : {
          ...(await detect(
            context,
            { ...inputs, pythonVersion: fromIndex.environment.python.version },
            options,
          )),
          python: fromIndex.environment.python,
        };

  const buildContext = await listBuildContext(context, {
    ...(inputs.dockerfile && { dockerfile: inputs.dockerfile }),
  });
  const names = new Set(buildContext.files.map((file) => file.path));
  if (!(userDockerfile && inputs.dockerfileMode === 'as-is')) {
    requireCopiedFiles(buildContext, copiedFiles(environment.install), names);
  }
  const dockerfile = planDockerfile(inputs, environment, names, userDockerfile, options.buildkit);
  if (dockerfile.entrypoint) {
    checkEntrypoint(dockerfile.entrypoint.command, inputs.entrypoint !== undefined, names);
  }
  const warnings = [
    ...(environment.warnings ?? []),
    ...fromIndex.warnings,
    ...(await contextWarnings(buildContext.root, buildContext.files, inputs.dockerfile)),
  ];
  const dockerignore = renderDockerignore(buildContext.rules);

  const started = performance.now();
  const files = await digestContextFiles(buildContext, options.digestCache);
  const sourceHash = computeSourceHash({
    dockerfile: dockerfile.dockerfile,
    builderFiles: { '.dockerignore': dockerignore },
    files,
    buildArgs: inputs.buildArgs,
    baseImage: dockerfile.baseImage,
    platforms: inputs.platforms,
    settings: {
      ...(inputs.pipIndexUrl && { 'pip-index-url': redactUrl(inputs.pipIndexUrl) }),
      ...(inputs.pipExtraIndexUrls.length > 0 && {
        'pip-extra-index-url': inputs.pipExtraIndexUrls.map(redactUrl).join('\n'),
      }),
    },
  });
  const hashMs = performance.now() - started;
  const tag = tagFromHash(sourceHash);
  const cuda =
    userDockerfile && inputs.dockerfileMode === 'as-is'
      ? undefined
      : await planCuda(buildContext.root, environment);
  const repository = inputs.destination
    ? repositoryName(inputs.destination)
    : localRepositoryName(context);
  const image = inputs.destination ? withTag(inputs.destination, tag) : `${repository}:${tag}`;
  return {
    environment,
    dockerfile,
    dockerignore,
    context: buildContext,
    sourceHash,
    tag,
    repository,
    image,
    tags: [image, ...inputs.tags.map((extra) => `${repository}:${extra}`)],
    warnings,
    ...(cuda && { cuda }),
    ...(fromIndex.check && { pythonCheck: fromIndex.check }),
    timings: { hashMs },
  };
}

/** The context files the generated Dockerfile COPYs before the code. */
function copiedFiles(install: DependencyInstall): string[] {
  switch (install.kind) {
    case 'requirements-file':
      return [install.file, ...install.alsoCopy];
    case 'uv-lock':
      return install.files;
    case 'conda':
      return [install.file];
    default:
      return [];
  }
}

/**
 * An environment file the ignore file keeps out of the context would fail the build with
 * "not found": say so now, naming the pattern.
 */
function requireCopiedFiles(context: BuildContext, files: string[], names: ReadonlySet<string>) {
  for (const file of files) {
    if (names.has(file)) continue;
    const pattern = excludingPattern(context.rules, file);
    const ignoreFile = context.rules.source ?? '.dockerignore';
    throw new FileError(
      ignoreFile,
      undefined,
      pattern === undefined
        ? `the environment file ${file} is not in the build context, so the image cannot install it. Keep it in the context (an exception line "!${file}" at the end of ${ignoreFile}).`
        : `the pattern ${JSON.stringify(pattern)} excludes the environment file ${file} from the build context, so the image cannot install it. Add the line "!${file}" at the end of ${ignoreFile}, or narrow the pattern.`,
    );
  }
}

async function detect(context: string, inputs: CoreInputs, options: PlanOptions) {
  const environmentOptions: EnvironmentOptions = {
    ...(inputs.requirements !== undefined && { requirements: inputs.requirements }),
    ...(inputs.frozenRequirements !== undefined && {
      frozenRequirements: inputs.frozenRequirements,
    }),
    freezeLocalEnv: inputs.freezeLocalEnv,
    allowEmpty: inputs.allowEmptyEnvironment,
    ...(inputs.pythonVersion !== undefined && { pythonVersion: inputs.pythonVersion }),
    inferSystemPackages: inputs.inferSystemPackages,
    platforms: inputs.platforms,
    extras: inputs.extras,
    dependencyGroups: inputs.dependencyGroups,
  };
  const read = options.environmentReader ?? readEnvironmentSnapshot;
  const snapshot = await read(context, environmentOptions);
  return detectEnvironment(snapshot, environmentOptions);
}

function dockerfileEnvironment(file: UserDockerfile, inputs: CoreInputs): PythonEnvironment {
  return {
    kind: 'dockerfile',
    reason: `the 'dockerfile' input names ${file.path}, built as is`,
    files: [file.path],
    python: { version: inputs.pythonVersion ?? '', source: 'the Dockerfile' },
    install: { kind: 'nothing' },
    extraIndexUrls: [],
    dropped: [],
  };
}

async function readUserDockerfile(context: string, name: string): Promise<UserDockerfile> {
  const found = await realPathInside(context, name);
  if ('problem' in found && found.problem === 'outside') {
    throw new InputError(
      'dockerfile',
      name,
      'the Dockerfile must be inside the context (symlinks leading out of it are not followed)',
      'Give a path relative to the context.',
    );
  }
  try {
    if ('problem' in found) throw new Error('missing');
    return { path: name, text: await readFile(found.path, 'utf8') };
  } catch {
    throw new InputError(
      'dockerfile',
      name,
      `no such file in the context ${context}`,
      'Give a path relative to the context, e.g. "docker/Dockerfile".',
    );
  }
}

/** A local image name for builds with no destination: `launch-action/<context dir name>`. */
function localRepositoryName(context: string): string {
  const base =
    path
      .basename(context)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'app';
  return `launch-action/${base}`;
}
