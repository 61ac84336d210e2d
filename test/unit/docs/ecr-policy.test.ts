/**
 * The ECR permissions documented in docs/cloud-setup.md are exactly the ones the product needs:
 * the API operations our SigV4 client signs (as the strict fake ECR sees them during a real login
 * and first push), plus the registry-protocol calls docker and the manifest lookup make, mapped to
 * their IAM actions as AWS documents them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  classifyRegistry,
  prepareRepository,
  resolveRegistryCredentials,
} from '../../../src/auth/index.js';
import type { AuthInputs } from '../../../src/auth/index.js';
import { AWS_ROLE_ARN, ECR_HOST, FakeClouds } from '../../servers/clouds.js';
import { recordingDeps } from '../auth/helpers.js';
import { read } from './doc-examples.js';

/**
 * Registry API (OCI distribution) requests the product makes, and the ECR IAM action each one
 * needs (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html and
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/ — "This operation is used by the
 * Amazon ECR proxy"). Who makes them: `push` = docker buildx during the build, `lookup` = our
 * manifest HEAD that skips existing builds, `pull` = docker pull in `mode: run` on the GPU runner.
 */
const REGISTRY_CALLS = [
  { request: 'HEAD /v2/<name>/manifests/<tag>', by: 'lookup', action: 'BatchGetImage' },
  { request: 'HEAD /v2/<name>/blobs/<digest>', by: 'push', action: 'BatchCheckLayerAvailability' },
  { request: 'POST /v2/<name>/blobs/uploads/', by: 'push', action: 'InitiateLayerUpload' },
  { request: 'PATCH /v2/<name>/blobs/uploads/<id>', by: 'push', action: 'UploadLayerPart' },
  { request: 'PUT /v2/<name>/blobs/uploads/<id>', by: 'push', action: 'CompleteLayerUpload' },
  { request: 'PUT /v2/<name>/manifests/<tag>', by: 'push', action: 'PutImage' },
  { request: 'GET /v2/<name>/manifests/<ref>', by: 'pull', action: 'BatchGetImage' },
  { request: 'GET /v2/<name>/blobs/<digest>', by: 'pull', action: 'GetDownloadUrlForLayer' },
] as const;

/** Every `ecr:` action of the JSON policies in a Markdown text. */
function documentedEcrActions(markdown: string): string[] {
  const actions = new Set<string>();
  for (const match of markdown.matchAll(/```json\n([\s\S]*?)```/g)) {
    const policy = JSON.parse((match[1] ?? '').replace(/^ {3}/gm, '')) as {
      Statement?: { Action?: string | string[] }[];
    };
    for (const statement of policy.Statement ?? []) {
      for (const action of [statement.Action ?? []].flat()) {
        if (action.startsWith('ecr:')) actions.add(action.slice(4));
      }
    }
  }
  return [...actions].sort();
}

let clouds: FakeClouds | undefined;
afterEach(async () => {
  await clouds?.close();
  clouds = undefined;
});

/** The ECR operations our client signs during a login and a first push (repository created). */
async function signedOperations(): Promise<string[]> {
  clouds = await new FakeClouds({ aws: { repositories: [] } }).start();
  const { deps } = recordingDeps(clouds.env);
  const inputs: AuthInputs = {
    awsRoleArn: AWS_ROLE_ARN,
    awsSessionName: 'launch-action',
    awsRoleDuration: 3600,
    createRepository: true,
  };
  const ecr = classifyRegistry(ECR_HOST);
  await resolveRegistryCredentials(ecr, 'train', inputs, deps);
  await prepareRepository(ecr, 'train', inputs, deps);
  const prefix = 'AmazonEC2ContainerRegistry_V20150921.';
  return [
    ...new Set(
      clouds.aws.ecr.requests.map((r) => (r.headers['x-amz-target'] ?? '').slice(prefix.length)),
    ),
  ].sort();
}

describe('the documented ECR policy', () => {
  it('our client signs GetAuthorizationToken, DescribeRepositories and CreateRepository', async () => {
    expect(await signedOperations()).toEqual([
      'CreateRepository',
      'DescribeRepositories',
      'GetAuthorizationToken',
    ]);
  });

  it('equals the signed operations plus the registry calls of push, lookup and pull', async () => {
    const needed = new Set([...(await signedOperations()), ...REGISTRY_CALLS.map((c) => c.action)]);
    expect(documentedEcrActions(read('docs/cloud-setup.md'))).toEqual([...needed].sort());
  });

  it('lets the GPU job pull (the same role logs in there)', () => {
    const documented = documentedEcrActions(read('docs/cloud-setup.md'));
    for (const call of REGISTRY_CALLS.filter((c) => c.by === 'pull')) {
      expect(documented).toContain(call.action);
    }
  });
});
