// Prints the slowest test files of a vitest run from its JSON report (vitest --reporter=json
// --outputFile=FILE): wall time of each file, the part its hooks (fixtures, servers, first crawls) took, and its
// tests. CI prints these after each run so new tests can be judged against the heaviest ones.
//
//   node scripts/slowest-tests.mjs FILE [COUNT]     (COUNT defaults to 10)

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, count = '10'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/slowest-tests.mjs REPORT.json [COUNT]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const rows = report.testResults.map((r) => {
  const wall = r.endTime - r.startTime;
  const tests = r.assertionResults.reduce((sum, t) => sum + (t.duration ?? 0), 0);
  return { file: relative(process.cwd(), r.name), wall, tests, rest: Math.max(0, wall - tests) };
});
rows.sort((a, b) => b.wall - a.wall);
const s = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
const total = rows.reduce((sum, r) => sum + r.wall, 0);
console.log(`slowest test files (of ${rows.length}, ${s(total).trim()} summed over files):`);
console.log(`${'wall'.padStart(8)} ${'tests'.padStart(8)} ${'hooks+'.padStart(8)}  file`);
for (const r of rows.slice(0, Number(count)))
  console.log(`${s(r.wall)} ${s(r.tests)} ${s(r.rest)}  ${r.file}`);
