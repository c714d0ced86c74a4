// Registers every manifest parser up front, for callers that analyse without knowing the tree beforehand (the
// crawl, tests): importing this module is enough. `agora check` loads only what a tree needs (./parsers.ts).

import { parse as parseToml } from 'smol-toml';
import { registerParsers } from './parsers.ts';
import { parseXmlDocument } from './xml-parser.ts';

registerParsers({ xml: parseXmlDocument, toml: parseToml });
