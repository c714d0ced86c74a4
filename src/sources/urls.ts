// The `urls` source: a fixed list of git URLs (or paths), mirrored as bare blobless clones by the crawler.

import { isAbsolute, resolve } from 'node:path';
import picomatch from 'picomatch';
import { displayableUrl } from '../git/remote-url.ts';
import type { ListContext, RepoRef, Source } from './source.ts';

export interface UrlsSourceOptions {
  name: string;
  urls: string[];
  baseDir: string;
  include?: string[];
  exclude?: string[];
}

/** The path part of a URL and what follows it (`?query#fragment`, kept: it may name another repository). */
function splitTail(url: string): [string, string] {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^?#]*)(.*)$/is.exec(url);
  return m ? [m[1], m[2]] : [url, ''];
}

/**
 * The URL without credentials (userinfo, credential-like query parameters) or a trailing `.git`/slash:
 * stable when a token rotates, and safe to store and show.
 */
export function displayUrl(url: string): string {
  const [path, tail] = splitTail(displayableUrl(url));
  return path.replace(/\/+$/, '').replace(/\.git$/i, '') + tail;
}

/** A repository's name from its URL: the last path segment without `.git`. */
export function nameFromUrl(url: string): string {
  const [path] = splitTail(displayUrl(url));
  const last = path.split(/[/:]/).filter(Boolean).pop();
  return last ?? path;
}

export class UrlsSource implements Source {
  readonly type = 'urls';
  readonly name: string;
  private readonly urls: string[];
  private readonly include: ((p: string) => boolean) | null;
  private readonly exclude: ((p: string) => boolean) | null;

  constructor(opts: UrlsSourceOptions) {
    this.name = opts.name;
    // Plain paths are relative to the config file; URLs (scheme:// or scp-like user@host:path) stay as given.
    this.urls = opts.urls.map((u) =>
      /^[a-z][a-z0-9+.-]*:\/\//i.test(u) || /^[^/]+@[^/]+:/.test(u) || isAbsolute(u)
        ? u
        : resolve(opts.baseDir, u),
    );
    this.include = opts.include?.length ? picomatch(opts.include) : null;
    this.exclude = opts.exclude?.length ? picomatch(opts.exclude) : null;
  }

  async *list(_ctx: ListContext): AsyncIterable<RepoRef> {
    const seen = new Set<string>();
    for (const url of this.urls) {
      const shown = displayUrl(url);
      const name = nameFromUrl(url);
      if (this.include && !this.include(name)) continue;
      if (this.exclude?.(name)) continue;
      const id = `${this.name}:${shown.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      yield {
        id,
        name,
        fullName: splitTail(shown)[0].split('/').slice(-2).join('/'),
        source: this.name,
        location: { kind: 'remote', url },
        webUrl: /^https?:\/\//i.test(shown) ? shown : undefined,
      };
    }
  }
}
