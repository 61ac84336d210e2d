/**
 * `mode: doctor`'s cloud checks against the strict fake clouds: each misconfiguration the fakes
 * can express yields its own named finding, a correct setup yields only passing ones, and no
 * token reaches a finding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { classifyRegistry } from '../../../src/auth/index.js';
import type { AuthInputs } from '../../../src/auth/index.js';
import { checkCloud } from '../../../src/doctor/cloud.js';
import { formatFindings } from '../../../src/doctor/findings.js';
import {
  ACR_HOST,
  AWS_ROLE_ARN,
  AZURE_CLIENT,
  AZURE_TENANT,
  ECR_HOST,
  FakeClouds,
  GAR_HOST,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  REPOSITORY,
} from '../../servers/clouds.js';
import type { CloudOverrides } from '../../servers/clouds.js';
import { recordingDeps } from '../auth/helpers.js';

const base: AuthInputs = {
  awsSessionName: 'launch-action',
  awsRoleDuration: 3600,
  createRepository: true,
};
const ecrInputs: AuthInputs = { ...base, awsRoleArn: AWS_ROLE_ARN };
const garInputs: AuthInputs = {
  ...base,
  gcpWorkloadIdentityProvider: GCP_PROVIDER,
  gcpServiceAccount: GCP_SERVICE_ACCOUNT,
};
const acrInputs: AuthInputs = { ...base, azureClientId: AZURE_CLIENT, azureTenantId: AZURE_TENANT };
const ecr = classifyRegistry(ECR_HOST);
const gar = classifyRegistry(GAR_HOST);
const acr = classifyRegistry(ACR_HOST);

let clouds: FakeClouds | undefined;
afterEach(async () => {
  await clouds?.close();
  clouds = undefined;
});

async function doctor(
  provider: ReturnType<typeof classifyRegistry>,
  inputs: AuthInputs,
  overrides: CloudOverrides = {},
  env: Record<string, string | undefined> = {},
) {
  clouds = await new FakeClouds(overrides).start();
  const { deps } = recordingDeps({ ...clouds.env, ...env });
  const result = await checkCloud(provider, 'train', inputs, deps);
  const text = formatFindings(result.findings);
  // Claims are printed; the tokens never are.
  for (const secret of clouds.issuedSecrets) expect(text).not.toContain(secret);
  return { ...result, text, ids: result.findings.map((f) => `${f.severity} ${f.id}`) };
}

const immutableSub = `repo:acme-ml@81234567/train-models@712345678:ref:refs/heads/main`;

describe('doctor: correct setups pass, with the token claims printed', () => {
  it('ECR', async () => {
    const r = await doctor(ecr, ecrInputs, { aws: { repositories: ['train'] } });
    expect(r.ids).toEqual([
      'ok oidc.token',
      'ok aws.role-assumed',
      'ok aws.ecr-login',
      'ok aws.repository',
    ]);
    expect(r.credentials?.username).toBe('AWS');
    expect(r.text).toContain(`sub: repo:${REPOSITORY}:ref:refs/heads/main`);
    expect(r.text).toContain('aud: sts.amazonaws.com');
    expect(r.text).toContain(
      `job_workflow_ref: ${REPOSITORY}/.github/workflows/train.yml@refs/heads/main`,
    );
  });

  it('ECR: a missing repository is created by the first build', async () => {
    const r = await doctor(ecr, ecrInputs, { aws: { repositories: [] } });
    expect(r.ids).toContain('info aws.repository-missing');
    const strict = await doctor(
      ecr,
      { ...ecrInputs, createRepository: false },
      { aws: { repositories: [] } },
    );
    expect(strict.ids).toContain('error aws.repository-missing');
  });

  it('Artifact Registry with impersonation', async () => {
    const r = await doctor(gar, garInputs);
    expect(r.ids).toEqual(['ok oidc.token', 'ok gcp.token-exchanged', 'ok gcp.impersonation']);
    expect(r.text).toContain(`aud: https://iam.googleapis.com/${GCP_PROVIDER}`);
    expect(r.credentials?.username).toBe('oauth2accesstoken');
  });

  it('Artifact Registry direct access warns about the short-lived token', async () => {
    const r = await doctor(gar, { ...garInputs, gcpServiceAccount: undefined });
    expect(r.ids).toEqual([
      'ok oidc.token',
      'ok gcp.token-exchanged',
      'warning gcp.direct-access-short-lived',
    ]);
    expect(r.credentials).toBeDefined();
  });

  it('ACR', async () => {
    const r = await doctor(acr, acrInputs);
    expect(r.ids).toEqual(['ok oidc.token', 'ok azure.token', 'ok azure.acr-exchange']);
    expect(r.credentials?.username).toBe('00000000-0000-0000-0000-000000000000');
  });
});

describe('doctor: each misconfiguration has its own named finding', () => {
  it.each([
    ['ECR', ecr, ecrInputs],
    ['Artifact Registry', gar, garInputs],
    ['ACR', acr, acrInputs],
  ])('%s: no id-token permission', async (_name, provider, inputs) => {
    const r = await doctor(provider, inputs, {}, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined });
    expect(r.ids).toEqual(['error oidc.permission-missing']);
    expect(r.text).toContain('id-token: write');
    expect(clouds?.requestCount).toBe(0);
  });

  it('ECR: wrong sub in the trust policy', async () => {
    const r = await doctor(ecr, ecrInputs, {
      aws: { roles: [{ arn: AWS_ROLE_ARN, subjects: ['repo:acme-ml/other:*'] }] },
    });
    expect(r.ids).toEqual(['ok oidc.token', 'error aws.trust-policy-refused']);
    expect(r.text).toContain(`"repo:${REPOSITORY}:*"`);
  });

  it('ECR: a name-only trust policy and an immutable subject', async () => {
    const r = await doctor(ecr, ecrInputs, { sub: immutableSub });
    expect(r.ids).toEqual(['ok oidc.token', 'error aws.trust-policy-refused']);
    expect(r.text).toContain(`sub: ${immutableSub}`);
    expect(r.text).toContain('"repo:acme-ml@81234567/train-models@712345678:*"');
  });

  it('ECR: wrong aud (the role expects another audience)', async () => {
    const r = await doctor(ecr, ecrInputs, {
      aws: {
        roles: [
          {
            arn: AWS_ROLE_ARN,
            subjects: [`repo:${REPOSITORY}:*`],
            audience: 'sts.amazonaws.com.cn',
          },
        ],
      },
    });
    expect(r.ids).toEqual(['ok oidc.token', 'error aws.audience-refused']);
    expect(r.findings[1]?.fix).toContain('client ID sts.amazonaws.com');
  });

  it('ECR: missing role', async () => {
    const r = await doctor(ecr, {
      ...ecrInputs,
      awsRoleArn: 'arn:aws:iam::123456789012:role/nope',
    });
    expect(r.ids).toEqual(['ok oidc.token', 'error aws.trust-policy-refused']);
  });

  it('ECR: missing permission', async () => {
    const r = await doctor(ecr, ecrInputs, {
      aws: {
        repositories: ['train'],
        roles: [
          {
            arn: AWS_ROLE_ARN,
            subjects: [`repo:${REPOSITORY}:*`],
            ecrActions: ['DescribeRepositories'],
          },
        ],
      },
    });
    expect(r.ids).toEqual([
      'ok oidc.token',
      'ok aws.role-assumed',
      'error aws.ecr-permission-missing',
      'ok aws.repository',
    ]);
    expect(r.findings[2]?.fix).toContain('"ecr:GetAuthorizationToken"');
  });

  it('ECR: session longer than the role allows', async () => {
    const r = await doctor(ecr, { ...ecrInputs, awsRoleDuration: 7200 });
    expect(r.ids).toEqual(['ok oidc.token', 'error aws.session-duration']);
  });

  it('Artifact Registry: wrong provider (audience)', async () => {
    const r = await doctor(gar, {
      ...garInputs,
      gcpWorkloadIdentityProvider: GCP_PROVIDER.replace('github-actions', 'other'),
    });
    expect(r.ids).toEqual(['ok oidc.token', 'error gcp.provider-not-found']);
  });

  it('Artifact Registry: attribute condition refuses the repository', async () => {
    const r = await doctor(gar, garInputs, { google: { allowedRepositories: ['acme-ml/other'] } });
    expect(r.ids).toEqual(['ok oidc.token', 'error gcp.attribute-condition-refused']);
  });

  it('Artifact Registry: missing workloadIdentityUser role', async () => {
    const r = await doctor(gar, garInputs, {
      google: { serviceAccounts: { [GCP_SERVICE_ACCOUNT]: [] } },
    });
    expect(r.ids).toEqual([
      'ok oidc.token',
      'ok gcp.token-exchanged',
      'error gcp.impersonation-denied',
    ]);
    expect(r.text).toContain('roles/iam.workloadIdentityUser');
  });

  it('Artifact Registry: a subject longer than google.subject allows', async () => {
    const r = await doctor(gar, garInputs, {
      sub: `repo:${REPOSITORY}:environment:${'x'.repeat(100)}`,
    });
    expect(r.ids).toContain('warning gcp.subject-too-long');
  });

  it('ACR: wrong sub', async () => {
    const r = await doctor(acr, acrInputs, { sub: `repo:${REPOSITORY}:ref:refs/heads/dev` });
    expect(r.ids).toEqual(['ok oidc.token', 'error azure.no-matching-federated-credential']);
    expect(r.findings[1]?.fix).toContain(`"subject": "repo:${REPOSITORY}:ref:refs/heads/dev"`);
  });

  it('ACR: wrong aud in the federated credential', async () => {
    const r = await doctor(acr, acrInputs, {
      azure: {
        apps: {
          [AZURE_CLIENT]: [
            {
              issuer: 'https://token.actions.githubusercontent.com',
              subject: `repo:${REPOSITORY}:ref:refs/heads/main`,
              audience: 'api://other',
            },
          ],
        },
      },
    });
    expect(r.ids).toEqual(['ok oidc.token', 'error azure.no-matching-federated-credential']);
    expect(r.findings[1]?.fix).toContain('"audiences": ["api://AzureADTokenExchange"]');
  });

  it('ACR: unknown app, unknown tenant', async () => {
    const app = await doctor(acr, {
      ...acrInputs,
      azureClientId: 'a1b2c3d4-0000-4000-8000-000000000000',
    });
    expect(app.ids).toEqual(['ok oidc.token', 'error azure.app-not-found']);
    await clouds?.close();
    const tenant = await doctor(acr, {
      ...acrInputs,
      azureTenantId: '00000000-1111-2222-3333-444444444444',
    });
    expect(tenant.ids).toEqual(['ok oidc.token', 'error azure.tenant-not-found']);
  });

  it('ACR: missing registry role', async () => {
    const r = await doctor(acr, acrInputs, { azure: { acrPushers: [] } });
    expect(r.ids).toEqual(['ok oidc.token', 'ok azure.token', 'error azure.acr-role-missing']);
    expect(r.findings[2]?.fix).toContain('Container Registry Repository Writer');
  });
});
