import { describe, expect, it } from 'vitest';
import { formatProblems, parseConfig } from './load.ts';

describe('parseConfig', () => {
  it('accepts a minimal config and fills defaults', () => {
    const r = parseConfig('sources:\n  - type: local\n    path: ./repos\n', 'agora.yaml');
    expect(r.problems).toEqual([]);
    expect(r.config?.dataDir).toBe('.agora');
    expect(r.config?.sources[0]).toMatchObject({ type: 'local', path: './repos', maxDepth: 4 });
  });

  it('names file, line and key of every problem', () => {
    const text = [
      'dataDir: .agora',
      'sources:',
      '  - type: local',
      '    path: ./repos',
      '    maxDepht: 3',
      '  - type: urls',
      '    urls: []',
      'crawl:',
      '  gitTimeoutSeconds: "soon"',
    ].join('\n');
    const r = parseConfig(text, 'agora.yaml');
    expect(r.config).toBeNull();
    const out = formatProblems(r.problems);
    expect(out).toContain('agora.yaml:5 sources[0].maxDepht: unknown key');
    expect(out).toContain('agora.yaml:7 sources[1].urls:');
    expect(out).toContain('agora.yaml:9 crawl.gitTimeoutSeconds:');
  });

  it('reports YAML syntax errors with a line', () => {
    const r = parseConfig('sources:\n  - type: local\n   path: x\n', 'cfg.yaml');
    expect(r.config).toBeNull();
    expect(r.problems[0].line).toBeGreaterThan(0);
  });

  it('rejects an unknown source type', () => {
    const r = parseConfig('sources:\n  - type: svn\n    path: x\n', 'agora.yaml');
    expect(formatProblems(r.problems)).toMatch(/agora\.yaml:2 sources\[0\]\.type/);
  });
});
