// The shipped `agora` command: bin/agora.js runs the compiled dist/ (no TypeScript compiler at start), loads
// only what the command needs, and the newcomer path works (--version, exit codes, the no-teams hint).

import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleset } from '../../../src/checks/ruleset/load.ts';
import { defaultConfig } from '../../../src/config/defaults.ts';
import { configSchema } from '../../../src/config/schema.ts';
import { runCli } from '../../helpers/cli.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'agora.js');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

let hooks: string;

/** Runs the bin in a fresh Node with a loader hook that records every module file it loads. */
function traced(args: string[], cwd = ROOT): { code: number | null; stdout: string; files: string[] } {
  const log = join(hooks, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', join(hooks, 'register.mjs'), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AGORA_TEST_LOAD_LOG: log, DATABASE_URL: undefined },
  });
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((u) => fileURLToPath(u));
  return { code: r.status, stdout: r.stdout, files };
}

beforeAll(async () => {
  hooks = await tmpDir('agora-bin-');
  writeFileSync(
    join(hooks, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.AGORA_TEST_LOAD_LOG, url + '\\n');
  return next(url, context);
}\n`,
  );
  writeFileSync(
    join(hooks, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(hooks, 'hooks.mjs')}`)});\n`,
  );
});

describe('the compiled bin', () => {
  it.each([['--help'], ['--version']])('runs `agora %s` from dist/ without tsx or any TypeScript', (flag) => {
    const r = traced([flag]);
    expect(r.code).toBe(0);
    expect(r.files).toContain(join(ROOT, 'dist', 'cli.js'));
    expect(r.files.filter((f) => f.includes(`${join('node_modules', 'tsx')}`) || f.endsWith('.ts'))).toEqual(
      [],
    );
  });

  it('prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('loads no validation, YAML, Markdown or store code for --help', () => {
    const r = traced(['--help']);
    // The bundle's chunks are named by hash, so measure them: zod alone is ~400 KB, yaml 260 KB.
    const bytes = r.files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bytes).toBeLessThan(250_000);
    expect(r.files.filter((f) => f.includes('node_modules'))).toEqual([]);
  });

  it('checks a folder without loading the store or the server', async () => {
    const dir = join(await tmpDir('agora-bin-check-'), 'repo');
    await makeRepo({ dir, commits: [{ files: { 'README.md': '# A repo\n\nIt does things.\n' } }] });
    const r = traced(['check', dir, '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).ruleset).toBe('innersource-base');
    const heavy = r.files.filter((f) =>
      /node_modules[\\/](kysely|better-sqlite3|pg|fastify|@fastify)[\\/]/.test(f),
    );
    expect(heavy).toEqual([]);
    // ~0.5 MB of bundle for a plain repo (0.8 MB while the README parser, micromark, loaded for every check).
    const bytes = r.files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bytes).toBeLessThan(600_000);
  });

  it('checks a folder with no agora.yaml without loading the config schema or the config loader', async () => {
    // esbuild keeps each bundled source module's path as a comment at its start.
    const modulesIn = (files: string[]) =>
      files.flatMap((f) => readFileSync(f, 'utf8').match(/^\/\/ src\/\S+$/gm) ?? []).map((m) => m.slice(3));
    const dir = join(await tmpDir('agora-bin-noconfig-'), 'repo');
    await makeRepo({ dir, commits: [{ files: { 'README.md': '# A repo\n\nIt does things.\n' } }] });
    const r = traced(['check', dir, '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).ruleset).toBe('innersource-base');
    const loaded = modulesIn(r.files);
    expect(loaded).toContain('src/config/defaults.ts');
    expect(loaded.filter((m) => m === 'src/config/schema.ts' || m === 'src/config/load.ts')).toEqual([]);
    // With a config file, it is read (and its ruleset used).
    writeFileSync(join(dir, 'agora.yaml'), 'standards:\n  ruleset: recommended\n');
    const withFile = traced(['check', dir, '--format', 'json'], dir);
    expect(JSON.parse(withFile.stdout).ruleset).toBe('recommended');
    expect(modulesIn(withFile.files)).toContain('src/config/schema.ts');
  });

  it('checks a folder with no agora.yaml without loading zod or yaml, unless a descriptor needs them', async () => {
    // esbuild keeps each bundled dependency module's path as a comment.
    const libsIn = (files: string[]) => {
      const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
      return ['zod', 'yaml'].filter((p) => code.includes(`// node_modules/${p}/`));
    };
    const root = await tmpDir('agora-bin-libs-');
    await makeRepo({
      dir: join(root, 'plain'),
      commits: [{ files: { 'README.md': '# A repo\n\nIt does things.\n', 'package.json': '{"name":"a"}' } }],
    });
    const plain = traced(['check', join(root, 'plain'), '--format', 'json'], root);
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout).repos[0].results.length).toBeGreaterThan(5);
    expect(libsIn(plain.files)).toEqual([]);
    // innersource.json's and catalog-info.yaml's fields are checked without zod (src/analyse/field-check.ts);
    // catalog-info.yaml needs the YAML parser.
    await makeRepo({
      dir: join(root, 'described'),
      commits: [
        {
          files: {
            'README.md': '# A\n',
            'innersource.json': '{"title": 5}',
            'catalog-info.yaml': 'kind: Component\nspec:\n  owner: payments\n',
          },
        },
      ],
    });
    const described = traced(['check', join(root, 'described'), '--format', 'json'], root);
    expect(described.code).toBe(1);
    const results = JSON.parse(described.stdout).repos[0].results as { id: string; status: string }[];
    expect(results.find((r) => r.id === 'innersource-json')?.status).toBe('fail');
    expect(libsIn(described.files)).toEqual(['yaml']);
    // A ruleset file of the user's is parsed and its options validated (defaults filled in).
    writeFileSync(
      join(root, 'rules.yaml'),
      'rules:\n  - id: readme\n    check: { type: file-exists, kind: readme }\n    why: w\n    fix: f\n',
    );
    const own = traced(
      ['check', join(root, 'plain'), '--ruleset', join(root, 'rules.yaml'), '--format', 'json'],
      root,
    );
    expect(own.code).toBe(0);
    expect(libsIn(own.files)).toEqual(['zod', 'yaml']);
  });

  it("writes out the config defaults equal to the schema's", () => {
    expect(defaultConfig()).toEqual(configSchema.parse({}));
    // A fresh object each time: commands change it (--data-dir).
    expect(defaultConfig()).not.toBe(defaultConfig());
  });

  it('loads the XML and TOML manifest parsers for a check only when the tree has such a manifest', async () => {
    const parsersIn = (files: string[]) => {
      const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
      // esbuild keeps each bundled module's path as a comment.
      return ['fast-xml-parser', 'smol-toml'].filter((p) => code.includes(`node_modules/${p}/`));
    };
    const dir = join(await tmpDir('agora-bin-parsers-'), 'repo');
    await makeRepo({ dir, commits: [{ files: { 'README.md': '# A\n', 'package.json': '{"name":"a"}' } }] });
    const plain = traced(['check', dir, '--format', 'json'], dir);
    expect(plain.code).toBe(1);
    expect(parsersIn(plain.files)).toEqual([]);
    await makeRepo({
      dir: join(dir, '..', 'jvm'),
      commits: [
        { files: { 'README.md': '# A\n', 'pom.xml': '<project><artifactId>a</artifactId></project>' } },
      ],
    });
    const jvm = traced(['check', join(dir, '..', 'jvm'), '--format', 'json'], dir);
    expect(jvm.code).toBe(1);
    expect(parsersIn(jvm.files)).toEqual(['fast-xml-parser']);
  });

  it('reads a plain README without the Markdown parser, a short other one in the check, any other in a render worker', async () => {
    const worker = (files: string[]) => files.some((f) => f.endsWith('render-worker.js'));
    // esbuild keeps each bundled dependency module's path as a comment.
    const parserIn = (files: string[]) =>
      files.some((f) => readFileSync(f, 'utf8').includes('// node_modules/markdown-it/'));
    const root = await tmpDir('agora-bin-readme-');
    const words = Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i} says what the [project](https://x.example) does.`,
    );
    const plain = `# A\n\n## Getting started\n\n${words.join('\n\n')}\n`;
    expect(plain.length).toBeGreaterThan(1_000);
    await makeRepo({ dir: join(root, 'plain'), commits: [{ files: { 'README.md': plain } }] });
    const a = traced(['check', join(root, 'plain'), '--format', 'json'], root);
    expect(a.code).toBe(1);
    expect(worker(a.files)).toBe(false);
    // Read line by line (src/render/quick-outline.ts): the Markdown parser is not even loaded.
    expect(parserIn(a.files)).toBe(false);
    // Short, with HTML: parsed here, by the parser loaded on demand.
    await makeRepo({
      dir: join(root, 'html'),
      commits: [{ files: { 'README.md': `${plain}\n<p align="center">Logo</p>\n` } }],
    });
    const h = traced(['check', join(root, 'html'), '--format', 'json'], root);
    expect(h.code).toBe(1);
    expect([worker(h.files), parserIn(h.files)]).toEqual([false, true]);
    // Heavy on markup: parsed in a render worker under its budget.
    const busy = `# A\n\n${'Some <b>bold</b> words. '.repeat(1200)}\n`;
    await makeRepo({ dir: join(root, 'busy'), commits: [{ files: { 'README.md': busy } }] });
    const b = traced(['check', join(root, 'busy'), '--format', 'json'], root);
    expect(b.code).toBe(1);
    expect(worker(b.files)).toBe(true);
  });

  it('ships each built-in ruleset pre-loaded, equal to loading its YAML', () => {
    for (const name of ['innersource-base', 'recommended']) {
      const compiled = JSON.parse(
        readFileSync(join(ROOT, 'dist', 'checks', 'rulesets', `${name}.compiled.json`), 'utf8'),
      );
      // From src/ there is no compiled file, so this parses and validates the YAML.
      expect(compiled).toEqual(loadRuleset(name));
    }
  });
});

describe('newcomer path', () => {
  let root: string;

  beforeAll(async () => {
    root = await tmpDir('agora-newcomer-');
    await makeRepo({
      dir: join(root, 'org', 'lib'),
      commits: [{ files: { 'README.md': '# lib\n', '.github/CODEOWNERS': '* @acme/core\n' } }],
    });
    const crawl = await runCli(['--data-dir', join(root, 'data'), 'crawl', join(root, 'org')], { cwd: root });
    expect(crawl.code).toBe(0);
  });

  const cli = (args: string[]) => runCli(['--data-dir', join(root, 'data'), ...args], { cwd: root });

  it('exits 2 (usage) for `check --repo` naming no stored repo', async () => {
    const r = await cli(['check', '--repo', 'missing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no stored repo "missing"');
    const j = await cli(['--json', 'check', '--repo', 'missing']);
    expect(j.code).toBe(2);
    expect(j.json.error.id).toBe('USAGE');
  });

  it('hints at teams: when none are configured, in text and as `hints` in JSON', async () => {
    for (const args of [['teams'], ['metrics'], ['metrics', 'lib']]) {
      const text = await cli(args);
      expect(text.code).toBe(0);
      expect(text.stderr).toMatch(/^hint: no teams configured: .*add teams: to agora\.yaml/m);
      const json = await cli(['--json', ...args]);
      expect(json.code).toBe(0);
      expect(json.json.hints).toEqual([expect.stringContaining('no teams configured')]);
    }
  });

  it('gives no hint once teams are configured', async () => {
    const config = join(root, 'agora.yaml');
    writeFileSync(config, 'teams:\n  core:\n    name: Core\n    members: ["*@example.com"]\n');
    const r = await cli(['--config', config, '--json', 'teams']);
    expect(r.code).toBe(0);
    expect(r.json.hints).toEqual([]);
  });
});
