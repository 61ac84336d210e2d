import type { RegistryProvider } from './types.js';

// Private ECR: <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn], and the dual-stack form
// <account>.dkr-ecr[-fips].<region>.on.aws.
const ECR_HOST =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const ECR_DUAL_STACK_HOST = /^(\d{12})\.dkr-ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.on\.aws$/;
/** ECR Public has one registry host; its API lives in us-east-1 only. */
const ECR_PUBLIC_HOST = 'public.ecr.aws';
const GAR_HOST = /^([a-z0-9]+(?:-[a-z0-9]+)*)-docker\.pkg\.dev$/;
// Container Registry hosts are served by Artifact Registry now and take the same login.
const GCR_HOST = /^(?:(us|eu|asia)\.)?gcr\.io$/;
const ACR_HOST = /^([a-z0-9]{5,50})\.azurecr\.io$/;

/** Pure: which registry a host (no scheme, no path) is. Unknown hosts are `generic`. */
export function classifyRegistry(host: string): RegistryProvider {
  const name = host.trim().toLowerCase();
  const ecr = ECR_HOST.exec(name) ?? ECR_DUAL_STACK_HOST.exec(name);
  if (ecr) return { kind: 'ecr', account: ecr[1] ?? '', region: ecr[2] ?? '', host: name };
  if (name === ECR_PUBLIC_HOST)
    return { kind: 'ecr', account: '', region: 'us-east-1', host: name };
  const gar = GAR_HOST.exec(name);
  if (gar) return { kind: 'gar', location: gar[1] ?? '', host: name };
  const gcr = GCR_HOST.exec(name);
  if (gcr) return { kind: 'gar', location: gcr[1] ?? 'us', host: name };
  const acr = ACR_HOST.exec(name);
  if (acr) return { kind: 'acr', name: acr[1] ?? '', host: name };
  if (name === 'ghcr.io') return { kind: 'ghcr', host: name };
  return { kind: 'generic', host: name };
}

export function isEcrPublic(provider: RegistryProvider): boolean {
  return provider.kind === 'ecr' && provider.host === ECR_PUBLIC_HOST;
}

/** DNS suffix and ARN partition of an AWS region (China and GovCloud differ from the rest). */
export function awsPartition(region: string): { domain: string; arnPartition: string } {
  if (region.startsWith('cn-')) return { domain: 'amazonaws.com.cn', arnPartition: 'aws-cn' };
  if (region.startsWith('us-gov-')) return { domain: 'amazonaws.com', arnPartition: 'aws-us-gov' };
  return { domain: 'amazonaws.com', arnPartition: 'aws' };
}

/**
 * The repository path inside the registry: `team/train` for `host/team/train:tag`, `host/team/train`
 * or `team/train`. Tags and digests are dropped.
 */
export function repositoryPath(provider: RegistryProvider, repository: string): string {
  let path = repository.trim().replace(/^[a-z]+:\/\//i, '');
  if (path.toLowerCase().startsWith(`${provider.host}/`))
    path = path.slice(provider.host.length + 1);
  path = path.replace(/@sha256:[0-9a-f]+$/i, '');
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  return colon === -1 ? path : path.slice(0, colon);
}
