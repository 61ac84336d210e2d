import { readFileSync } from 'node:fs';

/** Refusal of a trigger that would run code from outside the repository on a self-hosted runner. */
export class UntrustedTriggerError extends Error {
  constructor(reason: string) {
    super(
      `Refusing to run: ${reason}. Self-hosted GPU runners must not run code from outside this repository ` +
        '(it can read the runner, its caches and credentials). If this workflow really should accept it, set ' +
        '`allow-untrusted: true` — and only on runners that are ephemeral and hold nothing of value.',
    );
    this.name = 'UntrustedTriggerError';
  }
}

interface RepoRef {
  full_name?: string;
  fork?: boolean;
}

interface EventPayload {
  repository?: RepoRef;
  pull_request?: { head?: { repo?: RepoRef | null }; base?: { repo?: RepoRef } };
  workflow_run?: { event?: string; head_repository?: RepoRef | null; repository?: RepoRef };
  issue?: { pull_request?: unknown };
  comment?: { author_association?: string };
}

const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/** Why an event is untrusted, or undefined when it is trusted. Pure. */
function untrustedReason(eventName: string, event: EventPayload): string | undefined {
  if (eventName === 'pull_request_target') {
    return 'the workflow was triggered by `pull_request_target`, which runs with this repository’s secrets on behalf of any pull request';
  }
  if (eventName.startsWith('pull_request')) {
    const head = event.pull_request?.head?.repo;
    const base = event.pull_request?.base?.repo ?? event.repository;
    // A deleted head repository (null) is also outside our control.
    if (
      head === null ||
      head?.fork === true ||
      (head?.full_name && base?.full_name && head.full_name !== base.full_name)
    ) {
      return `the pull request comes from a fork (${head?.full_name ?? 'deleted repository'})`;
    }
  }
  if (eventName === 'workflow_run' && event.workflow_run?.event?.startsWith('pull_request')) {
    const head = event.workflow_run.head_repository;
    const base = event.workflow_run.repository ?? event.repository;
    if (
      head === null ||
      head?.fork === true ||
      (head?.full_name && base?.full_name && head.full_name !== base.full_name)
    ) {
      return `the triggering workflow run came from a fork pull request (${head?.full_name ?? 'deleted repository'})`;
    }
  }
  if (eventName === 'issue_comment' && event.issue?.pull_request) {
    const association = event.comment?.author_association ?? 'NONE';
    if (!TRUSTED_ASSOCIATIONS.includes(association)) {
      return `the pull request comment is by a user with association ${association} (not owner, member or collaborator)`;
    }
  }
  return undefined;
}

/**
 * Refuses `pull_request_target`, fork pull requests (also via `workflow_run`) and pull request
 * comments by outsiders, unless `allowUntrusted`. Runs before anything is built.
 */
export function assertTrustedTrigger(
  env: NodeJS.ProcessEnv,
  allowUntrusted: boolean,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): void {
  if (allowUntrusted) return;
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  if (eventName === '') return;
  const needsPayload =
    eventName.startsWith('pull_request') ||
    eventName === 'workflow_run' ||
    eventName === 'issue_comment';
  let event: EventPayload = {};
  try {
    if (env.GITHUB_EVENT_PATH) event = JSON.parse(readFile(env.GITHUB_EVENT_PATH)) as EventPayload;
    else if (needsPayload) throw new Error('GITHUB_EVENT_PATH is not set');
  } catch (error) {
    // An event we cannot read cannot be shown to be safe.
    if (needsPayload) {
      throw new UntrustedTriggerError(
        `the ${eventName} event payload could not be read (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  const reason = untrustedReason(eventName, event);
  if (reason) throw new UntrustedTriggerError(reason);
}
