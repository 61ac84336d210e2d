/**
 * runImage on a simulated GPU host: fake `nvidia-smi` and `docker` executables first on PATH record
 * how they were called, so the GPU-only paths (preflight, `--gpus`, toolkit errors) run for real
 * without a GPU. The same paths on the real engine (with `gpus: none`) are in test/e2e/run.test.ts.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { runProgram as spawnExec } from '../../../src/platform/exec.js';
import { readRunInputs, runImage, type RunDeps } from '../../../src/run/index.js';

interface FakeHost {
  driver: string;
  imageCuda: string;
  /** What the fake `docker run` does: print and exit. */
  runStdout?: string;
  runStderr?: string;
  runExit?: number;
}

function fakeHost(host: FakeHost) {
  const dir = mkdtempSync(join(tmpdir(), 'fake-run-host-'));
  const write = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  writeFileSync(join(dir, 'run.out'), host.runStdout ?? '');
  writeFileSync(join(dir, 'run.err'), host.runStderr ?? '');
  write(
    'nvidia-smi',
    `echo "GPU-0aaa, NVIDIA L4, ${host.driver}, 0 MiB, 23034 MiB, 8.9"\necho "GPU-1bbb, NVIDIA L4, ${host.driver}, 0 MiB, 23034 MiB, 8.9"`,
  );
  write(
    'docker',
    [
      `printf '%s\\n' "$*" >> "${dir}/calls.log"`,
      'case "$1" in',
      `  info) case "$3" in *Runtimes*) echo '{"nvidia":{"path":"nvidia-container-runtime"},"runc":{"path":"runc"}}';; *) echo "${dir}";; esac ;;`,
      `  image) case "$2" in inspect) case "$4" in '{{json .Config}}') echo '{"Env":["CUDA_VERSION=${host.imageCuda}"],"Labels":null}';; *WorkingDir*) echo /app;; *) echo sha256:img;; esac;; ls) ;; esac ;;`,
      '  pull) echo pulled ;;',
      `  run) printf 'SEED=%s\\n' "$SEED" >> "${dir}/run.env"; printf 'NVIDIA_DISABLE_REQUIRE=%s\\n' "$NVIDIA_DISABLE_REQUIRE" >> "${dir}/run.env"; cat "${dir}/run.out"; cat "${dir}/run.err" >&2; exit ${host.runExit ?? 0} ;;`,
      '  *) echo "unexpected: $*" >&2; exit 1 ;;',
      'esac',
    ].join('\n'),
  );
  let stdout = '';
  const logs: string[] = [];
  const deps: RunDeps = {
    exec: spawnExec,
    log: {
      info: (m) => logs.push(`info: ${m}`),
      warning: (m) => logs.push(`warning: ${m}`),
      error: (m) => logs.push(`error: ${m}`),
    },
    saveState: () => undefined,
    env: {
      PATH: `${dir}:/usr/bin:/bin`,
      GITHUB_RUN_ID: '77',
      GITHUB_JOB: 'train',
      RUNNER_TEMP: dir,
    },
    freeBytes: () => 500 * 1024 ** 3,
    stdout: (chunk) => (stdout += chunk),
    stderr: () => undefined,
  };
  return {
    deps,
    logs,
    stdout: () => stdout,
    calls: () => readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n'),
    runEnv: () => readFileSync(join(dir, 'run.env'), 'utf8'),
  };
}

const inputs = (values: Record<string, string>) =>
  readRunInputs(new InputReader(mapInputSource(values)), {
    network: 'default',
    env: [['SEED', '7']],
  });

describe('runImage on a simulated GPU host', () => {
  it('runs with --gpus and reports the GPUs', async () => {
    const host = fakeHost({
      driver: '570.124.06',
      imageCuda: '12.8.1',
      runStdout: 'epoch 1 loss 0.5\n',
    });
    const result = await runImage('reg/train@sha256:abc', inputs({ gpus: '2' }), host.deps);
    expect(result.exitCode).toBe(0);
    expect(result.gpu).toBe('2 x NVIDIA L4 (driver 570.124.06)');
    expect(host.stdout()).toContain('epoch 1 loss 0.5');
    const run = host.calls().find((call) => call.startsWith('run '));
    expect(run).toMatch(
      /^run --rm --init --name launch-77-train-[0-9a-f]{8} --label launch-action\.job=77-train --gpus 2 --shm-size=8g --mount type=bind,source=\S+\/launch-runs\/launch-77-train-[0-9a-f]{8}\/outputs,target=\/app\/outputs --env SEED reg\/train@sha256:abc$/,
    );
    expect(result.outputsDir).toMatch(/launch-runs\/launch-77-train-[0-9a-f]{8}\/outputs$/);
    const record = JSON.parse(readFileSync(result.resultFile ?? '', 'utf8'));
    expect(record).toEqual({
      exitCode: 0,
      durationSeconds: result.durationSeconds,
      gpu: '2 x NVIDIA L4 (driver 570.124.06)',
      metrics: {},
      logTail: ['epoch 1 loss 0.5'],
    });
    expect(host.runEnv()).toContain('SEED=7');
    expect(host.runEnv()).toContain('NVIDIA_DISABLE_REQUIRE=\n');
  });

  it('relaxes the toolkit check under minor-version compatibility', async () => {
    const host = fakeHost({ driver: '535.104.05', imageCuda: '12.8.1' });
    const result = await runImage('reg/train:1', inputs({}), host.deps);
    expect(result.exitCode).toBe(0);
    expect(host.logs.some((l) => l.startsWith('warning:') && l.includes('570.124.06'))).toBe(true);
    expect(host.calls().find((call) => call.startsWith('run '))).toContain(
      '--env NVIDIA_DISABLE_REQUIRE',
    );
    expect(host.runEnv()).toContain('NVIDIA_DISABLE_REQUIRE=true');
  });

  it('refuses before docker run when the driver is too old', async () => {
    const host = fakeHost({ driver: '520.61.05', imageCuda: '12.8.1' });
    await expect(runImage('reg/train:1', inputs({}), host.deps)).rejects.toThrow(/>= 570\.124\.06/);
    expect(host.calls().some((call) => call.startsWith('run '))).toBe(false);
  });

  it('explains docker’s "could not select device driver" error', async () => {
    const host = fakeHost({
      driver: '570.124.06',
      imageCuda: '12.8.1',
      runStderr:
        'docker: Error response from daemon: could not select device driver "" with capabilities: [[gpu]].\n',
      runExit: 125,
    });
    await expect(runImage('reg/train:1', inputs({}), host.deps)).rejects.toThrow(
      /NVIDIA Container Toolkit.*nvidia-ctk runtime configure --runtime=docker.*restart docker/,
    );
  });

  it('explains the toolkit refusing an image for the driver', async () => {
    const host = fakeHost({
      driver: '570.124.06',
      imageCuda: '12.8.1',
      runStderr:
        'docker: Error response from daemon: failed to create task for container: failed to create shim task: ' +
        'OCI runtime create failed: runc create failed: unable to start container process: error during container init: ' +
        "error running hook #0: error running hook: exit status 1, stdout: , stderr: Auto-detected mode as 'legacy'\n" +
        'nvidia-container-cli: requirement error: unsatisfied condition: cuda>=12.9, please update your driver to a newer version, or use an earlier cuda container: unknown.\n',
      runExit: 125,
    });
    await expect(
      runImage('reg/train:1', inputs({ 'cuda-version': '12.8' }), host.deps),
    ).rejects.toThrow(/refused the image \(cuda>=12\.9\).*driver is too old/);
  });

  it.each([1, 125])(
    'reports a training failure (exit %i) as its exit code, not as an error',
    async (code) => {
      const host = fakeHost({
        driver: '570.124.06',
        imageCuda: '12.8.1',
        runExit: code,
        runStderr: 'Traceback: boom\n',
      });
      expect((await runImage('reg/train:1', inputs({}), host.deps)).exitCode).toBe(code);
    },
  );
});
