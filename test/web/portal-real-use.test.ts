// The portal in Chromium the way real use found it wanting (issue 9, items 13–15), on an organisation of 42
// repos at a laptop's 1366×768: the month and week not over yet are marked on every trend and each chart's
// legend names the series its caption describes; the standards matrix keeps its horizontal scrollbar on screen
// and its header row and project column in view while every column is scrolled to, and its legend covers every
// symbol drawn; the "welcomes contributions" facet filters; logos show on tiles; the re-use graph sizes nodes by
// dependents and ranks the most re-used projects; the forge's visibility facet narrows the tiles, and the
// project page shows the forge's stars, forks, open issues, topics and a link to the forge (issue 10).

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../helpers/portal.ts';
import { EXTRA_REPOS, PAYMENTS_CONSUMERS, realUseOrg } from '../helpers/real-use-org.ts';
import { browserUnavailableReason, launchBrowser, newPage, type PageProblems } from './browser.ts';

const skip = browserUnavailableReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

describe.skipIf(skip !== null)('portal in real use (Chromium, 1366×768)', () => {
  let portal: Portal;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ org: realUseOrg }), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  }, 180_000);

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
  }

  /** What a chart figure says about itself: caption, legend entries, its partial periods, the table's rows. */
  async function chartParts(page: Page, testId: string) {
    const figure = page.getByTestId(testId);
    await expect.poll(() => figure.locator('canvas').count()).toBe(1);
    return {
      caption: (await figure.locator('figcaption').textContent()) ?? '',
      accessibleName: (await figure.locator('canvas').getAttribute('aria-label')) ?? '',
      series: await figure.locator('.chart-legend li[data-series]').allTextContents(),
      partialKey: await figure.locator('.chart-legend li[data-partial-key]').allTextContents(),
      partial: await figure.getAttribute('data-partial'),
      rows: await figure.locator('.chart-data tbody th').allTextContents(),
    };
  }

  it('dashboard: the current month is marked "so far", and every legend names a series of its caption', async () => {
    const { page, problems } = await open('/dashboard');
    const month = portal.now.toISOString().slice(0, 7);
    for (const id of ['dashboard-shares-chart', 'dashboard-counts-chart']) {
      const chart = await chartParts(page, id);
      expect(chart.partial, id).toBe(month);
      expect(chart.rows.at(-1), id).toBe(`${month} (so far)`);
      // Only the current month is partial: the eleven before it are whole months.
      expect(
        chart.rows.slice(0, -1).filter((r) => r.includes('so far')),
        id,
      ).toEqual([]);
      expect(chart.partialKey, id).toEqual([`Dashed: ${month} so far, not over yet`]);
      expect(chart.series.length, id).toBe(2);
      for (const label of chart.series) {
        expect(chart.caption.toLowerCase(), `${id}: caption names "${label}"`).toContain(label.toLowerCase());
      }
      expect(chart.accessibleName).toBe(chart.caption);
    }
    expectClean(problems);
    await page.close();
  });

  it('project activity: the current week is marked "so far"', async () => {
    const { page, problems } = await open('/projects/local%3Apayments-api');
    const chart = await chartParts(page, 'activity-chart');
    const { weeks } = (await (
      await fetch(`${portal.url}/api/v1/projects/local%3Apayments-api/activity`)
    ).json()) as { weeks: { week: string }[] };
    const current = weeks.at(-1)!.week;
    expect(chart.partial).toBe(current);
    expect(chart.rows.at(-1)).toBe(`${current} (so far)`);
    expect(chart.partialKey).toEqual([`Hatched: ${current} so far, not over yet`]);
    for (const label of chart.series) expect(chart.caption.toLowerCase()).toContain(label.toLowerCase());
    expectClean(problems);
    await page.close();
  });

  it('standards: the horizontal scrollbar is on screen, and the last column scrolls into view under a header that stays', async () => {
    const { page, problems } = await open('/standards');
    const matrix = page.getByTestId('standards-matrix');
    await expect.poll(() => matrix.locator('tbody tr').count()).toBe(6 + EXTRA_REPOS);
    const box = page.getByTestId('standards-scroll');
    const geometry = () =>
      box.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return {
          top: r.top,
          bottom: r.bottom,
          left: r.left,
          right: r.right,
          overflowX: el.scrollWidth - el.clientWidth,
          overflowY: el.scrollHeight - el.clientHeight,
          pageScrollY: window.scrollY,
          viewport: window.innerHeight,
        };
      });
    const g = await geometry();
    // Wider and taller than the screen allows, so it scrolls both ways inside its box...
    expect(g.overflowX).toBeGreaterThan(0);
    expect(g.overflowY).toBeGreaterThan(0);
    // ...and the box (its horizontal scrollbar along the bottom edge) ends on the first screen.
    expect(g.pageScrollY).toBe(0);
    expect(g.bottom).toBeLessThanOrEqual(g.viewport);

    await box.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      el.scrollTop = el.scrollHeight;
    });
    const lastHeader = matrix.locator('thead th').last();
    const lastRowName = matrix.locator('tbody tr').last().locator('th');
    /** The element actually drawn at the centre of `el` is `el` or inside it: it is visible, not covered. */
    const onTop = (el: import('playwright-core').Locator) =>
      el.evaluate((node) => {
        const r = node.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && node.contains(hit);
      });
    await expect.poll(() => onTop(lastHeader)).toBe(true);
    const header = (await lastHeader.boundingBox())!;
    const g2 = await geometry();
    // The last column is fully inside the box, and the header row is still at the top of the box.
    expect(header.x + header.width).toBeLessThanOrEqual(g2.right + 1);
    expect(Math.abs(header.y - g2.top)).toBeLessThanOrEqual(2);
    // The project column stays at the left edge, readable over the scrolled cells.
    expect(await onTop(lastRowName)).toBe(true);
    const name = (await lastRowName.boundingBox())!;
    expect(Math.abs(name.x - g2.left)).toBeLessThanOrEqual(2);
    expectClean(problems);
    await page.close();
  });

  it('standards: the legend lists every symbol the matrix draws', async () => {
    const { page, problems } = await open('/standards');
    const matrix = page.getByTestId('standards-matrix');
    await expect.poll(() => matrix.locator('tbody tr').count()).toBe(6 + EXTRA_REPOS);
    const drawn = new Set(
      (await matrix.locator('td.cell [aria-hidden=true]').allTextContents()).map((s) => s.trim()),
    );
    const legend = page.getByTestId('standards-legend');
    const listed = new Set(
      await legend.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-symbol') ?? '')),
    );
    // The fixture draws passes, errors, warnings and not-applicable cells at least.
    expect(drawn.size).toBeGreaterThanOrEqual(4);
    for (const symbol of drawn) expect(listed, `legend has "${symbol}"`).toContain(symbol);
    // Each legend entry shows its symbol next to its words.
    for (const li of await legend.locator('li').all()) {
      const symbol = (await li.getAttribute('data-symbol')) ?? '';
      expect((await li.textContent())?.startsWith(symbol)).toBe(true);
    }
    expectClean(problems);
    await page.close();
  });

  it('explore: the "welcomes contributions" facet filters, and a logo renders on a tile', async () => {
    const { page, problems } = await open('/');
    await expect
      .poll(() => page.getByTestId('result-count').textContent())
      .toContain(`${6 + EXTRA_REPOS} projects`);
    const facet = page.locator('[data-facet=welcomes]');
    await facet.getByRole('button', { name: /Help wanted/ }).click();
    const titles = () => page.locator('[data-testid=project-tile] h3').allTextContents();
    await expect.poll(titles).toEqual(['Payments API']);
    expect(new URL(page.url()).searchParams.get('welcomes')).toBe('help-wanted');
    await facet.getByRole('button', { name: /contributing guide/ }).click();
    await expect.poll(() => titles().then((t) => t.sort())).toEqual(['Payments API', 'ui-kit']);

    // payments-api's logo is a PNG stored from the repo, served by the portal and decoded by the browser.
    const tile = page.getByTestId('project-tile').filter({ hasText: 'Payments API' });
    const logo = tile.locator('img.tile-logo');
    await expect
      .poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1);
    expect(new URL((await logo.getAttribute('src'))!, portal.url).origin).toBe(portal.url);
    // ui-kit names an external URL: no logo, and no request leaves the portal.
    expect(await page.getByTestId('project-tile').filter({ hasText: 'ui-kit' }).locator('img').count()).toBe(
      0,
    );
    expectClean(problems);
    await page.close();
  });

  it('re-use graph: nodes are sized by dependents, and the most re-used projects are ranked', async () => {
    const { page, problems } = await open('/graph');
    const graph = page.getByTestId('graph');
    await expect.poll(() => graph.locator('a.node').count()).toBe(3 + PAYMENTS_CONSUMERS);
    const radius = (id: string) =>
      graph.locator(`a.node[data-id="${id}"] circle`).getAttribute('r').then(Number);
    const [payments, ui, store, svc] = await Promise.all([
      radius('local:payments-api'),
      radius('local:ui-kit'),
      radius('local:storefront'),
      radius('local:svc-01'),
    ]);
    expect(payments).toBeGreaterThan(ui);
    expect(ui).toBeGreaterThan(store);
    expect(store).toBe(svc);

    const table = page.getByTestId('most-reused');
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => c.textContent?.trim() ?? '')),
      );
    expect(rows).toEqual([
      ['1', 'payments-api', 'payments', String(1 + PAYMENTS_CONSUMERS)],
      ['2', 'ui-kit', 'web', '2'],
    ]);
    await table.getByRole('link', { name: 'ui-kit' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/local%3Aui-kit');
    expectClean(problems);
    await page.close();
  });

  // Last: it writes forge facts over two repos (names kept) and reloads the catalogue.
  it('explore: the visibility facet narrows the tiles to the repos the forge marks internal', async () => {
    const { saveForgeFacts } = await import('../../src/store/queries/forge.ts');
    await saveForgeFacts(
      portal.store.db,
      ['payments-api', 'ui-kit'].map((name, i) => ({
        crawled: true,
        ref: {
          id: `local:${name}`,
          name,
          fullName: name,
          source: 'local',
          location: { kind: 'local' as const, path: `${portal.dir}/org/${name}` },
          visibility: 'internal' as const,
          forge: { type: 'github' as const, id: String(500 + i) },
        },
      })),
    );
    await portal.app.portal.reload();
    const { page, problems } = await open('/');
    await expect
      .poll(() => page.getByTestId('result-count').textContent())
      .toContain(`${6 + EXTRA_REPOS} projects`);
    const facet = page.locator('[data-facet=visibility]');
    // Only the forge's value is offered: the other repos (local) have none, and none is invented for them.
    expect(await facet.getByRole('button').allTextContents()).toEqual([
      expect.stringMatching(/^Internal\D*2/),
    ]);
    await facet.getByRole('button', { name: /Internal/ }).click();
    const titles = () => page.locator('[data-testid=project-tile] h3').allTextContents();
    await expect.poll(() => titles().then((t) => t.sort())).toEqual(['Payments API', 'ui-kit']);
    expect(new URL(page.url()).searchParams.get('visibility')).toBe('internal');
    expectClean(problems);
    await page.close();
  });

  it("project page: the forge's stars, forks, open issues, topics and a link to the repo on the forge", async () => {
    const { saveForgeFacts } = await import('../../src/store/queries/forge.ts');
    const webUrl = 'https://github.example/acme/payments-api';
    await saveForgeFacts(portal.store.db, [
      {
        crawled: true,
        ref: {
          id: 'local:payments-api',
          name: 'payments-api',
          fullName: 'acme/payments-api',
          source: 'local',
          location: { kind: 'local' as const, path: `${portal.dir}/org/payments-api` },
          webUrl,
          topics: ['innersource', 'payments'],
          visibility: 'internal' as const,
          forge: { type: 'github' as const, id: '500', stars: 1234, forks: 56, openIssues: 7 },
        },
      },
    ]);
    await portal.app.portal.reload();
    const { page, problems } = await open('/projects/local%3Apayments-api');
    const fact = (term: string) => page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('+ dd');
    await expect.poll(() => fact('Stars').textContent()).toBe('1,234');
    expect(await fact('Forks').textContent()).toBe('56');
    expect(await fact('Open issues').textContent()).toBe('7');
    const link = page.getByRole('link', { name: 'View on GitHub' });
    expect(await link.getAttribute('href')).toBe(webUrl);
    expect(await page.getByRole('list', { name: 'Topics' }).getByRole('listitem').allTextContents()).toEqual([
      'innersource',
      'payments',
    ]);
    expectClean(problems);
    await page.close();
  });
});
