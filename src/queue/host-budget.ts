// The request budget of each forge host, shared by every `agora worker` of a PostgreSQL store: a token bucket
// per host in `queue_host_budgets` (migration 1250), taken by one atomic upsert on the database's clock. A
// taker always gets a token, possibly one that is only there in the future: it then waits that long, so
// takers queue in order and any window of W seconds holds at most `burst + rate × W` requests to the host
// whatever the number of workers. The forge HTTP layer asks it before each request (`shareHostBudget`).

import { type Kysely, sql } from 'kysely';
import type { HostBudget } from '../sources/forge/http.ts';
import type { Database } from '../store/schema.ts';

export function pgHostBudget(db: Kysely<Database>): HostBudget {
  return async (host, rate, burst) => {
    const r = await sql<{ tokens: number }>`
      insert into queue_host_budgets as b (host, tokens, updated_at)
      values (${host}, ${burst - 1}::float8, extract(epoch from clock_timestamp())::float8)
      on conflict (host) do update set
        tokens = least(${burst}::float8,
          b.tokens + (extract(epoch from clock_timestamp())::float8 - b.updated_at) * ${rate}::float8) - 1,
        updated_at = extract(epoch from clock_timestamp())::float8
      returning tokens`.execute(db);
    const tokens = Number(r.rows[0]?.tokens ?? 0);
    return tokens >= 0 ? 0 : -tokens / rate;
  };
}
