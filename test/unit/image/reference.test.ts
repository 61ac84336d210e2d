import { describe, expect, it } from 'vitest';
import { parseImageReference, repositoryName, withDigest } from '../../../src/image/reference.js';

describe('parseImageReference', () => {
  it.each([
    ['python:3.11-slim', { host: 'docker.io', path: 'library/python', tag: '3.11-slim' }],
    [
      'nvidia/cuda:12.4.1-runtime-ubuntu22.04',
      { host: 'docker.io', path: 'nvidia/cuda', tag: '12.4.1-runtime-ubuntu22.04' },
    ],
    ['127.0.0.1:5000/team/train', { host: '127.0.0.1:5000', path: 'team/train' }],
    ['localhost/train:v1', { host: 'localhost', path: 'train', tag: 'v1' }],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/train',
      { host: '123456789012.dkr.ecr.us-east-1.amazonaws.com', path: 'train' },
    ],
    [
      'us-central1-docker.pkg.dev/proj/repo/img',
      { host: 'us-central1-docker.pkg.dev', path: 'proj/repo/img' },
    ],
    [
      `ghcr.io/org/img@sha256:${'a'.repeat(64)}`,
      { host: 'ghcr.io', path: 'org/img', digest: `sha256:${'a'.repeat(64)}` },
    ],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it.each([
    ['', /not empty/],
    ['Team/Train', /not a valid repository name component/],
    ['host.io/a//b', /empty component/],
    ['img:-bad', /not a valid tag/],
    ['img@sha256:xyz', /not a digest/],
    ['has space/img', /no spaces/],
    ['bad_host.io:99999999/img', /not a valid registry host/],
  ])('refuses %j', (text, message) => {
    const parsed = parseImageReference(text);
    expect(typeof parsed).toBe('string');
    expect(parsed).toMatch(message);
  });

  it('writes Docker Hub names short', () => {
    expect(repositoryName({ host: 'docker.io', path: 'library/python' })).toBe('python');
    expect(withDigest({ host: 'ghcr.io', path: 'a/b' }, 'sha256:1')).toBe('ghcr.io/a/b@sha256:1');
  });
});
