// Repository documents inside the portal (Chromium): the project page's "Read the contributing guide" and the
// README's link to CONTRIBUTING.md open the guide rendered in the portal, whose source link leads to the file;
// a tile's button says "How to contribute" (to the rendered guide) only when the project has a guide.

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

const GUIDE_PAGE = '/projects/local%3Apayments-api/docs/CONTRIBUTING.md';

describe.skipIf(skip !== null)('repository documents in the portal (Chromium)', () => {
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
  }

  async function expectGuide(page: Page): Promise<void> {
    const doc = page.getByTestId('document');
    await expect.poll(() => doc.locator('h1').textContent()).toBe('Contributing');
    expect(await doc.textContent()).toContain('We answer within two days');
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Contributing');
  }

  it('opens the contributing guide rendered in the portal and follows its source link', async () => {
    const { page, problems } = await open('/projects/local%3Apayments-api');
    await page.locator('#contribute').getByRole('link', { name: 'Read the contributing guide' }).click();
    await expect.poll(() => page.url()).toBe(portal.url + GUIDE_PAGE);
    await expectGuide(page);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const source = page.getByTestId('document-source');
    expect(await source.textContent()).toContain('CONTRIBUTING.md');
    await source.click();
    await expect
      .poll(() => page.url())
      .toBe(`${portal.url}/api/v1/projects/local%3Apayments-api/files/CONTRIBUTING.md`);
    expect(await page.locator('body').textContent()).toContain('# Contributing');
    expectClean(problems);
  });

  it("follows the README's link to CONTRIBUTING.md to the rendered guide, in the app", async () => {
    const { page, problems } = await open('/projects/local%3Apayments-api');
    const readme = page.getByTestId('readme');
    await expect.poll(() => readme.locator('h1').textContent()).toBe('Payments API');
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await readme.getByRole('link', { name: 'CONTRIBUTING' }).click();
    await expect.poll(() => page.url()).toBe(portal.url + GUIDE_PAGE);
    await expectGuide(page);
    // Navigated in-app: the page (and its state) was not reloaded.
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    expectClean(problems);
  });

  it("says 'How to contribute' on a tile only when the project has a guide, and opens the guide", async () => {
    const { page, problems } = await open('/');
    await expect.poll(() => page.getByTestId('project-tile').count()).toBe(6);
    const withGuide = page.getByRole('link', { name: 'How to contribute to Payments API' });
    expect(await withGuide.count()).toBeGreaterThan(0);
    expect(await withGuide.first().textContent()).toBe('How to contribute');
    const noGuide = page.getByRole('link', { name: 'Contribute to storefront (no contributing guide yet)' });
    expect(await noGuide.count()).toBeGreaterThan(0);
    expect(await noGuide.first().textContent()).toBe('Contribute (no guide)');

    await withGuide.first().click();
    await expect.poll(() => page.url()).toBe(`${portal.url}/projects/local%3Apayments-api/contributing`);
    await expectGuide(page);
    expectClean(problems);
  });
});
