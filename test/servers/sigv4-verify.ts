import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RecordedRequest } from './fake-http.js';

/**
 * An independent SigV4 check (written from the AWS specification, sharing no code with the
 * signer the action uses): recomputes the signature of a received request from the secret key.
 */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const match = AUTHORIZATION.exec(header ?? '');
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] =
    match as unknown as string[];
  return {
    accessKeyId: accessKeyId ?? '',
    date: date ?? '',
    region: region ?? '',
    service: service ?? '',
    signedHeaders: (signedHeaders ?? '').split(';'),
    signature: signature ?? '',
  };
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function canonicalRequest(request: RecordedRequest, signedHeaders: string[]): string {
  const url = new URL(request.url, 'http://placeholder');
  const path = url.pathname
    .split('/')
    .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
    .join('/');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders
    .map((name) => `${name}:${(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = sha256Hex(request.body);
  return [request.method, path, query, headers, signedHeaders.join(';'), payloadHash].join('\n');
}

/** undefined when the signature is right, else the reason it is not. */
export function verifySigV4(
  request: RecordedRequest,
  auth: ParsedAuthorization,
  secretAccessKey: string,
  now = Date.now(),
): string | undefined {
  const amzDate = request.headers['x-amz-date'] ?? '';
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return 'missing or malformed X-Amz-Date';
  const [, y, mo, d, h, mi, s] = match as unknown as string[];
  const signedAt = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Math.abs(now - signedAt) > 5 * 60_000) return 'Signature expired';
  if (!amzDate.startsWith(auth.date)) return 'credential date does not match X-Amz-Date';
  for (const required of ['host', 'x-amz-date']) {
    if (!auth.signedHeaders.includes(required)) return `'${required}' must be a signed header`;
  }
  const declaredHash = request.headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== sha256Hex(request.body)) {
    return "The provided 'x-amz-content-sha256' header does not match what was computed.";
  }
  const sorted = [...auth.signedHeaders].sort();
  if (sorted.join(';') !== auth.signedHeaders.join(';')) return 'SignedHeaders are not sorted';
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256Hex(canonicalRequest(request, auth.signedHeaders)),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service),
    'aws4_request',
  );
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  }
  return undefined;
}

/** A presigned URL's parameters (SigV4 query signing). */
export interface PresignedQuery {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  amzDate: string;
  expires: number;
  signedHeaders: string[];
  securityToken?: string;
  signature: string;
}

export function parsePresignedQuery(url: URL): PresignedQuery | string {
  const q = url.searchParams;
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    return 'X-Amz-Algorithm must be AWS4-HMAC-SHA256';
  const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(
    q.get('X-Amz-Credential') ?? '',
  );
  if (!credential) return 'malformed X-Amz-Credential';
  const signature = q.get('X-Amz-Signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(signature)) return 'malformed X-Amz-Signature';
  const expires = Number(q.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800)
    return 'X-Amz-Expires must be 1..604800';
  return {
    accessKeyId: credential[1]!,
    date: credential[2]!,
    region: credential[3]!,
    service: credential[4]!,
    amzDate: q.get('X-Amz-Date') ?? '',
    expires,
    signedHeaders: (q.get('X-Amz-SignedHeaders') ?? '').split(';'),
    ...(q.get('X-Amz-Security-Token') !== null && {
      securityToken: q.get('X-Amz-Security-Token')!,
    }),
    signature,
  };
}

/** undefined when the presigned request (URL + the headers sent with it) is right, else why not. */
export function verifyPresignedSigV4(
  request: RecordedRequest,
  presigned: PresignedQuery,
  secretAccessKey: string,
  now = Date.now(),
): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(presigned.amzDate);
  if (!match) return 'missing or malformed X-Amz-Date';
  const [, y, mo, d, h, mi, s] = match as unknown as string[];
  const signedAt = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (now > signedAt + presigned.expires * 1000) return 'Request has expired';
  if (signedAt > now + 5 * 60_000) return 'Signature not yet current';
  if (!presigned.amzDate.startsWith(presigned.date))
    return 'credential date does not match X-Amz-Date';
  if (!presigned.signedHeaders.includes('host')) return "'host' must be a signed header";
  const sorted = [...presigned.signedHeaders].sort();
  if (sorted.join(';') !== presigned.signedHeaders.join(';')) return 'SignedHeaders are not sorted';
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.delete('X-Amz-Signature');
  const unsigned = { ...request, url: `${url.pathname}${url.search}` };
  const scope = `${presigned.date}/${presigned.region}/${presigned.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    presigned.amzDate,
    scope,
    sha256Hex(canonicalRequest(unsigned, presigned.signedHeaders)),
  ].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, presigned.date), presigned.region), presigned.service),
    'aws4_request',
  );
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(presigned.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
  }
  return undefined;
}
