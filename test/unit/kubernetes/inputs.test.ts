import { describe, expect, it } from 'vitest';
import { parseRunEnv, readKubernetesInputs } from '../../../src/kubernetes/inputs.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';

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
    [{ 'kubernetes-access': 'eks' }, /'kubernetes-access'.*one of auto, in-cluster, kubeconfig/],
  ])('refuses %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
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
