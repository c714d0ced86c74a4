// The Gigs page in headless Chromium against the real server: labelled open issues of the fixture organisation
// (stored as ingestion stores them), newest first; the language, team, label and age filters narrow the list
// and live in the URL; each gig links its issue, the contribution guide and the team's channel; no console
// errors and no serious accessibility violations. And the project page's Responsiveness panel with the
// promise read from CONTRIBUTING.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { browserUnavailableReason, launchBrowser, newPage, seriousA11yViolations } from './browser.ts';

const skip = browserUnavailableReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const DAY = 86_400_000;

/** [repo, number, labels, days old]: payments-api is TypeScript (Payments), search-service Go (Search). */
const ISSUES: [string, number, string[], number][] = [
  ['payments-api', 11, ['help wanted'], 1],
  ['payments-api', 12, ['good first issue'], 45],
  ['search-service', 21, ['help wanted', 'good first issue'], 3],
  ['search-service', 22, ['wontfix'], 2],
];

describe.skipIf(skip !== null)('Gigs page (Chromium)', () => {
  let portal: Portal;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    for (const [repo, number, labels, days] of ISSUES) {
      const at = new Date(portal.now.getTime() - days * DAY).toISOString();
      await portal.store.db
        .insertInto('forge_items')
        .values({
          repo_id: `local:${repo}`,
          kind: 'issue',
          number,
          forge_id: `${repo}-${number}`,
          title: `Gig ${number} of ${repo}`,
          web_url: `https://forge.example.com/${repo}/issues/${number}`,
          state: 'open',
          draft: 0,
          author_login: 'someone',
          author_is_bot: 0,
          labels: JSON.stringify(labels),
          reviewers: '[]',
          created_at: at,
          updated_at: at,
          comments: 0,
        })
        .execute();
    }
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
  });

  const titles = (page: Page) => page.locator('[data-testid=gig] h2 a').allTextContents();

  it('lists gigs newest first and narrows them by language, team, label and age', async () => {
    const { page, problems } = await newPage(context);
    await page.goto(`${portal.url}/`);
    await page.getByRole('link', { name: 'Gigs' }).click();
    await expect
      .poll(() => titles(page))
      .toEqual(['Gig 11 of payments-api', 'Gig 21 of search-service', 'Gig 12 of payments-api']);
    await expect.poll(() => page.getByTestId('gigs-count').textContent()).toBe('3 gigs');

    await page.getByLabel('Language').selectOption('Go');
    await expect.poll(() => titles(page), { timeout: 15_000 }).toEqual(['Gig 21 of search-service']);
    expect(page.url()).toContain('language=Go');

    await page.getByLabel('Language').selectOption('');
    await page.getByLabel('Team').selectOption('payments');
    await expect.poll(() => titles(page)).toEqual(['Gig 11 of payments-api', 'Gig 12 of payments-api']);

    await page.getByLabel('Label', { exact: true }).selectOption('good first issue');
    await expect.poll(() => titles(page)).toEqual(['Gig 12 of payments-api']);

    await page.getByLabel('Opened').selectOption('30');
    await expect
      .poll(() => page.getByTestId('gigs-count').textContent())
      .toBe('No gig matches these filters.');

    // The URL keeps the filters: a reload shows the same.
    await page.getByLabel('Label', { exact: true }).selectOption('');
    await page.reload();
    await expect.poll(() => titles(page)).toEqual(['Gig 11 of payments-api']);
    await expect(page.getByLabel('Team').inputValue()).resolves.toBe('payments');

    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(problems.errors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.close();
  });

  it("puts the issue, the repo's contribution guide and its channel one click away", async () => {
    const { page } = await newPage(context);
    await page.goto(`${portal.url}/gigs?team=payments&label=help%20wanted`);
    const gig = page.getByTestId('gig');
    await expect.poll(() => gig.count()).toBe(1);
    await expect(gig.locator('h2 a').getAttribute('href')).resolves.toBe(
      'https://forge.example.com/payments-api/issues/11',
    );
    const channel = gig.getByTestId('gig-channel');
    await expect(channel.getAttribute('href')).resolves.toMatch(/^https?:\/\//);
    await gig.getByTestId('gig-contributing').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/local%3Apayments-api/contributing');
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Contributing');
    await page.close();
  });

  it('the project page shows the promised response time, and says when the forge numbers are missing', async () => {
    const { page, problems } = await newPage(context);
    await page.goto(`${portal.url}/projects/local%3Apayments-api`);
    const panel = page.getByTestId('responsiveness');
    await expect
      .poll(() => panel.getByTestId('promise').locator('li').allTextContents(), { timeout: 15_000 })
      .toEqual([
        expect.stringContaining('Pull requests: a first response within 2 days'),
        expect.stringContaining('Issues: a first response within 2 days'),
      ]);
    await expect(panel.getByTestId('promise').textContent()).resolves.toContain(
      'CONTRIBUTING.md: “We answer within two days.”',
    );
    await expect.poll(() => panel.getByTestId('not-measured').count(), { timeout: 15_000 }).toBe(1);
    await page.goto(`${portal.url}/projects/local%3Aui-kit`);
    await expect
      .poll(() => page.getByTestId('responsiveness').textContent(), { timeout: 15_000 })
      .toContain('No response time is promised');
    expect(problems.errors).toEqual([]);
    expect(problems.console).toEqual([]);
    await page.close();
  });
});
