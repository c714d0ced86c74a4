// Builds the configured sources (or ad-hoc local sources for `agora crawl PATH…`).

import { basename, resolve } from 'node:path';
import type { LoadedConfig } from '../config/schema.ts';
import { ForgeSource } from './forge/source.ts';
import { LocalSource } from './local.ts';
import type { Source } from './source.ts';
import { UrlsSource } from './urls.ts';

/** One Source per `sources:` entry; names default to the type, made unique with a suffix. */
export function sourcesFromConfig(loaded: LoadedConfig): Source[] {
  const names = sourceNamesFromConfig(loaded);
  return loaded.config.sources.map((s, i) => {
    if (s.type === 'local') {
      return new LocalSource({
        name: names[i],
        path: resolve(loaded.baseDir, s.path),
        maxDepth: s.maxDepth,
        include: s.include,
        exclude: s.exclude,
      });
    }
    if (s.type !== 'urls') return new ForgeSource({ name: names[i], config: s });
    return new UrlsSource({
      name: names[i],
      urls: s.urls,
      baseDir: loaded.baseDir,
      include: s.include,
      exclude: s.exclude,
    });
  });
}

/** The name of each `sources:` entry, in order (the repo ids' prefix). */
export function sourceNamesFromConfig(loaded: LoadedConfig): string[] {
  const used = new Set<string>();
  return loaded.config.sources.map((s) => {
    const wanted = s.name ?? s.type;
    let name = wanted;
    for (let i = 2; used.has(name); i++) name = `${wanted}-${i}`;
    used.add(name);
    return name;
  });
}

/** Local sources for folders named on the command line; each named after its folder. */
export function sourcesFromPaths(paths: string[], maxDepth = 4): Source[] {
  const used = new Set<string>();
  return paths.map((p) => {
    const abs = resolve(p);
    let name = basename(abs) || 'local';
    for (let i = 2; used.has(name); i++) name = `${basename(abs)}-${i}`;
    used.add(name);
    return new LocalSource({ name, path: abs, maxDepth });
  });
}
