/**
 * Reads the YAML examples out of the Markdown documentation and checks every reference they make
 * to this action or its reusable workflow against action.yml and .github/workflows/launch.yml.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { load, loadAll } from 'js-yaml';

const root = new URL('../../../', import.meta.url);
export const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The Markdown files whose examples users copy. */
export function documentationFiles(): string[] {
  const docs = readdirSync(new URL('docs/', root))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

export interface YamlBlock {
  file: string;
  /** 1-based line of the block's first YAML line. */
  line: number;
  text: string;
}

/** Every fenced ```yaml / ```yml block of a Markdown text (indented fences included). */
export function yamlBlocks(markdown: string, file: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ya?ml\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1]?.length ?? 0;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? ''); j++) {
      body.push((lines[j] ?? '').slice(indent));
    }
    blocks.push({ file, line: i + 2, text: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** What examples may refer to: the action's inputs/outputs and the reusable workflow's. */
export interface Interface {
  actionInputs: Set<string>;
  actionOutputs: Set<string>;
  workflowInputs: Set<string>;
  workflowSecrets: Set<string>;
  workflowOutputs: Set<string>;
}

export function loadInterface(): Interface {
  const action = load(read('action.yml')) as {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  };
  const workflow = load(read('.github/workflows/launch.yml')) as {
    on: {
      workflow_call: {
        inputs: Record<string, unknown>;
        secrets?: Record<string, unknown>;
        outputs?: Record<string, unknown>;
      };
    };
  };
  const call = workflow.on.workflow_call;
  return {
    actionInputs: new Set(Object.keys(action.inputs)),
    actionOutputs: new Set(Object.keys(action.outputs)),
    workflowInputs: new Set(Object.keys(call.inputs)),
    workflowSecrets: new Set(Object.keys(call.secrets ?? {})),
    workflowOutputs: new Set(Object.keys(call.outputs ?? {})),
  };
}

const ACTION = /^launch-action\/launch-action@[\w.-]+$/;
const WORKFLOW = /^launch-action\/launch-action\/\.github\/workflows\/launch\.yml@[\w.-]+$/;
/** Any repository named launch-action: a wrong owner is a wrong path, not someone else's action. */
const OURS = /^[\w.-]+\/launch-action\b/;

interface Usage {
  kind: 'action' | 'workflow';
  /** The step id, or the job id for a reusable workflow call. */
  id?: string;
}

/**
 * Problems in one YAML example: an unparsable block, a `uses:` of ours with a wrong path, a
 * `with:`/`secrets:` key the target lacks, a `steps.<id>.outputs.<name>` or
 * `needs.<job>.outputs.<name>` that does not exist.
 */
export function checkBlock(block: YamlBlock, api: Interface): string[] {
  const where = `${block.file}:${block.line}`;
  let doc: unknown;
  try {
    // Kubernetes examples hold several documents (`---`): each is checked.
    doc = loadAll(block.text);
  } catch (error) {
    return [`${where}: not valid YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  const problems: string[] = [];
  const usages: Usage[] = [];
  const visit = (node: unknown, key?: string) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const uses = record.uses;
    if (typeof uses === 'string' && OURS.test(uses)) {
      const isWorkflow = WORKFLOW.test(uses);
      if (!isWorkflow && !ACTION.test(uses)) {
        problems.push(
          `${where}: \`uses: ${uses}\` is neither the action nor its reusable workflow`,
        );
      } else {
        const id = isWorkflow ? key : typeof record.id === 'string' ? record.id : undefined;
        usages.push({ kind: isWorkflow ? 'workflow' : 'action', id });
        const inputs = isWorkflow ? api.workflowInputs : api.actionInputs;
        for (const name of Object.keys((record.with as object | undefined) ?? {})) {
          if (!inputs.has(name)) {
            problems.push(
              `${where}: input \`${name}\` does not exist in ${isWorkflow ? '.github/workflows/launch.yml' : 'action.yml'}`,
            );
          }
        }
        const secrets = record.secrets;
        if (isWorkflow && typeof secrets === 'object' && secrets !== null) {
          for (const name of Object.keys(secrets)) {
            if (!api.workflowSecrets.has(name)) {
              problems.push(
                `${where}: secret \`${name}\` does not exist in .github/workflows/launch.yml`,
              );
            }
          }
        }
      }
    }
    for (const [childKey, value] of Object.entries(record)) visit(value, childKey);
  };
  visit(doc);
  for (const match of block.text.matchAll(/\b(steps|needs)\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    const [reference, scope, id, output] = match;
    const usage = usages.find(
      (u) => u.id === id && u.kind === (scope === 'steps' ? 'action' : 'workflow'),
    );
    if (!usage) continue; // another step's or job's output
    const outputs = usage.kind === 'action' ? api.actionOutputs : api.workflowOutputs;
    if (!outputs.has(output ?? '')) {
      problems.push(
        `${where}: \`${reference}\` is not an output of ${usage.kind === 'action' ? 'action.yml' : '.github/workflows/launch.yml'}`,
      );
    }
  }
  return problems;
}

/** A block that is a whole workflow (has `on:` and `jobs:`), which actionlint can check. */
export function isCompleteWorkflow(block: YamlBlock): boolean {
  try {
    const docs = loadAll(block.text);
    const doc = (docs.length === 1 ? docs[0] : null) as Record<string, unknown> | null;
    return typeof doc === 'object' && doc !== null && 'on' in doc && 'jobs' in doc;
  } catch {
    return false;
  }
}
