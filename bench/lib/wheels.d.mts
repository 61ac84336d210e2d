export function distributionName(name: string): string;
export function wheelFilename(name: string, version: string): string;
export function fillerChunks(seed: string, size: number): Generator<Buffer>;
export function ensureWheel(
  dir: string,
  spec: { name: string; version: string; sizeBytes: number },
): Promise<{ path: string; size: number; name: string; version: string }>;
