import { describe, expect, it } from 'vitest';
import { cloudEndpoints } from '../../../src/auth/endpoints.js';

const VARIABLE = 'LAUNCH_ACTION_INTERNAL_ENDPOINTS';

describe('cloudEndpoints defaults', () => {
  it('without a region or ACR host: us-east-1 and a host that cannot resolve', () => {
    expect(cloudEndpoints({}, {})).toMatchObject({
      awsSts: 'https://sts.us-east-1.amazonaws.com',
      awsEcr: 'https://api.ecr.us-east-1.amazonaws.com',
      acrExchange: 'https://invalid.azurecr.io',
    });
  });

  it('GovCloud keeps the amazonaws.com domain', () => {
    expect(cloudEndpoints({}, { awsRegion: 'us-gov-west-1' }).awsSts).toBe(
      'https://sts.us-gov-west-1.amazonaws.com',
    );
  });
});

describe('cloudEndpoints overrides', () => {
  it.each(['', '   ', '\n'])('%j is no override', (raw) => {
    expect(cloudEndpoints({ [VARIABLE]: raw }, {}).awsSts).toBe(
      'https://sts.us-east-1.amazonaws.com',
    );
  });

  it.each(['null', '42', '"text"', 'true', '[{"awsSts":"http://127.0.0.1:1"}]'])(
    '%s is not an object',
    (raw) => {
      expect(() => cloudEndpoints({ [VARIABLE]: raw }, {})).toThrow(
        `${VARIABLE} must be a JSON object`,
      );
    },
  );

  it.each([
    ['a number', 5],
    ['a non-URL string', 'localhost'],
    ['a list', ['http://127.0.0.1:1']],
    ['an address elsewhere', 'http://10.0.0.1:1'],
  ])('refuses %s', (_what, value) => {
    expect(() => cloudEndpoints({ [VARIABLE]: JSON.stringify({ googleSts: value }) }, {})).toThrow(
      `${VARIABLE}.googleSts must be an http(s) URL on 127.0.0.1 or localhost`,
    );
  });

  it('accepts [::1] and strips every trailing slash', () => {
    const env = {
      [VARIABLE]: JSON.stringify({
        awsEcr: 'http://[::1]:8443///',
        googleIamCredentials: 'http://127.0.0.1:9/base//',
        acrExchange: 'http://localhost:7',
      }),
    };
    expect(cloudEndpoints(env, { acrHost: 'acmeml.azurecr.io' })).toMatchObject({
      awsEcr: 'http://[::1]:8443',
      googleIamCredentials: 'http://127.0.0.1:9/base',
      acrExchange: 'http://localhost:7',
    });
  });
});
