// The portal in a real browser: headless Chromium against the real server on a crawled fixture organisation.
// Search narrows results, a facet filters them, the URL restores the state, the project, team, dashboard,
// standards, graph and get-listed pages render with data, no console errors, and axe-core finds no serious
// or critical accessibility violations on any page.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import {
  browserUnavailableReason,
  launchBrowser,
  newPage,
  type PageProblems,
  seriousA11yViolations,
} from './browser.ts';

const skip = browserUnavailableReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

describe.skipIf(skip !== null)('portal web UI (Chromium)', () => {
  let portal: Portal;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
  });

  async function open(path: string): Promise<{ page: Page; problems: PageProblems }> {
    const opened = await newPage(context);
    await opened.page.goto(portal.url + path);
    return opened;
  }

  function expectClean(problems: PageProblems): void {
    expect(problems.errors, 'uncaught exceptions').toEqual([]);
    expect(problems.console, 'console errors').toEqual([]);
    expect(problems.failedRequests, 'failed requests').toEqual([]);
    expect(problems.dialogs, 'dialogs').toEqual([]);
  }

  async function expectAccessible(page: Page): Promise<void> {
    const violations = await seriousA11yViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  }

  async function tileNames(page: Page): Promise<string[]> {
    return page.locator('[data-testid=project-tile] h3').allTextContents();
  }

  it('explore: search narrows the results as you type, and the URL keeps the query', async () => {
    const { page, problems } = await open('/');
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(6);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toContain('6 projects');

    // "elasticsearch" is only in search-service's README: the search covers README text.
    await page.getByRole('searchbox', { name: 'Search projects' }).fill('elasticsearch');
    await expect.poll(() => tileNames(page)).toEqual(['search-service']);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('elasticsearch');

    // Typo-tolerant: a misspelt skill still finds the project that lists it.
    await page.getByRole('searchbox', { name: 'Search projects' }).fill('postgresq');
    await expect.poll(() => tileNames(page)).toContain('Payments API');

    // Two letters match only whole words, and the page says so; the third letter matches word beginnings.
    await page.getByRole('searchbox', { name: 'Search projects' }).fill('wa');
    await expect.poll(() => page.getByTestId('no-match').textContent()).toContain('keep typing');
    await page.getByRole('searchbox', { name: 'Search projects' }).fill('war');
    await expect.poll(() => tileNames(page)).toContain('data-pipeline');
    await expectAccessible(page);
    expectClean(problems);
    await page.close();
  });

  it('explore: a facet filters the results, and the URL restores the state on reload and back', async () => {
    const { page, problems } = await open('/');
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(6);
    const teamFacet = page.locator('[data-facet=team]');
    await teamFacet.getByRole('button', { name: /Web Platform|web/ }).click();
    await expect.poll(() => tileNames(page).then((n) => n.sort())).toEqual(['storefront', 'ui-kit']);
    expect(new URL(page.url()).searchParams.get('team')).toBe('web');
    await expect(teamFacet.getByRole('button', { pressed: true }).count()).resolves.toBe(1);

    // Sort by name and switch to the list view: both in the URL.
    await page.getByLabel('Sort by').selectOption('name');
    await page.getByRole('button', { name: 'List' }).click();
    await expect.poll(() => page.getByTestId('project-row').count()).toBe(2);
    const shared = page.url();
    expect(new URL(shared).searchParams.get('sort')).toBe('name');
    expect(new URL(shared).searchParams.get('view')).toBe('list');

    // A shared link restores the same view in a fresh page.
    const { page: other, problems: otherProblems } = await open(
      new URL(shared).pathname + new URL(shared).search,
    );
    await expect.poll(() => other.getByTestId('project-row').count()).toBe(2);
    await expect(other.getByLabel('Sort by').inputValue()).resolves.toBe('name');
    const rows = await other.locator('[data-testid=project-row] th a').allTextContents();
    expect(rows).toEqual(['storefront', 'ui-kit']);
    await expectAccessible(other);
    expectClean(otherProblems);
    await other.close();

    // Back removes the view change, then the sort, then the facet.
    await page.goBack();
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(2);
    await page.goBack();
    await page.goBack();
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(6);
    expectClean(problems);
    await page.close();
  });

  it('project page: README, contribute panel, standards, activity chart, contributors by team', async () => {
    const { page, problems } = await open('/');
    await page.getByRole('link', { name: 'Payments API', exact: true }).click();
    await expect.poll(() => page.url()).toContain('/projects/local%3Apayments-api');
    await expect.poll(() => page.locator('#project-title').textContent()).toBe('Payments API');

    const readme = page.getByTestId('readme');
    await expect.poll(() => readme.locator('h1').textContent()).toBe('Payments API');
    expect(await readme.textContent()).toContain('idempotent charges');

    const contribute = page.locator('#contribute');
    expect(await contribute.getByRole('link', { name: 'Read the contributing guide' }).count()).toBe(1);
    expect(await contribute.textContent()).toContain('New payment providers');
    expect(await contribute.textContent()).toContain('PostgreSQL');

    // Standards: every rule listed, failures first, each with its reason.
    const standards = page.getByTestId('standards');
    await expect.poll(() => standards.locator('li.check').count()).toBeGreaterThan(3);
    expect(await standards.locator('li.check').first().getAttribute('class')).toContain('status-fail');
    expect(await standards.locator('li.status-fail .check-reason').count()).toBeGreaterThan(0);

    // The chart is drawn: a canvas with pixels, and its figures in the table behind it.
    const chart = page.getByTestId('activity-chart');
    await expect.poll(() => chart.locator('canvas').count()).toBe(1);
    await expect
      .poll(() =>
        chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
          const ctx = c.getContext('2d');
          if (!ctx || c.width === 0) return 0;
          const data = ctx.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(100);
    expect(await chart.locator('tbody tr').count()).toBe(52);

    const byTeam = page.getByTestId('contributors-by-team');
    expect(await byTeam.locator('tr.own').count()).toBe(1);
    expect(await byTeam.locator('tr.outside').count()).toBeGreaterThanOrEqual(1);
    // ui-kit is a dependency; storefront a dependent.
    expect(await page.getByRole('region', { name: 'Depends on' }).textContent()).toContain('ui-kit');
    expect(await page.getByRole('region', { name: 'Used by' }).textContent()).toContain('storefront');

    await expectAccessible(page);
    expectClean(problems);
    await page.close();
  });

  it('team page shows what the team owns and its outside contributors', async () => {
    const { page, problems } = await open('/teams');
    await expect.poll(() => page.getByTestId('teams-table').locator('tbody tr').count()).toBe(4);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Payments', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Payments');
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(1);
    const outside = page.getByRole('region', { name: 'Outside contributors to its repos' });
    await expect.poll(() => outside.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await outside.textContent()).toMatch(/Wes Web|Sam Search/);
    await expectAccessible(page);
    expectClean(problems);
    await page.close();
  });

  it('dashboard renders totals, charts and the most active projects', async () => {
    const { page, problems } = await open('/dashboard');
    const totals = page.getByTestId('dashboard-totals');
    await expect.poll(() => totals.locator('.stat').count()).toBe(8);
    expect(await totals.locator('.stat').first().locator('dd').textContent()).toBe('6');
    await expect.poll(() => page.locator('[data-testid^=dashboard-] canvas').count()).toBe(2);
    expect(
      await page.getByRole('region', { name: 'Most active' }).getByTestId('project-tile').count(),
    ).toBeGreaterThan(0);
    await expectAccessible(page);
    expectClean(problems);
    await page.close();
  });

  it('standards, re-use graph and get-listed pages render and are accessible', async () => {
    const { page, problems } = await open('/standards');
    const matrix = page.getByTestId('standards-matrix');
    await expect.poll(() => matrix.locator('tbody tr').count()).toBe(6);
    expect(await matrix.locator('thead th').count()).toBeGreaterThan(5);
    await expectAccessible(page);
    // Filter to one rule that fails somewhere, and to failing projects only.
    await page.getByLabel('Rule', { exact: true }).selectOption('contributing');
    await page.getByLabel('Only projects with failures').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('failing')).toBe('1');
    await expect.poll(() => matrix.locator('td.status-fail').count()).toBeGreaterThan(0);
    expect(await matrix.locator('thead th').count()).toBe(3);

    await page.getByRole('link', { name: 'Re-use graph' }).click();
    const graph = page.getByTestId('graph');
    await expect.poll(() => graph.locator('a.node').count()).toBe(3);
    // Nodes are keyboard-focusable links with names.
    await graph.locator('a.node').first().focus();
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(focused).toMatch(/uses|used by/);
    await expectAccessible(page);
    // Filtering by team keeps that team's projects and their links, and goes into the URL.
    await page.getByLabel('Team', { exact: true }).selectOption('search');
    await expect.poll(() => new URL(page.url()).searchParams.get('team')).toBe('search');
    await expect.poll(() => graph.locator('a.node').allTextContents()).toEqual(['search-service']);
    expect(await graph.locator('line.edge').count()).toBe(0);
    await page.getByLabel('Team', { exact: true }).selectOption('payments');
    await expect.poll(() => graph.locator('line.edge').count()).toBe(2);

    await page.getByRole('link', { name: 'Get listed', exact: true }).first().click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Get your project listed');
    expect(await page.locator('dl.keys dt').allTextContents()).toEqual(
      expect.arrayContaining(['title', 'motivation', 'contributions', 'skills', 'logo', 'docs']),
    );
    await expectAccessible(page);
    expectClean(problems);
    await page.close();
  });

  it('standards: one page at a time from the URL, the pager moves through pages, failing counts per rule', async () => {
    const { page, problems } = await open('/standards?pageSize=2');
    const matrix = page.getByTestId('standards-matrix');
    const rowNames = () => matrix.locator('tbody th > a').allTextContents();
    const param = (k: string) => new URL(page.url()).searchParams.get(k);
    await expect.poll(rowNames).toEqual(['data-pipeline', 'notes']);
    const pager = page.getByRole('navigation', { name: 'Pages of the standards matrix' });
    await expect.poll(() => pager.textContent()).toContain('Page 1 of 3');
    expect(await page.getByTestId('standards-count').textContent()).toContain('Projects 1–2 of 6');
    // Counts cover every filtered project, not only the page's two.
    const header = (rule: string) =>
      matrix
        .locator('thead th.rule-col')
        .filter({ has: page.locator('.rule-name', { hasText: new RegExp(`^${rule}$`) }) });
    expect(await header('contributing').locator('.rule-failing').textContent()).toBe('4 failing');
    expect(await header('licence').locator('.rule-failing').textContent()).toBe('3 failing');
    const previous = pager.getByRole('button', { name: 'Previous' });
    const next = pager.getByRole('button', { name: 'Next' });
    expect(await previous.getAttribute('aria-disabled')).toBe('true');
    await expectAccessible(page);

    // Next, from the keyboard: page 2, and the URL keeps it (and the page size).
    await next.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => param('page')).toBe('2');
    expect(param('pageSize')).toBe('2');
    await expect.poll(rowNames).toEqual(['payments-api', 'search-service']);
    await expect.poll(() => pager.textContent()).toContain('Page 2 of 3');
    await next.click();
    await expect.poll(rowNames).toEqual(['storefront', 'ui-kit']);
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    // On the last page Next keeps the focus and does nothing.
    expect(await next.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(param('page')).toBe('3');
    // A reload restores the page; Back returns to the one before.
    await page.reload();
    await expect.poll(rowNames).toEqual(['storefront', 'ui-kit']);
    await page.goBack();
    await expect.poll(() => param('page')).toBe('2');
    await expect.poll(rowNames).toEqual(['payments-api', 'search-service']);

    // Changing a filter goes back to page 1: web's two projects fit one page, so no pager.
    await page.getByLabel('Team', { exact: true }).selectOption('web');
    await expect.poll(() => param('team')).toBe('web');
    expect(param('page')).toBeNull();
    expect(param('pageSize')).toBe('2');
    await expect.poll(rowNames).toEqual(['storefront', 'ui-kit']);
    expect(await pager.count()).toBe(0);
    expect(await header('contributing').locator('.rule-failing').textContent()).toBe('1 failing');

    // A page past the end says so and links back.
    await page.goto(`${portal.url}/standards?pageSize=2&page=9`);
    await expect.poll(() => page.getByRole('link', { name: 'Go to page 3' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Go to page 3' }).click();
    await expect.poll(rowNames).toEqual(['storefront', 'ui-kit']);
    expectClean(problems);
    await page.close();
  });

  it('re-use graph: nodes drag and stay pinned, the view pans and zooms, Enter opens a project', async () => {
    const { page, problems } = await open('/graph');
    const graph = page.getByTestId('graph');
    const nodes = graph.locator('a.node');
    await expect.poll(() => nodes.count()).toBe(3);
    await expect.poll(() => graph.getAttribute('data-settled')).toBe('true');
    await graph.scrollIntoViewIfNeeded();

    // Screen-space centres of every node's circle (view box, pan and zoom all applied).
    const centres = () =>
      nodes.locator('circle').evaluateAll((cs) =>
        cs.map((c) => {
          const r = c.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }),
      );
    const before = await centres();
    const box = (await graph.boundingBox())!;
    // Drag the first node towards the middle of the drawing, so the drop stays inside it.
    const from = before[0];
    const dx = from.x < box.x + box.width / 2 ? 120 : -120;
    const dy = from.y < box.y + box.height / 2 ? 70 : -70;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 5 });
    await page.mouse.move(from.x + dx, from.y + dy, { steps: 5 });
    await page.mouse.up();
    expect(new URL(page.url()).pathname, 'a drag is not a click on the link').toBe('/graph');
    const dropped = (await centres())[0];
    expect(Math.abs(dropped.x - (from.x + dx)), `dropped at ${JSON.stringify(dropped)}`).toBeLessThan(4);
    expect(Math.abs(dropped.y - (from.y + dy)), `dropped at ${JSON.stringify(dropped)}`).toBeLessThan(4);
    expect(await nodes.first().getAttribute('class')).toContain('pinned');

    // Once the simulation cools down the dropped node is still where it was put, and its neighbours moved.
    await expect.poll(() => graph.getAttribute('data-settled'), { timeout: 10_000 }).toBe('true');
    const settled = await centres();
    expect(Math.abs(settled[0].x - dropped.x)).toBeLessThan(1);
    expect(Math.abs(settled[0].y - dropped.y)).toBeLessThan(1);
    const othersMoved = settled
      .slice(1)
      .some((p, i) => Math.hypot(p.x - before[i + 1].x, p.y - before[i + 1].y) > 2);
    expect(othersMoved, 'the simulation reheats and the neighbours follow').toBe(true);

    // Zoom with the + button and with the wheel; the view's transform changes and the nodes grow.
    const viewport = page.getByTestId('graph-viewport');
    const radius = async () => (await nodes.first().locator('circle').boundingBox())!.width;
    const transform0 = await viewport.getAttribute('transform');
    const radius0 = await radius();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => viewport.getAttribute('transform')).not.toBe(transform0);
    expect(await radius()).toBeGreaterThan(radius0 * 1.1);
    const transform1 = await viewport.getAttribute('transform');
    await page.mouse.move(box.x + 10, box.y + box.height - 10);
    await page.mouse.wheel(0, -300);
    await expect.poll(() => viewport.getAttribute('transform')).not.toBe(transform1);
    expect(await page.getByTestId('graph-zoom').textContent()).not.toBe('100%');

    // Dragging the background pans: every node moves by the drag distance.
    const panFrom = await centres();
    await page.mouse.move(box.x + 10, box.y + box.height - 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + box.height - 40, { steps: 4 });
    await page.mouse.up();
    const panned = await centres();
    for (const [i, p] of panned.entries()) {
      expect(Math.abs(p.x - panFrom[i].x - 50)).toBeLessThan(2);
      expect(Math.abs(p.y - panFrom[i].y + 30)).toBeLessThan(2);
    }
    await page.getByRole('button', { name: 'Reset view' }).click();
    await expect.poll(() => viewport.getAttribute('transform')).toBe('translate(0 0) scale(1)');

    // Releasing the pins frees the node; Enter on a focused node opens its project.
    await page.getByRole('button', { name: /Release pins/ }).click();
    expect(await nodes.first().getAttribute('class')).not.toContain('pinned');
    const target = await nodes.first().getAttribute('href');
    expect(target).toMatch(/^\/projects\//);
    await nodes.first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(target);
    await expect.poll(() => page.locator('#project-title').count()).toBe(1);
    expectClean(problems);
    await page.close();
  });

  it('is usable from the keyboard: the skip link moves focus to the content', async () => {
    const { page, problems } = await open('/teams');
    await expect.poll(() => page.getByTestId('teams-table').count()).toBe(1);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(first).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    expectClean(problems);
    await page.close();
  });

  it("needs no 'unsafe-inline' styles: charts and pages work under style-src 'self'", async () => {
    // The server allows inline styles for Swagger UI's sake; the portal UI itself must not need them.
    const strict = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await strict.route(`${portal.url}/**`, async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      const csp = headers['content-security-policy'];
      if (csp) headers['content-security-policy'] = csp.replace(/style-src [^;]*/, "style-src 'self'");
      await route.fulfill({ response, headers });
    });
    const { page, problems } = await newPage(strict);
    await page.goto(`${portal.url}/dashboard`);
    await expect.poll(() => page.locator('[data-testid^=dashboard-] canvas').count()).toBe(2);
    // The stricter policy is in force: an injected <style> element is refused.
    const applied = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 7px solid red }';
      document.head.append(style);
      return getComputedStyle(document.body).outlineWidth;
    });
    expect(applied).not.toBe('7px');
    problems.console = problems.console.filter((m) => !m.includes('style-src'));
    await page.goto(`${portal.url}/projects/local%3Apayments-api`);
    await expect.poll(() => page.getByTestId('activity-chart').locator('canvas').count()).toBe(1);
    await page.goto(`${portal.url}/graph`);
    await expect.poll(() => page.getByTestId('graph').locator('a.node').count()).toBe(3);
    await page.goto(`${portal.url}/standards?pageSize=2`);
    await expect.poll(() => page.getByTestId('standards-pager').textContent()).toContain('Page 1 of 3');
    expect(await page.locator('[style]').count()).toBe(0);
    expectClean(problems);
    await strict.close();
  });

  it('works on a phone-sized screen without horizontal scrolling of the page', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const { page, problems } = await newPage(phone);
    await page.goto(portal.url + '/');
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(6);
    // Measured against the 390 px we asked for: on a mobile viewport the layout viewport grows to fit overflow.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.goto(portal.url + '/projects/local%3Apayments-api');
    await expect.poll(() => page.getByTestId('readme').locator('h1').count()).toBe(1);
    await expect.poll(() => page.getByTestId('activity-chart').locator('canvas').count()).toBe(1);
    const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow2).toBeLessThanOrEqual(390);
    // The wide matrix scrolls inside its box; its hidden screen-reader labels must not widen the page.
    for (const path of ['/standards', '/teams']) {
      await page.goto(portal.url + path);
      await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    expectClean(problems);
    await phone.close();
  });
});
