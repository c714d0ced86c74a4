// Promotes a finished campaign's rule(s) into the standing ruleset in one step: the rules become `error` in
// a local ruleset file that extends the configured one (created next to agora.yaml as `standards.yaml` when
// the config names a built-in ruleset, then `standards.ruleset` points at it). Both YAML files are edited as
// documents, so their comments stay.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { CampaignStatus } from './campaigns.ts';

export interface PromoteResult {
  rulesetFile: string;
  rules: string[];
  configChanged: boolean;
}

function isFileRef(ref: string): boolean {
  return /\.(ya?ml|json)$/i.test(ref) || ref.includes('/');
}

export function promoteCampaign(loaded: LoadedConfig, status: CampaignStatus): PromoteResult {
  if (!loaded.file) throw new AgoraError('USAGE', 'promote needs an agora.yaml to change (--config)');
  const current = loaded.config.standards.ruleset;
  let file: string;
  let configChanged = false;
  if (isFileRef(current)) {
    file = resolve(loaded.baseDir, current);
  } else {
    file = join(loaded.baseDir, 'standards.yaml');
    if (!existsSync(file)) {
      writeFileSync(
        file,
        `# The organisation's standing ruleset: ${current} plus the rules promoted from finished campaigns.\nname: ${current}-plus\nextends: ${current}\nrules: []\n`,
        { flag: 'wx' },
      );
    }
    const config = parseDocument(readFileSync(loaded.file, 'utf8'));
    config.setIn(['standards', 'ruleset'], `./${relative(loaded.baseDir, file)}`);
    writeFileSync(loaded.file, config.toString());
    configChanged = true;
  }
  const doc = parseDocument(readFileSync(file, 'utf8'));
  let rules = doc.get('rules');
  if (!(rules instanceof YAMLSeq)) {
    rules = new YAMLSeq();
    doc.set('rules', rules);
  }
  const seq = rules as YAMLSeq;
  for (const r of status.rules) {
    const entry = seq.items.find((i) => i instanceof YAMLMap && i.get('id') === r.id) as YAMLMap | undefined;
    if (entry) entry.set('level', 'error');
    else seq.add(doc.createNode({ id: r.id, level: 'error' }));
  }
  writeFileSync(file, doc.toString());
  return { rulesetFile: file, rules: status.rules.map((r) => r.id), configChanged };
}
