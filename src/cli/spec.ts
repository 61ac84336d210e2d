/** The shape of spec.generated.ts: the CLI's commands and flags, generated from action.yml. */
export interface CliSpec {
  commands: Record<string, CommandSpec>;
  /** Flags of the CLI itself, accepted by every command. */
  options: Record<string, { short?: string; description: string }>;
  exitCodes: Record<string, string>;
  inputs: InputFlag[];
}

export interface CommandSpec {
  summary: string;
  /** action.yml sections whose inputs the command takes. */
  sections: string[];
  /** Inputs from other sections it takes too. */
  inputs: string[];
}

/** An action input as a flag: `--name VALUE`, `--name`/`--no-name`, or a repeatable list. */
export interface InputFlag {
  name: string;
  section: string;
  description: string;
  default?: string;
  kind: 'string' | 'boolean' | 'list';
  /** Its values are flags themselves (`--args --epochs=3`): a following '-' word is its value. */
  dashValues?: boolean;
  commands: string[];
}
