// One safe XML reading setup for the XML manifests (pom.xml, *.csproj): no entity expansion, values
// kept as strings, a validator so malformed files are reported instead of half-read.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

const ARRAY_TAGS = new Set([
  'dependency',
  'plugin',
  'module',
  'PackageReference',
  'PackageVersion',
  'package',
  'PropertyGroup',
  'ItemGroup',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // DOCTYPE entities are never expanded: a billion-laughs file stays small.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (name) => ARRAY_TAGS.has(name),
});

/** Parses XML or throws with the validator's message and line. */
export function parseXml(text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(text) as Record<string, unknown>;
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
