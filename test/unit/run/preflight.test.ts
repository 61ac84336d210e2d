/**
 * GPU preflight through real processes: fake `nvidia-smi` and `docker` executables (shell scripts
 * placed first on PATH) stand in for a GPU host, and the real `spawnExec` runs them.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGpuRequest } from '../../../src/run/argv.js';
import type { RunDeps } from '../../../src/run/deps.js';
import { runProgram as spawnExec } from '../../../src/platform/exec.js';
import { preflightGpus } from '../../../src/run/preflight.js';

interface Host {
  /** nvidia-smi CSV lines, or undefined for a host without it. */
  gpus?: string[];
  nvidiaSmiFails?: boolean;
  runtimes: string;
  imageEnv: string[];
  /** The image's labels (`Config.Labels`). */
  imageLabels?: Record<string, string>;
}

function gpuLine(index: number, driver: string, name = 'NVIDIA A10G', computeCap = '8.6'): string {
  return `GPU-${index}aaaaaaa-0000-0000-0000-000000000000, ${name}, ${driver}, 0 MiB, 23028 MiB, ${computeCap}`;
}

const WITH_NVIDIA =
  '{"io.containerd.runc.v2":{"path":"runc"},"nvidia":{"path":"nvidia-container-runtime"},"runc":{"path":"runc"}}';
const WITHOUT_NVIDIA = '{"io.containerd.runc.v2":{"path":"runc"},"runc":{"path":"runc"}}';

/** Writes the fake executables into a fresh directory and returns deps whose PATH starts there. */
function fakeHost(host: Host): { deps: RunDeps; logs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-gpu-host-'));
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  if (host.gpus) {
    writeFileSync(join(dir, 'gpus.csv'), host.gpus.map((line) => `${line}\n`).join(''));
    script(
      'nvidia-smi',
      host.nvidiaSmiFails
        ? `echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." >&2; exit 9`
        : `[ "$1" = "--query-gpu=uuid,name,driver_version,memory.used,memory.total,compute_cap" ] && [ "$2" = "--format=csv,noheader" ] || { echo "bad args: $*" >&2; exit 2; }\ncat "${dir}/gpus.csv"`,
    );
  }
  writeFileSync(join(dir, 'runtimes.json'), host.runtimes);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ Env: host.imageEnv, Labels: host.imageLabels ?? null }),
  );
  script(
    'docker',
    [
      'if [ "$1 $2 $3" = "info --format {{json .Runtimes}}" ]; then cat "' +
        dir +
        '/runtimes.json"; exit 0; fi',
      'if [ "$1 $2 $3 $4" = "image inspect --format {{json .Config}}" ]; then cat "' +
        dir +
        '/config.json"; exit 0; fi',
      'echo "unexpected docker call: $*" >&2; exit 1',
    ].join('\n'),
  );
  const logs: string[] = [];
  const deps: RunDeps = {
    exec: spawnExec,
    log: {
      info: (m) => logs.push(`info: ${m}`),
      warning: (m) => logs.push(`warning: ${m}`),
      error: (m) => logs.push(`error: ${m}`),
    },
    saveState: () => undefined,
    // Only the fake directory and the shell's own: a missing fake really is missing.
    env: { PATH: `${dir}:/usr/bin:/bin` },
  };
  return { deps, logs };
}

const cuda = (version: string) => [`PATH=/usr/local/cuda/bin:/usr/bin`, `CUDA_VERSION=${version}`];

describe('preflightGpus on fake GPU hosts', () => {
  it.each([
    // driver, GPU count, image CUDA, gpus request, verdict
    ['570.124.06', 1, '12.8.1', 'all', 'pass'],
    ['575.57.08', 8, '12.8.1', '8', 'pass'],
    ['580.95.05', 2, '13.0.2', 'device=1', 'pass'],
    ['550.54.15', 2, '12.4.1', 'device=0,1', 'pass'],
    ['535.104.05', 4, '12.8.1', '2', 'warn'],
    ['525.60.13', 1, '12.6.3', 'all', 'warn'],
    ['580.65.06', 1, '13.1.1', 'all', 'warn'],
    ['520.61.05', 1, '12.4.1', 'all', 'fail'],
    ['470.42.01', 2, '12.0.0', 'all', 'fail'],
    ['575.57.08', 1, '13.0.0', 'all', 'fail'],
  ])(
    'driver %s × %i GPU(s), CUDA %s, gpus %s → %s',
    async (driver, count, cudaVersion, request, verdict) => {
      const { deps, logs } = fakeHost({
        gpus: Array.from({ length: count }, (_, i) => gpuLine(i, driver)),
        runtimes: WITH_NVIDIA,
        imageEnv: cuda(cudaVersion),
      });
      const run = preflightGpus(deps, 'img:1', parseGpuRequest(request)!);
      if (verdict === 'fail') {
        await expect(run).rejects.toThrow(
          new RegExp(`needs NVIDIA driver >= [\\d.]+.*this runner has ${driver}`),
        );
        return;
      }
      const result = await run;
      expect(result.gpus).toHaveLength(count);
      expect(result.gpus[0]?.driverVersion).toBe(driver);
      if (verdict === 'warn') {
        expect(
          logs.some((l) => l.startsWith('warning:') && l.includes('minor-version compatibility')),
        ).toBe(true);
        expect(result.containerEnv).toEqual([['NVIDIA_DISABLE_REQUIRE', 'true']]);
      } else {
        expect(logs.some((l) => l.startsWith('warning:'))).toBe(false);
        expect(result.containerEnv).toEqual([]);
      }
    },
  );

  it('names the exact minimum driver when refusing', async () => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '520.61.05')],
      runtimes: WITH_NVIDIA,
      imageEnv: cuda('12.8.1'),
    });
    await expect(preflightGpus(deps, 'img:1', { kind: 'all' })).rejects.toThrow('>= 570.124.06');
  });

  it('prefers the cuda-version input over the image', async () => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '560.35.05')],
      runtimes: WITH_NVIDIA,
      imageEnv: cuda('12.8.1'),
    });
    const result = await preflightGpus(deps, 'img:1', { kind: 'all' }, '12.6');
    expect(result.containerEnv).toEqual([]);
  });

  it('skips the driver check for an image without CUDA_VERSION', async () => {
    const { deps, logs } = fakeHost({
      gpus: [gpuLine(0, '450.80.02')],
      runtimes: WITH_NVIDIA,
      imageEnv: ['PATH=/usr/bin'],
    });
    await preflightGpus(deps, 'img:1', { kind: 'all' });
    expect(
      logs.some((l) =>
        l.includes('declares no CUDA_VERSION, its requirements imply no CUDA version'),
      ),
    ).toBe(true);
  });

  // A slim Python image with pip CUDA wheels: no CUDA_VERSION, only the labels recorded at build time.
  const wheelLabels = {
    'dev.launch-action.cuda': '12.1',
    'dev.launch-action.cuda-source': 'torch==2.3.1+cu121',
    'dev.launch-action.torch': '2.3.1+cu121',
  };

  it.each([
    ['530.30.02', wheelLabels, 'pass'],
    ['525.85.12', wheelLabels, 'warn'],
    ['520.61.05', wheelLabels, 'fail'],
    ['520.61.05', { 'dev.launch-action.cuda': '12' }, 'fail'],
    ['525.60.13', { 'dev.launch-action.cuda': '12' }, 'pass'],
  ] as const)('driver %s with the CUDA label %j → %s', async (driver, labels, verdict) => {
    const { deps, logs } = fakeHost({
      gpus: [gpuLine(0, driver)],
      runtimes: WITH_NVIDIA,
      imageEnv: ['PATH=/usr/bin'],
      imageLabels: labels,
    });
    const run = preflightGpus(deps, 'img:1', { kind: 'all' });
    if (verdict === 'fail') {
      await expect(run).rejects.toThrow(
        new RegExp(`this runner has ${driver}.*from the image label dev\\.launch-action\\.cuda`),
      );
      return;
    }
    const result = await run;
    const named = logs.filter((l) =>
      l.includes('CUDA version from the image label dev.launch-action.cuda'),
    );
    expect(named).toHaveLength(1);
    expect(named[0]?.startsWith(verdict === 'warn' ? 'warning:' : 'info:')).toBe(true);
    expect(result.containerEnv).toEqual(
      verdict === 'warn' ? [['NVIDIA_DISABLE_REQUIRE', 'true']] : [],
    );
  });

  it('names the requirement behind the label', async () => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '520.61.05')],
      runtimes: WITH_NVIDIA,
      imageEnv: [],
      imageLabels: wheelLabels,
    });
    await expect(preflightGpus(deps, 'img:1', { kind: 'all' })).rejects.toThrow(
      '(from torch==2.3.1+cu121)',
    );
  });

  it('checks both CUDA_VERSION and the label: the base passes, the wheels need a newer driver', async () => {
    const { deps, logs } = fakeHost({
      gpus: [gpuLine(0, '550.54.15')],
      runtimes: WITH_NVIDIA,
      imageEnv: cuda('12.1.1'),
      imageLabels: {
        'dev.launch-action.cuda': '12.8',
        'dev.launch-action.cuda-source': 'index /whl/cu128',
      },
    });
    const result = await preflightGpus(deps, 'img:1', { kind: 'all' });
    expect(logs).toContainEqual(
      expect.stringMatching(/^info: CUDA 12\.1\.1 .*from the image’s CUDA_VERSION/),
    );
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^warning: CUDA 12\.8 needs driver >= 570\.26.*\(from index \/whl\/cu128\)/,
      ),
    );
    expect(result.containerEnv).toEqual([['NVIDIA_DISABLE_REQUIRE', 'true']]);
  });

  it('the cuda-version input wins over the label', async () => {
    const { deps, logs } = fakeHost({
      gpus: [gpuLine(0, '525.60.13')],
      runtimes: WITH_NVIDIA,
      imageEnv: [],
      imageLabels: { 'dev.launch-action.cuda': '12.8' },
    });
    const result = await preflightGpus(deps, 'img:1', { kind: 'all' }, '12.0');
    expect(result.containerEnv).toEqual([]);
    expect(logs.some((l) => l.includes('from the `cuda-version` input'))).toBe(true);
    expect(logs.some((l) => l.includes('image label'))).toBe(false);
  });

  it.each([
    [
      '12.0',
      'NVIDIA RTX PRO 6000 Blackwell',
      /GPU 0 \(NVIDIA RTX PRO 6000 Blackwell\) has compute capability 12\.0 \(sm_120\), but torch 2\.3\.1\+cu121 is built for sm_50–sm_90/,
    ],
    ['3.7', 'Tesla K80', /compute capability 3\.7 \(sm_37\).*older torch release/],
    ['8.0', 'NVIDIA A100-SXM4-80GB', undefined],
  ])('compute capability %s (%s) against the pinned torch build', async (cap, name, warning) => {
    const { deps, logs } = fakeHost({
      gpus: [gpuLine(0, '550.54.15', name, cap)],
      runtimes: WITH_NVIDIA,
      imageEnv: [],
      imageLabels: wheelLabels,
    });
    const result = await preflightGpus(deps, 'img:1', { kind: 'all' });
    expect(result.gpus[0]?.computeCapability).toBe(cap);
    const warnings = logs.filter((l) => l.startsWith('warning:'));
    if (warning) {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(warning);
    } else {
      expect(warnings).toEqual([]);
    }
  });

  it.each([
    ['3', /gpus: 3 requested but this runner has 2 GPU\(s\)/],
    ['device=5', /device 5 does not exist/],
    ['device=GPU-9zzz', /device GPU-9zzz does not exist/],
  ])('refuses gpus %s the host cannot give', async (request, message) => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '570.124.06'), gpuLine(1, '570.124.06')],
      runtimes: WITH_NVIDIA,
      imageEnv: cuda('12.8.1'),
    });
    await expect(preflightGpus(deps, 'img:1', parseGpuRequest(request)!)).rejects.toThrow(message);
  });

  it('accepts a device by UUID', async () => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '570.124.06'), gpuLine(1, '570.124.06')],
      runtimes: WITH_NVIDIA,
      imageEnv: cuda('12.8.1'),
    });
    const result = await preflightGpus(
      deps,
      'img:1',
      parseGpuRequest('device=GPU-1aaaaaaa-0000-0000-0000-000000000000')!,
    );
    expect(result.gpus).toHaveLength(2);
  });

  it('explains a host without nvidia-smi', async () => {
    const { deps } = fakeHost({ runtimes: WITH_NVIDIA, imageEnv: [] });
    await expect(preflightGpus(deps, 'img:1', { kind: 'all' })).rejects.toThrow(
      /nvidia-smi was not found.*gpus: none/,
    );
  });

  it('explains a driver that does not answer', async () => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '1')],
      nvidiaSmiFails: true,
      runtimes: WITH_NVIDIA,
      imageEnv: [],
    });
    await expect(preflightGpus(deps, 'img:1', { kind: 'all' })).rejects.toThrow(
      /nvidia-smi failed \(exit 9\).*couldn't communicate/,
    );
  });

  it('explains a docker without the NVIDIA runtime', async () => {
    const { deps } = fakeHost({
      gpus: [gpuLine(0, '570.124.06')],
      runtimes: WITHOUT_NVIDIA,
      imageEnv: cuda('12.8.1'),
    });
    await expect(preflightGpus(deps, 'img:1', { kind: 'all' })).rejects.toThrow(
      /no NVIDIA runtime.*NVIDIA Container Toolkit.*nvidia-ctk runtime configure --runtime=docker.*restart docker/,
    );
  });

  it('skips every GPU check for gpus: none', async () => {
    const { deps } = fakeHost({ runtimes: WITHOUT_NVIDIA, imageEnv: [] });
    expect(await preflightGpus(deps, 'img:1', { kind: 'none' })).toEqual({
      gpus: [],
      containerEnv: [],
    });
  });
});
