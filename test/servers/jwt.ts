import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JWTs for the fake GitHub OIDC issuer. The fake clouds verify them with the same key, as
 * the real ones verify GitHub's RS256 signature against its JWKS: a forged token is refused.
 */
export type Claims = Record<string, unknown> & {
  sub?: string;
  aud?: string;
  iss?: string;
  exp?: number;
};

export function signJwt(claims: Claims, key: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The claims of a token signed with `key`, or an error string saying why it is not acceptable. */
export function verifyJwt(token: string, key: string, now = Date.now()): Claims | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'signature does not verify';
  }
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
  } catch {
    return 'payload is not JSON';
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) return 'token expired';
  return claims;
}

/** IAM-style StringLike: `*` matches any run of characters, `?` one character. */
export function stringLike(pattern: string, value: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(value);
}
