import { describe, expect, it } from 'vitest';
import { classifyRegistry, repositoryPath } from '../../../src/auth/index.js';

describe('classifyRegistry', () => {
  it.each([
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      { kind: 'ecr', account: '123456789012', region: 'us-east-1' },
    ],
    [
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
      { kind: 'ecr', account: '123456789012', region: 'eu-central-1' },
    ],
    [
      '123456789012.DKR.ECR.us-west-2.AMAZONAWS.COM',
      { kind: 'ecr', account: '123456789012', region: 'us-west-2' },
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      { kind: 'ecr', account: '123456789012', region: 'cn-north-1' },
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      { kind: 'ecr', account: '123456789012', region: 'us-gov-west-1' },
    ],
    [
      '123456789012.dkr-ecr.ap-southeast-2.on.aws',
      { kind: 'ecr', account: '123456789012', region: 'ap-southeast-2' },
    ],
    ['public.ecr.aws', { kind: 'ecr', account: '', region: 'us-east-1' }],
    ['us-central1-docker.pkg.dev', { kind: 'gar', location: 'us-central1' }],
    ['europe-west4-docker.pkg.dev', { kind: 'gar', location: 'europe-west4' }],
    ['us-docker.pkg.dev', { kind: 'gar', location: 'us' }],
    ['gcr.io', { kind: 'gar', location: 'us' }],
    ['eu.gcr.io', { kind: 'gar', location: 'eu' }],
    ['acmeml.azurecr.io', { kind: 'acr', name: 'acmeml' }],
    ['ghcr.io', { kind: 'ghcr' }],
    ['127.0.0.1:5000', { kind: 'generic' }],
    ['localhost:5000', { kind: 'generic' }],
    ['docker.io', { kind: 'generic' }],
    ['registry.example.com', { kind: 'generic' }],
    // Look-alikes that must not be mistaken for a cloud registry.
    ['12345.dkr.ecr.us-east-1.amazonaws.com', { kind: 'generic' }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example', { kind: 'generic' }],
    ['docker.pkg.dev', { kind: 'generic' }],
    ['ab.azurecr.io', { kind: 'generic' }],
    ['ghcr.io.example.com', { kind: 'generic' }],
  ])('%s', (host, expected) => {
    expect(classifyRegistry(host)).toEqual({ ...expected, host: host.toLowerCase() });
  });
});

describe('repositoryPath', () => {
  const ecr = classifyRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com');
  it.each([
    ['train', 'train'],
    ['team/train', 'team/train'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/train', 'team/train'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/train:v1', 'team/train'],
    ['team/train@sha256:0123abcd', 'team/train'],
  ])('%s → %s', (input, expected) => {
    expect(repositoryPath(ecr, input)).toBe(expected);
  });
});
