// Registers every manifest parser up front, for callers that analyse without knowing the tree beforehand (the
// crawl, tests, checks of stored repos): importing this module is enough. `agora check` loads only what a tree needs (./parsers.ts).

import { parse as parseToml } from 'smol-toml';
import * as yaml from 'yaml';
import { registerLibraries, registerParsers } from './parsers.ts';
import { parseXmlDocument } from './xml-parser.ts';

registerParsers({ xml: parseXmlDocument, toml: parseToml });
registerLibraries({ yaml });
