// Reads BuildKit's `--progress=plain` output: which Dockerfile steps ran and which came from cache.
// Pure: no I/O (unit-tested with recorded logs).

const VERTEX = /^#(\d+) (.*)$/;
/** `[2/6] RUN …`, `[build 3/5] COPY …`, `[runtime 1/4] FROM …`. */
const STEP_NAME = /^\[(?:[\w.-]+ )?\d+\/\d+\] /;
const DONE = /^DONE (\d+(?:\.\d+)?)s$/;

/**
 * The Dockerfile steps of a build log, in order of first appearance: name, whether BuildKit
 * reported it CACHED, whether it ran (DONE without CACHED) and how long it took.
 * FROM steps are kept (they resolve, they never run).
 */
export function parseBuildSteps(log) {
  const vertices = new Map();
  for (const line of log.split(/\r?\n/)) {
    const match = VERTEX.exec(line.trimEnd());
    if (!match) continue;
    const [, id, rest] = match;
    let vertex = vertices.get(id);
    if (!vertex) {
      vertex = { id, name: rest, cached: false, done: false, seconds: 0, error: false };
      vertices.set(id, vertex);
      continue;
    }
    if (rest === 'CACHED') vertex.cached = true;
    const done = DONE.exec(rest);
    if (done) {
      vertex.done = true;
      vertex.seconds = Number(done[1]);
    }
    if (rest.startsWith('ERROR')) vertex.error = true;
  }
  const all = [...vertices.values()];
  const steps = all
    .filter((vertex) => STEP_NAME.test(vertex.name))
    .map((vertex) => {
      const instruction = vertex.name.replace(STEP_NAME, '');
      const from = instruction.startsWith('FROM ');
      return {
        name: vertex.name,
        instruction: instruction.split(' ')[0] ?? '',
        cached: vertex.cached,
        executed: !from && !vertex.cached && vertex.done,
        seconds: vertex.seconds,
      };
    });
  const pushSeconds = all
    .filter((vertex) => /^(exporting|pushing|writing image|naming to)/.test(vertex.name))
    .reduce((sum, vertex) => sum + vertex.seconds, 0);
  const cacheImport = all.find((vertex) => vertex.name.startsWith('importing cache manifest'));
  return {
    steps,
    pushSeconds,
    cacheImport: cacheImport ? { ok: cacheImport.done && !cacheImport.error } : undefined,
  };
}

/** Counts for a report row: total steps (FROM excluded), cached, executed, and what executed. */
export function summarizeSteps(steps) {
  const real = steps.filter((step) => step.instruction !== 'FROM');
  const executed = real.filter((step) => step.executed);
  return {
    total: real.length,
    cached: real.filter((step) => step.cached).length,
    executed: executed.length,
    executedNames: executed.map((step) => step.name),
    dependencyInstallRan: executed.some((step) => /pip(3)? install|-m pip install/.test(step.name)),
  };
}
