// `agora init`: writes a commented starter agora.yaml (never overwrites one).

import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions } from '../context.ts';
import { printJson, println } from '../output.ts';

export function register(program: Command): void {
  program
    .command('init')
    .description('write a commented starter agora.yaml in the current folder')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nThen edit sources: and teams:, and run `agora crawl`.')
    .action(
      action(async (opts: { force?: boolean }, cmd: Command) => {
        const { STARTER_CONFIG } = await import('../../config/starter.ts');
        const file = resolve(globalOptions(cmd).config ?? 'agora.yaml');
        if (existsSync(file) && !opts.force) {
          throw new AgoraError('USAGE', `${file} exists; use --force to overwrite it`);
        }
        writeFileSync(file, STARTER_CONFIG);
        if (globalOptions(cmd).json) printJson({ written: file });
        else println(`wrote ${file}`);
        return 0;
      }),
    );
}
