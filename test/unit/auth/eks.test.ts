/**
 * The EKS token against an independent SigV4 check (written from the specification, not the
 * signer): the URL the API server replays, with its own cluster id header.
 */
import { describe, expect, it } from 'vitest';
import { CLUSTER_ID_HEADER, EKS_TOKEN_PREFIX, eksToken } from '../../../src/auth/eks.js';
import { parsePresignedQuery, verifyPresignedSigV4 } from '../../servers/sigv4-verify.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLEKEY00001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2Vj+session/token==',
  expiration: '',
};
const signedAt = new Date('2026-11-30T12:00:00Z');

async function replay(cluster: string, token: string, now = signedAt.getTime()) {
  const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString());
  const presigned = parsePresignedQuery(url);
  if (typeof presigned === 'string') return presigned;
  return verifyPresignedSigV4(
    {
      method: 'GET',
      url: `${url.pathname}${url.search}`,
      headers: { host: url.host, [CLUSTER_ID_HEADER]: cluster },
      body: '',
    },
    presigned,
    credentials.secretAccessKey,
    now,
  );
}

describe('EKS token', () => {
  it('is k8s-aws-v1. + base64url (no padding) of a presigned GetCallerIdentity URL', async () => {
    const token = await eksToken(
      credentials,
      'https://sts.us-east-1.amazonaws.com',
      'us-east-1',
      'gpu',
      signedAt,
    );
    expect(token.startsWith('k8s-aws-v1.')).toBe(true);
    expect(token.slice(EKS_TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString());
    expect(url.host).toBe('sts.us-east-1.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('Version')).toBe('2011-06-15');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Credential')).toBe(
      'ASIAEXAMPLEKEY00001/20261130/us-east-1/sts/aws4_request',
    );
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
  });

  it('verifies for its cluster only, and only while it is valid', async () => {
    const token = await eksToken(
      credentials,
      'http://127.0.0.1:8443',
      'us-east-1',
      'gpu',
      signedAt,
    );
    expect(await replay('gpu', token)).toBeUndefined();
    expect(await replay('other', token)).toMatch(/signature we calculated does not match/);
    expect(await replay('gpu', token, signedAt.getTime() + 61_000)).toBe('Request has expired');
  });
});
