// Checks of the flat fields the descriptor readers take (innersource.json, catalog-info.yaml): a string within
// length bounds, or a list of such strings. Each answers the value or a message naming what was expected. Two
// shapes do not warrant a schema library: zod alone was a fifth of an `agora check` of a repo with an
// innersource.json (390 KB compiled at every start).

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A string of `min`..`max` characters. */
export function checkText(value: unknown, max: number, min = 0): Checked<string> {
  if (typeof value !== 'string') return { ok: false, message: `expected a string, got ${typeName(value)}` };
  if (value.length < min) return { ok: false, message: `expected at least ${min} character(s)` };
  if (value.length > max) return { ok: false, message: `expected at most ${max} characters` };
  return { ok: true, value };
}

/** An array of at most `maxItems` strings of at most `maxLength` characters each. */
export function checkTextList(value: unknown, maxItems: number, maxLength: number): Checked<string[]> {
  if (!Array.isArray(value))
    return { ok: false, message: `expected an array of strings, got ${typeName(value)}` };
  if (value.length > maxItems) return { ok: false, message: `expected at most ${maxItems} items` };
  for (const [i, item] of value.entries()) {
    const c = checkText(item, maxLength);
    if (!c.ok) return { ok: false, message: `item ${i}: ${c.message}` };
  }
  return { ok: true, value: value as string[] };
}
