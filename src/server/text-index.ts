// The full-text part of project search: per vocabulary term, the projects containing it and their BM25+ score
// (summed over the fields with their boosts), computed once per catalogue; MiniSearch's radix tree
// (SearchableMap) expands a typed word into vocabulary terms by prefix and by edit distance. A word then costs
// one pass over the postings of the terms it expands to. Scores are MiniSearch's own for the same options
// (BM25+ k 1.2, b 0.7, d 0.5; prefix weight 0.375, fuzzy 0.45; field length = distinct tokens), which
// text-index.test.ts checks against MiniSearch itself: MiniSearch recomputes every score of every matching
// project on each search, about 3.5 ms a word at 10,000 READMEs, and builds a Map entry per match.

import SearchableMap from 'minisearch/SearchableMap';

export interface TextIndexOptions {
  /** Field names in the order documents give them, each with its boost. */
  fields: readonly { name: string; boost: number }[];
  /** Splits a field's text into tokens; tokens are lower-cased after splitting (MiniSearch's processTerm). */
  tokenize(text: string): string[];
}

export interface WordMatches {
  /** Document numbers, ascending. */
  ids: Int32Array;
  scores: Float64Array;
}

export interface WordOptions {
  /** Also match vocabulary terms that start with the word. */
  prefix: boolean;
  /** Edit distance allowed (0: none). */
  maxDistance: number;
}

export interface TextIndex {
  readonly documents: number;
  readonly terms: number;
  /** Every document matching `word` (lower-case) exactly, by prefix or within the edit distance, with its score. */
  match(word: string, opts: WordOptions): WordMatches;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** Postings of one term: documents ascending, and the document's score for the term at weight 1. */
interface Postings {
  ids: Int32Array;
  scores: Float64Array;
}

/** Indexes `docs` (each an array of field texts, in `opts.fields` order); document numbers are array positions. */
export function buildTextIndex(docs: readonly (readonly string[])[], opts: TextIndexOptions): TextIndex {
  const fieldCount = opts.fields.length;
  const n = docs.length;
  // Pass 1: per term and field, the documents with their term frequency; per document and field, its length.
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  // Flat growable triples per term: document, field, frequency.
  const raw: number[][] = [];
  const fieldLength = new Float64Array(n * fieldCount);
  const totalLength = new Float64Array(fieldCount);
  for (let d = 0; d < n; d++) {
    for (let f = 0; f < fieldCount; f++) {
      const tokens = opts.tokenize(docs[d][f] ?? '');
      fieldLength[d * fieldCount + f] = new Set(tokens).size;
      totalLength[f] += fieldLength[d * fieldCount + f];
      const freq = new Map<string, number>();
      for (const token of tokens) {
        const term = token.toLowerCase();
        if (term) freq.set(term, (freq.get(term) ?? 0) + 1);
      }
      for (const [term, tf] of freq) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termNames.length;
          termIds.set(term, id);
          termNames.push(term);
          raw.push([]);
        }
        raw[id].push(d, f, tf);
      }
    }
  }
  const avgLength = Array.from(totalLength, (t) => (n > 0 ? t / n : 0));

  // Pass 2: each term's score per document, summed over fields (documents were visited in order).
  const postings: Postings[] = new Array(termNames.length);
  const map = new SearchableMap<number>();
  const matching = new Int32Array(fieldCount);
  for (let t = 0; t < termNames.length; t++) {
    const triples = raw[t];
    matching.fill(0);
    for (let k = 0; k < triples.length; k += 3) matching[triples[k + 1]]++;
    const ids: number[] = [];
    const scores: number[] = [];
    for (let k = 0; k < triples.length; k += 3) {
      const d = triples[k];
      const f = triples[k + 1];
      const s =
        opts.fields[f].boost *
        bm25(triples[k + 2], matching[f], n, fieldLength[d * fieldCount + f], avgLength[f]);
      if (ids.length > 0 && ids[ids.length - 1] === d) scores[scores.length - 1] += s;
      else {
        ids.push(d);
        scores.push(s);
      }
    }
    postings[t] = { ids: Int32Array.from(ids), scores: Float64Array.from(scores) };
    raw[t] = [];
    map.set(termNames[t], t);
  }

  // One accumulator for every query: `stamp` marks which documents the current word touched.
  const acc = new Float64Array(n);
  const stamp = new Uint32Array(n);
  let generation = 0;

  return {
    documents: n,
    terms: termNames.length,
    match(word, { prefix, maxDistance }) {
      generation++;
      if (generation === 0xffffffff) {
        stamp.fill(0);
        generation = 1;
      }
      const touched: number[] = [];
      const add = (term: number, weight: number) => {
        const { ids, scores } = postings[term];
        for (let k = 0; k < ids.length; k++) {
          const d = ids[k];
          if (stamp[d] !== generation) {
            stamp[d] = generation;
            acc[d] = 0;
            touched.push(d);
          }
          acc[d] += weight * scores[k];
        }
      };
      const exact = map.get(word);
      if (exact !== undefined) add(exact, 1);
      const viaPrefix = new Set<string>();
      if (prefix) {
        for (const [term, id] of map.atPrefix(word)) {
          const distance = term.length - word.length;
          if (distance === 0) continue;
          viaPrefix.add(term);
          add(id, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
        }
      }
      if (maxDistance > 0) {
        for (const [term, [id, distance]] of map.fuzzyGet(word, maxDistance)) {
          if (distance === 0 || viaPrefix.has(term)) continue;
          add(id, (FUZZY_WEIGHT * term.length) / (term.length + distance));
        }
      }
      touched.sort((a, b) => a - b);
      const ids = Int32Array.from(touched);
      const scores = new Float64Array(ids.length);
      for (let k = 0; k < ids.length; k++) scores[k] = acc[ids[k]];
      return { ids, scores };
    },
  };
}

/** MiniSearch's BM25+ (its `calcBM25Score`), so scores order exactly as MiniSearch's would. */
function bm25(tf: number, matching: number, total: number, length: number, avgLength: number): number {
  const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
  return idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength)));
}
