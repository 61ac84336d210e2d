// The bench's own engine and registry. "Fresh runner" steps wipe build cache and images, so they
// run on a second dockerd (own data root, exec root and socket), never on the main one the e2e
// tests share; the registry is a second docker-registry on 127.0.0.1:5001 with its own storage.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { pipe, run, runChecked } from './exec.mjs';

export const BENCH_SOCKET = '/var/run/docker-bench.sock';
export const BENCH_DOCKER_HOST = `unix://${BENCH_SOCKET}`;
export const REGISTRY_HOST = '127.0.0.1:5001';
export const REGISTRY_USER = 'launch';
export const REGISTRY_PASSWORD = 'launch-test-password';

const DOCKERD_PIDFILE = '/var/run/docker-bench.pid';

/** The dockerd flags: own state everywhere, no bridge (builds use the host network). */
export function benchDockerdArgs() {
  return [
    '--data-root',
    '/var/lib/docker-bench',
    '--exec-root',
    '/var/run/docker-bench',
    '--pidfile',
    DOCKERD_PIDFILE,
    '-H',
    BENCH_DOCKER_HOST,
    '--bridge=none',
    '--iptables=false',
    '--ip-forward=false',
    '--ip-masq=false',
  ];
}

/** Environment for docker CLI calls against the bench engine (`dockerConfig`: its login state). */
export function benchDockerEnv(dockerConfig) {
  return { ...process.env, DOCKER_HOST: BENCH_DOCKER_HOST, DOCKER_CONFIG: dockerConfig };
}

async function pidAlive(file) {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function waitUntil(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await sleep(250);
  }
}

function startDetached(command, args, logFile) {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  return child.pid;
}

async function stopPid(pid, what) {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 30_000; waited += 250) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(250);
  }
  throw new Error(`${what} (pid ${pid}) did not stop within 30 s`);
}

export class BenchInfra {
  /** @param {string} stateDir where logs, registry storage and login state live */
  constructor(stateDir, log) {
    this.stateDir = stateDir;
    this.log = log;
    this.registryDir = join(stateDir, 'registry-data');
    this.dockerConfig = join(stateDir, 'docker-config');
    this.env = benchDockerEnv(this.dockerConfig);
    this.registryPid = undefined;
    this.registryPidFile = join(stateDir, 'registry.pid');
    this.startedEngine = false;
  }

  async up(baseImage) {
    await mkdir(this.stateDir, { recursive: true });
    await this.startEngine();
    await this.loadBaseImage(baseImage);
    await this.startRegistry();
    await mkdir(this.dockerConfig, { recursive: true });
    await runChecked(
      'docker',
      ['login', REGISTRY_HOST, '--username', REGISTRY_USER, '--password-stdin'],
      { env: this.env, input: REGISTRY_PASSWORD },
    );
  }

  async down() {
    await this.stopRegistry();
    if (this.startedEngine) await stopPid(await pidAlive(DOCKERD_PIDFILE), 'bench dockerd');
  }

  async engineAnswers() {
    return (
      (await run('docker', ['info', '--format', '{{.ServerVersion}}'], { env: this.env })).code ===
      0
    );
  }

  async startEngine() {
    if (await this.engineAnswers()) {
      this.log('bench dockerd already answers on', BENCH_SOCKET);
      this.startedEngine = true; // left over from an interrupted run: ours, so stop it at the end
      return;
    }
    if (!(await pidAlive(DOCKERD_PIDFILE))) {
      startDetached('dockerd', benchDockerdArgs(), join(this.stateDir, 'dockerd.log'));
    }
    this.startedEngine = true;
    await waitUntil('bench dockerd', () => this.engineAnswers(), 60_000);
    this.log('bench dockerd ready on', BENCH_SOCKET);
  }

  /** Copies the base image from the main engine (read only there) into the bench engine. */
  async loadBaseImage(image) {
    const present = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      env: this.env,
    });
    if (present.code !== 0) {
      const result = await pipe(
        ['docker', ['save', image]],
        ['docker', ['load'], { env: this.env }],
      );
      if (result.codes.some((code) => code !== 0)) {
        throw new Error(`copying ${image} into the bench engine failed: ${result.stderr}`);
      }
    }
    const id = await runChecked(
      'docker',
      ['image', 'inspect', '--format', '{{.Id}} {{.Size}}', image],
      { env: this.env },
    );
    const [baseId, size] = id.stdout.trim().split(' ');
    this.baseImage = image;
    this.baseImageId = baseId;
    this.baseImageSize = Number(size);
  }

  async registryStatus() {
    try {
      const response = await fetch(`http://${REGISTRY_HOST}/v2/`);
      return response.status;
    } catch {
      return 0;
    }
  }

  async startRegistry() {
    // A registry left running by an interrupted bench run: ours (its pid file), so replace it.
    await stopPid(await pidAlive(this.registryPidFile), 'leftover bench registry');
    const status = await this.registryStatus();
    if (status !== 0) {
      throw new Error(
        `something already answers on ${REGISTRY_HOST} (GET /v2/ → ${status}); stop it first`,
      );
    }
    await mkdir(this.registryDir, { recursive: true });
    const htpasswd = await runChecked('htpasswd', ['-Bbn', REGISTRY_USER, REGISTRY_PASSWORD]);
    await writeFile(join(this.stateDir, 'htpasswd'), htpasswd.stdout);
    const config = [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${this.registryDir}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${REGISTRY_HOST}`,
      'auth:',
      '  htpasswd:',
      '    realm: launch-action-bench',
      `    path: ${join(this.stateDir, 'htpasswd')}`,
      '',
    ].join('\n');
    await writeFile(join(this.stateDir, 'registry.yml'), config);
    this.registryPid = startDetached(
      'docker-registry',
      ['serve', join(this.stateDir, 'registry.yml')],
      join(this.stateDir, 'registry.log'),
    );
    await writeFile(this.registryPidFile, `${this.registryPid}\n`);
    await waitUntil('bench registry', async () => (await this.registryStatus()) === 401, 30_000);
  }

  async stopRegistry() {
    await stopPid(this.registryPid, 'bench registry');
    this.registryPid = undefined;
    await rm(this.registryPidFile, { force: true });
  }

  /** An empty registry: what a cold build pushes into. */
  async resetRegistry() {
    await this.stopRegistry();
    await rm(this.registryDir, { recursive: true, force: true });
    await this.startRegistry();
  }

  /**
   * A fresh runner: no build cache (cache mounts included) and no image but the base image.
   * Only on the bench engine.
   */
  async resetEngine() {
    await runChecked('docker', ['builder', 'prune', '--all', '--force'], { env: this.env });
    const images = await runChecked(
      'docker',
      ['image', 'ls', '--all', '--no-trunc', '--format', '{{.ID}}'],
      { env: this.env },
    );
    const ids = [
      ...new Set(
        images.stdout
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ];
    const remove = ids.filter((id) => id !== this.baseImageId);
    if (remove.length > 0) {
      await runChecked('docker', ['image', 'rm', '--force', ...remove], { env: this.env });
    }
    await runChecked('docker', ['builder', 'prune', '--all', '--force'], { env: this.env });
  }

  /** Bytes of all blobs the registry stores (compressed layers, configs, manifests). */
  async registryBytes() {
    return blobBytes(join(this.registryDir, 'docker', 'registry', 'v2', 'blobs'));
  }

  /** The manifest of `repository:tag`: config and layer sizes (compressed, as pushed). */
  async manifest(repository, tag) {
    const auth = Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64');
    const response = await fetch(`http://${REGISTRY_HOST}/v2/${repository}/manifests/${tag}`, {
      headers: {
        authorization: `Basic ${auth}`,
        accept: [
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ].join(', '),
      },
    });
    if (!response.ok) throw new Error(`GET manifest ${repository}:${tag} → ${response.status}`);
    const manifest = await response.json();
    const layers = manifest.layers ?? [];
    return {
      digest: response.headers.get('docker-content-digest'),
      layers: layers.map((layer) => layer.size),
      bytes: layers.reduce((sum, layer) => sum + layer.size, 0) + (manifest.config?.size ?? 0),
    };
  }
}

async function blobBytes(dir) {
  let total = 0;
  const walk = async (path) => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) total += (await stat(child)).size;
    }
  };
  await walk(dir);
  return total;
}
