/** Scripts that obviously start a training run, in the order they are preferred. */
export const ENTRYPOINT_CANDIDATES = ['train.py', 'main.py', 'run.py', '__main__.py'] as const;

export interface EntrypointChoice {
  command: string[];
  reason: string;
}

/** Picks the entrypoint: the input when given, else an obvious script at the context root. */
export function chooseEntrypoint(
  input: string[] | undefined,
  contextFiles: ReadonlySet<string>,
): EntrypointChoice | undefined {
  if (input) return { command: input, reason: "from the 'entrypoint' input" };
  for (const candidate of ENTRYPOINT_CANDIDATES) {
    if (contextFiles.has(candidate)) {
      return {
        command: ['python', candidate],
        reason: `detected ${candidate} at the context root (set 'entrypoint' to choose another command)`,
      };
    }
  }
  return undefined;
}
