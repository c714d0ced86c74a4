// HTML the server rendered from a repository's Markdown and sanitised (rehype-sanitize); the CSP forbids inline
// script too. Links to other portal pages (a README's link to the contributing guide) navigate in-app.

import type { MouseEvent } from 'react';
import { navigate } from '../lib/router.tsx';

export function ServerHtml({ html, testId }: { html: string; testId: string }) {
  function click(e: MouseEvent<HTMLDivElement>) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element).closest?.('a');
    const href = a?.getAttribute('href');
    if (!href?.startsWith('/projects/')) return;
    e.preventDefault();
    navigate(href);
  }
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: delegates plain clicks on the links inside, which stay keyboard-operable anchors.
    <div
      className="markdown"
      data-testid={testId}
      onClick={click}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side HTML, never user input from the browser.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
