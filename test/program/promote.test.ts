// Promoting a finished campaign's rule into the standing ruleset in one step (issue 14): a config on a built-in
// ruleset gets a `standards.yaml` that extends it with the rule as an error (the config's comments kept), the
// effective ruleset then has the rule at `error`, and promoting again changes the same entry, never adds one.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { rulesetFor } from '../../src/checks/service.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { CampaignStatus } from '../../src/program/campaigns.ts';
import { promoteCampaign } from '../../src/program/promote.ts';
import { tmpDir } from '../helpers/gitdir.ts';

const RULE = 'readme-getting-involved';
const status = {
  rules: [{ id: RULE, title: 'README tells how to get involved', why: '', fix: '' }],
} as unknown as CampaignStatus;

it('promotes a campaign rule into the standing ruleset in one step, and again without duplicating it', async () => {
  const dir = await tmpDir('agora-promote-');
  const file = join(dir, 'agora.yaml');
  await writeFile(file, '# our program\nstandards: { ruleset: innersource-base } # the base\n');
  const before = await rulesetFor(await loadConfig({ cwd: dir }));
  expect(before.rules.find((r) => r.id === RULE)?.level).toBe('warning');

  const first = promoteCampaign(await loadConfig({ cwd: dir }), status);
  expect(first).toEqual({ rulesetFile: join(dir, 'standards.yaml'), rules: [RULE], configChanged: true });
  const config = await readFile(file, 'utf8');
  expect(config).toContain('# our program');
  expect(config).toMatch(/ruleset: \.\/standards\.yaml/);
  const after = await rulesetFor(await loadConfig({ cwd: dir }));
  expect(after.rules.find((r) => r.id === RULE)?.level).toBe('error');
  // The rest of the base ruleset is still there.
  expect(after.rules.length).toBe(before.rules.length);

  const second = promoteCampaign(await loadConfig({ cwd: dir }), status);
  expect(second.configChanged).toBe(false);
  const ruleset = await readFile(join(dir, 'standards.yaml'), 'utf8');
  expect(ruleset.match(new RegExp(`id: ${RULE}`, 'g'))).toHaveLength(1);
  expect(ruleset).toContain('extends: innersource-base');
});
