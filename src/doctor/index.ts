/**
 * `mode: doctor`: with the inputs of a real run, check the whole setup — OIDC permission and
 * claims, the cloud exchange, registry login, push and pull permission, and the GPU runner — and
 * report every problem at once. Nothing is built, pushed or run.
 */
import { statfsSync } from 'node:fs';
import { classifyRegistry } from '../auth/index.js';
import type { AuthDeps } from '../auth/index.js';
import { parseImageReference } from '../image/reference.js';
import type { AuthInputs } from '../auth/index.js';
import type { ImageReference } from '../image/reference.js';
import type { Runtime } from '../platform/runtime.js';
import { checkCloud } from './cloud.js';
import type { Finding } from './findings.js';
import { checkGpuRunner } from './gpu.js';
import { checkLogin, checkPull, checkPush } from './registry.js';

export { findingsMarkdown, formatFindings, hasErrors } from './findings.js';
export type { Finding, Severity } from './findings.js';

/** The inputs of a real run that decide what doctor checks. */
export interface DoctorInputs {
  destination?: ImageReference;
  dockerImage?: string;
  auth: AuthInputs;
  minFreeDiskGb: number;
}

export interface DoctorOptions {
  /** Check the GPU runner (the action: yes; tests of the cloud side: no). */
  gpu: boolean;
}

export async function runDoctor(
  rt: Pick<Runtime, 'env' | 'fetch' | 'sleep' | 'log' | 'setSecret' | 'run'>,
  inputs: DoctorInputs,
  options: DoctorOptions = { gpu: true },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const http = { fetch: rt.fetch, sleep: rt.sleep, log: rt.log };
  const deps: AuthDeps = {
    env: rt.env,
    fetch: rt.fetch,
    sleep: rt.sleep,
    log: rt.log,
    setSecret: rt.setSecret,
  };
  // The registries a real run logs in to: the push destination, and the image a GPU job pulls.
  const targets: { host: string; path: string; push: boolean; tag: string }[] = [];
  const destination = inputs.destination;
  if (destination) {
    targets.push({
      host: destination.host,
      path: destination.path,
      push: true,
      tag: destination.tag ?? 'latest',
    });
  }
  const given = inputs.dockerImage ? parseImageReference(inputs.dockerImage) : undefined;
  if (given && typeof given !== 'string') {
    const tag = given.digest ?? given.tag ?? 'latest';
    const same = targets.find((t) => t.host === given.host && t.path === given.path);
    if (same) same.tag = tag;
    else targets.push({ host: given.host, path: given.path, push: false, tag });
  }
  if (targets.length === 0) {
    findings.push({
      id: 'registry.none',
      severity: 'info',
      title: 'No `destination` or `docker-image`: no registry to check',
    });
  }
  for (const target of targets) {
    const provider = classifyRegistry(target.host);
    const cloud = await checkCloud(provider, target.path, inputs.auth, deps);
    findings.push(...cloud.findings);
    const refused = cloud.findings.some((f) => f.severity === 'error');
    if (refused && !cloud.credentials) continue; // no credentials to try the registry with
    const ref = { host: target.host, path: target.path };
    const login = await checkLogin(target.host, cloud.credentials, http);
    findings.push(login);
    if (login.severity === 'error') continue;
    if (target.push) findings.push(await checkPush(ref, cloud.credentials, http));
    findings.push(await checkPull(ref, target.tag, cloud.credentials, http));
  }
  if (options.gpu) {
    findings.push(
      ...(await checkGpuRunner(
        {
          run: rt.run,
          env: rt.env,
          freeBytes: freeBytes,
          nodeVersion: process.versions.node,
        },
        inputs.minFreeDiskGb,
      )),
    );
  }
  return findings;
}

function freeBytes(path: string): number {
  const stats = statfsSync(path);
  return stats.bavail * stats.bsize;
}
