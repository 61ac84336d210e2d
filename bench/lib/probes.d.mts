export function median(values: number[]): number;
export function parseHashLine(stderr: string): { files: number; ms: number } | undefined;
