// The analysers' entry point for the crawl and tests: every analyser over one snapshot, with every manifest
// parser registered up front. `agora check` imports ./analyse-snapshot.ts and loads only the parsers it needs.

import './manifests/all-parsers.ts';

export { type AnalyseOptions, analyseSnapshot, emptyFacts } from './analyse-snapshot.ts';
export { isBot } from './bots.ts';
export { isWantedFile, selectWantedFiles } from './wanted.ts';
