/**
 * Access to a managed cluster (EKS, GKE, AKS) with the cloud identity the step already obtains
 * through GitHub OIDC, without a cloud CLI or credential plugin on the runner: a short-lived bearer
 * token, the API server's URL and its CA from the inputs.
 */
import { clusterBearerToken, type AuthDeps, type AuthInputs } from '../auth/index.js';
import type { KubernetesInputs } from './inputs.js';

/** What the client needs for a managed cluster. */
export interface ManagedClusterAccess {
  server: string;
  /** base64 of the CA bundle (PEM), as in a kubeconfig's certificate-authority-data. */
  caData: string;
  token: string;
  how: string;
}

const EKS_REGION = /\.([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)\.eks\.amazonaws\.com(?:\.cn)?$/;

export async function managedClusterAccess(
  inputs: Pick<KubernetesInputs, 'access' | 'server' | 'caData' | 'cluster'>,
  auth: AuthInputs,
  deps: AuthDeps,
): Promise<ManagedClusterAccess | undefined> {
  const { access } = inputs;
  if (access !== 'eks' && access !== 'gke' && access !== 'aks') return undefined;
  // The inputs reader makes sure these are set for these routes.
  const server = inputs.server!;
  const caData = inputs.caData!;
  const region =
    access === 'eks'
      ? (auth.awsRegion ?? EKS_REGION.exec(new URL(server).hostname)?.[1])
      : undefined;
  if (access === 'eks' && !region) {
    throw new Error(
      `kubernetes-access: eks needs the cluster's region: the server ${server} does not name one. Set aws-region.`,
    );
  }
  const { token, identity } = await clusterBearerToken(access, auth, deps, {
    ...(inputs.cluster !== undefined && { name: inputs.cluster }),
    ...(region !== undefined && { region }),
  });
  deps.setSecret(token);
  const what = { eks: 'EKS', gke: 'GKE', aks: 'AKS' }[access];
  return { server, caData, token, how: `${what} token for ${identity} (${server})` };
}
