import { awsPartition } from './registry.js';

/** Base URLs of the cloud services the login chains call. */
export interface CloudEndpoints {
  awsSts: string;
  awsEcr: string;
  googleSts: string;
  googleIamCredentials: string;
  azureLogin: string;
  acrExchange: string;
}

/**
 * TEST-ONLY: `LAUNCH_ACTION_INTERNAL_ENDPOINTS` is a JSON object with some of the keys of
 * CloudEndpoints, each a base URL on 127.0.0.1/localhost, so tests run the real chains against local
 * servers. It is deliberately not an action input and is not documented for users; anything that is
 * not a loopback URL is refused so it can never redirect credentials elsewhere.
 */
const INTERNAL_ENDPOINTS_VARIABLE = 'LAUNCH_ACTION_INTERNAL_ENDPOINTS';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The real endpoints for a registry's region/host, with test overrides applied. */
export function cloudEndpoints(
  env: NodeJS.ProcessEnv,
  where: { awsRegion?: string; acrHost?: string; ecrPublic?: boolean },
): CloudEndpoints {
  const region = where.awsRegion ?? 'us-east-1';
  const { domain } = awsPartition(region);
  const defaults: CloudEndpoints = {
    awsSts: `https://sts.${region}.${domain}`,
    awsEcr: where.ecrPublic
      ? `https://api.ecr-public.${region}.${domain}`
      : `https://api.ecr.${region}.${domain}`,
    googleSts: 'https://sts.googleapis.com',
    googleIamCredentials: 'https://iamcredentials.googleapis.com',
    azureLogin: 'https://login.microsoftonline.com',
    acrExchange: `https://${where.acrHost ?? 'invalid.azurecr.io'}`,
  };
  return { ...defaults, ...internalOverrides(env) };
}

function internalOverrides(env: NodeJS.ProcessEnv): Partial<CloudEndpoints> {
  const raw = env[INTERNAL_ENDPOINTS_VARIABLE];
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE} must be a JSON object`);
  }
  const known: (keyof CloudEndpoints)[] = [
    'awsSts',
    'awsEcr',
    'googleSts',
    'googleIamCredentials',
    'azureLogin',
    'acrExchange',
  ];
  const result: Partial<CloudEndpoints> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!known.includes(key as keyof CloudEndpoints)) {
      throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE}: unknown key "${key}"`);
    }
    if (
      typeof value !== 'string' ||
      !URL.canParse(value) ||
      !LOOPBACK.has(new URL(value).hostname)
    ) {
      throw new Error(
        `${INTERNAL_ENDPOINTS_VARIABLE}.${key} must be an http(s) URL on 127.0.0.1 or localhost`,
      );
    }
    result[key as keyof CloudEndpoints] = value.replace(/\/+$/, '');
  }
  return result;
}
