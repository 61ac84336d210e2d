import { InputError } from '../platform/errors.js';
import { redactUrl, type CoreInputs } from '../inputs/core.js';
import type { PythonEnvironment } from '../environment/types.js';
import { renderDockerfile, type DockerfileSpec } from '../dockerfile/render.js';
import { withSshClient } from '../environment/system-packages.js';
import { chooseEntrypoint, ENTRYPOINT_CANDIDATES } from './entrypoint.js';
import { pythonRoute, type PythonRouteChoice } from './base-python.js';

export interface DockerfilePlan {
  /** The text handed to the builder. */
  dockerfile: string;
  /** `generated`, the user's as is, or the user's with the generated one on top. */
  origin: 'generated' | 'user' | 'user-parent';
  baseImage: string;
  entrypoint?: { command: string[]; reason: string };
  /** How Python gets into an accelerator base, and why. */
  pythonRoute?: PythonRouteChoice;
}

/** The user's Dockerfile, read from the context. */
export interface UserDockerfile {
  path: string;
  text: string;
}

/** Decides the Dockerfile (pure): the user's, or one generated from the environment. */
export function planDockerfile(
  inputs: CoreInputs,
  environment: PythonEnvironment,
  contextFiles: ReadonlySet<string>,
  userDockerfile: UserDockerfile | undefined,
  buildkit: boolean,
): DockerfilePlan {
  if (userDockerfile && inputs.dockerfileMode === 'as-is') {
    return {
      dockerfile: userDockerfile.text,
      origin: 'user',
      baseImage: firstFrom(userDockerfile),
    };
  }
  if (!buildkit) refusePrivateIndexWithoutBuildKit(inputs);
  const parent = userDockerfile ? asParent(userDockerfile) : undefined;
  const entrypoint = chooseEntrypoint(inputs.entrypoint, contextFiles);
  if (!entrypoint && !parent) {
    throw new InputError(
      'entrypoint',
      '',
      `no entrypoint was given and none was found (looked for ${ENTRYPOINT_CANDIDATES.join(', ')} at the context root)`,
      'Set \'entrypoint\' to the command that starts training, e.g. "python src/train.py --config cfg.yaml".',
    );
  }
  // The first ssh entry is the agent of the install steps (BuildKit only; the classic builder
  // has no ssh mounts, which the build step reports).
  const sshAgent = buildkit && inputs.ssh.length > 0 ? inputs.ssh[0]!.split('=')[0] : undefined;
  const baseImage =
    parent?.stage ??
    inputs.acceleratorBaseImage ??
    inputs.baseImage ??
    `python:${environment.python.version.split('.').slice(0, 2).join('.')}-slim`;
  const route =
    inputs.acceleratorBaseImage !== undefined && !parent && environment.install.kind !== 'conda'
      ? pythonRoute(inputs.acceleratorBaseImage, environment.python.version)
      : undefined;
  const spec: DockerfileSpec = {
    baseImage,
    installPythonWithApt: inputs.acceleratorBaseImage !== undefined,
    ...(route && { pythonRoute: route.route }),
    pythonVersion: environment.python.version,
    installer: inputs.installer,
    install: environment.install,
    extraIndexUrls: environment.extraIndexUrls,
    privateIndex: inputs.pipIndexUrl !== undefined || inputs.pipExtraIndexUrls.length > 0,
    aptPackages: inputs.aptPackages,
    ...(sshAgent !== undefined
      ? { systemPackages: withSshClient(environment.systemPackages ?? []), sshAgent }
      : environment.systemPackages && { systemPackages: environment.systemPackages }),
    ...(environment.project && { project: environment.project }),
    env: inputs.env,
    buildArgNames: inputs.buildArgs.map(([key]) => key),
    entrypoint: entrypoint?.command ?? [],
    buildkit,
    description: `Environment: ${environment.kind} (${environment.files.join(', ') || 'no file'}), Python ${environment.python.version} (${environment.python.source}).`,
  };
  const generated = renderDockerfile(spec);
  return {
    dockerfile: parent ? `${parent.text}\n${generated}` : generated,
    origin: parent ? 'user-parent' : 'generated',
    baseImage: parent ? firstFrom(userDockerfile!) : baseImage,
    ...(entrypoint && { entrypoint }),
    ...(route && { pythonRoute: route }),
  };
}

/**
 * The classic builder has no secret mounts: the private index cannot reach pip without being
 * written into a layer, and installing without it would ask the public index for the private
 * package names (dependency confusion). So no build at all, before anything is built.
 */
function refusePrivateIndexWithoutBuildKit(
  inputs: Pick<CoreInputs, 'pipIndexUrl' | 'pipExtraIndexUrls'>,
): void {
  const [input, url] = inputs.pipIndexUrl
    ? ['pip-index-url', inputs.pipIndexUrl]
    : ['pip-extra-index-url', inputs.pipExtraIndexUrls[0]];
  if (url === undefined) return;
  throw new InputError(
    input,
    hostOf(url),
    'a private package index needs BuildKit (it reaches pip as a build secret, never in a layer), ' +
      'and this build uses the classic builder (no docker buildx, builder: docker, or a read-only HOME); ' +
      'installing without the index would ask the public index for your private package names',
    'Build with buildx: install docker buildx, leave builder at auto (or set builder: buildx) and give the step a writable HOME or BUILDX_CONFIG. ' +
      `Or remove ${input} if the packages are public.`,
  );
}

/** The index's host only: its URL may carry credentials. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return redactUrl(url);
  }
}

const FROM_LINE = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i;

function firstFrom(file: UserDockerfile): string {
  for (const line of file.text.split(/\r?\n/)) {
    const match = FROM_LINE.exec(line);
    if (match) return match[1]!;
  }
  throw new InputError(
    'dockerfile',
    file.path,
    'the file has no FROM line',
    'Point dockerfile at a Dockerfile.',
  );
}

/** The user's Dockerfile with its last stage named, so the generated stages can build on it. */
function asParent(file: UserDockerfile): { text: string; stage: string } {
  const lines = file.text.replace(/\s+$/, '').split(/\r?\n/);
  let last = -1;
  lines.forEach((line, index) => {
    if (FROM_LINE.test(line)) last = index;
  });
  if (last === -1) {
    throw new InputError(
      'dockerfile',
      file.path,
      'the file has no FROM line',
      'Point dockerfile at a Dockerfile.',
    );
  }
  const match = FROM_LINE.exec(lines[last]!)!;
  const stage = match[2] ?? 'launch-parent';
  if (!match[2]) lines[last] = `${lines[last]!.trimEnd()} AS ${stage}`;
  return { text: `${lines.join('\n')}\n`, stage };
}
