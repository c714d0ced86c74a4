// Entry of `npm run bench -- [name] [flags]`: runs bench/<name>.ts, or every benchmark when no
// name is given (flags such as --quick are passed to each). A benchmark exports run(args).

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib.ts';

// forge-items.ts is the second half of `forge`, not a benchmark of its own.
const NOT_BENCHMARKS = new Set(['run', 'lib', 'forge-items']);

interface Benchmark {
  run(args: string[]): Promise<void>;
}

/** Names of the benchmarks in bench/ (every `<name>.ts` that is not a helper or a test). */
export async function listBenchmarks(dir = path.join(ROOT, 'bench')): Promise<string[]> {
  const names: string[] = [];
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
    const name = file.slice(0, -3);
    if (!NOT_BENCHMARKS.has(name)) names.push(name);
  }
  return names.sort();
}

async function main(argv: string[]): Promise<number> {
  const available = await listBenchmarks();
  const named = argv.length > 0 && !argv[0].startsWith('-');
  const names = named ? [argv[0]] : available;
  const args = named ? argv.slice(1) : argv;
  if (named && !available.includes(argv[0])) {
    process.stderr.write(`unknown benchmark "${argv[0]}"; available: ${available.join(', ')}\n`);
    return 2;
  }
  let failed = 0;
  for (const name of names) {
    process.stdout.write(`\n== bench ${name} ${args.join(' ')}\n`);
    const mod = (await import(
      pathToFileURL(path.join(ROOT, 'bench', `${name}.ts`)).href
    )) as Partial<Benchmark>;
    if (typeof mod.run !== 'function') {
      process.stderr.write(`bench/${name}.ts does not export run(args)\n`);
      failed++;
      continue;
    }
    try {
      await mod.run(args);
    } catch (err) {
      failed++;
      process.stderr.write(
        `bench ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
