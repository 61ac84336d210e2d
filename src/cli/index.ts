#!/usr/bin/env node
// The `launch-action` command (bundled to dist/cli/index.js).
import { text } from 'node:stream/consumers';
import packageJson from '../../package.json';
import { main } from './main.js';
import { installInterruptCleanup } from '../platform/shutdown.js';

// Ctrl-C or SIGTERM: stop the build we started and remove our credential files, then exit.
installInterruptCleanup((message) => process.stderr.write(`${message}\n`));

process.exitCode = await main(process.argv.slice(2), {
  out: (chunk) => process.stdout.write(chunk),
  err: (chunk) => process.stderr.write(chunk),
  readStdin: () => text(process.stdin),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
  version: packageJson.version,
});
