// YAML files read with source positions (agora.yaml, rulesets): plain data from a parsed document under an
// alias budget, and validation problems located at their line, formatted `file:line key: message`. No schema
// here, so a ruleset can be read without loading the config's.

import { type Document, isMap, isSeq, type LineCounter, visit, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';

export interface ConfigProblem {
  file: string;
  line: number | null;
  key: string;
  message: string;
}

/** Formats problems one per line, `file:line key: message`. */
export function formatProblems(problems: ConfigProblem[]): string {
  return problems
    .map((p) => `${p.file}${p.line ? `:${p.line}` : ''} ${p.key || '(root)'}: ${p.message}`)
    .join('\n');
}

/** Aliases a YAML file may expand: generous for real configs, far below an alias bomb ("billion laughs"). */
export const MAX_YAML_ALIAS_COUNT = 100;

/**
 * A parsed YAML document as plain data, or the problem that stopped it: an alias bomb (too many alias
 * expansions) is reported at the line of its first alias, like any other config error.
 */
export function yamlToJs(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  file: string,
): { value: unknown; problem?: undefined } | { value?: undefined; problem: ConfigProblem } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) ?? {} };
  } catch (err) {
    let line: number | null = null;
    visit(doc, {
      Alias(_key, node) {
        if (node.range) line = lineCounter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const reason = (err as Error).message.split('\n')[0];
    return {
      problem: {
        file,
        line,
        key: '',
        message: /alias/i.test(reason)
          ? `too many YAML alias expansions (more than ${MAX_YAML_ALIAS_COUNT}); not loaded: ${reason}`
          : `cannot read YAML: ${reason}`,
      },
    };
  }
}

/** Turns one zod issue into a problem located at its YAML node. */
export function issueToProblem(
  issue: z.core.$ZodIssue,
  root: unknown,
  lineCounter: LineCounter,
  file: string,
): ConfigProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let key = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const extra = (issue as { keys: string[] }).keys;
    key = [key, extra[0]].filter(Boolean).join('.');
    path.push(extra[0]);
    message = `unknown key${extra.length > 1 ? `s ${extra.join(', ')}` : ''}; check the spelling (see docs/configuration.md)`;
  }
  const node = nodeAt(root, path);
  const offset = node?.range?.[0];
  const line = offset === undefined ? null : lineCounter.linePos(offset).line;
  return { file, line, key, message };
}

/** Finds the YAML node at a path, or the deepest existing ancestor (its key node for map entries). */
export function nodeAt(root: unknown, path: (string | number)[]): YamlNode | null {
  let node = root as YamlNode | null;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === part);
      if (!pair) return node;
      node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
      if (!pair.value) return pair.key as YamlNode;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as YamlNode | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}
