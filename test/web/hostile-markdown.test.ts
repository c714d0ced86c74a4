// A README written to attack the portal — script tags, javascript: links, event handlers, SVG and iframe
// payloads, raw HTML — rendered in a real browser: nothing in it may run. Every payload, if it ran, would
// set window.__pwned or open a dialog; the test listens for both, clicks every link, and checks the DOM.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitSpec } from '../helpers/gitdir.ts';
import { FIXTURE_TEAMS_YAML, type FixtureOrg, type Portal, startPortal } from '../helpers/portal.ts';
import { browserUnavailableReason, launchBrowser, newPage, type PageProblems } from './browser.ts';

const skip = browserUnavailableReason();
if (skip) console.warn(`skipping browser tests: ${skip}`);

const PWN = 'window.__pwned=(window.__pwned||[]).concat';

/** Each line is one attack; the number says which one ran, should any. */
export const HOSTILE_README = `# Totally normal project

Safe paragraph that must still render.

<script>${PWN}(1)</script>
<script src="data:text/javascript,${encodeURIComponent(`${PWN}(2)`)}"></script>

[click me](javascript:${PWN}(3))
[click me too](JaVaScRiPt:alert(3))
<a href="javascript:${PWN}(4)">raw link</a>
<a href="&#106;avascript:alert(4)">entity link</a>
<a href="data:text/html,<script>alert(4)</script>">data link</a>

<img src="missing.png" onerror="${PWN}(5)">
<img src=x onerror=alert(5)>
<p onclick="${PWN}(6)" onmouseover="${PWN}(6)">hover or click this paragraph</p>
<details open ontoggle="${PWN}(7)"><summary>details</summary>x</details>
<input autofocus onfocus="${PWN}(8)">
<body onload="${PWN}(9)">

<svg onload="${PWN}(10)"><script>${PWN}(11)</script><a xlink:href="javascript:${PWN}(12)"><text y="20">svg link</text></a></svg>
<svg><animate onbegin="${PWN}(13)" attributeName="x" dur="1s"></animate></svg>
<math><mi xlink:href="javascript:${PWN}(14)">math link</mi></math>

<iframe src="javascript:parent.${PWN}(15)"></iframe>
<iframe srcdoc="<script>parent.${PWN}(16)</script>"></iframe>
<object data="javascript:${PWN}(17)"></object>
<embed src="javascript:${PWN}(18)">
<form action="javascript:${PWN}(19)"><button>submit</button></form>
<meta http-equiv="refresh" content="0;url=javascript:${PWN}(20)">
<base href="javascript:${PWN}(21)//">
<link rel="stylesheet" href="https://evil.example.com/x.css">
<style>body { display: none }</style>
<div style="background:url(javascript:${PWN}(22))">styled</div>
<video><source onerror="${PWN}(23)"></video>
<a href="#" id="root">clobber the root</a>
<noscript><p title="</noscript><img src=x onerror=${PWN}(24)>"></noscript>

\`<script>${PWN}(25)</script>\` shown as code

Final safe line.
`;

function hostileOrg(now: Date): FixtureOrg {
  const commit: CommitSpec = {
    files: { 'README.md': HOSTILE_README, 'index.js': 'module.exports = 1;\n' },
    author: { name: 'Mallory', email: 'mallory@web.example.com' },
    date: new Date(now.getTime() - 5 * 86_400_000).toISOString(),
  };
  return { repos: [{ name: 'hostile', commits: [commit] }], teamsYaml: FIXTURE_TEAMS_YAML };
}

describe.skipIf(skip !== null)('hostile Markdown in a README (Chromium)', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal({ org: hostileOrg }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  /** Loads the hostile project page, pokes every payload, and reports what ran and what is in the DOM. */
  async function attack(page: Page, problems: PageProblems) {
    await page.goto(`${portal.url}/projects/local%3Ahostile`);
    const readme = page.getByTestId('readme');
    await expect.poll(() => readme.locator('h1').textContent()).toBe('Totally normal project');
    expect(await readme.textContent()).toContain('Final safe line.');

    // Give onerror/onload and autofocus handlers a chance to fire, then poke everything.
    await page.waitForTimeout(300);
    await readme
      .locator('p')
      .first()
      .hover({ force: true, timeout: 2000 })
      .catch(() => {});
    await readme
      .locator('p')
      .first()
      .click({ force: true, timeout: 2000 })
      .catch(() => {});
    const dangerous = await dangerousNodes(page);
    const pwnedBeforeClicks = await pwned(page);
    for (const link of await readme.locator('a').all()) {
      await link.click({ noWaitAfter: true, timeout: 2000, force: true }).catch(() => {});
      // A click may navigate (an in-page anchor, a blocked link): come back to the project page.
      if (!page.url().endsWith('/projects/local%3Ahostile')) {
        await page.goto(`${portal.url}/projects/local%3Ahostile`);
        await expect.poll(() => readme.locator('h1').count()).toBe(1);
      }
    }
    for (const button of await readme.locator('button').all()) {
      await button.click({ timeout: 2000, force: true }).catch(() => {});
    }
    await page.waitForTimeout(300);
    return { dangerous, pwned: pwnedBeforeClicks ?? (await pwned(page)), dialogs: problems.dialogs };
  }

  it('renders the README with none of its payloads executing', async () => {
    const context = await browser.newContext();
    const { page, problems } = await newPage(context);
    const result = await attack(page, problems);
    expect(result.pwned).toBeUndefined();
    expect(result.dialogs).toEqual([]);
    expect(problems.errors).toEqual([]);
    // Still on the portal, and the page was not hidden or rewired.
    expect(page.url()).toBe(`${portal.url}/projects/local%3Ahostile`);
    expect(await page.evaluate(() => getComputedStyle(document.body).display)).not.toBe('none');
    expect(await page.evaluate(() => document.getElementById('root')?.tagName)).toBe('DIV');
    // The DOM holds nothing that could run: no active elements, no handlers, no script URLs.
    expect(result.dangerous).toEqual([]);
    // The inline code example is shown as text, not run.
    expect(await page.getByTestId('readme').locator('code').allTextContents()).toContain(
      `<script>${PWN}(25)</script>`,
    );
    await context.close();
  });

  it('control: the same checks catch an unsanitised README when the CSP is bypassed', async () => {
    // Proves the test can fail: serve the raw Markdown's HTML unsanitised, with the CSP switched off.
    const context = await browser.newContext({ bypassCSP: true });
    await context.route('**/api/v1/projects/*/readme', (route) =>
      route.fulfill({
        json: { path: 'README.md', html: HOSTILE_README.replace(/^# (.*)$/m, '<h1>$1</h1>') },
      }),
    );
    const { page, problems } = await newPage(context);
    const result = await attack(page, problems);
    expect(result.pwned).toBeDefined();
    expect(result.dangerous.length).toBeGreaterThan(5);
    await context.close();
  });
});

function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/** Elements and attributes in the rendered README that could run code or rewire the page. */
function dangerousNodes(page: Page): Promise<string[]> {
  return page.getByTestId('readme').evaluate((root) => {
    const found: string[] = [];
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (
        ['script', 'iframe', 'object', 'embed', 'form', 'meta', 'base', 'link', 'style', 'input'].includes(
          tag,
        )
      ) {
        found.push(`<${tag}>`);
      }
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? '';
        if (attr.startsWith('on')) found.push(`${tag}[${attr}]`);
        if (attr === 'style' || attr === 'srcdoc') found.push(`${tag}[${attr}]`);
        if (/^(javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) {
          found.push(`${tag}[${attr}=${value.slice(0, 30)}]`);
        }
      }
    }
    return found;
  });
}
