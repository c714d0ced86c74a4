// Licence detection on real licence texts: the ones this project's own dependencies ship in
// node_modules (read at test time), and the openings of common non-software licences.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseDocs } from './docs.ts';
import { analyseLicence, detectSpdx } from './licence.ts';

const NODE_MODULES = join(import.meta.dirname, '../../node_modules');

function licenceText(pkg: string, file = 'LICENSE'): string {
  return readFileSync(join(NODE_MODULES, pkg, file), 'utf8');
}

const CC_BY_SA_4 = `Attribution-ShareAlike 4.0 International

=======================================================================

Creative Commons Corporation ("Creative Commons") is not a law firm and
does not provide legal services or legal advice. Distribution of
Creative Commons public licenses does not create a lawyer-client or
other relationship.

=======================================================================

Creative Commons Attribution-ShareAlike 4.0 International Public
License

By exercising the Licensed Rights (defined below), You accept and agree
to be bound by the terms and conditions of this Creative Commons
Attribution-ShareAlike 4.0 International Public License ("Public
License"). To the extent this Public License may be interpreted as a
contract, You are granted the Licensed Rights in consideration of Your
acceptance of these terms and conditions.
`;

const cc = (title: string) => `${title}

Creative Commons Corporation ("Creative Commons") is not a law firm and
does not provide legal services or legal advice.
`;

describe('detectSpdx on real texts', () => {
  it.each([
    ['zod', 'LICENSE', 'MIT'],
    ['yaml', 'LICENSE', 'ISC'],
    ['smol-toml', 'LICENSE', 'BSD-3-Clause'],
    // MPL-2.0 names the GPL as a "Secondary License": the licence stated first wins.
    ['axe-core', 'LICENSE', 'MPL-2.0'],
    ['@biomejs/biome', 'LICENSE-APACHE', 'Apache-2.0'],
    ['@biomejs/biome', 'LICENSE-MIT', 'MIT'],
  ])('%s/%s is %s', (pkg, file, spdx) => {
    expect(detectSpdx(licenceText(pkg, file))).toBe(spdx);
  });

  it('agrees with package.json on nearly every installed package that declares one licence', () => {
    const supported = new Set([
      'MIT',
      'ISC',
      'Apache-2.0',
      'BSD-2-Clause',
      'BSD-3-Clause',
      'MPL-2.0',
      'BlueOak-1.0.0',
      '0BSD',
    ]);
    const packages: string[] = [];
    for (const name of readdirSync(NODE_MODULES)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@'))
        for (const sub of readdirSync(join(NODE_MODULES, name))) packages.push(`${name}/${sub}`);
      else packages.push(name);
    }
    let compared = 0;
    const disagree: string[] = [];
    const found = new Set<string>();
    for (const pkg of packages) {
      let declared: unknown;
      let files: string[];
      try {
        declared = JSON.parse(readFileSync(join(NODE_MODULES, pkg, 'package.json'), 'utf8')).license;
        files = readdirSync(join(NODE_MODULES, pkg)).filter((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
      } catch {
        continue;
      }
      if (typeof declared !== 'string' || !supported.has(declared) || files.length === 0) continue;
      compared++;
      const got = detectSpdx(licenceText(pkg, files[0]));
      if (got) found.add(got);
      if (got !== declared) disagree.push(`${pkg}: ${declared} -> ${got}`);
    }
    expect(compared).toBeGreaterThan(100);
    // Some packages declare a licence their file does not hold (a BSD-2 text under "BSD-3-Clause").
    expect(disagree.length, disagree.join('\n')).toBeLessThanOrEqual(Math.ceil(compared * 0.02));
    expect([...found]).toEqual(
      expect.arrayContaining(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'MPL-2.0']),
    );
  });
});

describe('detectSpdx on non-software and other common licences', () => {
  it.each([
    [CC_BY_SA_4, 'CC-BY-SA-4.0'],
    [cc('Attribution 4.0 International'), 'CC-BY-4.0'],
    [cc('Attribution-NonCommercial 4.0 International'), 'CC-BY-NC-4.0'],
    [cc('Attribution-NonCommercial-ShareAlike 4.0 International'), 'CC-BY-NC-SA-4.0'],
    [cc('Attribution-NoDerivatives 4.0 International'), 'CC-BY-ND-4.0'],
    [cc('Attribution-NonCommercial-NoDerivatives 4.0 International'), 'CC-BY-NC-ND-4.0'],
    [`Creative Commons Legal Code\n\nAttribution-ShareAlike 3.0 Unported\n`, 'CC-BY-SA-3.0'],
    [`Creative Commons Legal Code\n\nCC0 1.0 Universal\n`, 'CC0-1.0'],
    ['GNU Free Documentation License\nVersion 1.3, 3 November 2008\n', 'GFDL-1.3'],
    ['SIL OPEN FONT LICENSE\nVersion 1.1 - 26 February 2007\n', 'OFL-1.1'],
    [
      'ODC Open Database License (ODbL)\n\nThis is the Open Data Commons Open Database License v1.0\n',
      'ODbL-1.0',
    ],
    ['# Blue Oak Model License\n\nVersion 1.0.0\n', 'BlueOak-1.0.0'],
    [
      '            DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\n                    Version 2, December 2004\n',
      'WTFPL',
    ],
    [
      "This software is provided 'as-is', without any express or implied warranty. In no event will the authors be held liable for any damages arising from the use of this software.\n\n2. Altered source versions must be plainly marked as such",
      'Zlib',
    ],
    ['Eclipse Public License - v 1.0\n', 'EPL-1.0'],
    ['MIT License - http://opensource.org/licenses/mit-license.php', 'MIT'],
    // "Attribution" alone, with no Creative Commons in sight, is no licence.
    ['Attribution 4.0 International', null],
  ])('%#: %s', (text, spdx) => {
    expect(detectSpdx(text)).toBe(spdx);
  });

  it('a dual-licensed file names the licence it states first', () => {
    const isc =
      'Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted, provided that the above copyright notice and this permission notice appear in all copies.';
    const mit =
      'Permission is hereby granted, free of charge, to any person obtaining a copy of this software. The above copyright notice and this permission notice shall be included in all copies.';
    expect(detectSpdx(`Dual-licensed under ISC and MIT.\n\n${isc}\n\n----\n\n${mit}`)).toBe('ISC');
    expect(detectSpdx(`Dual-licensed under MIT and ISC.\n\n${mit}\n\n----\n\n${isc}`)).toBe('MIT');
  });

  it('a repository licensed CC-BY-SA-4.0 gets that id', () => {
    const snap = snapshotFromFiles({ 'LICENSE.md': CC_BY_SA_4, 'README.md': '# Docs\n' });
    expect(analyseLicence(snap, analyseDocs(snap).docs)).toEqual({
      path: 'LICENSE.md',
      spdx: 'CC-BY-SA-4.0',
    });
  });
});
