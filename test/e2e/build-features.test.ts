/**
 * Build secrets, ssh, annotations, attestations and an unreachable package index on the real engine, BuildKit and registry,
 * through the bundled action: a secret reaches `RUN --mount=type=secret` (its hash is printed, never
 * the value), is in no layer of the image (`docker save` scanned byte by byte), in no argument of
 * any docker command (a wrapper records them) and nowhere in the log but the mask command. The
 * engine's docker driver keeps Docker v2 manifests: annotations are said to be dropped (and are),
 * provenance fails before building.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  registryFetch,
  registryTags,
  uniqueRepo,
} from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';
import { formatBytes } from '../../src/registry/image-size.js';

const credentials = { username: REGISTRY_USER, password: REGISTRY_PASSWORD };
const token = `tok-${randomBytes(12).toString('hex')}`;
const fileSecret = `file-${randomBytes(12).toString('hex')}`;
const marker = `marker-${randomBytes(8).toString('hex')}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let work: string;
let repo: MlRepo;
let argvLog: string;
let wrapperDir: string;
let agent: { socket: string; pid: string } | undefined;

const DOCKERFILE = `FROM ${PYTHON_BASE_IMAGE}
RUN echo ${marker} > /marker.txt
RUN --mount=type=secret,id=token --mount=type=secret,id=netrc --mount=type=ssh \\
    echo "token-sha256=$(sha256sum < /run/secrets/token | cut -c1-64)" \\
    && echo "netrc-sha256=$(sha256sum < /run/secrets/netrc | cut -c1-64)" \\
    && test -S "$SSH_AUTH_SOCK" && echo "ssh-agent=socket"
COPY train.py /app/train.py
CMD ["python3", "/app/train.py"]
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'launch-build-secrets-'));
  repo = await makeMlRepo(join(work, 'repo'), { imports: [], files: { Dockerfile: DOCKERFILE } });
  // The secret file lives outside the build context, as it must.
  await writeFile(join(work, 'netrc'), fileSecret, { mode: 0o600 });
  // Every docker command the step runs, with its arguments, goes through this wrapper.
  const real = (await runChecked('sh', ['-c', 'command -v docker'])).stdout.trim();
  wrapperDir = join(work, 'bin');
  argvLog = join(work, 'docker-argv.log');
  await mkdir(wrapperDir);
  await writeFile(
    join(wrapperDir, 'docker'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "$DOCKER_ARGV_LOG"\nexec ${real} "$@"\n`,
  );
  await chmod(join(wrapperDir, 'docker'), 0o755);
  // A real SSH agent with a key in it, for `ssh: default`.
  const socket = join(work, 'agent.sock');
  const started = await runChecked('ssh-agent', ['-a', socket, '-s']);
  agent = { socket, pid: /SSH_AGENT_PID=(\d+)/.exec(started.stdout)![1]! };
  await runChecked('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'id')]);
  await runChecked('ssh-add', [join(work, 'id')], {
    env: { ...process.env, SSH_AUTH_SOCK: socket },
  });
});
afterAll(async () => {
  if (agent) process.kill(Number(agent.pid));
  await rm(work, { recursive: true, force: true });
});

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

/** Which of `needles` occur anywhere in `docker save image` (layers are uncompressed tars there). */
function foundInImage(image: string, needles: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] });
    const wanted = needles.map((needle) => Buffer.from(needle));
    const longest = Math.max(...wanted.map((needle) => needle.length));
    const found = new Set<string>();
    let tail = Buffer.alloc(0);
    save.stdout.on('data', (chunk: Buffer) => {
      const window = Buffer.concat([tail, chunk]);
      wanted.forEach((needle, index) => {
        if (window.includes(needle)) found.add(needles[index]!);
      });
      tail = window.subarray(Math.max(0, window.length - longest));
    });
    save.on('error', reject);
    save.on('close', (code) =>
      code === 0 ? resolve([...found]) : reject(new Error(`docker save exited ${code}`)),
    );
  });
}

describe('build secrets, ssh and a named builder instance', () => {
  const repository = uniqueRepo('e2e/build-secrets');
  const destination = `${REGISTRY_HOST}/${repository}`;
  let run: ActionRun;

  it('a secret, a secret file and the SSH agent reach RUN --mount; annotations are said to be dropped', async () => {
    run = await runAction({
      workspace: repo.dir,
      inputs: {
        ...credentials,
        destination,
        dockerfile: 'Dockerfile',
        network: 'host',
        'no-cache': 'true',
        builder: 'default',
        secrets: `token=${token}`,
        'secret-files': `netrc=${join(work, 'netrc')}`,
        ssh: 'default',
        annotations: 'org.opencontainers.image.description=secrets test',
      },
      env: {
        PATH: `${wrapperDir}:${process.env.PATH}`,
        DOCKER_ARGV_LOG: argvLog,
        SSH_AUTH_SOCK: agent!.socket,
      },
    });
    expectSuccess(run);
    const log = run.stdout + run.stderr;
    expect(log).toContain(`token-sha256=${sha256(token)}`);
    expect(log).toContain(`netrc-sha256=${sha256(fileSecret)}`);
    expect(log).toContain('ssh-agent=socket');
    // Masked: registered with the runner before anything ran, and printed nowhere else.
    expect(run.masks).toContain(token);
    expect(log.split(token).length - 1).toBe(
      (log.match(new RegExp(`::add-mask::${token}`, 'g')) ?? []).length,
    );
    expect(log).not.toContain(fileSecret);

    // Never on a command line: buildx got the variable's name and the file's path.
    const argv = await readFile(argvLog, 'utf8');
    const build = argv.split('\n').find((line) => line.startsWith('buildx build'))!;
    expect(build).toContain('--builder default');
    expect(build).toMatch(/--secret id=token,env=LAUNCH_ACTION_BUILD_SECRET_0/);
    expect(build).toContain(`--secret id=netrc,src=${join(work, 'netrc')}`);
    expect(build).toContain('--ssh default');
    expect(argv).not.toContain(token);
    expect(argv).not.toContain(fileSecret);

    // The docker driver of this engine keeps Docker v2 manifests: annotations are not written,
    // and the step says so (what, why, the fix) instead of dropping them silently.
    const warnings = run.commands.filter((command) => command.command === 'warning');
    expect(warnings.map((w) => w.message).join('\n')).toMatch(
      /annotations are NOT written: buildx's docker driver \(instance default\).*docker\/setup-buildx-action/,
    );
    expect(build).not.toContain('--annotation');
    const manifest = await registryFetch(`/v2/${repository}/manifests/${run.outputs.tag}`, {
      headers: {
        accept:
          'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
    });
    const body = (await manifest.json()) as {
      mediaType?: string;
      annotations?: unknown;
      layers: { size: number }[];
    };
    expect(body.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(body.annotations).toBeUndefined();
    // The job summary's size is the registry's: the sum of the compressed layers.
    const compressed = body.layers.reduce((sum, layer) => sum + layer.size, 0);
    expect(run.summary).toContain(
      `<tr><td>Size</td><td>${formatBytes(compressed)} (compressed layers in the registry)</td></tr>`,
    );

    // Our temporary files (Dockerfile, secret files) are gone.
    const leftovers = await readdir(join(run.job.runnerDir, 'temp')).catch(() => []);
    expect(leftovers.filter((name) => name.startsWith('launch-action-build-'))).toEqual([]);
  });

  it('the image runs and no layer or config holds a secret', async () => {
    const image = run.outputs.image!;
    const ran = await runCommand('docker', ['run', '--rm', '--network', 'host', image]);
    expect(ran.code, ran.stderr).toBe(0);
    // The scan finds what is in a layer (the marker), so not finding the secrets means something.
    expect(await foundInImage(image, [marker, token, fileSecret])).toEqual([marker]);
  });
});

describe('attestations on a builder that cannot store them', () => {
  it('provenance fails before anything is built or pushed, saying why and the fix', async () => {
    const repository = uniqueRepo('e2e/build-provenance');
    const failed = await runAction({
      workspace: repo.dir,
      inputs: {
        ...credentials,
        destination: `${REGISTRY_HOST}/${repository}`,
        dockerfile: 'Dockerfile',
        network: 'host',
        provenance: 'mode=max',
      },
    });
    expect(failed.code).not.toBe(0);
    const errors = failed.commands.filter((command) => command.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      /Input 'provenance' has an invalid value "mode=max": this builder cannot store attestations: buildx's docker driver/,
    );
    expect(errors[0]!.message).toMatch(/docker\/setup-buildx-action/);
    expect(failed.stdout).not.toMatch(/^#\d+ \[/m);
    expect(await registryTags(repository, credentials)).toEqual([]);
  });
});

describe('an unreachable package index', () => {
  it('is reported as such in one annotation naming the host, not the package', async () => {
    const unreachable = await makeMlRepo(join(work, 'unreachable'), {
      requirements: ['numpy==1.26.4'],
    });
    const failed = await runAction({
      workspace: unreachable.dir,
      inputs: {
        'base-image': PYTHON_BASE_IMAGE,
        network: 'host',
        push: 'false',
        // A closed port on this machine; the password must appear nowhere.
        'pip-index-url': 'http://launch:index-s3cret@127.0.0.1:9/simple',
      },
    });
    expect(failed.code).not.toBe(0);
    const errors = failed.commands.filter((command) => command.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      /^The package index 127\.0\.0\.1:9 could not be reached \(connection refused\), so pip could not look up numpy==1\.26\.4\./,
    );
    expect(errors[0]!.message.split('\n')).toHaveLength(1);
    expect(failed.stdout + failed.stderr).not.toContain('index-s3cret');
  });
});
