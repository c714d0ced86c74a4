// A horizontally scrollable box for wide tables on narrow screens, reachable by keyboard so its overflow
// can be scrolled without a mouse (WCAG: scrollable regions must be focusable).

import type { ReactNode } from 'react';

export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard.
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
