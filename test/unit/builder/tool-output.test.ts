/**
 * Parsers of tool output, on outputs captured from the real tools (test/fixtures/tool-output/:
 * `docker buildx inspect` of buildx 0.13 with the docker driver; plain-progress buildx build logs
 * of pip 23 failing inside a build).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBuildxDriver } from '../../../src/builder/builder.js';
import { BuildError, buildFailure } from '../../../src/builder/execute.js';

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
