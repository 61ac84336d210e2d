/**
 * The push progress line, on a push log captured from buildx 0.13 (docker driver, a 30 MB layer
 * pushed to the local registry), replayed slowly under fake timers as a slow registry would send it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { executeBuild } from '../../../src/builder/execute.js';
import { PushProgress } from '../../../src/builder/push-progress.js';
import type { Exec } from '../../../src/platform/exec.js';

const log = readFileSync(
  path.join(
    import.meta.dirname,
    '..',
    '..',
    'fixtures',
    'tool-output',
    'buildx-build-push-progress.log',
  ),
  'utf8',
);
const lines = log.split('\n').map((line) => `${line}\n`);

describe('PushProgress', () => {
  it('says nothing before the push, then the bytes sent every 10 s, nothing after', () => {
    const progress = new PushProgress();
    let now = 0;
    const said: [number, string][] = [];
    for (const line of lines) {
      // 3 s between lines: a slow registry.
      now += 3_000;
      progress.feed(line, now);
      for (let t = now - 2_000; t <= now; t += 1_000) {
        const text = progress.tick(t);
        if (text) said.push([t, text]);
      }
    }
    expect(said.length).toBeGreaterThan(2);
    for (const [index, [time]] of said.entries()) {
      if (index > 0) expect(time - said[index - 1]![0]).toBeLessThanOrEqual(10_000);
    }
    expect(said[0]![1]).toMatch(
      /^Pushing 127\.0\.0\.1:5000\/conv-probe\/push-\d+:1: [\d.]+ MB of 30\.0 MB sent, 0 of 2 layers done \(\d+ s\)$/,
    );
    // After the push step ended: quiet.
    expect(progress.tick(now + 60_000)).toBeUndefined();
  });

  it('counts finished layers and their full size', () => {
    const progress = new PushProgress();
    const start = lines.findIndex((line) => / pushing 127/.test(line));
    const end = lines.findIndex((line) => /^#7 DONE/.test(line));
    progress.feed(lines.slice(start, end).join(''), 0);
    expect(progress.tick(10_000)).toMatch(
      /: 30\.0 MB of 30\.0 MB sent, 2 of 2 layers done \(10 s\)$/,
    );
  });
});

describe('executeBuild prints the push progress', () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('at least every 10 s while buildx pushes', async () => {
    vi.useFakeTimers();
    dir = await mkdtemp(path.join(tmpdir(), 'launch-push-progress-'));
    const metadataFile = path.join(dir, 'metadata.json');
    await writeFile(
      metadataFile,
      JSON.stringify({ 'containerimage.digest': `sha256:${'a'.repeat(64)}` }),
    );
    // buildx, replayed: one line every 4 s.
    const run: Exec = (_file, _args, options) =>
      new Promise((resolve) => {
        lines.forEach((line, index) =>
          setTimeout(() => options?.onStderr?.(line), (index + 1) * 4_000),
        );
        setTimeout(
          () => resolve({ exitCode: 0, stdout: '', stderr: log }),
          (lines.length + 1) * 4_000,
        );
      });
    const output: [number, string][] = [];
    const done = executeBuild(
      'buildx',
      {
        context: dir,
        dockerfile: path.join(dir, 'Dockerfile'),
        tags: ['127.0.0.1:5000/a/b:1'],
        push: true,
        buildArgs: [],
        labels: [],
        secrets: [],
        platforms: [],
        cache: { mode: 'none' },
        metadataFile,
      },
      run,
      {},
      (chunk) => output.push([Date.now(), chunk]),
    );
    await vi.advanceTimersByTimeAsync((lines.length + 2) * 4_000);
    await done;
    const ours = output.filter(([, chunk]) => chunk.startsWith('Pushing '));
    const pushStart = output.find(([, chunk]) => / pushing 127/.test(chunk))![0];
    const pushEnd = output.find(([, chunk]) => /^#7 DONE/.test(chunk))![0];
    expect(ours.length).toBeGreaterThanOrEqual(Math.floor((pushEnd - pushStart) / 10_000));
    const times = [pushStart, ...ours.map(([time]) => time)];
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(10_000);
    expect(ours[0]![1]).toMatch(/MB of 30\.0 MB sent/);
    expect(ours.every(([time]) => time > pushStart && time <= pushEnd)).toBe(true);
  });
});
