// Recognises common open-source licence texts by their characteristic phrases and names the SPDX id;
// anything else (an in-house InnerSource licence, say) is a licence without an id.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { DocFact } from './facts.ts';

/** Lower case, punctuation to spaces (dots inside version numbers kept), whitespace collapsed. */
export function normaliseLicenceText(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d)\.(\d)/g, '$1\u0000$2')
    .replace(/[^a-z0-9\u0000]+/g, ' ')
    .replace(/\u0000/g, '.')
    .trim();
}

const GPL_FAMILY =
  /\bgnu (lesser |library |affero )?general public license (?:as published by the free software foundation )?(?:either )?(?:version|v) ?(\d(?:\.\d)?)/;

// Creative Commons: `Attribution-NonCommercial-ShareAlike 4.0 International`, `... 3.0 Unported`.
const CREATIVE_COMMONS =
  /\battribution( noncommercial)?( sharealike| noderivatives| noderivs)? (\d\.\d) (?:international|unported|generic)\b/;

interface Known {
  id: string;
  /** Every phrase must occur; the first one's position ranks the licence among several in one file. */
  all: string[];
  /** None of these may occur (what tells a licence from one whose text contains it). */
  none?: string[];
}

// A file holding several licences (dual licensing, a licence quoting another) names the one it states
// first. On a tie, the earlier entry wins: the more specific texts come first.
const KNOWN: Known[] = [
  { id: 'Apache-2.0', all: ['apache license', 'version 2.0'] },
  { id: 'MPL-2.0', all: ['mozilla public license version 2.0'] },
  { id: 'MPL-1.1', all: ['mozilla public license version 1.1'] },
  { id: 'EPL-2.0', all: ['eclipse public license v 2.0'] },
  { id: 'EPL-2.0', all: ['eclipse public license version 2.0'] },
  { id: 'EPL-1.0', all: ['eclipse public license v 1.0'] },
  { id: 'EUPL-1.2', all: ['european union public licence v 1.2'] },
  { id: 'CDDL-1.0', all: ['common development and distribution license cddl version 1.0'] },
  { id: 'MS-PL', all: ['microsoft public license ms pl'] },
  { id: 'Artistic-2.0', all: ['the artistic license 2.0'] },
  { id: 'BlueOak-1.0.0', all: ['blue oak model license', 'version 1.0'] },
  { id: 'Unlicense', all: ['this is free and unencumbered software released into the public domain'] },
  { id: 'CC0-1.0', all: ['cc0 1.0 universal'] },
  { id: 'BSL-1.0', all: ['boost software license version 1.0'] },
  { id: 'WTFPL', all: ['do what the fuck you want to public license'] },
  {
    id: 'Zlib',
    all: [
      'in no event will the authors be held liable for any damages arising from the use of this software',
      'altered source versions must be plainly marked as such',
    ],
  },
  // Licences for documents, fonts and data rather than code.
  { id: 'GFDL-1.3', all: ['gnu free documentation license version 1.3'] },
  { id: 'GFDL-1.2', all: ['gnu free documentation license version 1.2'] },
  { id: 'OFL-1.1', all: ['sil open font license', 'version 1.1'] },
  { id: 'ODbL-1.0', all: ['open database license', '1.0'] },
  { id: 'PDDL-1.0', all: ['public domain dedication and license', '1.0'] },
  {
    id: 'MIT',
    all: [
      'permission is hereby granted free of charge to any person obtaining a copy',
      'the above copyright notice and this permission notice shall be included',
    ],
  },
  {
    id: 'MIT-0',
    all: ['permission is hereby granted free of charge to any person obtaining a copy'],
    none: ['the above copyright notice and this permission notice shall be included'],
  },
  {
    id: 'ISC',
    all: [
      'permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted',
      'the above copyright notice and this permission notice appear in all copies',
    ],
  },
  {
    id: 'ISC',
    all: [
      'permission to use copy modify and distribute this software for any purpose with or without fee is hereby granted',
      'the above copyright notice and this permission notice appear in all copies',
    ],
  },
  {
    id: '0BSD',
    all: [
      'permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted',
      'the software is provided as is and the author disclaims all warranties',
    ],
    none: ['the above copyright notice and this permission notice appear in all copies'],
  },
  {
    id: 'BSD-3-Clause',
    all: ['redistribution and use in source and binary forms with or without modification are permitted'],
    none: ['the software is provided as is and the author disclaims all warranties'],
  },
];

const BSD = 'redistribution and use in source and binary forms with or without modification are permitted';
// The third clause: the names of the holder or contributors may not be used to endorse derived products.
const BSD_ENDORSE =
  /\b(?:neither the name|names? of)\b[a-z0-9 ]{0,120}? (?:be )?used to endorse or promote products derived/;

/** The GPL family licence a title or notice names, or null. */
function gplFamily(m: RegExpExecArray): string | null {
  const family = m[1]?.trim();
  const version = m[2];
  if (family === 'affero' && version.startsWith('3')) return 'AGPL-3.0';
  if ((family === 'lesser' || family === 'library') && version === '2.1') return 'LGPL-2.1';
  if (family === 'library' && version.startsWith('2')) return 'LGPL-2.0';
  if (family === 'lesser' && version.startsWith('3')) return 'LGPL-3.0';
  if (!family && version.startsWith('3')) return 'GPL-3.0';
  if (!family && version.startsWith('2')) return 'GPL-2.0';
  return null;
}

function creativeCommons(m: RegExpExecArray): string {
  const nc = m[1] ? '-NC' : '';
  const variant = m[2]?.trim();
  const suffix = variant === 'sharealike' ? '-SA' : variant ? '-ND' : '';
  return `CC-BY${nc}${suffix}-${m[3]}`;
}

// A short reference instead of a text: `MIT License - http://opensource.org/licenses/mit-license.php`.
const SHORT_REFERENCE: [string, RegExp][] = [
  ['MIT', /\bmit license\b|\blicensed under the mit\b/],
  ['ISC', /\bisc license\b/],
  ['Apache-2.0', /\bapache license (?:version )?2\.0\b/],
];

/** The SPDX id of a licence text, or null when it is not one Agora recognises. */
export function detectSpdx(text: string): string | null {
  const t = normaliseLicenceText(text.length > 200_000 ? text.slice(0, 200_000) : text);
  let best: { id: string; at: number } | null = null;
  const consider = (id: string | null, at: number): void => {
    if (id && at >= 0 && (!best || at < best.at)) best = { id, at };
  };
  // The first GPL-family title or notice names the licence (GPL's own text mentions the LGPL near its end).
  const gpl = GPL_FAMILY.exec(t);
  if (gpl) consider(gplFamily(gpl), gpl.index);
  const cc = t.includes('creative commons') ? CREATIVE_COMMONS.exec(t) : null;
  if (cc) consider(creativeCommons(cc), cc.index);
  for (const known of KNOWN) {
    if (known.id === 'BSD-3-Clause') continue;
    if (!known.all.every((p) => t.includes(p))) continue;
    if (known.none?.some((p) => t.includes(p))) continue;
    consider(known.id, t.indexOf(known.all[0]));
  }
  const bsd = t.indexOf(BSD);
  if (bsd >= 0) consider(BSD_ENDORSE.test(t) ? 'BSD-3-Clause' : 'BSD-2-Clause', bsd);
  if (best) return (best as { id: string }).id;
  if (t.length <= 400) for (const [id, re] of SHORT_REFERENCE) if (re.test(t)) return id;
  return null;
}

/** The preferred licence file and its SPDX id; null when the repository has none. */
export function analyseLicence(
  snapshot: Snapshot,
  docs: readonly DocFact[],
): { path: string; spdx: string | null } | null {
  const candidates = docs.filter((d) => d.kind === 'license' && !d.path.toLowerCase().includes('template'));
  if (candidates.length === 0) return null;
  // Only the preferred folder's files describe the repository's own licence (LICENSE-MIT + LICENSE-APACHE).
  const folder = candidates[0].path.slice(0, candidates[0].path.lastIndexOf('/') + 1);
  for (const doc of candidates) {
    if (doc.path.slice(0, doc.path.lastIndexOf('/') + 1) !== folder) continue;
    const file = snapshot.files.get(doc.path);
    if (!file || file.binary || file.text === null) continue;
    const spdx = detectSpdx(file.text);
    if (spdx) return { path: doc.path, spdx };
  }
  return { path: candidates[0].path, spdx: null };
}
