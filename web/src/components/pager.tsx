// Previous / "Page X of Y" / Next under a paged list (Explore, Standards). Moving adds a history entry, so Back
// returns to the previous page; at either end the button stays focusable but inert (aria-disabled), so the
// keyboard focus is not lost on the first or last page.

import { navigate } from '../lib/router.tsx';

export interface PagerProps {
  page: number;
  pages: number;
  /** The URL of a page. */
  hrefOf(page: number): string;
  /** What is paged, for screen readers: "Pages of …". */
  label: string;
  testId?: string;
}

export function Pager({ page, pages, hrefOf, label, testId }: PagerProps) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={label} data-testid={testId}>
      <PageButton to={page > 1 ? hrefOf(page - 1) : null}>Previous</PageButton>
      <span>
        Page {page.toLocaleString('en')} of {pages.toLocaleString('en')}
      </span>
      <PageButton to={page < pages ? hrefOf(page + 1) : null}>Next</PageButton>
    </nav>
  );
}

function PageButton(props: { to: string | null; children: string }) {
  const { to: target, children } = props;
  return (
    <button
      type="button"
      className="button"
      aria-disabled={target === null}
      onClick={() => {
        if (target !== null) navigate(target);
      }}
    >
      {children}
    </button>
  );
}
