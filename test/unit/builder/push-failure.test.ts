import { describe, expect, it } from 'vitest';
import { buildFailure, isTransientPushError } from '../../../src/builder/execute.js';

/** The end of a real buildx plain log whose push a registry with immutable tags refused. */
const REFUSED_PUSH = [
  '#14 pushing layer 08fb490ddba3 0.3s done',
  '#14 DONE 0.3s',
  '',
  '#15 pushing 127.0.0.1:41325/immutable-mx3bavzl-0c0706:buildcache-inline with docker',
  '#15 pushing layer 7b654493f216 0.0s done',
  "#15 ERROR: tag invalid: The image tag 'buildcache-inline' already exists in the 'immutable-mx3bavzl-0c0706' repository and cannot be overwritten because the repository is immutable.",
  '------',
  ' > pushing 127.0.0.1:41325/immutable-mx3bavzl-0c0706:buildcache-inline with docker:',
  '------',
  "ERROR: tag invalid: The image tag 'buildcache-inline' already exists",
].join('\n');

describe('buildFailure on a failed push', () => {
  it('says the push failed, to where, and why — not that the build failed', () => {
    const message = buildFailure(REFUSED_PUSH).message;
    expect(message).toMatch(
      /^The image was built, but pushing it to 127\.0\.0\.1:41325\/immutable-mx3bavzl-0c0706:buildcache-inline failed: tag invalid: The image tag 'buildcache-inline' already exists/,
    );
    expect(message).not.toContain('The image build failed');
  });

  it('a build that fails before any push is still a build failure', () => {
    const log =
      '#9 [3/4] RUN false\n#9 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n';
    expect(buildFailure(log).message).toMatch(/^The image build failed\. Nothing was pushed\./);
  });
});

describe('isTransientPushError', () => {
  it.each([
    ['toomanyrequests: injected 429 (Retry-After 1) on manifest-put', true],
    ['received unexpected HTTP status: 503 Service Unavailable', true],
    ['received unexpected HTTP status: 502 Bad Gateway', true],
    ['Patch "http://127.0.0.1:5000/v2/x/blobs/uploads/1": read: connection reset by peer', true],
    ['write tcp 127.0.0.1:1->127.0.0.1:2: write: broken pipe', true],
    ['unexpected EOF', true],
    ['net/http: TLS handshake timeout', true],
    ["tag invalid: The image tag 'abc' already exists", false],
    ['denied: requested access to the resource is denied', false],
    ['unauthorized: authentication required', false],
    ['name unknown: repository name not known to registry', false],
  ])('%s → %s', (error, transient) => {
    expect(isTransientPushError(error)).toBe(transient);
  });

  it('marks the failed push of a build log for one more try only when transient', () => {
    const throttled = REFUSED_PUSH.replace(/tag invalid: .*$/m, 'toomanyrequests: slow down');
    expect(buildFailure(throttled).push).toMatchObject({ transient: true });
    expect(buildFailure(REFUSED_PUSH).push).toMatchObject({ transient: false });
  });
});
