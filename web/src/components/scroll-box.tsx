// A scrollable box for wide tables, reachable by keyboard so its overflow can be scrolled without a mouse
// (WCAG: scrollable regions must be focusable).

import type { ReactNode } from 'react';

export function ScrollBox(props: {
  label: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const { label, className, testId, children } = props;
  return (
    <section
      className={className ? `table-scroll ${className}` : 'table-scroll'}
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard.
      tabIndex={0}
      data-testid={testId}
    >
      {children}
    </section>
  );
}
