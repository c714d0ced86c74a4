// An organisation shaped the way real use broke the portal (issue 9, items 13–15): the default fixture org
// plus three dozen small repos (so the standards matrix is taller and wider than a laptop screen), logos of
// every kind in innersource.json (a stored PNG, a stored SVG, an external URL, a missing file, text named
// .png), help asked for in innersource.json, and a package three of the small repos re-use.

import type { FixtureOrg, FixtureRepo } from './portal.ts';
import { fixtureOrg, history } from './portal.ts';

/** A 1×1 PNG: real binary bytes (a NUL in the first bytes). */
export const LOGO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#2f5bd3"/></svg>\n';

/** Small repos added to the default six. */
export const EXTRA_REPOS = 36;
/** Of which the first few consume `@acme/payments-client`. */
export const PAYMENTS_CONSUMERS = 3;

const AUTHOR = { name: 'Olga Ops', email: 'olga@ops.example.com' };

/** The default fixture org, with logos, help wanted and more repos (see the module comment). */
export function realUseOrg(now: Date): FixtureOrg {
  const base = fixtureOrg(now);
  const add = (name: string, files: Record<string, string | Buffer>) => {
    const repo = base.repos.find((r) => r.name === name);
    if (!repo) throw new Error(`no fixture repo ${name}`);
    Object.assign(repo.commits[0].files, files);
  };
  // payments-api asks for help already (innersource.json contributions); its logo is a stored PNG.
  const paymentsFirst = base.repos.find((r) => r.name === 'payments-api')!.commits[0].files;
  const inner = JSON.parse(String(paymentsFirst['innersource.json']));
  add('payments-api', {
    'innersource.json': JSON.stringify({ ...inner, logo: './docs/logo.png' }),
    'docs/logo.png': LOGO_PNG,
  });
  add('storefront', { 'innersource.json': JSON.stringify({ logo: 'logo.svg' }), 'logo.svg': LOGO_SVG });
  add('ui-kit', { 'innersource.json': JSON.stringify({ logo: 'https://cdn.example.com/ui-kit.png' }) });
  add('search-service', { 'innersource.json': JSON.stringify({ logo: 'docs/missing.png' }) });
  add('data-pipeline', {
    'innersource.json': JSON.stringify({ logo: 'fake.png' }),
    'fake.png': 'not an image, only named like one\n',
  });
  const extra: FixtureRepo[] = [];
  for (let i = 1; i <= EXTRA_REPOS; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    const files: Record<string, string> = { 'README.md': `# ${name}\n\nA small service.\n` };
    if (i <= PAYMENTS_CONSUMERS) {
      files['package.json'] = JSON.stringify({
        name,
        private: true,
        dependencies: { '@acme/payments-client': '^2.0.0' },
      });
    }
    extra.push({
      name,
      commits: history(now, { n: 2, authors: [AUTHOR], newestDaysAgo: 3 + i, first: files }),
    });
  }
  return { repos: [...base.repos, ...extra], teamsYaml: base.teamsYaml };
}
