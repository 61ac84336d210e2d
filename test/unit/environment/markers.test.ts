import { describe, expect, it } from 'vitest';
import {
  evaluateMarker,
  markerTarget,
  versionSatisfies,
} from '../../../src/environment/markers.js';
import { compareVersions } from '../../../src/environment/pep440.js';

const linux311 = markerTarget('3.11', ['linux/amd64']);

describe('evaluateMarker', () => {
  it.each([
    ['sys_platform == "win32"', false],
    ['sys_platform == "linux"', true],
    ['platform_system == "Windows"', false],
    ['platform_system != "Darwin"', true],
    ['os_name == "nt"', false],
    ['platform_machine == "x86_64"', true],
    ["platform_machine == 'aarch64'", false],
    ['python_version < "3.9"', false],
    ['python_version >= "3.9"', true],
    ['python_version == "3.11"', true],
    ['"3.8" < python_version', true],
    ['python_version >= "3.8" and python_version < "3.10"', false],
    ['python_version < "3.9" or sys_platform == "linux"', true],
    ['(python_version < "3.9" or sys_platform == "win32") and platform_machine == "x86_64"', false],
    ['platform_system == "Linux" and platform_machine == "x86_64"', true],
    ['python_full_version >= "3.8.1"', true],
    ['python_full_version < "3.12.0"', true],
    ['implementation_name == "cpython"', true],
    ['platform_python_implementation == "PyPy"', false],
    ['"linux" in sys_platform', true],
    ['extra == "tracking"', false],
    ['python_version in "3.10 3.11"', true],
  ])('%s → %s on Linux x86_64, Python 3.11', (marker, expected) => {
    expect(evaluateMarker(marker, linux311)).toBe(expected);
  });

  it('leaves undecided what the plan does not fix', () => {
    // A patch of the chosen minor when only MAJOR.MINOR is known.
    expect(evaluateMarker('python_full_version >= "3.11.4"', linux311)).toBeUndefined();
    expect(evaluateMarker('python_full_version >= "3.11.4"', markerTarget('3.11.9', []))).toBe(
      true,
    );
    // The machine when two platforms are built; false and true still decide the whole marker.
    const both = markerTarget('3.11', ['linux/amd64', 'linux/arm64']);
    expect(evaluateMarker('platform_machine == "x86_64"', both)).toBeUndefined();
    expect(evaluateMarker('platform_machine == "x86_64" and sys_platform == "win32"', both)).toBe(
      false,
    );
    expect(evaluateMarker('platform_machine == "x86_64" or sys_platform == "linux"', both)).toBe(
      true,
    );
    expect(evaluateMarker('platform_release >= "5"', linux311)).toBeUndefined();
  });

  it('the arm64 platform is aarch64; an extra in force holds', () => {
    const arm = markerTarget('3.10', ['linux/arm64']);
    expect(evaluateMarker('platform_machine == "aarch64"', arm)).toBe(true);
    expect(
      evaluateMarker('extra == "Tracking_Extra"', { ...arm, extras: ['tracking-extra'] }),
    ).toBe(true);
  });
});

describe('versions', () => {
  it.each([
    ['1.26.4', '1.24.4', 1],
    ['1.0', '1.0.0', 0],
    ['1.0rc1', '1.0', -1],
    ['1.0.dev1', '1.0a1', -1],
    ['1.0.post1', '1.0', 1],
    ['2!1.0', '3.0', 1],
  ])('%s vs %s → %i', (left, right, expected) => {
    expect(compareVersions(left, right)).toBe(expected);
  });

  it.each([
    ['1.26.4', '^1.24', true],
    ['2.0.0', '^1.24', false],
    ['1.24.4', '>=1.22.4,<2', true],
    ['7.1.2', '>=7.1,<8.0.0 || >8.0.0', true],
    ['8.0.0', '>=7.1,<8.0.0 || >8.0.0', false],
    ['3.11', '>=3.9', true],
    ['3.11', '!=3.0.*,!=3.1.*,>=2.7', true],
    ['0.4.6', '*', true],
    ['1.2.3', '~1.2', true],
    ['1.3.0', '~1.2', false],
  ])('%s satisfies %s → %s', (version, constraint, expected) => {
    expect(versionSatisfies(version, constraint)).toBe(expected);
  });
});
