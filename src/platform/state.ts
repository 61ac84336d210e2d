/**
 * Every value the main step leaves for the post step, in one place: the post step reads nothing
 * else to find what to clean up, and no key is spelled twice.
 */
export const STATE = {
  /** 'true' once the main step started: the runner's second run of the bundle is the post step. */
  isPost: 'isPost',
  /** The mode of the main step (build, run, dispatch, kubernetes). */
  mode: 'mode',
  /** The private docker config directory holding this job's registry logins. */
  dockerConfig: 'docker-config',
  /**
   * The private directory of this step's build files (the Dockerfile, and the secret files a
   * private index's credentials are in): the post step removes it if the main step never could.
   */
  buildFiles: 'build-files',
  /** `<pid> <start time>` of the build or push child while it runs ('' once it ended). */
  buildProcess: 'build-process',
  /** The container a run started, for the record (cleanup finds containers by label). */
  runContainer: 'run-container',
  /** JSON `{ repository, runId }` of a dispatched run being followed; '' once it finished. */
  dispatchRun: 'dispatch-run',
  /** JSON `{ namespace, name }` of the Kubernetes Job of this step, for deletion on cancellation. */
  kubernetesJob: 'kubernetes-job',
} as const;

export type StateKey = (typeof STATE)[keyof typeof STATE];

/** Saves a value for the post step (`core.saveState` in the action, nothing in the CLI). */
export type SaveState = (key: StateKey, value: string) => void;
/** Reads a value the main step saved ('' when unset). */
export type GetState = (key: StateKey) => string;

/** The run a waiting dispatch follows. */
export interface DispatchedRunState {
  repository: string;
  runId: string;
}

export function encodeDispatchedRun(run: DispatchedRunState): string {
  return JSON.stringify(run);
}

/** The saved run, or undefined when none is being followed (or the value is not ours). */
export function decodeDispatchedRun(value: string): DispatchedRunState | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<DispatchedRunState>;
    if (typeof parsed.repository === 'string' && typeof parsed.runId === 'string') {
      return { repository: parsed.repository, runId: parsed.runId };
    }
  } catch {
    // Not JSON: nothing to cancel.
  }
  return undefined;
}
