/** The image this step produced or found. */
export interface ImageResult {
  /** `repository:tag` (or the docker-image as given). */
  image: string;
  tag: string;
  /** Manifest digest (`sha256:…`); the image id for local builds; '' when unknown. */
  digest: string;
  /** What to run: `repository@digest` when pushed, else the local tag. */
  imageRef: string;
  built: boolean;
  pushed: boolean;
  /** Why nothing was built, when nothing was. */
  skipped?: string;
  buildMs: number;
}
