import { describe, expect, it } from 'vitest';
import { parseRunEnv, readKubernetesInputs } from '../../../src/kubernetes/inputs.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';

function read(values: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const masked: string[] = [];
  const inputs = readKubernetesInputs(new InputReader(mapInputSource(values)), env, (s) =>
    masked.push(s),
  );
  return { inputs, masked };
}

describe('kubernetes inputs', () => {
  it('defaults', () => {
    expect(read({}).inputs).toEqual({
      access: 'auto',
      gpus: 1,
      gpuResource: 'nvidia.com/gpu',
      nodeSelector: {},
      backoffLimit: 0,
      timeoutMinutes: 360,
      gracePeriodSeconds: 30,
      runEnv: [],
      collectOutputs: true,
    });
  });

  it.each([
    [{ 'kubernetes-gpus': 'two' }, /'kubernetes-gpus'.*whole number/],
    [{ 'kubernetes-gpu-resource': 'gpu' }, /'kubernetes-gpu-resource'.*extended resource/],
    [{ 'kubernetes-memory': '16GB' }, /'kubernetes-memory'.*quantity such as 16Gi/],
    [{ 'kubernetes-namespace': 'ML_Jobs' }, /'kubernetes-namespace'.*namespace name/],
    [{ 'kubernetes-queue': 'Training Queue' }, /'kubernetes-queue'.*object name/],
    [{ 'kubernetes-node-selector': 'gpu' }, /'kubernetes-node-selector'.*KEY=VALUE/],
    [{ 'kubernetes-tolerations': 'key: x' }, /'kubernetes-tolerations'.*list of objects/],
    [{ 'kubernetes-affinity': '[1]' }, /'kubernetes-affinity'.*YAML\/JSON object/],
    [{ 'kubernetes-affinity': '{a: [' }, /'kubernetes-affinity'.*expected YAML or JSON/],
    [{ 'kubernetes-access': 'kubeconfig' }, /needs kubernetes-kubeconfig/],
    [
      { 'kubernetes-access': 'eksctl' },
      /'kubernetes-access'.*one of auto, in-cluster, kubeconfig, eks, gke, aks/,
    ],
    [
      { 'kubernetes-access': 'eks' },
      /'kubernetes-server'.*needs the API server's https URL.*describe-cluster/,
    ],
    [
      { 'kubernetes-access': 'gke', 'kubernetes-server': 'http://10.0.0.1' },
      /'kubernetes-server'.*https URL/,
    ],
    [
      { 'kubernetes-access': 'aks', 'kubernetes-server': 'https://x.hcp.westeurope.azmk8s.io:443' },
      /'kubernetes-ca'.*PEM, or base64 of PEM/,
    ],
    [
      {
        'kubernetes-access': 'eks',
        'kubernetes-server': 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
        'kubernetes-ca': Buffer.from(PEM).toString('base64'),
      },
      /'kubernetes-cluster'.*EKS cluster name/,
    ],
  ])('refuses %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });

  it('managed routes: server, CA as PEM or base64 of PEM, cluster name', () => {
    const { inputs } = read({
      'kubernetes-access': 'eks',
      'kubernetes-server': 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
      'kubernetes-ca': PEM,
      'kubernetes-cluster': 'gpu',
    });
    expect(inputs).toMatchObject({
      access: 'eks',
      server: 'https://ABC.gr7.us-east-1.eks.amazonaws.com',
      cluster: 'gpu',
      caData: Buffer.from(`${PEM}\n`).toString('base64'),
    });
    const b64 = Buffer.from(PEM).toString('base64');
    expect(
      read({
        'kubernetes-access': 'gke',
        'kubernetes-server': 'https://34.1.2.3',
        'kubernetes-ca': b64,
      }).inputs.caData,
    ).toBe(b64);
  });

  it('run-env: NAME from the step env, NAME=VALUE, masked, errors without the value', () => {
    const { inputs, masked } = read(
      { 'run-env': 'TOKEN\nMODE=a=b\n# comment\nTOKEN2=' },
      { TOKEN: 's3cret' },
    );
    expect(inputs.runEnv).toEqual([
      { name: 'TOKEN', value: 's3cret' },
      { name: 'MODE', value: 'a=b' },
      { name: 'TOKEN2', value: '' },
    ]);
    expect(masked).toEqual(expect.arrayContaining(['s3cret', 'a=b']));
    expect(masked).not.toContain('');
    expect(() => parseRunEnv(['MISSING'], {})).toThrow(/MISSING is not set/);
    let message = '';
    try {
      parseRunEnv(['BAD-NAME=hunter2'], {});
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain("'run-env'");
    expect(message).not.toContain('hunter2');
  });
});
