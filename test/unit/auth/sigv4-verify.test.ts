import { describe, expect, it } from 'vitest';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseAuthorization, verifySigV4 } from '../../servers/sigv4-verify.js';
import type { RecordedRequest } from '../../servers/fake-http.js';

// The fake ECR's verifier must itself be right, or a passing chain test proves nothing.
describe('the fake ECR SigV4 verifier', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

  it('accepts the AWS test-suite vector "get-vanilla"', () => {
    const request: RecordedRequest = {
      method: 'GET',
      url: '/',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
      body: '',
    };
    const auth = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
    expect(auth).toBeDefined();
    expect(verifySigV4(request, auth!, secret, Date.parse('2015-08-30T12:36:00Z'))).toBeUndefined();
  });

  async function signed(body: string) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: secret, sessionToken: 'session' },
      region: 'us-east-1',
      service: 'ecr',
      sha256: Sha256,
    });
    const result = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8080,
      path: '/',
      query: {},
      headers: { host: '127.0.0.1:8080', 'content-type': 'application/x-amz-json-1.1' },
      body,
    });
    const headers = Object.fromEntries(
      Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return { method: 'POST', url: '/', headers, body } satisfies RecordedRequest;
  }

  it('accepts a request signed by the maintained signer', async () => {
    const request = await signed('{}');
    const auth = parseAuthorization(request.headers.authorization)!;
    expect(verifySigV4(request, auth, secret)).toBeUndefined();
  });

  it.each([
    ['a changed body', (r: RecordedRequest) => ({ ...r, body: '{"registryIds":["1"]}' })],
    [
      'a changed signed header',
      (r: RecordedRequest) => ({
        ...r,
        headers: { ...r.headers, 'content-type': 'application/json' },
      }),
    ],
    ['a changed path', (r: RecordedRequest) => ({ ...r, url: '/other' })],
  ])('rejects %s', async (_name, tamper) => {
    const request = await signed('{}');
    const auth = parseAuthorization(request.headers.authorization)!;
    expect(verifySigV4(tamper(request), auth, secret)).toMatch(/does not match/);
    expect(verifySigV4(request, auth, secret)).toBeUndefined();
  });

  it('rejects the wrong secret and an old signature', async () => {
    const request = await signed('{}');
    const auth = parseAuthorization(request.headers.authorization)!;
    expect(verifySigV4(request, auth, 'another-secret')).toMatch(/does not match/);
    expect(verifySigV4(request, auth, secret, Date.now() + 10 * 60_000)).toBe('Signature expired');
  });
});
