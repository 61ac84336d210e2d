// The three ways the bench builds the same repository: the action's real bundle (through its
// CLI) and two baselines built with plain `docker buildx build --push`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './exec.mjs';
import { BENCH_DOCKER_HOST, REGISTRY_HOST, REGISTRY_PASSWORD, REGISTRY_USER } from './infra.mjs';

/** Arguments of the action's CLI for one build (pure). */
export function actionCliArgs({ cli, repo, baseImage, repository, indexUrl }) {
  return [
    cli,
    'build',
    '--context',
    repo,
    '--base-image',
    baseImage,
    '--network',
    'host',
    '--destination',
    `${REGISTRY_HOST}/${repository}`,
    '--username',
    REGISTRY_USER,
    '--password',
    REGISTRY_PASSWORD,
    '--pip-index-url',
    indexUrl,
    // The baselines install no Debian packages; without this, the torch pin would add a C
    // compiler (for torch.compile) and the images would no longer hold the same things.
    '--no-infer-system-packages',
    '--json',
  ];
}

/** Arguments of a plain `docker buildx build --push` of a baseline Dockerfile (pure). */
export function baselineBuildxArgs({ dockerfile, repo, baseImage, image, indexUrl, metadataFile }) {
  return [
    'buildx',
    'build',
    '--progress=plain',
    '--network',
    'host',
    '--file',
    dockerfile,
    '--build-arg',
    `BASE_IMAGE=${baseImage}`,
    '--build-arg',
    `PIP_INDEX_URL=${indexUrl}`,
    '--tag',
    image,
    '--push',
    '--provenance=false',
    '--metadata-file',
    metadataFile,
    repo,
  ];
}

/** The JSON object the CLI prints last on stdout (`--json`). */
export function lastJsonObject(stdout) {
  const start = stdout.lastIndexOf('\n{\n');
  const text = start >= 0 ? stdout.slice(start + 1) : stdout.trimStart();
  return JSON.parse(text);
}

/**
 * Builds with the action's CLI (the shipped bundle) against the bench engine and registry.
 * `home` holds the runner's caches (the source digest cache): a fresh runner gets an empty one.
 */
export async function buildWithAction({ cli, repo, baseImage, indexUrl, home }) {
  const repository = 'bench/action';
  const env = { ...process.env, DOCKER_HOST: BENCH_DOCKER_HOST, HOME: home };
  delete env.DOCKER_CONFIG;
  delete env.XDG_CACHE_HOME;
  const result = await run(
    process.execPath,
    actionCliArgs({ cli, repo, baseImage, repository, indexUrl }),
    { env },
  );
  if (result.code !== 0) {
    throw new Error(`the action's build failed (exit ${result.code}):\n${tail(result)}`);
  }
  const output = lastJsonObject(result.stdout);
  return {
    ms: result.ms,
    built: output.built === true,
    image: output.image,
    repository,
    tag: output.tag,
    digest: output.digest,
    log: result.stderr,
  };
}

/** Builds a baseline Dockerfile with plain buildx and pushes it under `tag`. */
export async function buildBaseline({ tool, dockerfile, repo, baseImage, indexUrl, tag, env }) {
  const repository = `bench/${tool}`;
  const image = `${REGISTRY_HOST}/${repository}:${tag}`;
  const dir = await mkdtemp(join(process.env.TMPDIR || '/tmp', 'bench-meta-'));
  const metadataFile = join(dir, 'metadata.json');
  try {
    const result = await run(
      'docker',
      baselineBuildxArgs({ dockerfile, repo, baseImage, image, indexUrl, metadataFile }),
      { env: { ...env, BUILDX_NO_DEFAULT_ATTESTATIONS: '1' } },
    );
    if (result.code !== 0) {
      throw new Error(`the ${tool} baseline build failed (exit ${result.code}):\n${tail(result)}`);
    }
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8'));
    return {
      ms: result.ms,
      built: true,
      image,
      repository,
      tag,
      digest: metadata['containerimage.digest'],
      log: `${result.stdout}\n${result.stderr}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tail(result) {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
}
