/** The GPU-runner checks, over recorded command answers of a runner (table-driven). */
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/platform/exec.js';
import { checkGpuRunner } from '../../../src/doctor/gpu.js';

const SMI =
  'GPU-1, NVIDIA A100-SXM4-80GB, 570.124.06, 10 MiB, 81920 MiB, 8.0\nGPU-2, NVIDIA A100-SXM4-80GB, 570.124.06, 10 MiB, 81920 MiB, 8.0\n';
const INFO_NVIDIA = JSON.stringify({
  Runtimes: { runc: {}, nvidia: {} },
  DockerRootDir: '/var/lib/docker',
});
const INFO_PLAIN = JSON.stringify({ Runtimes: { runc: {} }, DockerRootDir: '/var/lib/docker' });

type Answers = Partial<Record<'nvidia-smi' | 'docker', ExecResult | 'missing'>>;

function checks(
  answers: Answers,
  env: NodeJS.ProcessEnv = { RUNNER_ENVIRONMENT: 'self-hosted' },
  freeGb = 100,
) {
  return checkGpuRunner(
    {
      env,
      nodeVersion: '24.1.0',
      freeBytes: () => freeGb * 1024 ** 3,
      run: async (file) => {
        const answer = answers[file as keyof Answers] ?? 'missing';
        // What runProgram answers for a program that is not on PATH.
        return answer === 'missing'
          ? { exitCode: 127, stdout: '', stderr: `${file}: not found on PATH`, notFound: true }
          : answer;
      },
    },
    20,
  );
}

const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

describe('checkGpuRunner', () => {
  it.each([
    [
      'a healthy GPU runner',
      { 'nvidia-smi': ok(SMI), docker: ok(INFO_NVIDIA) },
      100,
      ['ok gpu.driver', 'ok gpu.docker', 'ok gpu.toolkit', 'ok gpu.disk', 'ok runner.version'],
    ],
    [
      'no driver, no toolkit, low disk',
      { docker: ok(INFO_PLAIN) },
      5,
      [
        'error gpu.driver-missing',
        'ok gpu.docker',
        'error gpu.toolkit-missing',
        'warning gpu.disk-low',
        'ok runner.version',
      ],
    ],
    [
      'driver not loaded, user not in the docker group',
      {
        'nvidia-smi': {
          exitCode: 9,
          stdout: '',
          stderr: 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.',
        },
        docker: {
          exitCode: 1,
          stdout: '',
          stderr:
            'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock',
        },
      },
      100,
      ['error gpu.driver-failed', 'error gpu.docker-permission', 'ok runner.version'],
    ],
    [
      'no docker at all',
      { 'nvidia-smi': ok(SMI) },
      100,
      ['ok gpu.driver', 'error gpu.docker-missing', 'ok runner.version'],
    ],
  ] as const)('%s', async (_name, answers, freeGb, expected) => {
    // Typed as the runner's answers, so a wrong field name cannot pass unnoticed.
    const typed: Answers = answers;
    const findings = await checks(typed, { RUNNER_ENVIRONMENT: 'self-hosted' }, freeGb);
    expect(findings.map((f) => `${f.severity} ${f.id}`)).toEqual(expected);
    for (const f of findings.filter((f) => f.severity !== 'ok')) expect(f.fix).toBeTruthy();
  });

  it('names the GPUs and the driver', async () => {
    const findings = await checks({ 'nvidia-smi': ok(SMI), docker: ok(INFO_NVIDIA) });
    expect(findings[0]?.title).toContain('2 x NVIDIA A100-SXM4-80GB (driver 570.124.06)');
  });

  it('skips a hosted build runner without a driver', async () => {
    const findings = await checks(
      { docker: ok(INFO_PLAIN) },
      { RUNNER_ENVIRONMENT: 'github-hosted' },
    );
    expect(findings.map((f) => f.id)).toEqual(['gpu.skipped']);
  });
});
