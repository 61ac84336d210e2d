// Names of the scenarios and runner modes (no I/O: shared by the runner and the report).

/** In the order they run on one repository. */
export const SCENARIOS = ['cold', 'relaunch', 'code', 'deps'];

export const SCENARIO_LABELS = {
  cold: 'cold build + push',
  relaunch: 'relaunch, same commit',
  code: 'code-only change',
  deps: 'dependency change',
};

/** warm: the engine keeps its build cache; fresh: cache and images removed before each step. */
export const MODES = ['warm', 'fresh'];

export const TOOLS = ['action', 'naive', 'wandb'];
