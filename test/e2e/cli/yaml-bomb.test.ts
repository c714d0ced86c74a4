// A YAML alias bomb ("billion laughs") in agora.yaml or in a ruleset file is a config error: exit 2 with the
// file and the line of the first alias, found at once rather than after expanding millions of nodes.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

/** Nine levels of nine aliases each: 9⁹ (387 million) strings once expanded. */
function aliasBomb(): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('YAML alias bombs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tmpDir('agora-yaml-bomb-');
    await writeFile(join(dir, 'agora.yaml'), `dataDir: data\n${aliasBomb()}`);
    await writeFile(join(dir, 'bomb-rules.yaml'), `name: bomb\n${aliasBomb()}rules: []\n`);
  });

  it('in agora.yaml is a config error with file and line (15.12)', async () => {
    const r = await runCli(['repos'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/agora\.yaml:3 .*alias/);
  });

  it('in a ruleset file is a ruleset error with file and line (15.12)', async () => {
    const repo = await gitdir({ 'README.md': '# r\n' });
    const r = await runCli(['check', repo, '--ruleset', join(dir, 'bomb-rules.yaml')], {
      cwd: await tmpDir('agora-yaml-bomb-cwd-'),
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb-rules\.yaml:3 .*alias/);
  });
});
