// One safe XML reading setup for the XML manifests (pom.xml, *.csproj): no entity expansion, values
// kept as strings, a validator so malformed files are reported instead of half-read. Loaded on demand
// (./parsers.ts): fast-xml-parser is ~100 KB that a check of a repo without XML manifests never needs.

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
export function parseXmlDocument(text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(text) as Record<string, unknown>;
}
