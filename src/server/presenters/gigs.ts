// The gig board as the portal serves it: built once per catalogue (so once per crawl) from the store, for
// the repos the catalogue shows, then filtered and paged in memory per request.

import type { FastifyInstance } from 'fastify';
import { collectGigs } from '../../gigs/collect.ts';
import type { GigList, GigPage, GigQuery, GigRepo } from '../../gigs/gigs.ts';
import { queryGigs } from '../../gigs/gigs.ts';
import type { Catalogue, ProjectRecord } from '../catalogue.ts';
import { communicationChannels } from './project.ts';

const built = new WeakMap<Catalogue, Promise<GigList>>();

/** What a gig shows of its project. */
export function gigRepoOf(p: ProjectRecord): GigRepo {
  const channel = communicationChannels(p)[0] ?? null;
  return {
    id: p.summary.id,
    name: p.summary.name,
    fullName: p.summary.fullName,
    org: p.row.org ?? null,
    language: p.summary.primaryLanguage,
    team: p.summary.owner.team,
    teamName: p.summary.owner.teamName,
    contributeUrl: p.summary.contributeUrl,
    channel: channel ? { label: channel.label, url: channel.url } : null,
    helpWantedLabels: p.facts.innersource?.helpWantedLabels ?? [],
  };
}

/** The catalogue's gig list, read from the store on first use. */
export function gigListOf(app: FastifyInstance): Promise<GigList> {
  const cat = app.portal.catalogue;
  let list = built.get(cat);
  if (!list) {
    list = collectGigs(
      app.portal.store.db,
      app.portal.loaded.config,
      cat.projects.filter((p) => !p.summary.archived).map(gigRepoOf),
      cat.now,
    );
    // A failed read is retried by the next request, not cached.
    list.catch(() => built.delete(cat));
    built.set(cat, list);
  }
  return list;
}

/** One page of gigs. */
export async function presentGigs(app: FastifyInstance, q: GigQuery): Promise<GigPage> {
  return queryGigs(await gigListOf(app), q);
}
