import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseDocs } from './docs.ts';
import { analyseLicence, detectSpdx } from './licence.ts';

const MIT = `MIT License

Copyright (c) 2024 Acme

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction...

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.`;

const BSD2 = `Copyright (c) 2024, Acme
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice.
2. Redistributions in binary form must reproduce the above copyright notice.`;

const BSD3 = `${BSD2}
3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.`;

const ISC = `ISC License

Copyright (c) 2024 Acme

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES`;

const ZERO_BSD = `Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES`;

describe('detectSpdx', () => {
  it.each([
    [MIT, 'MIT'],
    [
      'Permission is hereby granted, free of charge, to any person obtaining a copy of this software, to deal in the Software without restriction.',
      'MIT-0',
    ],
    [
      '                                 Apache License\n                           Version 2.0, January 2004\n',
      'Apache-2.0',
    ],
    [BSD2, 'BSD-2-Clause'],
    [BSD3, 'BSD-3-Clause'],
    [ISC, 'ISC'],
    [ZERO_BSD, '0BSD'],
    [
      'GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n... use the GNU Lesser General Public License instead of this License.',
      'GPL-3.0',
    ],
    ['GNU GENERAL PUBLIC LICENSE\n Version 2, June 1991\n', 'GPL-2.0'],
    ['GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999', 'LGPL-2.1'],
    ['GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007', 'LGPL-3.0'],
    ['GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007', 'AGPL-3.0'],
    [
      'This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License',
      'GPL-3.0',
    ],
    ['Mozilla Public License Version 2.0\n==================================', 'MPL-2.0'],
    ['Eclipse Public License - v 2.0\n\nTHE ACCOMPANYING PROGRAM IS PROVIDED', 'EPL-2.0'],
    ['This is free and unencumbered software released into the public domain.', 'Unlicense'],
    ['Creative Commons Legal Code\n\nCC0 1.0 Universal', 'CC0-1.0'],
  ])('detects %#', (text, id) => {
    expect(detectSpdx(text)).toBe(id);
  });

  it('returns null for an in-house licence and for noise', () => {
    expect(
      detectSpdx('ACME INNERSOURCE LICENCE v1\nAny Acme employee may use and change this code.'),
    ).toBeNull();
    expect(detectSpdx('')).toBeNull();
    expect(detectSpdx('\u0000\u0001'.repeat(100_000))).toBeNull();
  });
});

describe('analyseLicence', () => {
  it('uses the preferred folder and reports an unknown licence with a null id', () => {
    const snap = snapshotFromFiles({ LICENSE: 'ACME INNERSOURCE LICENCE', 'docs/LICENSE': MIT });
    expect(analyseLicence(snap, analyseDocs(snap).docs)).toEqual({ path: 'LICENSE', spdx: null });
  });

  it('detects dual licences file by file in the root', () => {
    const snap = snapshotFromFiles({ 'LICENSE-APACHE': 'Apache License\nVersion 2.0', 'LICENSE-MIT': MIT });
    expect(analyseLicence(snap, analyseDocs(snap).docs)).toEqual({
      path: 'LICENSE-APACHE',
      spdx: 'Apache-2.0',
    });
  });

  it('is null without a licence file', () => {
    const snap = snapshotFromFiles({ 'README.md': '' });
    expect(analyseLicence(snap, analyseDocs(snap).docs)).toBeNull();
  });
});
