import type { StepSummary } from './build-log.mjs';

export interface ScenarioRun {
  tool: 'action' | 'naive' | 'wandb';
  mode: 'warm' | 'fresh';
  rep: number;
  scenario: 'cold' | 'relaunch' | 'code' | 'deps';
  ms: number;
  /** 1-minute load average before and after the step. */
  load?: number[];
  built: boolean;
  image?: string;
  steps: StepSummary;
  cacheImport?: { ok: boolean };
  pushedBytes: number;
  imageBytes: number;
  downloadedBytes: number;
  downloads: string[];
  bigWheelDownloaded: boolean;
  /** After an action's code-only change: the same code appended through the registry API alone. */
  floor?: { ms: number; layerMs: number; layerBytes: number };
  contents?: {
    leftovers: { path: string; bytes: number }[];
    toolchains: string[];
    venvBytes: number;
    pipBytes: number;
    imports: string;
    sizeBytes: number;
  };
}
export interface Figure extends ScenarioRun {
  runs: number[];
  dependencyInstallRan: boolean;
  builtAny: boolean;
}
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: Record<string, string | number>;
  config: {
    quick: boolean;
    heavy?: boolean;
    repetitions: number;
    baseImage: string;
    baseImageBytes: number;
    repoFiles: number;
    repoBytes: number;
    packages: string[];
    wheelBytes: number;
    bigWheel: string;
    bigWheelBytes: number;
    extraWheel: string;
    extraWheelBytes: number;
  };
  runs: ScenarioRun[];
  hashing?: {
    files: number;
    bytes: number;
    tarMs: number;
    coldMs: number;
    warmMs: number;
    coldProcessMs: number;
    warmProcessMs: number;
  };
  startup?: { ms: number; runs: number[] };
  dist?: { bytes: number; files: number };
}
export interface TargetVerdict {
  name: string;
  met: boolean;
  measured: string;
  reason: string;
}
export const TOOL_LABELS: Record<string, string>;
export function aggregate(runs: ScenarioRun[]): Record<string, Figure>;
export function floorMs(runs: ScenarioRun[], mode: 'warm' | 'fresh'): number;
export function figure(
  figures: Record<string, Figure>,
  tool: string,
  mode: string,
  scenario: string,
): Figure | undefined;
export function evaluateTargets(
  results: BenchResults,
  figures: Record<string, Figure>,
): TargetVerdict[];
export function seconds(ms: number): string;
export function percent(value: number): string;
export function ratio(value: number): string;
export function mb(bytes: number): string;
export function scenarioTable(
  figures: Record<string, Figure>,
  mode: string,
  tools: string[],
  floor?: number,
): string;
export function targetsTable(targets: TargetVerdict[]): string;
export function renderReport(results: BenchResults): {
  markdown: string;
  targets: TargetVerdict[];
  figures: Record<string, Figure>;
};
export const BEGIN_MARK: string;
export const END_MARK: string;
export function spliceReport(existing: string, generated: string): string;
