// Reading the XML manifests (pom.xml, *.csproj): the parser (./xml-parser.ts, loaded on demand through
// ./parsers.ts) and the helpers that read values out of its result.

import { parseWith } from './parsers.ts';

/** Parses XML or throws with the validator's message and line. */
export function parseXml(text: string): Record<string, unknown> {
  return parseWith('xml', text) as Record<string, unknown>;
}

/** The text of an element that may carry attributes (`{ '#text': … }`) or be a plain string. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return decodeXmlEntities(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value)
    return textOf((value as { '#text': unknown })['#text']);
  return undefined;
}

function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
