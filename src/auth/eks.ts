/**
 * The EKS bearer token, as `aws eks get-token` makes it: a presigned STS GetCallerIdentity URL
 * (SigV4 query signing, the `x-k8s-aws-id` header naming the cluster signed with it), base64url
 * without padding after `k8s-aws-v1.`. The API server calls the URL; STS answers who signed it.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsSessionCredentials } from './aws.js';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header the token binds to one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** How long the presigned URL is valid; the API server accepts it for 15 minutes after signing. */
const PRESIGN_SECONDS = 60;

export async function eksToken(
  credentials: AwsSessionCredentials,
  stsEndpoint: string,
  region: string,
  cluster: string,
  now = new Date(),
): Promise<string> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const url = new URL(`${stsEndpoint}/`);
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      // The port is signed as part of the host header; the request's own port field is not.
      hostname: url.hostname,
      path: url.pathname,
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: url.host, [CLUSTER_ID_HEADER]: cluster },
    },
    { expiresIn: PRESIGN_SECONDS, signingDate: now },
  );
  const signedUrl = new URL(url.toString());
  for (const [key, value] of Object.entries(presigned.query ?? {})) {
    signedUrl.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return EKS_TOKEN_PREFIX + Buffer.from(signedUrl.toString()).toString('base64url');
}
