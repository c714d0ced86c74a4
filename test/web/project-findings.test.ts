// The project page shows a repo's findings in Chromium (issue 9.3): grouped by severity, errors first, a group
// open when it is short and collapsed when it has many, with the counts; a clean repo shows no findings panel.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitSpec } from '../helpers/gitdir.ts';
import { FIXTURE_TEAMS_YAML, type FixtureOrg, type Portal, startPortal } from '../helpers/portal.ts';
import { browserUnavailableReason, launchBrowser, newPage } from './browser.ts';

const skip = browserUnavailableReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const NOTES = 30;

function org(now: Date): FixtureOrg {
  const at = (files: Record<string, string>): CommitSpec => ({
    files,
    author: { name: 'Wes Web', email: 'wes@web.example.com' },
    date: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
  });
  return {
    repos: [
      {
        name: 'broken',
        commits: [
          at({ 'README.md': '# Broken\n\nMetadata that does not parse.\n', 'package.json': '{ "name": ' }),
        ],
      },
      { name: 'clean', commits: [at({ 'README.md': '# Clean\n\nNothing wrong here.\n' })] },
    ],
    teamsYaml: FIXTURE_TEAMS_YAML,
  };
}

describe.skipIf(skip !== null)('findings on the project page (Chromium)', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ org }), launchBrowser()]);
    // An error and many notes beside the crawl's own warning (the crawl's summary row is the newest).
    const crawl = await portal.store.db
      .selectFrom('crawls')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const crawlId = Number(crawl?.id ?? 1);
    await portal.store.db
      .insertInto('findings')
      .values([
        {
          repo_id: 'local:broken',
          crawl_id: crawlId,
          code: 'OBJECT_MISSING',
          severity: 'error',
          message: 'a blob is missing',
          path: null,
        },
        ...Array.from({ length: NOTES }, (_, i) => ({
          repo_id: 'local:broken',
          crawl_id: crawlId,
          code: 'FILE_SKIPPED',
          severity: 'info',
          message: `note ${i}`,
          path: `docs/file-${i}.md`,
        })),
      ])
      .execute();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('groups findings by severity, errors first, collapsing a long group', async () => {
    const context = await browser.newContext();
    const { page, problems } = await newPage(context);
    await page.goto(`${portal.url}/projects/local%3Abroken`);
    const panel = page.getByTestId('findings');
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.locator('p').first().textContent()).toContain('1 error, 1 warning, 30 notes');
    const groups = panel.locator('details');
    expect(await groups.evaluateAll((ds) => ds.map((d) => d.getAttribute('data-severity')))).toEqual([
      'error',
      'warning',
      'info',
    ]);
    expect(await groups.evaluateAll((ds) => ds.map((d) => (d as HTMLDetailsElement).open))).toEqual([
      true,
      true,
      false,
    ]);
    const errors = panel.locator('details[data-severity="error"]');
    expect(await errors.textContent()).toContain('OBJECT_MISSING');
    expect(await errors.textContent()).toContain('a blob is missing');
    expect(await panel.locator('details[data-severity="warning"]').textContent()).toContain(
      'MANIFEST_INVALID',
    );
    // The long group opens on a click and shows the notes the answer embeds, and how many more there are.
    const notes = panel.locator('details[data-severity="info"]');
    expect(await notes.locator('li').first().isVisible()).toBe(false);
    await notes.locator('summary').click();
    await expect.poll(() => notes.locator('li').first().isVisible()).toBe(true);
    const shown = await notes.locator('li').count();
    expect(shown).toBeGreaterThan(0);
    expect(await notes.textContent()).toContain(`${NOTES - shown} more not shown`);
    expect(problems.errors).toEqual([]);
    expect(problems.console).toEqual([]);
    await context.close();
  });

  it('shows no findings panel for a clean repo', async () => {
    const context = await browser.newContext();
    const { page, problems } = await newPage(context);
    await page.goto(`${portal.url}/projects/local%3Aclean`);
    await expect.poll(() => page.getByTestId('standards').count()).toBe(1);
    expect(await page.getByTestId('findings').count()).toBe(0);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
