import type { CoreInputs } from '../inputs/core.js';
import { InputError } from '../platform/errors.js';
import type { BuilderInfo } from './args.js';

/** The build features asked for that not every builder has. */
type FeatureInputs = Pick<
  CoreInputs,
  'annotations' | 'provenance' | 'sbom' | 'secrets' | 'secretFiles' | 'ssh'
>;

/** Whether provenance or an SBOM is asked for (`provenance: false` and empty ask for none). */
export function wantsAttestations(inputs: Pick<CoreInputs, 'provenance' | 'sbom'>): boolean {
  return (inputs.provenance !== undefined && inputs.provenance !== 'false') || inputs.sbom;
}

const OCI_BUILDER_FIX =
  'Use a builder that stores OCI images: add a docker/setup-buildx-action step before this one ' +
  '(its docker-container builder; pass its name output as builder), or turn on the containerd image store of the Docker engine';

/**
 * What the builder cannot do of what was asked, before anything is built: an error for what would
 * be missing from the promised artifact (attestations, secrets, ssh), a warning for what buildx
 * itself would drop silently (annotations on a Docker v2 manifest). Pure.
 */
export function checkBuildFeatures(
  inputs: FeatureInputs,
  builder: BuilderInfo,
  /** The builder stores OCI manifests (see storesOciArtifacts). */
  ociStore: boolean,
): { warnings: string[] } {
  const warnings: string[] = [];
  if (builder.kind === 'docker') {
    const mounts = (
      [
        ['secrets', inputs.secrets.length > 0],
        ['secret-files', inputs.secretFiles.length > 0],
        ['ssh', inputs.ssh.length > 0],
      ] as const
    ).find(([, given]) => given);
    if (mounts) {
      throw new InputError(
        mounts[0],
        '(given)',
        'the classic docker builder has no secret or ssh mounts (only BuildKit has), and a build argument would store the value in the image',
        'Use builder: auto or buildx (install the buildx plugin, e.g. with docker/setup-buildx-action).',
      );
    }
  }
  if (wantsAttestations(inputs) && !ociStore) {
    const name =
      inputs.provenance !== undefined && inputs.provenance !== 'false' ? 'provenance' : 'sbom';
    throw new InputError(
      name,
      name === 'provenance' ? inputs.provenance! : 'true',
      `this builder cannot store attestations: ${describe(builder)} keeps images as Docker v2 manifests, which have no place for a provenance or SBOM attestation (buildx would refuse, or drop them)`,
      `${OCI_BUILDER_FIX}. Or set ${name}: false.`,
    );
  }
  if (inputs.annotations.length > 0 && !ociStore) {
    warnings.push(
      `annotations are NOT written: ${describe(builder)} keeps images as Docker v2 manifests, which have no annotations (buildx drops them without a word). ` +
        `${OCI_BUILDER_FIX}. Labels (labels input) work with every builder.`,
    );
  }
  return { warnings };
}

function describe(builder: BuilderInfo): string {
  if (builder.kind === 'docker') return 'the classic docker builder';
  return `buildx's ${builder.driver ?? 'unknown'} driver${builder.instance ? ` (instance ${builder.instance})` : ''} with the engine's classic image store`;
}
