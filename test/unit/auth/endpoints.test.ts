import { describe, expect, it } from 'vitest';
import { cloudEndpoints } from '../../../src/auth/endpoints.js';

describe('cloudEndpoints', () => {
  it.each([
    [
      { awsRegion: 'us-east-1' },
      'https://sts.us-east-1.amazonaws.com',
      'https://api.ecr.us-east-1.amazonaws.com',
    ],
    [
      { awsRegion: 'eu-west-1' },
      'https://sts.eu-west-1.amazonaws.com',
      'https://api.ecr.eu-west-1.amazonaws.com',
    ],
    [
      { awsRegion: 'cn-north-1' },
      'https://sts.cn-north-1.amazonaws.com.cn',
      'https://api.ecr.cn-north-1.amazonaws.com.cn',
    ],
    [
      { awsRegion: 'us-east-1', ecrPublic: true },
      'https://sts.us-east-1.amazonaws.com',
      'https://api.ecr-public.us-east-1.amazonaws.com',
    ],
  ])('AWS endpoints for %j', (where, sts, ecr) => {
    const endpoints = cloudEndpoints({}, where);
    expect(endpoints.awsSts).toBe(sts);
    expect(endpoints.awsEcr).toBe(ecr);
  });

  it('Google, Azure and the ACR exchange host', () => {
    expect(cloudEndpoints({}, { acrHost: 'acmeml.azurecr.io' })).toMatchObject({
      googleSts: 'https://sts.googleapis.com',
      googleIamCredentials: 'https://iamcredentials.googleapis.com',
      azureLogin: 'https://login.microsoftonline.com',
      acrExchange: 'https://acmeml.azurecr.io',
    });
  });

  it('applies loopback overrides from the internal test variable', () => {
    const env = {
      LAUNCH_ACTION_INTERNAL_ENDPOINTS:
        '{"awsSts":"http://127.0.0.1:8080/","azureLogin":"http://localhost:9"}',
    };
    expect(cloudEndpoints(env, { awsRegion: 'us-east-1' })).toMatchObject({
      awsSts: 'http://127.0.0.1:8080',
      awsEcr: 'https://api.ecr.us-east-1.amazonaws.com',
      azureLogin: 'http://localhost:9',
    });
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /must be a JSON object/],
    ['{"awsSTS":"http://127.0.0.1:1"}', /unknown key "awsSTS"/],
    ['{"awsSts":"https://sts.amazonaws.com"}', /on 127\.0\.0\.1 or localhost/],
    ['{"awsSts":"http://127.0.0.1.example.com"}', /on 127\.0\.0\.1 or localhost/],
    ['{"awsSts":5}', /on 127\.0\.0\.1 or localhost/],
  ])('refuses override %s', (value, message) => {
    expect(() => cloudEndpoints({ LAUNCH_ACTION_INTERNAL_ENDPOINTS: value }, {})).toThrow(message);
  });
});
