// The "Team" filter field of the graph and standards pages: every team the API knows, plus "All teams".

import { useId } from 'react';
import { apiPath, useApi } from '../lib/api.ts';
import type { TeamsResponse } from '../lib/types.ts';

export function TeamFilter(props: { value: string; onChange(team: string): void }) {
  const id = useId();
  const teams = useApi<TeamsResponse>(apiPath('/teams'));
  return (
    <div className="field">
      <label htmlFor={id}>Team</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All teams</option>
        {(teams.data?.items ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
