export function actionCliArgs(options: {
  cli: string;
  repo: string;
  baseImage: string;
  repository: string;
  indexUrl: string;
}): string[];
export function baselineBuildxArgs(options: {
  dockerfile: string;
  repo: string;
  baseImage: string;
  image: string;
  indexUrl: string;
  metadataFile: string;
}): string[];
export function lastJsonObject(stdout: string): Record<string, unknown>;
export interface BuildOutcome {
  ms: number;
  built: boolean;
  image: string;
  repository: string;
  tag: string;
  digest: string;
  log: string;
}
export function buildWithAction(options: {
  cli: string;
  repo: string;
  baseImage: string;
  indexUrl: string;
  home: string;
}): Promise<BuildOutcome>;
export function buildBaseline(options: {
  tool: string;
  dockerfile: string;
  repo: string;
  baseImage: string;
  indexUrl: string;
  tag: string;
  env: NodeJS.ProcessEnv;
}): Promise<BuildOutcome>;
