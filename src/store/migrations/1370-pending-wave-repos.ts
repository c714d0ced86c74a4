// The repos of a crawl wave not yet crawled, indexed: after every repo job a worker asks whether its wave has
// anything left, and a count of the wave's rows per job made a wave of N repos cost N² row visits.

import { type Kysely, type Migration, sql } from 'kysely';

export const pendingWaveRepos: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('crawl_wave_repos_pending')
      .on('crawl_wave_repos')
      .column('crawl_id')
      .where(sql.ref('outcome'), 'is', null)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('crawl_wave_repos_pending').ifExists().execute();
  },
};
