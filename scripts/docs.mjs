// Writes README's input and output tables from action.yml (the source of truth for names).
// `node scripts/docs.mjs --check` fails when README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { load } from 'js-yaml';
import * as prettier from 'prettier';

const action = load(readFileSync('action.yml', 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const table = (rows, head) =>
  [head, head.replace(/[^|]/g, '-').replace(/-\|/g, '|').replace(/\|-/g, '|-'), ...rows].join('\n');

export function inputTable() {
  const rows = Object.entries(action.inputs).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default !== undefined ? `\`${cell(spec.default)}\`` : ''} | ${cell(spec.description)} |`,
  );
  return table(rows, '| input | default | description |');
}

export function outputTable() {
  const rows = Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return table(rows, '| output | description |');
}

function replace(text, marker, body) {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}

const readme = readFileSync('README.md', 'utf8');
// Formatted as the format check formats it, so the two never disagree.
const options = (await prettier.resolveConfig('README.md')) ?? {};
const updated = await prettier.format(
  replace(replace(readme, 'inputs', inputTable()), 'outputs', outputTable()),
  { ...options, parser: 'markdown' },
);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error(
      "README.md's input/output tables differ from action.yml: run 'node scripts/docs.mjs'.",
    );
    process.exit(1);
  }
} else {
  writeFileSync('README.md', updated);
}
