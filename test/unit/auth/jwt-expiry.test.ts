import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../../src/auth/azure.js';

const jwt = (payload: unknown) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('jwtExpiry (the life of an ACR refresh token)', () => {
  it.each([
    ['exp in seconds → ms', jwt({ exp: 1_800_000_000 }), 1_800_000_000_000],
    ['no exp claim', jwt({ sub: 'x' }), undefined],
    ['exp not a number', jwt({ exp: '1800000000' }), undefined],
    ['not a JWT', 'opaque-refresh-token', undefined],
    ['payload not JSON', 'a.bm90IGpzb24.c', undefined],
  ])('%s', (_what, token, expected) => {
    expect(jwtExpiry(token)).toBe(expected);
  });
});
