/**
 * The outputs sidecar's program run by the real sh, tar, gzip and base64, its log parsed and
 * unpacked; archives made by GNU tar (long names, pax, links, `..`, absolute names) read safely.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  collectorScript,
  parseCollectorLog,
  podOutputsPath,
  tooLargeMessage,
} from '../../../src/kubernetes/outputs.js';
import { collectOutputs } from '../../../src/kubernetes/collect.js';
import { extractTarGz, readTar } from '../../../src/kubernetes/tar.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8s-outputs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the sidecar program on `mount`, stops it as the kubelet does, returns its log. */
async function runCollector(script: string): Promise<string> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  while (!out.includes('launch-outputs ready')) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('close', resolve));
  return out;
}

const logger = () => {
  const messages: string[] = [];
  return {
    messages,
    info: (m: string) => messages.push(`info ${m}`),
    warning: (m: string) => messages.push(`warning ${m}`),
  };
};

function tarGz(cwd: string, args: string[]): Buffer {
  return gzipSync(execFileSync('tar', ['-cf', '-', ...args], { cwd, maxBuffer: 64 << 20 }));
}

describe('outputs sidecar', () => {
  it('packs the directory on SIGTERM; the runner unpacks the same files and reads metrics', async () => {
    const mount = join(dir, 'mount');
    await mkdir(join(mount, 'checkpoints', 'deep'), { recursive: true });
    await writeFile(join(mount, 'metrics.json'), '{"loss": 0.25, "accuracy": 0.75, "note": "x"}');
    const blob = randomBytes(300_000);
    await writeFile(join(mount, 'checkpoints', 'deep', `${'n'.repeat(120)}.bin`), blob);
    const log = await runCollector(collectorScript(undefined, undefined, mount));
    const report = parseCollectorLog(log);
    expect(report.kind).toBe('archive');
    const host = join(dir, 'host');
    const log2 = logger();
    const collected = await collectOutputs(
      () => Promise.resolve(log),
      { hostDir: host, resultFile: join(dir, 'result.json') },
      '/home/app/outputs',
      log2,
    );
    expect(collected).toEqual({ metrics: { loss: 0.25, accuracy: 0.75 } });
    expect(log2.messages.join('\n')).toContain('note is not a number');
    const back = await readFile(join(host, 'checkpoints', 'deep', `${'n'.repeat(120)}.bin`));
    expect(back.equals(blob)).toBe(true);
  });

  it('refuses outputs over the bound with a message naming size, limit and what to do', async () => {
    const mount = join(dir, 'mount');
    await mkdir(mount);
    await writeFile(join(mount, 'model.bin'), randomBytes(50_000));
    const report = parseCollectorLog(await runCollector(collectorScript(10_000, 1 << 20, mount)));
    expect(report).toMatchObject({ kind: 'too-large', what: 'compressed' });
    const unpacked = parseCollectorLog(await runCollector(collectorScript(1 << 20, 8192, mount)));
    expect(unpacked).toMatchObject({ kind: 'too-large', what: 'unpacked' });
    const message = tooLargeMessage(
      { kind: 'too-large', what: 'compressed', unpackedBytes: 50 * 1024 * 1024 },
      '/home/app/outputs',
    );
    expect(message).toContain('/home/app/outputs (50.0 MiB of files)');
    expect(message).toContain('at most 4.0 MiB compressed');
    expect(message).toContain('object storage or a persistent volume');
  });

  it('detects a log cut short or altered', async () => {
    const mount = join(dir, 'mount');
    await mkdir(mount);
    await writeFile(join(mount, 'a.txt'), randomBytes(20_000).toString('hex'));
    const log = await runCollector(collectorScript(undefined, undefined, mount));
    const lines = log.split('\n');
    const cut = lines.slice(0, -4).join('\n');
    expect(parseCollectorLog(cut)).toMatchObject({ kind: 'error', message: /cut short/ });
    const begin = lines.findIndex((l) => l.startsWith('launch-outputs begin'));
    const altered = [...lines];
    altered[begin + 1] = `B${altered[begin + 1]!.slice(1)}`;
    expect(parseCollectorLog(altered.join('\n'))).toMatchObject({
      kind: 'error',
      message: /SHA-256/,
    });
    expect(parseCollectorLog('exec: sh: not found\n')).toMatchObject({
      kind: 'error',
      message: /lacks sh, tar, gzip or base64/,
    });
  });
});

describe('tar from a pod', () => {
  it.each([
    ['gnu', 'gnu'],
    ['pax', 'posix'],
    ['ustar', 'ustar'],
  ])('reads long names in %s format as GNU tar wrote them', async (_label, format) => {
    const src = join(dir, 'src');
    const long = `${'d'.repeat(90)}/${'f'.repeat(90)}.txt`;
    await mkdir(join(src, 'd'.repeat(90)), { recursive: true });
    await writeFile(join(src, long), 'long');
    const entries = readTar(
      execFileSync('tar', [`--format=${format}`, '-cf', '-', '.'], { cwd: src }),
    );
    expect(entries.find((e) => e.type === 'file')?.name).toBe(`./${long}`);
  });

  it('refuses a name that climbs out or is absolute, and writes nothing', async () => {
    const src = join(dir, 'a', 'b');
    await mkdir(src, { recursive: true });
    await writeFile(join(dir, 'a', 'evil.txt'), 'evil');
    await writeFile(join(src, 'ok.txt'), 'ok');
    const target = join(dir, 'target');
    const climbing = tarGz(src, ['-P', 'ok.txt', '../evil.txt']);
    await expect(extractTarGz(climbing, target, 1 << 20)).rejects.toThrow(
      /"..\/evil.txt" climbs out/,
    );
    expect(existsSync(join(target, 'ok.txt'))).toBe(false);
    expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    const absolute = tarGz(src, ['-P', join(src, 'ok.txt')]);
    await expect(extractTarGz(absolute, target, 1 << 20)).rejects.toThrow(/is an absolute path/);
  });

  it('leaves out links, bounds the unpacked size, refuses what is not gzip', async () => {
    const src = join(dir, 'src');
    await mkdir(src);
    await writeFile(join(src, 'real.txt'), 'real');
    await symlink('/etc/passwd', join(src, 'passwd'));
    const target = join(dir, 'target');
    const result = await extractTarGz(tarGz(src, ['.']), target, 1 << 20);
    expect(result.files).toBe(1);
    expect(result.skipped).toEqual(['passwd (tar type 2)']);
    expect((await readdir(target)).sort()).toEqual(['real.txt']);
    await writeFile(join(src, 'zeros.bin'), Buffer.alloc(2 << 20));
    await expect(extractTarGz(tarGz(src, ['.']), join(dir, 't2'), 1 << 20)).rejects.toThrow(
      /unpack to more than/,
    );
    await expect(extractTarGz(Buffer.from('nope'), join(dir, 't3'), 1 << 20)).rejects.toThrow(
      /not gzip/,
    );
  });

  it('places a relative outputs-path under the image working directory', () => {
    expect(podOutputsPath('outputs', '/home/app')).toBe('/home/app/outputs');
    expect(podOutputsPath('outputs', '')).toBe('/outputs');
    expect(podOutputsPath('runs/1', 'work')).toBe('/work/runs/1');
  });
});
