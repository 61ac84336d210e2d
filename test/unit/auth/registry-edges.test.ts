import { describe, expect, it } from 'vitest';
import {
  awsPartition,
  classifyRegistry,
  isEcrPublic,
  repositoryPath,
} from '../../../src/auth/registry.js';

describe('classifyRegistry: only whole host names count', () => {
  it.each([
    'evil.123456789012.dkr.ecr.us-east-1.amazonaws.com',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example',
    'x123456789012.dkr-ecr.us-east-1.on.aws',
    '123456789012.dkr-ecr.us-east-1.on.aws.evil.example',
    'evil-europe-west4-docker.pkg.dev.example',
    'evil.example/europe-west4-docker.pkg.dev',
    'notgcr.io.example',
    'my.gcr.io',
    'gcr.io.example',
    'evil.acmeml.azurecr.io.example',
    'evil.acmeml.azurecr.io',
    'acmeml.azurecr.io.example',
  ])('%s is generic', (host) => {
    expect(classifyRegistry(host).kind).toBe('generic');
  });

  it.each([
    ['123456789012.dkr.ecr.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['123456789012.dkr.ecr.ap-southeast-10.amazonaws.com', 'ap-southeast-10'],
    ['123456789012.dkr-ecr.us-gov-east-1.on.aws', 'us-gov-east-1'],
    ['123456789012.dkr-ecr.eu-west-12.on.aws', 'eu-west-12'],
  ])('%s is ECR in %s', (host, region) => {
    expect(classifyRegistry(host)).toEqual({ kind: 'ecr', account: '123456789012', region, host });
  });

  it('trims and lower-cases the host', () => {
    expect(classifyRegistry('  ACMEML.azurecr.io\n')).toEqual({
      kind: 'acr',
      name: 'acmeml',
      host: 'acmeml.azurecr.io',
    });
  });
});

describe('awsPartition', () => {
  it.each([
    ['us-gov-west-1', { domain: 'amazonaws.com', arnPartition: 'aws-us-gov' }],
    ['cn-north-1', { domain: 'amazonaws.com.cn', arnPartition: 'aws-cn' }],
    ['eu-west-1', { domain: 'amazonaws.com', arnPartition: 'aws' }],
    ['eu-us-gov-1', { domain: 'amazonaws.com', arnPartition: 'aws' }],
  ])('%s → %j', (region, partition) => {
    expect(awsPartition(region)).toEqual(partition);
  });
});

describe('isEcrPublic', () => {
  it('is the ECR kind on the public host only', () => {
    expect(isEcrPublic(classifyRegistry('public.ecr.aws'))).toBe(true);
    expect(isEcrPublic({ kind: 'generic', host: 'public.ecr.aws' })).toBe(false);
    expect(isEcrPublic(classifyRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com'))).toBe(
      false,
    );
  });
});

describe('repositoryPath', () => {
  const gar = classifyRegistry('europe-west4-docker.pkg.dev');
  it.each([
    ['  europe-west4-docker.pkg.dev/p/team/train:v1  ', 'p/team/train'],
    ['https://europe-west4-docker.pkg.dev/p/team/train', 'p/team/train'],
    ['oci://europe-west4-docker.pkg.dev/p/team/train', 'p/team/train'],
    ['p/team/train@sha256:abc123', 'p/team/train'],
    ['p/team/train:v1', 'p/team/train'],
    ['p/te:am/train', 'p/te:am/train'],
    ['p/team:/train', 'p/team:/train'],
    ['p/x1://train', 'p/x1://train'],
  ])('%j → %s', (repository, expected) => {
    expect(repositoryPath(gar, repository)).toBe(expected);
  });
});
