// The four scenarios, run in order on one repository, for one tool in one runner mode:
// cold build and push → relaunch of the same commit → code-only change → dependency change.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseBuildSteps, summarizeSteps } from './build-log.mjs';
import { dependencyTag, measureFloor } from './floor.mjs';
import { addDependency, editSource, restoreRepo } from './repo.mjs';
import { inspectImage } from './probes.mjs';
import { SCENARIOS } from './scenarios-meta.mjs';
import { buildBaseline, buildWithAction } from './tools.mjs';

export { MODES, SCENARIOS, SCENARIO_LABELS } from './scenarios-meta.mjs';

/**
 * Runs the scenarios for `tool` in `mode` ('warm': the engine keeps its build cache between
 * steps; 'fresh': build cache, images and the runner's caches are removed before every step, so
 * only what the registry holds can be reused). Starts from an empty registry and engine.
 */
export async function runScenarios(context, { tool, mode, rep }) {
  const { infra, index, repo, sizes, packages, extraPackage, bigWheel, home, log } = context;
  await restoreRepo(repo, sizes, packages);
  await mkdir(context.logDir, { recursive: true });
  await infra.resetRegistry();
  await infra.resetEngine();
  await rm(join(home, '.cache'), { recursive: true, force: true });

  const results = [];
  for (const scenario of SCENARIOS) {
    if (scenario === 'code') await editSource(repo, `rep ${rep} ${mode}`);
    if (scenario === 'deps') await addDependency(repo, packages, extraPackage);
    if (mode === 'fresh' && scenario !== 'cold') {
      await infra.resetEngine();
      await rm(join(home, '.cache'), { recursive: true, force: true });
    }
    // Other work on the machine skews wall times: keep the load next to each figure.
    const loadBefore = os.loadavg()[0];
    const registryBefore = await infra.registryBytes();
    const mark = index.mark();
    const build = await buildOnce(context, tool, `${scenario}-${mode}-r${rep}`);
    // Kept for profiling: which step took the time.
    await writeFile(join(context.logDir, `${tool}-${mode}-r${rep}-${scenario}.log`), build.log);
    const parsed = parseBuildSteps(build.log);
    const manifest = await infra.manifest(build.repository, build.tag);
    const downloads = index.servedSince(mark);
    const result = {
      tool,
      mode,
      rep,
      scenario,
      ms: Math.round(build.ms),
      load: [Number(loadBefore.toFixed(2)), Number(os.loadavg()[0].toFixed(2))],
      built: build.built,
      image: build.image,
      steps: summarizeSteps(parsed.steps),
      cacheImport: parsed.cacheImport,
      pushedBytes: (await infra.registryBytes()) - registryBefore,
      imageBytes: manifest.bytes,
      downloadedBytes: downloads.reduce((sum, file) => sum + file.size, 0),
      downloads: downloads.map((file) => file.filename),
      bigWheelDownloaded: downloads.some((file) => file.filename === bigWheel),
    };
    if (tool === 'action' && scenario === 'code') {
      // The floor of this very change, right after it: the same code appended to the same
      // dependency image through the registry API, by the least code that can do it.
      const deps = await dependencyTag(build.repository);
      if (deps) {
        result.floor = await measureFloor({
          repo,
          base: `${build.repository}:${deps}`,
          target: `bench/floor:${mode}-r${rep}`,
        });
        log(
          `floor ${mode} r${rep}: ${(result.floor.ms / 1000).toFixed(2)} s (code layer ${mb(result.floor.layerBytes)}, written in ${result.floor.layerMs} ms)`,
        );
      }
    }
    if (scenario === 'cold' && mode === 'warm' && rep === 0) {
      // The image is in the engine right after its build: check what it holds, once per tool.
      result.contents = await inspectImage({ image: build.image, env: infra.env });
    }
    log(
      `${tool} ${mode} r${rep} ${scenario}: ${(result.ms / 1000).toFixed(1)} s, built=${result.built}, ` +
        `executed ${result.steps.executed}/${result.steps.total}, pushed ${mb(result.pushedBytes)}, ` +
        `downloaded ${result.downloads.length} wheels (${mb(result.downloadedBytes)})`,
    );
    results.push(result);
  }
  return results;
}

function buildOnce(context, tool, tag) {
  const { infra, index, repo, baseImage, cli, home, dockerfiles } = context;
  if (tool === 'action') {
    return buildWithAction({ cli, repo, baseImage, indexUrl: index.url, home });
  }
  return buildBaseline({
    tool,
    dockerfile: dockerfiles[tool],
    repo,
    baseImage,
    indexUrl: index.url,
    tag,
    env: infra.env,
  });
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
