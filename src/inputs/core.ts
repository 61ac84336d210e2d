import { InputError } from '../platform/errors.js';
import { parseImageReference, type ImageReference } from '../image/reference.js';
import type { InputReader } from './reader.js';
import { splitWords } from '../platform/words.js';

type Mode = 'build' | 'run' | 'dispatch' | 'kubernetes' | 'doctor';
/** How the image is built. `noop` plans only. */
export type BuilderKind = 'buildx' | 'docker' | 'noop';
export type CacheMode = 'auto' | 'gha' | 'registry' | 'inline' | 'none';

/** action.yml's "source" section. */
interface SourceInputs {
  context: string;
  patch?: string;
  patchFailure: 'error' | 'warn';
}

/** action.yml's "environment" section. */
interface EnvironmentInputs {
  requirements?: string;
  frozenRequirements?: string;
  freezeLocalEnv: boolean;
  allowEmptyEnvironment: boolean;
  /** Syntax only here; the supported range is checked by the inputs aggregator. */
  pythonVersion?: string;
  installer: 'pip' | 'uv';
  pipIndexUrl?: string;
  pipExtraIndexUrls: string[];
  /** Optional dependencies (extras) of the project to install. */
  extras: string[];
  /** Dependency groups (PEP 735, Poetry, uv) of the project to install. */
  dependencyGroups: string[];
}

/** An extra or group name (PEP 508 / PEP 735 name syntax). */
const OPTIONAL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

function optionalNames(read: InputReader, input: string): string[] {
  const names = read.list(input);
  for (const name of names) {
    if (!OPTIONAL_NAME.test(name)) {
      throw new InputError(
        input,
        name,
        'expected names of letters, digits, ".", "-" and "_", separated by commas, spaces or newlines',
        input === 'extras'
          ? 'List extra names as the project declares them, e.g. "train,eval".'
          : 'List group names as the project declares them, e.g. "dev,docs".',
      );
    }
  }
  return [...new Set(names)];
}

/** action.yml's "image" section. */
interface ImageInputs {
  baseImage?: string;
  acceleratorBaseImage?: string;
  dockerImage?: string;
  dockerfile?: string;
  dockerfileMode: 'as-is' | 'parent';
  aptPackages: string[];
  /** Add the Debian packages the requirements need (and apt.txt's). */
  inferSystemPackages: boolean;
  env: [string, string][];
  buildArgs: [string, string][];
  /** Extra image labels (`--label`). */
  labels: [string, string][];
  /** OCI annotations, `[TYPE:]KEY=VALUE` as buildx's `--annotation` takes them. */
  annotations: string[];
  entrypoint?: string[];
}

/** Where the image goes (action.yml's "registry" section; the login inputs are auth's). */
interface DestinationInputs {
  destination?: ImageReference;
  tags: string[];
}

/** action.yml's "build" section. */
interface BuildInputs {
  /** false: build only, never log in or push (the image stays in the local engine). */
  push: boolean;
  forceRebuild: boolean;
  noCache: boolean;
  pull: boolean;
  builder: 'auto' | BuilderKind;
  /** A buildx builder instance named by `builder` (docker's meaning of the input): `--builder`. */
  builderInstance?: string;
  cache: CacheMode;
  network: string;
  platforms: string[];
  /** auto: dependency image + code layer appended through the registry API; off: one build. */
  assemble: 'auto' | 'off';
  /** Keep pip/uv downloads in the runner's directory cache between dependency-image builds. */
  dependencyCache: boolean;
  /** buildx's `--provenance` value; undefined: none (`--provenance=false`). */
  provenance?: string;
  sbom: boolean;
  /** Build secrets given by value; the values are masked and reach buildx only through its environment. */
  secrets: BuildSecret[];
  /** Build secrets in files: id and path (relative to the workspace). */
  secretFiles: [string, string][];
  /** `--ssh` values: `default`, or `ID=PATH`. */
  ssh: string[];
}

/** One `secrets` line. */
export interface BuildSecret {
  id: string;
  value: string;
}

/** The inputs of the build pipeline, parsed and validated. Keys follow action.yml's names. */
export interface CoreInputs
  extends SourceInputs, EnvironmentInputs, ImageInputs, DestinationInputs, BuildInputs {
  mode: Mode;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Debian package names (policy 5.6.1), optionally `=version`, or an `/release` suffix. */
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+~:-]+|\/[a-z0-9-]+)?$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
/** `[TYPE[,TYPE…][\[PLATFORM\]]:]KEY=VALUE`, buildx's --annotation syntax. */
const ANNOTATION =
  /^(?:(?:manifest|index|manifest-descriptor|index-descriptor)(?:,(?:manifest|index|manifest-descriptor|index-descriptor))*(?:\[[a-z0-9/,_]+\])?:)?[A-Za-z0-9][A-Za-z0-9._/-]*=.*$/;
const PROVENANCE = /^(?:true|false|[a-z-]+=[^,=\s]+(?:,[a-z-]+=[^,=\s]+)*)$/;
const SECRET_ID = /^[A-Za-z0-9._-]+$/;
const SSH = /^(?:default|[A-Za-z0-9._-]+(?:=\S.*)?)$/;
const BUILDER_INSTANCE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function readCoreInputs(read: InputReader): CoreInputs {
  const mode = read.choice(
    'mode',
    ['build', 'run', 'dispatch', 'kubernetes', 'doctor'] as const,
    'build',
  );
  const inputs: CoreInputs = {
    mode,
    ...readSourceInputs(read),
    ...readEnvironmentInputs(read),
    ...readImageInputs(read),
    ...readDestinationInputs(read),
    ...readBuildInputs(read),
  };
  if (!inputs.push && mode === 'dispatch') {
    throw new InputError(
      'push',
      'false',
      'dispatch mode runs the image on another machine, which pulls it from the destination',
      'Remove push: false, or use mode: build or run.',
    );
  }
  if (inputs.tags.length > 0 && !inputs.destination) {
    throw new InputError(
      'tags',
      inputs.tags.join('\n'),
      'extra tags need a destination to push to',
      'Set destination, or remove tags.',
    );
  }
  return inputs;
}

function readSourceInputs(read: InputReader): SourceInputs {
  const context = read.string('context') || '.';
  const patch = read.text('patch') || undefined;
  const patchFailure = read.choice('patch-failure', ['error', 'warn'] as const, 'error');
  return { context, ...(patch !== undefined && { patch }), patchFailure };
}

function readEnvironmentInputs(read: InputReader): EnvironmentInputs {
  const requirements = read.text('requirements') || undefined;
  const frozenRequirements = read.text('frozen-requirements') || undefined;
  const freezeLocalEnv = read.bool('freeze-local-env', false);
  const allowEmptyEnvironment = read.bool('allow-empty-environment', false);
  // Checked against the supported range by the inputs aggregator (launch/inputs.ts).
  const pythonVersion = read.optional('python-version');
  const installer = read.choice('installer', ['pip', 'uv'] as const, 'pip');
  const pipIndexUrl = read.optional('pip-index-url');
  if (pipIndexUrl !== undefined) checkUrl('pip-index-url', pipIndexUrl);
  const pipExtraIndexUrls = read.lines('pip-extra-index-url');
  for (const url of pipExtraIndexUrls) checkUrl('pip-extra-index-url', url);
  const extras = optionalNames(read, 'extras');
  const dependencyGroups = optionalNames(read, 'dependency-groups');
  return {
    ...(requirements !== undefined && { requirements }),
    ...(frozenRequirements !== undefined && { frozenRequirements }),
    freezeLocalEnv,
    allowEmptyEnvironment,
    ...(pythonVersion !== undefined && { pythonVersion }),
    installer,
    ...(pipIndexUrl !== undefined && { pipIndexUrl }),
    pipExtraIndexUrls,
    extras,
    dependencyGroups,
  };
}

function readImageInputs(read: InputReader): ImageInputs {
  const baseImage = imageInput(read, 'base-image');
  const acceleratorBaseImage = imageInput(read, 'accelerator-base-image');
  if (baseImage && acceleratorBaseImage) {
    throw new InputError(
      'accelerator-base-image',
      acceleratorBaseImage,
      'it cannot be combined with base-image',
      'Give base-image for an image that already has Python, or accelerator-base-image for one that needs Python installed, not both.',
    );
  }
  const dockerImage = imageInput(read, 'docker-image');
  const dockerfile = read.optional('dockerfile');
  const dockerfileMode = read.choice('dockerfile-mode', ['as-is', 'parent'] as const, 'as-is');

  const aptPackages = read.list('apt-packages');
  for (const name of aptPackages) {
    if (!APT_PACKAGE.test(name)) {
      throw new InputError(
        'apt-packages',
        name,
        'expected Debian package names (lower-case letters, digits, "+", "-", "."), separated by spaces or newlines',
        'List each package by name, e.g. "git curl libgl1"; shell syntax is not allowed.',
      );
    }
  }
  const inferSystemPackages = read.bool('infer-system-packages', true);
  const env = read.keyValues('env', ENV_NAME, 'a letter or "_" followed by letters, digits or "_"');
  const buildArgs = read.keyValues(
    'build-args',
    ENV_NAME,
    'a letter or "_" followed by letters, digits or "_"',
  );
  const labels = read.keyValues(
    'labels',
    LABEL_KEY,
    'letters, digits, ".", "-", "_" and "/" (e.g. org.opencontainers.image.title)',
  );
  const annotations = read.lines('annotations');
  for (const line of annotations) {
    if (!ANNOTATION.test(line)) {
      throw new InputError(
        'annotations',
        line,
        'each line must be KEY=VALUE, optionally prefixed with buildx\'s types (e.g. "manifest:", "index,manifest:" or "manifest[linux/amd64]:")',
        'Write it as e.g. "org.opencontainers.image.description=Training image", one per line.',
      );
    }
  }
  const entrypointText = read.optional('entrypoint');
  let entrypoint: string[] | undefined;
  if (entrypointText !== undefined) {
    entrypoint = splitWords(entrypointText);
    if (!entrypoint || entrypoint.length === 0) {
      throw new InputError(
        'entrypoint',
        entrypointText,
        'expected a command such as "python train.py --epochs 3" (quotes must be closed)',
      );
    }
  }
  return {
    ...(baseImage !== undefined && { baseImage }),
    ...(acceleratorBaseImage !== undefined && { acceleratorBaseImage }),
    ...(dockerImage !== undefined && { dockerImage }),
    ...(dockerfile !== undefined && { dockerfile }),
    dockerfileMode,
    aptPackages,
    inferSystemPackages,
    env,
    buildArgs,
    labels,
    annotations,
    ...(entrypoint !== undefined && { entrypoint }),
  };
}

function readDestinationInputs(read: InputReader): DestinationInputs {
  const destinationText = read.optional('destination');
  let destination: ImageReference | undefined;
  if (destinationText !== undefined) {
    const parsed = parseImageReference(destinationText);
    if (typeof parsed === 'string' || parsed.tag !== undefined || parsed.digest !== undefined) {
      throw new InputError(
        'destination',
        destinationText,
        typeof parsed === 'string'
          ? `not a valid image repository: ${parsed}`
          : 'expected a repository without tag or digest (the tag is the source hash)',
        'Write it as HOST/PATH, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/train or ghcr.io/org/train.',
      );
    }
    destination = parsed;
  }
  // Tag names, or full references as docker/metadata-action's `tags` output gives them
  // (`ghcr.io/org/train:v1`): those must name the destination, and their tag is taken.
  const tags = read.lines('tags').map((line) => tagOf(line, destination));
  return { ...(destination !== undefined && { destination }), tags };
}

function readBuildInputs(read: InputReader): BuildInputs {
  const push = read.bool('push', true);
  const forceRebuild = read.bool('force-rebuild', false);
  const noCache = read.bool('no-cache', false);
  const pull = read.bool('pull', false);
  const { builder, builderInstance } = readBuilder(read);
  const cache = read.choice(
    'cache',
    ['auto', 'gha', 'registry', 'inline', 'none'] as const,
    'auto',
  );
  const network = read.choice('network', ['default', 'host', 'none'] as const, 'default');
  const platforms = read.list('platforms');
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new InputError('platforms', platform, 'expected OS/ARCH[/VARIANT], e.g. linux/amd64');
    }
  }
  const assemble = read.choice('assemble', ['auto', 'off'] as const, 'auto');
  const dependencyCache = read.bool('dependency-cache', true);
  const provenance = read.optional('provenance');
  if (provenance !== undefined && !PROVENANCE.test(provenance)) {
    throw new InputError(
      'provenance',
      provenance,
      'expected false, true, mode=min or mode=max (or buildx --provenance KEY=VALUE pairs, comma separated)',
    );
  }
  const sbom = read.bool('sbom', false);
  const secrets = readSecrets(read);
  const secretFiles = read.lines('secret-files').map((line): [string, string] => {
    const eq = line.indexOf('=');
    const id = line.slice(0, Math.max(eq, 0)).trim();
    const file = line.slice(eq + 1).trim();
    if (eq === -1 || !SECRET_ID.test(id) || file === '') {
      throw new InputError(
        'secret-files',
        line,
        'each line must be ID=PATH, where ID is letters, digits, ".", "-" or "_"',
        'Write it as e.g. "netrc=.secrets/netrc", one per line.',
      );
    }
    return [id, file];
  });
  const ssh = read.lines('ssh');
  for (const line of ssh) {
    if (!SSH.test(line)) {
      throw new InputError(
        'ssh',
        line,
        'each line must be "default" (the runner\'s SSH agent, SSH_AUTH_SOCK) or ID=PATH (an agent socket or a key file)',
        'Start an agent first (e.g. webfactory/ssh-agent) and give "default".',
      );
    }
  }
  const ids = [...secrets.map((secret) => secret.id), ...secretFiles.map(([id]) => id)];
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) {
    throw new InputError(
      secretFiles.some(([id]) => id === repeated) ? 'secret-files' : 'secrets',
      repeated,
      'each secret id may be given once, in secrets or in secret-files',
    );
  }
  return {
    push,
    forceRebuild,
    noCache,
    pull,
    builder,
    ...(builderInstance !== undefined && { builderInstance }),
    cache,
    network,
    platforms,
    ...(provenance !== undefined && { provenance }),
    sbom,
    secrets,
    secretFiles,
    ssh,
    assemble,
    dependencyCache,
  };
}

/**
 * Our builder kinds, or (docker/build-push-action's meaning) the name of a buildx builder
 * instance, which builds with buildx through `--builder NAME`.
 */
function readBuilder(read: InputReader): Pick<BuildInputs, 'builder' | 'builderInstance'> {
  const value = read.string('builder');
  const kinds = ['auto', 'buildx', 'docker', 'noop'] as const;
  if (value === '') return { builder: 'auto' };
  if ((kinds as readonly string[]).includes(value)) {
    return { builder: value as (typeof kinds)[number] };
  }
  if (!BUILDER_INSTANCE.test(value)) {
    throw new InputError(
      'builder',
      value,
      `expected one of ${kinds.join(', ')}, or the name of a buildx builder instance (letters, digits, ".", "-", "_")`,
      'Give e.g. the name output of docker/setup-buildx-action.',
    );
  }
  return { builder: 'buildx', builderInstance: value };
}

/** `secrets` lines: `ID=VALUE`. The value never appears in an error. */
function readSecrets(read: InputReader): BuildSecret[] {
  return read.lines('secrets').map((line, index) => {
    const eq = line.indexOf('=');
    const id = eq === -1 ? '' : line.slice(0, eq).trim();
    if (eq === -1 || !SECRET_ID.test(id)) {
      throw new InputError(
        'secrets',
        `(line ${index + 1}, value hidden)`,
        'each line must be ID=VALUE, where ID is letters, digits, ".", "-" or "_"',
        'Write it as e.g. "GIT_AUTH_TOKEN=${{ secrets.MY_TOKEN }}", one per line.',
      );
    }
    return { id, value: line.slice(eq + 1) };
  });
}

function tagOf(line: string, destination: ImageReference | undefined): string {
  let tag = line;
  if (line.includes('/')) {
    const parsed = parseImageReference(line);
    const repository = destination && `${destination.host}/${destination.path}`;
    if (
      typeof parsed === 'string' ||
      parsed.tag === undefined ||
      parsed.digest !== undefined ||
      `${parsed.host}/${parsed.path}` !== repository
    ) {
      throw new InputError(
        'tags',
        line,
        `expected a tag name, or a full reference to the destination (${repository ?? 'none set'}) with a tag`,
        'Give tag names (e.g. "v1"), or references such as docker/metadata-action writes for this destination.',
      );
    }
    tag = parsed.tag;
  }
  if (!TAG.test(tag)) {
    throw new InputError(
      'tags',
      line,
      'expected tags of letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")',
    );
  }
  return tag;
}

function imageInput(read: InputReader, name: string): string | undefined {
  const value = read.optional(name);
  if (value === undefined) return undefined;
  const parsed = parseImageReference(value);
  if (typeof parsed === 'string') {
    throw new InputError(
      name,
      value,
      `not a valid image reference: ${parsed}`,
      'Use e.g. python:3.11-slim or nvidia/cuda:12.4.1-runtime-ubuntu22.04.',
    );
  }
  return value;
}

function checkUrl(name: string, value: string) {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new InputError(
      name,
      redactUrl(value),
      'expected an http(s) URL such as https://pypi.example.com/simple',
    );
  }
}

/** The URL without user info, for logs, errors and the source hash. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.username || url.password) {
      url.username = '';
      url.password = '';
    }
    return url.toString();
  } catch {
    return value.replace(/\/\/[^@/]*@/, '//');
  }
}
