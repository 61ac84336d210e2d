import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { explainApiError } from '../../../src/kubernetes/cluster.js';

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** Every `rule(verb, group, resource)` an API call of the Kubernetes mode declares. */
function rulesInCode(): string[] {
  const source = readFileSync('src/kubernetes/cluster.ts', 'utf8');
  const calls = [...source.matchAll(/\brule\('([a-z]+)', '([a-z.]*)', '([a-z/]+)'\)/g)];
  return calls.map(([, verb, group, resource]) => `${group}|${resource}|${verb}`);
}

function documented(kind: 'Role' | 'ClusterRole'): string[] {
  const text = readFileSync('docs/kubernetes.md', 'utf8');
  const docs = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => loadAll(m[1]!));
  const role = docs.find((doc) => (doc as { kind?: string })?.kind === kind) as {
    rules: PolicyRule[];
  };
  return role.rules.flatMap((rule) =>
    rule.apiGroups.flatMap((group) =>
      rule.resources.flatMap((resource) =>
        rule.verbs.map((verb) => `${group}|${resource}|${verb}`),
      ),
    ),
  );
}

describe('RBAC: the documented Role is exactly what the code calls', () => {
  it('namespaced rules in the Role, cluster-scoped (nodes) in the ClusterRole', () => {
    const code = rulesInCode();
    expect(code.length).toBeGreaterThanOrEqual(9);
    const clusterScoped = code.filter((rule) => rule.startsWith('|nodes|'));
    const namespaced = code.filter((rule) => !rule.startsWith('|nodes|'));
    expect([...new Set(namespaced)].sort()).toEqual([...documented('Role')].sort());
    expect([...new Set(clusterScoped)].sort()).toEqual([...documented('ClusterRole')].sort());
  });

  it('a denial names the rule to add', () => {
    const denial = Object.assign(new Error('Forbidden'), { statusCode: 403 });
    const error = explainApiError(
      denial,
      { verb: 'watch', group: 'batch', resource: 'jobs' },
      'ml',
    );
    expect(error.message).toContain('Kubernetes RBAC denied watch jobs.batch in namespace "ml"');
    expect(error.message).toContain(
      '{apiGroups: ["batch"], resources: ["jobs"], verbs: ["watch"]}',
    );
  });
});
