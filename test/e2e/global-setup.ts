import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ACTION_ENTRY } from './harness/action-runner.js';
import { checkDockerArgv, installDockerShim, removeDockerShim } from './harness/argv-secrets.js';
import { INFRA_SCRIPT, REPO_ROOT, START_HINT, infraProblems } from './harness/infra.js';

/**
 * Runs once before the e2e tests. They need the real toolchain (dockerd, buildx, the registry,
 * the base images) and the shipped bundle; they never skip. Outside CI the infrastructure is
 * started once if it is down; in CI `.ci/run` has started it, so a problem there is a failure.
 * Every docker call of the suite goes through a shim that logs its argv; the teardown fails the
 * suite when a known secret appears in one (harness/argv-secrets.ts).
 */
export default async function setup(): Promise<() => void> {
  let problems = await infraProblems();
  if (problems.length > 0 && process.env.CI !== 'true') {
    console.error(`e2e: test infrastructure is down (${problems.join('; ')}); starting it`);
    const started = spawnSync('bash', [INFRA_SCRIPT, 'up'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (started.status !== 0) {
      throw new Error(
        `bash scripts/test-infra.sh up failed (exit ${started.status ?? started.signal})`,
      );
    }
    problems = await infraProblems();
  }
  if (problems.length > 0) {
    throw new Error(
      `The e2e test infrastructure is not up:\n  - ${problems.join('\n  - ')}\n${START_HINT}`,
    );
  }
  if (!existsSync(ACTION_ENTRY)) {
    throw new Error(
      `${ACTION_ENTRY} does not exist: the e2e tests run the bundle. Run: npm run bundle`,
    );
  }
  const shim = installDockerShim();
  return () => {
    try {
      const { calls } = checkDockerArgv(shim);
      console.error(`e2e: no secret in the argv of ${calls} docker call(s)`);
    } catch (error) {
      // vitest reports a teardown error but keeps the exit code: fail the run explicitly.
      process.exitCode = 1;
      throw error;
    } finally {
      removeDockerShim(shim);
    }
  };
}
