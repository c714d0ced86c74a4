// Every pilot (agora.yaml's, read-only here, and those admins declared in the portal) with its cohort and
// dates, and for admins a form to declare one: POST /api/v1/pilots with the CSRF token of GET /api/v1/me, then
// the new pilot's page. A portal pilot can be changed (the same form, filled in: PUT /api/v1/pilots/:id) or
// deleted here; agora.yaml's are changed in agora.yaml.

import { type FormEvent, useId, useState } from 'react';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useTitle } from '../lib/use-title.ts';

interface ListedPilot {
  id: string;
  title: string;
  source: 'agora.yaml' | 'portal';
  editable: boolean;
  start: string;
  review: string | null;
  end: string | null;
  baselineDays?: number;
  repos: string[];
  teams: string[];
  control: { repos: string[]; teams: string[] } | null;
  clash: string | null;
}

interface Me {
  user: { role: string } | null;
  csrfToken: string | null;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

async function send(
  method: string,
  url: string,
  csrf: string | null,
  body?: unknown,
): Promise<string | null> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.ok) return null;
  const err = (await res.json().catch(() => ({}))) as { message?: string };
  return err.message ?? `HTTP ${res.status}`;
}

function cohort(p: { repos: string[]; teams: string[] }): string {
  return [...p.teams.map((t) => `team ${t}`), ...p.repos].join(', ') || 'none';
}

/** Declares a pilot, or with `pilot` changes that portal pilot (its id stays; the fields start filled in). */
function PilotForm({
  csrf,
  pilot,
  onDone,
}: {
  csrf: string | null;
  pilot?: ListedPilot;
  onDone?: () => void;
}) {
  const ids = {
    id: useId(),
    title: useId(),
    teams: useId(),
    repos: useId(),
    start: useId(),
    review: useId(),
    end: useId(),
    controlTeams: useId(),
    controlRepos: useId(),
  };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '').trim();
    const body: Record<string, unknown> = {
      teams: list(v('teams')),
      repos: list(v('repos')),
      start: v('start'),
    };
    const id = pilot ? pilot.id : v('id');
    if (!pilot) body.id = id;
    // Not in the form: kept as it was.
    if (pilot?.baselineDays !== undefined) body.baselineDays = pilot.baselineDays;
    if (v('title')) body.title = v('title');
    if (v('review')) body.review = v('review');
    if (v('end')) body.end = v('end');
    const control = { teams: list(v('controlTeams')), repos: list(v('controlRepos')) };
    if (control.teams.length || control.repos.length) body.control = control;
    setBusy(true);
    const problem = await (pilot
      ? send('PUT', apiPath(`/pilots/${encodeURIComponent(id)}`), csrf, body)
      : send('POST', apiPath('/pilots'), csrf, body)
    ).catch((err: Error) => err.message);
    setBusy(false);
    if (problem) setError(problem);
    else navigate(`/pilots/${encodeURIComponent(id)}`);
  };
  const initial: Record<string, string> = pilot
    ? {
        title: pilot.title === pilot.id ? '' : pilot.title,
        teams: pilot.teams.join(', '),
        repos: pilot.repos.join(', '),
        start: pilot.start,
        review: pilot.review ?? '',
        end: pilot.end ?? '',
        controlTeams: pilot.control?.teams.join(', ') ?? '',
        controlRepos: pilot.control?.repos.join(', ') ?? '',
      }
    : {};
  const field = (id: string, name: string, label: string, type = 'text', hint?: string) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={initial[name]}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <span id={`${id}-hint`} className="muted">
          {hint}
        </span>
      ) : null}
    </div>
  );
  return (
    <form
      onSubmit={submit}
      aria-labelledby={ids.id + '-title'}
      data-testid={pilot ? 'edit-pilot' : 'declare-pilot'}
    >
      <h2 id={ids.id + '-title'}>{pilot ? `Change the pilot “${pilot.title}”` : 'Declare a pilot'}</h2>
      <div className="filters">
        {pilot ? null : field(ids.id, 'id', 'Id', 'text', 'letters, digits, - and _')}
        {field(ids.title, 'title', 'Title')}
        {field(ids.teams, 'teams', 'Teams', 'text', 'team ids, comma-separated')}
        {field(ids.repos, 'repos', 'Repos', 'text', 'names or globs, comma-separated')}
        {field(ids.start, 'start', 'Start', 'date')}
        {field(ids.review, 'review', 'Review', 'date')}
        {field(ids.end, 'end', 'End', 'date')}
        {field(ids.controlTeams, 'controlTeams', 'Control teams')}
        {field(ids.controlRepos, 'controlRepos', 'Control repos')}
      </div>
      {error ? (
        <div className="notice error" role="alert">
          <p>
            {pilot ? 'Not changed' : 'Not declared'}: {error}
          </p>
        </div>
      ) : null}
      <button type="submit" className="button primary" disabled={busy}>
        {pilot ? 'Save pilot' : 'Declare pilot'}
      </button>
      {onDone ? (
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      ) : null}
    </form>
  );
}

export function PilotsPage() {
  useTitle('Pilots');
  const [version, setVersion] = useState(0);
  const result = useApi<{ items: ListedPilot[] }>(`${apiPath('/pilots')}${version ? `?v=${version}` : ''}`);
  const me = useApi<Me>('/api/v1/me');
  const admin = me.state === 'ok' && me.data.user?.role === 'admin';
  const csrf = me.state === 'ok' ? me.data.csrfToken : null;
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const items = result.state === 'ok' ? result.data.items : undefined;
  const edited = items?.find((p) => p.id === editing && p.editable);
  const remove = async (id: string) => {
    const problem = await send('DELETE', apiPath(`/pilots/${encodeURIComponent(id)}`), csrf);
    setError(problem);
    setVersion((v) => v + 1);
  };
  return (
    <section className="page" aria-labelledby="pilots-title">
      <h1 id="pilots-title">Pilots</h1>
      <p className="muted">
        A pilot measures a cohort before and after its start, against an optional control cohort. Pilots come
        from <code>pilots:</code> in agora.yaml (changed there) or are declared here by admins.
      </p>
      {!items ? (
        <LoadState result={result} what="the pilots" />
      ) : items.length === 0 ? (
        <p>No pilots yet.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="pilots">
            <thead>
              <tr>
                <th scope="col">Pilot</th>
                <th scope="col">Cohort</th>
                <th scope="col">Control</th>
                <th scope="col">Start</th>
                <th scope="col">Review</th>
                <th scope="col">Declared in</th>
                {admin ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/pilots/${encodeURIComponent(p.id)}`}>{p.title}</Link>
                    {p.clash ? <p className="muted">{p.clash}</p> : null}
                  </th>
                  <td>{cohort(p)}</td>
                  <td>{p.control ? cohort(p.control) : <span className="muted">none</span>}</td>
                  <td>{p.start}</td>
                  <td>{p.review ?? '–'}</td>
                  <td>{p.source}</td>
                  {admin ? (
                    <td>
                      {p.editable ? (
                        <>
                          <button type="button" className="button" onClick={() => setEditing(p.id)}>
                            Change <span className="visually-hidden">{p.title}</span>
                          </button>{' '}
                          <button type="button" className="button" onClick={() => void remove(p.id)}>
                            Delete <span className="visually-hidden">{p.title}</span>
                          </button>
                        </>
                      ) : (
                        <span className="muted">read-only</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error ? (
        <div className="notice error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {admin && edited ? (
        <PilotForm key={edited.id} csrf={csrf} pilot={edited} onDone={() => setEditing(null)} />
      ) : null}
      {admin ? <PilotForm csrf={csrf} /> : null}
    </section>
  );
}
