import { describe, expect, it } from 'vitest';
import { describeClaims, repositorySubjectPatterns } from '../../../src/auth/oidc.js';

describe('repositorySubjectPatterns', () => {
  it.each([
    [
      'name-only subject with ids in the token: both formats, the token’s first',
      { sub: 'repo:Acme/train:ref:refs/heads/main', repository_owner_id: '1', repository_id: '22' },
      ['repo:Acme/train:*', 'repo:Acme@1/train@22:*'],
    ],
    [
      'name-only subject without ids (GitHub Enterprise Server)',
      { sub: 'repo:Acme/train:environment:prod' },
      ['repo:Acme/train:*'],
    ],
    [
      'immutable subject: only the immutable pattern',
      { sub: 'repo:Acme@1/train@22:pull_request', repository_owner_id: '1', repository_id: '22' },
      ['repo:Acme@1/train@22:*'],
    ],
    ['customized subject template', { sub: 'repository_owner:Acme:context:prod' }, []],
    ['no subject', {}, []],
  ])('%s', (_name, claims, expected) => {
    expect(repositorySubjectPatterns(claims)).toEqual(expected);
  });
});

describe('describeClaims', () => {
  it('prints sub, aud and job_workflow_ref', () => {
    expect(
      describeClaims({
        sub: 'repo:a/b:ref:refs/heads/main',
        aud: ['x', 'y'],
        job_workflow_ref: 'a/b/.github/workflows/w.yml@refs/heads/main',
      }),
    ).toBe(
      'sub "repo:a/b:ref:refs/heads/main", aud "x, y", job_workflow_ref "a/b/.github/workflows/w.yml@refs/heads/main"',
    );
    expect(describeClaims({})).toBe('sub "?", aud "?"');
  });
});
