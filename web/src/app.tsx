// The app shell: skip link, navigation, and the page for the current route. Pages are split into their own
// chunks so the first load carries only the shell and the page asked for.

import { lazy, Suspense, useEffect, useRef } from 'react';
import { Account } from './components/account.tsx';
import { Link, matchRoute, type Route, useLocation } from './lib/router.tsx';
import { useTitle } from './lib/use-title.ts';
import { ExplorePage } from './pages/explore.tsx';

const ProjectPage = lazy(() => import('./pages/project.tsx').then((m) => ({ default: m.ProjectPage })));
const DocumentPage = lazy(() => import('./pages/document.tsx').then((m) => ({ default: m.DocumentPage })));
const TeamsPage = lazy(() => import('./pages/teams.tsx').then((m) => ({ default: m.TeamsPage })));
const TeamPage = lazy(() => import('./pages/team.tsx').then((m) => ({ default: m.TeamPage })));
const DashboardPage = lazy(() => import('./pages/dashboard.tsx').then((m) => ({ default: m.DashboardPage })));
const StandardsPage = lazy(() => import('./pages/standards.tsx').then((m) => ({ default: m.StandardsPage })));
const GraphPage = lazy(() => import('./pages/graph.tsx').then((m) => ({ default: m.GraphPage })));
const GigsPage = lazy(() => import('./pages/gigs.tsx').then((m) => ({ default: m.GigsPage })));
const GetListedPage = lazy(() =>
  import('./pages/get-listed.tsx').then((m) => ({ default: m.GetListedPage })),
);
const CampaignsPage = lazy(() => import('./pages/campaigns.tsx').then((m) => ({ default: m.CampaignsPage })));
const PilotsPage = lazy(() => import('./pages/pilots.tsx').then((m) => ({ default: m.PilotsPage })));
const CampaignPage = lazy(() => import('./pages/campaign.tsx').then((m) => ({ default: m.CampaignPage })));
const PilotPage = lazy(() => import('./pages/pilot.tsx').then((m) => ({ default: m.PilotPage })));

const CrawlsPage = lazy(() => import('./pages/crawls.tsx').then((m) => ({ default: m.CrawlsPage })));

const NAV = [
  { to: '/', label: 'Explore', pages: ['explore', 'project', 'document'] },
  { to: '/teams', label: 'Teams', pages: ['teams', 'team'] },
  { to: '/gigs', label: 'Gigs', pages: ['gigs'] },
  { to: '/dashboard', label: 'Dashboard', pages: ['dashboard'] },
  { to: '/standards', label: 'Standards', pages: ['standards'] },
  { to: '/graph', label: 'Re-use graph', pages: ['graph'] },
  { to: '/campaigns', label: 'Campaigns', pages: ['campaigns', 'campaign'] },
  { to: '/pilots', label: 'Pilots', pages: ['pilots', 'pilot'] },
  { to: '/get-listed', label: 'Get listed', pages: ['get-listed'] },
] as const;

export function App() {
  const { path } = useLocation();
  const route = matchRoute(path);
  const main = useRef<HTMLElement>(null);
  const shown = useRef(path);

  // After an in-app navigation, move focus to the new page so keyboard and screen-reader users start there.
  // (Compared with the last path shown, not "first run", so a double-run effect cannot steal focus on load.)
  useEffect(() => {
    if (shown.current === path) return;
    shown.current = path;
    main.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              A
            </span>
            <span>Agora</span>
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              {NAV.map((n) => {
                const current = (n.pages as readonly string[]).includes(route.page);
                return (
                  <li key={n.to}>
                    <Link to={n.to} aria-current={current ? 'page' : undefined}>
                      {n.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <Account />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Page route={route} />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          Agora · <a href="/api/docs">API</a> · <Link to="/crawls">Crawls</Link> ·{' '}
          <Link to="/get-listed">List your project</Link>
        </p>
      </footer>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'explore':
      return <ExplorePage />;
    case 'project':
      return <ProjectPage key={route.id} id={route.id} />;
    case 'document':
      return (
        <DocumentPage
          key={`${route.id}/${route.path ?? route.kind}`}
          id={route.id}
          path={route.path}
          kind={route.kind}
        />
      );
    case 'teams':
      return <TeamsPage />;
    case 'team':
      return <TeamPage key={route.id} id={route.id} />;
    case 'dashboard':
      return <DashboardPage />;
    case 'standards':
      return <StandardsPage />;
    case 'graph':
      return <GraphPage />;
    case 'gigs':
      return <GigsPage />;
    case 'get-listed':
      return <GetListedPage />;
    case 'crawls':
      return <CrawlsPage />;
    case 'campaigns':
      return <CampaignsPage />;
    case 'pilots':
      return <PilotsPage />;
    case 'campaign':
      return <CampaignPage key={route.id} id={route.id} />;
    case 'pilot':
      return <PilotPage key={route.id} id={route.id} />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  useTitle('Not found');
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Explore the projects</Link> instead.
      </p>
    </section>
  );
}
