import { describe, expect, it } from 'vitest';
import { parseBuildSteps, summarizeSteps } from '../../../bench/lib/build-log.mjs';

// Recorded from buildx 0.13 + BuildKit 0.8 (docker driver), `--progress=plain`.
const SINGLE_STAGE = `#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 956B 0.0s done
#1 DONE 0.1s

#4 [stage-0 1/7] FROM docker.io/local/python:3.11-bookworm
#4 DONE 0.0s

#5 importing cache manifest from 127.0.0.1:5001/bench/action:buildcache-inline
#5 ERROR: 127.0.0.1:5001/bench/action:buildcache-inline: not found

#8 [stage-0 2/7] RUN python3 -m venv /opt/venv
#8 CACHED

#9 [stage-0 3/7] COPY [requirements.txt,/tmp/launch/]
#9 CACHED

#10 [stage-0 4/7] RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked /opt/venv/bin/python -m pip install -r /tmp/launch/requirements.txt
#10 CACHED

#11 [stage-0 5/7] RUN useradd --create-home launch
#11 CACHED

#12 [stage-0 6/7] WORKDIR /home/launch/app
#12 CACHED

#13 [stage-0 7/7] COPY --chown=1000:0 . /home/launch/app
#13 DONE 0.8s

#14 exporting to image
#14 exporting layers
#14 exporting layers 0.5s done
#14 pushing layers 2.1s done
#14 DONE 2.7s
`;

const MULTI_STAGE = `#6 [build 2/5] RUN python3 -m venv /env
#6 DONE 20.4s

#7 [build 5/5] RUN --mount=type=cache,mode=0777,target=/root/.cache/pip     python -m pip install -r ./src/requirements.txt
#7 2.0 Looking in indexes: http://127.0.0.1:1/simple/
#7 DONE 12.0s

#8 [runtime 1/5] FROM docker.io/local/python:3.11-bookworm
#8 DONE 0.0s

#9 [runtime 2/5] COPY --from=build /env /env
#9 CACHED

#10 [runtime 5/5] COPY --chown=launch:0 . .
#10 DONE 1.5s
`;

describe('parseBuildSteps', () => {
  it.each([
    {
      name: 'single stage, only the code copy ran',
      log: SINGLE_STAGE,
      total: 6,
      cached: 5,
      executed: ['[stage-0 7/7] COPY --chown=1000:0 . /home/launch/app'],
      install: false,
      cacheImportOk: false,
    },
    {
      name: 'multi stage, the dependency install ran',
      log: MULTI_STAGE,
      total: 4,
      cached: 1,
      executed: [
        '[build 2/5] RUN python3 -m venv /env',
        '[build 5/5] RUN --mount=type=cache,mode=0777,target=/root/.cache/pip     python -m pip install -r ./src/requirements.txt',
        '[runtime 5/5] COPY --chown=launch:0 . .',
      ],
      install: true,
      cacheImportOk: undefined,
    },
    {
      name: 'no build at all',
      log: 'nothing to build\n',
      total: 0,
      cached: 0,
      executed: [],
      install: false,
      cacheImportOk: undefined,
    },
  ])('$name', ({ log, total, cached, executed, install, cacheImportOk }) => {
    const parsed = parseBuildSteps(log);
    const summary = summarizeSteps(parsed.steps);
    expect(summary.total).toBe(total);
    expect(summary.cached).toBe(cached);
    expect(summary.executedNames).toEqual(executed);
    expect(summary.executed).toBe(executed.length);
    expect(summary.dependencyInstallRan).toBe(install);
    expect(parsed.cacheImport?.ok).toBe(cacheImportOk);
  });

  it('reads step durations and the export/push time', () => {
    const parsed = parseBuildSteps(SINGLE_STAGE);
    expect(parsed.steps.find((step) => step.name.includes('7/7'))?.seconds).toBe(0.8);
    expect(parsed.pushSeconds).toBe(2.7);
  });

  it('keeps FROM out of the counts even though it reports DONE', () => {
    const steps = parseBuildSteps(MULTI_STAGE).steps;
    const from = steps.find((step) => step.instruction === 'FROM');
    expect(from?.executed).toBe(false);
  });
});
