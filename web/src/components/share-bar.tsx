// A horizontal bar showing a share, drawn in SVG attributes (no inline styles, so the CSP stays strict).

export function ShareBar({ value, max, label }: { value: number; max: number; label: string }) {
  const width = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <svg className="share-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label={label}>
      <rect className="share-bar-track" x="0" y="0" width="100" height="8" rx="2" />
      <rect className="share-bar-fill" x="0" y="0" width={width} height="8" rx="2" />
    </svg>
  );
}
