/**
 * Parsers of tool output, on outputs captured from the real tools (test/fixtures/tool-output/:
 * `docker buildx inspect` of buildx 0.13 with the docker driver; plain-progress buildx build logs
 * of pip 23 failing inside a build).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBuildxDriver } from '../../../src/builder/builder.js';
import { BuildError, buildFailure, unreachableIndex } from '../../../src/builder/execute.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'tool-output');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('parseBuildxDriver', () => {
  it('reads the driver of the current builder', () => {
    expect(parseBuildxDriver(fixture('buildx-inspect-docker-driver.txt'))).toBe('docker');
  });

  it('reads a docker-container builder, not a node line', () => {
    const output = [
      'Name:          builder0',
      'Driver:        docker-container',
      '',
      'Nodes:',
      'Name:      builder00',
      'Endpoint:  unix:///var/run/docker.sock',
    ].join('\n');
    expect(parseBuildxDriver(output)).toBe('docker-container');
  });

  it('finds nothing in an error message', () => {
    expect(parseBuildxDriver("docker: 'buildx' is not a docker command.\n")).toBeUndefined();
  });
});

describe('buildFailure', () => {
  it.each([
    ['buildx-build-pip-no-matching-distribution.log', 'nonexistent-pkg-xyz==1.0'],
    ['buildx-build-pip-failed-wheel.log', 'broken-extension'],
  ])('names the dependency pip could not install (%s)', (file, dependency) => {
    const error = buildFailure(fixture(file));
    expect(error).toBeInstanceOf(BuildError);
    expect(error.failedPackage).toBe(dependency);
    expect(error.message).toContain(`The dependency '${dependency}' could not be installed`);
    expect(error.message).toContain('Nothing was pushed.');
    // The end of the real log follows, so the user sees pip's own words too.
    expect(error.message).toContain('ERROR: failed to solve');
  });

  it('says the build failed, with the last lines, when pip is not the cause', () => {
    const error = buildFailure(fixture('buildx-build-other-failure.log'));
    expect(error.failedPackage).toBeUndefined();
    expect(error.message).toMatch(/^The image build failed\. Nothing was pushed\./);
    expect(error.message).toContain('exit code: 3');
  });

  it('keeps only the last 25 lines of a long log', () => {
    const log = fixture('buildx-build-pip-failed-wheel.log');
    const lines = buildFailure(log).message.split('\n');
    expect(lines.length).toBeLessThanOrEqual(26);
    expect(lines.at(-1)).toBe(log.trim().split('\n').at(-1));
  });
});

describe('an unreachable package index', () => {
  // Captured from pip 23 in a real build whose pip.conf named http://launch:…@127.0.0.1:9/simple
  // (a closed port): five retries, then "No matching distribution found for numpy==1.26.4".
  const log = fixture('buildx-build-pip-index-unreachable.log');

  it('is reported as such, naming the index without credentials, in one line', () => {
    const error = buildFailure(log);
    expect(error.message).toBe(
      'The package index 127.0.0.1:9 could not be reached (connection refused), so pip could not look up numpy==1.26.4. ' +
        'Check pip-index-url / pip-extra-index-url and that the build can reach that host (network: host for a service on the runner itself). Nothing was pushed.',
    );
    expect(error.failedPackage).toBeUndefined();
    expect(error.message).not.toMatch(/check its name and version/);
    expect(error.message).not.toContain('launch');
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it.each([
    [
      "Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>: Failed to establish a new connection: [Errno -2] Name or service not known')': /simple/torch/",
      'name or service not known',
    ],
    [
      "Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ConnectTimeoutError(<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to pypi.internal timed out. (connect timeout=15)')': /simple/torch/",
      'connection to pypi.internal timed out',
    ],
  ])('gives the reason pip gave (%#)', (line, reason) => {
    const output = `#8 1.2 Looking in indexes: https://user:****@pypi.internal/simple\n#8 9.1 WARNING: ${line}\n#8 9.2 ERROR: No matching distribution found for torch\n`;
    expect(unreachableIndex(output)).toMatch(
      new RegExp(
        `^The package index pypi\\.internal could not be reached \\(${reason.replace(/\./g, '\\.')}\\), so pip could not look up torch\\.`,
      ),
    );
  });

  it('names the index the retried path belongs to when there are several', () => {
    const output = [
      '#8 1.2 Looking in indexes: https://pypi.org/simple, https://u:****@gpu.example/whl/simple',
      "#8 9.1 WARNING: Retrying (Retry(total=0, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<x>: Failed to establish a new connection: [Errno 111] Connection refused')': /whl/simple/torch/",
    ].join('\n');
    expect(unreachableIndex(output)).toMatch(
      /^The package index gpu\.example could not be reached/,
    );
  });

  it('is not claimed when pip reached the index (a real missing package)', () => {
    expect(
      unreachableIndex(fixture('buildx-build-pip-no-matching-distribution.log')),
    ).toBeUndefined();
  });
});
