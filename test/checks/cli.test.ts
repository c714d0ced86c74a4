// `agora check` and `agora fix` on fixture repos: a hand-labelled outcome table, fix then check, byte-for-byte
// safety, SARIF schema validity, bad rulesets, huge/binary READMEs, repolinter import. Most runs go through the
// command modules in this process (`runInProcess`); the real binary is spawned where the process itself matters:
// its exit codes 0, 1 and 2, the SARIF and diff it prints, and check after fix.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/gitdir.ts';
import { BARE, COMPLETE, EXPECTED, PARTIAL } from './fixtures.ts';
import { runInProcess } from './in-process.ts';

async function folder(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tmpDir('agora-check-');
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  return dir;
}

function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else
        out[p] = createHash('sha256')
          .update(readFileSync(join(dir, p)))
          .digest('hex');
    }
  };
  walk('');
  return out;
}

function statuses(json: any): Record<string, string> {
  return Object.fromEntries(json.repos[0].results.map((r: any) => [r.id, r.status]));
}

describe('agora check on fixture repos', () => {
  it('matches the hand-labelled table of expected outcomes', async () => {
    const dirs = {
      complete: await folder(COMPLETE),
      bare: await folder(BARE),
      partial: await folder(PARTIAL),
    };
    for (const [name, dir] of Object.entries(dirs) as [keyof typeof dirs, string][]) {
      const r = await runInProcess(['check', dir, '--json', '--ruleset', 'innersource-base']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(name === 'complete' ? 0 : 1);
      const got = statuses(r.json);
      const want = Object.fromEntries(Object.entries(EXPECTED).map(([id, v]) => [id, v[name]]));
      expect(got, name).toEqual(want);
    }
  });

  it('takes a "Building" section for getting started (commons-lang: setext headings, no "Getting started")', async () => {
    const readme = (section: string) =>
      `Apache Commons Lang\n===================\n\nJava utility classes for the classes that are in java.lang's hierarchy.\n\n${section}\n${'-'.repeat(section.length)}\n\nBuilding requires a Java JDK and Apache Maven. Run \`mvn\` to build and test.\n`;
    const building = await folder({ 'README.md': readme('Building') });
    expect(statuses((await runInProcess(['check', building, '--json'])).json)['readme-getting-started']).toBe(
      'pass',
    );
    const other = await folder({ 'README.md': readme('Donating') });
    expect(statuses((await runInProcess(['check', other, '--json'])).json)['readme-getting-started']).toBe(
      'fail',
    );
  });

  it("fix starts innersource.json and the README from the project's own description, not a placeholder", async () => {
    const dir = await folder({
      'package.json':
        '{ "name": "pay-api", "description": "Payments API for the checkout flow", "scripts": { "test": "vitest" } }\n',
      'src/index.ts': 'export const x = 1;\n',
    });
    const fixed = await runInProcess(['fix', dir, '--json', '--only', 'innersource,readme']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'innersource.json'), 'utf8')).motivation).toBe(
      'Payments API for the checkout flow',
    );
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('Payments API for the checkout flow');
  });

  it('fix then check turns the base-documentation errors into passes, and leaves a complete repo unchanged', async () => {
    const bare = await folder(BARE);
    const before = await runInProcess(['check', bare, '--json']);
    expect(before.json.repos[0].summary.errors).toBeGreaterThan(5);

    const dry = await runCli(['fix', bare, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+++ b/README.md');
    expect(dry.stdout).toContain('new file mode 100644');
    expect(statSync(bare).isDirectory() && readdirSync(bare).sort()).toEqual(['package.json', 'src']);

    const fixed = await runInProcess(['fix', bare, '--json']);
    expect(fixed.code).toBe(0);
    expect(fixed.json.created).toEqual([
      '.github/CODEOWNERS',
      '.github/workflows/ci.yml',
      'COMMUNICATION.md',
      'CONTRIBUTING.md',
      'README.md',
      'innersource.json',
    ]);
    expect(readFileSync(join(bare, '.github/workflows/ci.yml'), 'utf8')).toContain('run: npm test');
    const after = await runCli(['check', bare, '--json']);
    expect(after.code).toBe(0);
    expect(after.json.repos[0].summary.errors).toBe(0);
    const s = statuses(after.json);
    for (const id of [
      'readme',
      'readme-substantive',
      'readme-getting-started',
      'readme-contributing',
      'contributing',
      'contributing-covers',
      'ownership',
      'communication',
      'ci-tests',
      'innersource-json',
    ]) {
      expect(s[id], id).toBe('pass');
    }

    const complete = await folder(COMPLETE);
    const hash = treeHash(complete);
    const again = await runInProcess(['fix', complete, '--json']);
    expect(again.json.created).toEqual([]);
    expect(treeHash(complete)).toEqual(hash);
  });

  it('writes SARIF valid against the SARIF 2.1.0 schema', async () => {
    const dir = await folder(PARTIAL);
    const r = await runCli(['check', dir, '--format', 'sarif', '--ruleset', 'recommended']);
    expect(r.code).toBe(1);
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    // The official schema is draft-04; ajv 8 reads it once the draft-04 markers are dropped.
    delete schema.$schema;
    delete schema.id;
    // Its language-tag pattern is not valid with the `u` flag ajv uses by default.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    // ajv-formats is CommonJS: under NodeNext its default import is the module object.
    const addFormats = (formatsPlugin as unknown as { default: (a: Ajv) => void }).default ?? formatsPlugin;
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(r.stdout);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const fails = log.runs[0].results.filter((x: any) => x.kind === 'fail');
    expect(fails.length).toBeGreaterThan(3);
    // And a broken log must not validate (the schema really is enforced).
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('prints Markdown for a pull-request comment and text grouped by level', async () => {
    const dir = await folder(PARTIAL);
    const md = await runInProcess(['check', dir, '--format', 'markdown']);
    expect(md.stdout).toMatch(/### ❌ standards not met/);
    expect(md.stdout).toContain('| | Rule | Finding | How to fix |');
    const text = await runInProcess(['check', dir]);
    expect(text.stdout).toMatch(/Errors \(\d+\)[\s\S]*why: [\s\S]*fix: [\s\S]*Warnings \(\d+\)/);
  });

  it('checks a 100 MB README and a binary README without reading them whole', async () => {
    const line =
      'This project moves money between accounts; read on for how to get started and contribute.\n';
    const big = await folder({ 'a.txt': 'x' });
    const chunk = Buffer.from(`# Big\n\n${line.repeat(11_000)}`);
    const fd = Buffer.alloc(0);
    writeFileSync(join(big, 'README.md'), fd);
    for (let written = 0; written < 100_000_000; written += chunk.length)
      writeFileSync(join(big, 'README.md'), chunk, { flag: 'a' });
    const t = Date.now();
    const r = await runInProcess(['check', big, '--json']);
    const res = r.json.repos[0].results.find((x: any) => x.id === 'readme-substantive');
    expect(res.status).toBe('pass');
    expect(res.message).toMatch(/checked the first 1\.0 MB of 10\d\.\d MB/);
    expect(Date.now() - t).toBeLessThan(20_000);

    const bin = await folder({ 'README.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]) });
    const rb = await runInProcess(['check', bin, '--json']);
    const rbRes = rb.json.repos[0].results.find((x: any) => x.id === 'readme-substantive');
    expect(rbRes.status).toBe('fail');
    expect(rbRes.message).toMatch(/binary/);
  }, 60_000);
});

describe('bad rulesets exit 2 with clear messages', () => {
  it.each([
    [
      'unknown rule type',
      'rules:\n  - id: a\n    check: { type: no-such-type }\n    why: w\n    fix: f\n',
      /bad\.yaml:3 rules\[0\]\.check\.type: unknown rule type "no-such-type"/,
    ],
    [
      'bad regex',
      'rules:\n  - id: a\n    why: w\n    fix: f\n    check:\n      type: file-contents\n      paths: [README*]\n      pattern: "(unclosed"\n',
      /bad\.yaml:8 rules\[0\]\.check\.pattern: invalid regular expression/,
    ],
    [
      'missing extends file',
      'extends: ./nowhere.yaml\nrules: []\n',
      /nowhere\.yaml .*ruleset file not found/,
    ],
    ['unknown key', 'rulez: []\n', /bad\.yaml:1 rulez: unknown key/],
  ])('%s', async (_name, text, message) => {
    const dir = await folder({ 'bad.yaml': text, 'README.md': '# x\n' });
    const r = await runInProcess(['check', dir, '--ruleset', join(dir, 'bad.yaml')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('an extends cycle', async () => {
    const dir = await folder({ 'a.yaml': 'extends: ./b.yaml\n', 'b.yaml': 'extends: ./a.yaml\n' });
    const r = await runCli(['check', dir, '--ruleset', join(dir, 'a.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/extends cycle: a\.yaml → b\.yaml → a\.yaml/);
  });

  it('a missing ruleset file, and an unknown format', async () => {
    const dir = await folder({ 'README.md': '# x\n' });
    const r = await runInProcess(['check', dir, '--ruleset', join(dir, 'none.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none\.yaml.*ruleset file not found/);
    const f = await runInProcess(['check', dir, '--format', 'xml']);
    expect(f.code).toBe(2);
  });
});

describe('extends, overrides and repolinter import', () => {
  it('an extending ruleset changes a level; a config override switches a rule off with its reason', async () => {
    const dir = await folder({
      ...PARTIAL,
      'team.yaml': 'extends: innersource-base\nrules:\n  - id: licence\n    level: info\n',
      'agora.yaml':
        'standards:\n  ruleset: ./team.yaml\n  overrides:\n    - repo: "*"\n      rule: ci-tests\n      level: off\n      reason: tests run in the monorepo pipeline\n',
    });
    const r = await runInProcess(['check', dir, '--json'], { cwd: dir });
    const byId = Object.fromEntries(r.json.repos[0].results.map((x: any) => [x.id, x]));
    expect(byId.licence.level).toBe('info');
    expect(byId['ci-tests']).toMatchObject({
      level: 'off',
      status: 'not-evaluated',
      override: { from: 'error' },
    });
    expect(byId['ci-tests'].reason).toMatch(/monorepo pipeline/);
  });

  it("imports repolinter's default ruleset and lists what it could not map", async () => {
    const dir = await folder(COMPLETE);
    const path = join(
      import.meta.dirname,
      '..',
      '..',
      'node_modules',
      'repolinter',
      'rulesets',
      'default.json',
    );
    const r = await runInProcess(['check', dir, '--json', '--ruleset', path]);
    expect([0, 1]).toContain(r.code);
    const ids = r.json.repos[0].results.map((x: any) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'license-file-exists',
        'readme-file-exists',
        'test-directory-exists',
        'readme-references-license',
      ]),
    );
    const byId = Object.fromEntries(r.json.repos[0].results.map((x: any) => [x.id, x.status]));
    expect(byId['license-file-exists']).toBe('pass');
    expect(byId['changelog-file-exists']).toBe('fail');
    expect(r.json.unmapped.map((u: any) => u.id)).toEqual(expect.arrayContaining(['binaries-not-present']));
  });

  it('a repolinter file-existence rule with `dirs: true` is met by a folder (.github/ISSUE_TEMPLATE/)', async () => {
    const path = join(
      import.meta.dirname,
      '..',
      '..',
      'node_modules',
      'repolinter',
      'rulesets',
      'default.json',
    );
    const withFolder = await folder({
      ...COMPLETE,
      '.github/ISSUE_TEMPLATE/bug_report.md': '---\nname: Bug\n---\n',
    });
    const without = await folder(COMPLETE);
    const status = async (dir: string) => {
      const r = await runInProcess(['check', dir, '--json', '--ruleset', path]);
      return Object.fromEntries(r.json.repos[0].results.map((x: any) => [x.id, x]));
    };
    const found = await status(withFolder);
    expect(found['github-issue-template-exists']).toMatchObject({ status: 'pass' });
    expect(found['github-issue-template-exists'].message).toMatch(/\.github\/ISSUE_TEMPLATE\//);
    // A rule without `dirs` still wants a file: the folder alone does not make a pull-request template.
    expect(found['github-pull-request-template-exists']).toMatchObject({ status: 'fail' });
    expect((await status(without))['github-issue-template-exists']).toMatchObject({ status: 'fail' });
  });
});
