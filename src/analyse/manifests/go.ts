// go.mod: the module path publishes; direct requirements consume (`// indirect` ones are transitive
// and left out, so re-use edges stay direct); `tool` directives consume at build time.

import { ManifestCollector, type ManifestInput, type ManifestResult } from './common.ts';

function unquote(s: string): string {
  return s.replace(/^["`](.*)["`]$/, '$1');
}

/** Reads one go.mod. */
export function readGoMod(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('go', input.path);
  let block: string | null = null;
  let lineNo = 0;
  for (const raw of input.text.split('\n')) {
    lineNo++;
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block) {
      if (line === ')') {
        block = null;
        continue;
      }
      directive(block, line, indirect, lineNo);
      continue;
    }
    const m = /^(\w+)\s*(\(?)\s*(.*)$/.exec(line);
    if (!m) {
      out.problem(`line ${lineNo}: cannot read "${line.slice(0, 80)}"`);
      continue;
    }
    if (m[2] === '(') {
      block = m[1];
      if (m[3] && m[3] !== ')') directive(block, m[3], indirect, lineNo);
      if (m[3].endsWith(')')) block = null;
      continue;
    }
    directive(m[1], m[3], indirect, lineNo);
  }
  if (!out.packages.some((p) => p.role === 'publishes')) out.problem('no module directive');
  return out.result();

  function directive(verb: string, args: string, indirect: boolean, at: number): void {
    const parts = args.split(/\s+/).filter(Boolean);
    if (verb === 'module') {
      if (parts[0]) out.publishes(unquote(parts[0]));
    } else if (verb === 'require') {
      if (parts.length < 2) out.problem(`line ${at}: require needs a path and a version`);
      else if (!indirect) out.consumes(unquote(parts[0]), parts[1], 'runtime');
    } else if (verb === 'tool') {
      if (parts[0]) out.consumes(unquote(parts[0]), undefined, 'build');
    }
  }
}
