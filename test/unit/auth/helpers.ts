import type { AuthDeps } from '../../../src/auth/index.js';

/** Real fetch, instant sleep, and records of what was masked, slept and logged. */
export function recordingDeps(env: NodeJS.ProcessEnv) {
  const masked: string[] = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const deps: AuthDeps = {
    env,
    fetch: (input, init) => fetch(input, init),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: {
      info: (msg) => logs.push(`info: ${msg}`),
      warning: (msg) => logs.push(`warning: ${msg}`),
      debug: (msg) => logs.push(`debug: ${msg}`),
    },
    setSecret: (secret) => masked.push(secret),
  };
  return { deps, masked, sleeps, logs };
}
