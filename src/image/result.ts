/** The image this step produced or found. */
export interface ImageResult {
  /** `repository:tag` (or the docker-image as given). */
  image: string;
  tag: string;
  /** Manifest digest (`sha256:…`); the image id for local builds; '' when unknown. */
  digest: string;
  /** What to run: `repository@digest` when pushed, else the local tag. */
  imageRef: string;
  /** The image's config digest (its local image ID) when this step built it; '' or absent when unknown. */
  imageId?: string;
  /** buildx's metadata file (`--metadata-file`) of this step's build, when buildx built it. */
  buildMetadata?: Record<string, unknown>;
  built: boolean;
  pushed: boolean;
  /** Pins of a frozen list the build skipped because they could not be installed. */
  droppedAtBuild?: { line: string; file: string; lineNumber: number; reason: string }[];
  /** Compressed in the registry, or uncompressed in the local engine; absent when unknown. */
  size?: { bytes: number; kind: 'compressed' | 'uncompressed' };
  /** Why nothing was built, when nothing was. */
  skipped?: string;
  buildMs: number;
}
