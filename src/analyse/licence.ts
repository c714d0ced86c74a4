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

// Checked in order: the more specific texts (LGPL, AGPL, MIT-0) come before the ones they contain.
const GPL_FAMILY =
  /\bgnu (lesser |library |affero )?general public license (?:as published by the free software foundation )?(?:either )?(?:version|v) ?(\d(?:\.\d)?)/;

const SIMPLE: [string, string[]][] = [
  ['Apache-2.0', ['apache license', 'version 2.0']],
  ['MPL-2.0', ['mozilla public license version 2.0']],
  ['EPL-2.0', ['eclipse public license v 2.0']],
  ['EPL-2.0', ['eclipse public license version 2.0']],
  ['Unlicense', ['this is free and unencumbered software released into the public domain']],
  ['CC0-1.0', ['cc0 1.0 universal']],
  ['BSL-1.0', ['boost software license version 1.0']],
  [
    'MIT',
    [
      'permission is hereby granted free of charge to any person obtaining a copy',
      'the above copyright notice and this permission notice shall be included',
    ],
  ],
  ['MIT-0', ['permission is hereby granted free of charge to any person obtaining a copy']],
  [
    'ISC',
    [
      'permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted',
      'the above copyright notice and this permission notice appear in all copies',
    ],
  ],
  [
    'ISC',
    [
      'permission to use copy modify and distribute this software for any purpose with or without fee is hereby granted',
      'the above copyright notice and this permission notice appear in all copies',
    ],
  ],
  [
    '0BSD',
    [
      'permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted',
      'the software is provided as is and the author disclaims all warranties',
    ],
  ],
];

const BSD = 'redistribution and use in source and binary forms with or without modification are permitted';

/** The SPDX id of a licence text, or null when it is not one Agora recognises. */
export function detectSpdx(text: string): string | null {
  const t = normaliseLicenceText(text.length > 200_000 ? text.slice(0, 200_000) : text);
  // The first GPL-family title or notice names the licence (GPL's own text mentions the LGPL near its end).
  const gpl = GPL_FAMILY.exec(t);
  if (gpl) {
    const family = gpl[1]?.trim();
    const version = gpl[2];
    if (family === 'affero' && version.startsWith('3')) return 'AGPL-3.0';
    if ((family === 'lesser' || family === 'library') && version === '2.1') return 'LGPL-2.1';
    if (family === 'library' && version.startsWith('2')) return 'LGPL-2.0';
    if (family === 'lesser' && version.startsWith('3')) return 'LGPL-3.0';
    if (!family && version.startsWith('3')) return 'GPL-3.0';
    if (!family && version.startsWith('2')) return 'GPL-2.0';
  }
  for (const [id, phrases] of SIMPLE) {
    if (
      id === 'MIT-0' &&
      t.includes('the above copyright notice and this permission notice shall be included')
    )
      continue;
    if (phrases.every((p) => t.includes(p))) return id;
  }
  if (t.includes(BSD)) {
    const endorse = /neither the name|names? of (its|the) contributors may (not )?be used to endorse/.test(t);
    return endorse ? 'BSD-3-Clause' : 'BSD-2-Clause';
  }
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
