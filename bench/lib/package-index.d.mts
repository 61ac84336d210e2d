export function normalizeProject(name: string): string;
export function projectOfWheel(filename: string): string | undefined;
export interface PackageIndex {
  url: string;
  mark(): number;
  servedSince(mark: number): { filename: string; size: number }[];
  close(): Promise<void>;
}
export function startPackageIndex(dir: string): Promise<PackageIndex>;
