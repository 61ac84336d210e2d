/**
 * Reads project pages of a package index: PEP 691 JSON first, PEP 503 HTML when the index only
 * speaks that. Credentials in the index URL become a Basic header for that host and never appear
 * in a message.
 */
import { sendWithRetry, type HttpDeps } from '../platform/http.js';
import type { RetryPolicy } from '../platform/retry.js';
import type { IndexFile } from '../environment/wheel-tags.js';

/** A project's files on one index, or `missing` when the index has no such project. */
export type ProjectFiles = { kind: 'found'; files: IndexFile[] } | { kind: 'missing' };

/** The one question the plan asks an index. Throws IndexUnreachable when it gets no answer. */
export interface PackageIndexReader {
  projectFiles(indexUrl: string, project: string): Promise<ProjectFiles>;
}

/** The index gave no usable answer (network, timeout, a refusal, a server fault). */
export class IndexUnreachable extends Error {
  constructor(
    readonly host: string,
    detail: string,
  ) {
    super(`${host}: ${detail}`);
    this.name = 'IndexUnreachable';
  }
}

const ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1';

/** Short: the check must not hold up a plan for long when the index is slow or away. */
const QUICK_POLICY: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 200,
  maxDelayMs: 500,
  maxTotalDelayMs: 1000,
};

/** The host (and port) of an index URL, which is all a message may say about it. */
export function indexHost(indexUrl: string): string {
  return URL.canParse(indexUrl) ? new URL(indexUrl).host : '<invalid index URL>';
}

export function httpPackageIndex(deps: HttpDeps, timeoutMs = 5000): PackageIndexReader {
  return {
    async projectFiles(indexUrl, project) {
      const host = indexHost(indexUrl);
      if (!URL.canParse(indexUrl)) throw new IndexUnreachable(host, 'not a URL');
      const base = new URL(indexUrl);
      const headers: Record<string, string> = { accept: ACCEPT };
      if (base.username !== '' || base.password !== '') {
        const user = decodeURIComponent(base.username);
        const password = decodeURIComponent(base.password);
        headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
        base.username = '';
        base.password = '';
      }
      const root = base.href.endsWith('/') ? base.href : `${base.href}/`;
      const url = new URL(`${encodeURIComponent(project)}/`, root).href;
      let answer;
      try {
        answer = await sendWithRetry(
          deps,
          { method: 'GET', url, headers },
          { policy: QUICK_POLICY, timeoutMs, returnLastAnswer: true },
        );
      } catch (error) {
        // The message of a network failure names the URL without credentials (safeUrl); keep
        // only the cause so nothing about the path leaks either.
        const cause = error instanceof Error ? /: ([^:]+)$/.exec(error.message)?.[1] : undefined;
        throw new IndexUnreachable(host, cause?.trim() ?? 'no answer');
      }
      if (answer.status === 404 || answer.status === 410) return { kind: 'missing' };
      if (answer.status !== 200) throw new IndexUnreachable(host, `HTTP ${answer.status}`);
      const type = answer.headers.get('content-type') ?? '';
      const files = type.includes('json')
        ? parseSimpleJson(answer.text)
        : parseSimpleHtml(answer.text);
      if (!files) throw new IndexUnreachable(host, `the answer is not a PEP 691/503 project page`);
      return { kind: 'found', files };
    },
  };
}

/** A PEP 691 project page: `files[].filename` and `requires-python`. */
export function parseSimpleJson(text: string): IndexFile[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const files = (value as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return undefined;
  return files.flatMap((entry: unknown) => {
    const record = entry as { filename?: unknown; 'requires-python'?: unknown } | null;
    if (typeof record?.filename !== 'string') return [];
    const requiresPython = record['requires-python'];
    return [
      {
        filename: record.filename,
        ...(typeof requiresPython === 'string' &&
          requiresPython.trim() !== '' && { requiresPython }),
      },
    ];
  });
}

/** A PEP 503 project page: each anchor's text is a file name, `data-requires-python` its range. */
export function parseSimpleHtml(text: string): IndexFile[] {
  const files: IndexFile[] = [];
  for (const match of text.matchAll(/<a\b([^>]*)>([^<]*)<\/a>/gi)) {
    const filename = decodeEntities(match[2]!.trim());
    if (filename === '') continue;
    const attribute = /\bdata-requires-python\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(match[1]!);
    const requiresPython = attribute ? decodeEntities(attribute[1] ?? attribute[2] ?? '') : '';
    files.push({ filename, ...(requiresPython.trim() !== '' && { requiresPython }) });
  }
  return files;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (entity, code: string) => {
    const lower = code.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[lower] ?? entity;
  });
}
