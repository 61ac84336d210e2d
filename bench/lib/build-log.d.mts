export interface BuildStep {
  name: string;
  instruction: string;
  cached: boolean;
  executed: boolean;
  seconds: number;
}
export interface ParsedBuild {
  steps: BuildStep[];
  pushSeconds: number;
  cacheImport: { ok: boolean } | undefined;
}
export interface StepSummary {
  total: number;
  cached: number;
  executed: number;
  executedNames: string[];
  dependencyInstallRan: boolean;
}
export function parseBuildSteps(log: string): ParsedBuild;
export function summarizeSteps(steps: BuildStep[]): StepSummary;
