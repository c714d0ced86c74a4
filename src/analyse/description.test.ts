import { describe, expect, it } from 'vitest';
import { describeProject, firstParagraph, MAX_PARAGRAPH_CHARS } from './description.ts';

describe('describeProject', () => {
  it('prefers innersource.json, then catalog-info, the forge, a manifest, then the README', () => {
    const readme = { path: 'README.md', text: '# Title\n\nFrom the readme.', truncated: false };
    const manifestDescription = { path: 'package.json', text: 'Module for reading .pgpass' };
    const all = {
      innersource: { title: 'Nice name', motivation: 'Why it exists.' },
      catalog: { description: 'Catalog text' },
      manifestDescription,
      readme,
    };
    expect(describeProject('Forge text', all)).toBe('Why it exists.');
    expect(describeProject('Forge text', { ...all, innersource: null })).toBe('Catalog text');
    expect(describeProject('Forge text', { manifestDescription, readme })).toBe('Forge text');
    expect(describeProject('  ', { manifestDescription, readme })).toBe('Module for reading .pgpass');
    expect(describeProject(null, { readme })).toBe('From the readme.');
    expect(describeProject(null, {})).toBeNull();
    expect(describeProject(null, null)).toBeNull();
  });

  it("takes a folder's manifest only after the README: it describes that package, not the repo", () => {
    // axum: the root Cargo.toml is a workspace; the shallowest description is a member's.
    const readme = {
      path: 'README.md',
      text: '# axum\n\n`axum` is a web application framework that focuses on ergonomics and modularity.\n',
      truncated: false,
    };
    const member = { path: 'axum-core/Cargo.toml', text: 'Core types and traits for axum' };
    expect(describeProject(null, { manifestDescription: member, readme })).toBe(
      'axum is a web application framework that focuses on ergonomics and modularity.',
    );
    // With no README paragraph it is still better than nothing.
    expect(describeProject(null, { manifestDescription: member })).toBe('Core types and traits for axum');
    // The root manifest's still comes before the README's.
    const root = { path: 'Cargo.toml', text: 'Web framework' };
    expect(describeProject(null, { manifestDescription: root, readme })).toBe('Web framework');
  });

  it('skips a short paragraph that only points elsewhere', () => {
    // okhttp's README.
    const okhttp =
      'OkHttp\n======\n\nSee the [project website][okhttp] for documentation and APIs.\n\nHTTP is the way modern applications network. It’s how we exchange data & media.\n';
    expect(firstParagraph(okhttp)).toBe(
      'HTTP is the way modern applications network. It’s how we exchange data & media.',
    );
    expect(
      firstParagraph(
        '# x\n\nMore information about this crate can be found in the [crate documentation][docs].\n\nA crate.\n',
      ),
    ).toBe('A crate.');
    // A sentence that merely starts like one but describes the project is kept.
    expect(firstParagraph('# seesaw\n\nSeesaw is a load balancer written in Go.\n')).toBe(
      'Seesaw is a load balancer written in Go.',
    );
  });

  it('trims long text at a word boundary to about 200 characters', () => {
    const long = 'word '.repeat(100);
    const d = describeProject(null, { catalog: { description: long } }) as string;
    expect(d.length).toBeLessThanOrEqual(201);
    expect(d.endsWith('word…')).toBe(true);
  });
});

describe('firstParagraph', () => {
  it(`makes only the first ${MAX_PARAGRAPH_CHARS} characters of a paragraph plain (hostile "[a](" × 5 000)`, () => {
    // Past the limit, a paragraph that leads into code (ends with ":") is not seen to: only its head is read.
    const long = `${'word '.repeat(MAX_PARAGRAPH_CHARS / 5)}then run this:`;
    expect(firstParagraph(`# T\n\n${long}\n`)).toMatch(/^word word/);
    expect(firstParagraph(`# T\n\n${'word '.repeat(10)}then run this:\n`)).toBeNull();
    // The shape that took 300 ms of the server's event loop: read, cut, and still a description.
    expect(firstParagraph(`# Links\n\n${'[a]('.repeat(5000)}\n`)?.length).toBeLessThanOrEqual(
      MAX_PARAGRAPH_CHARS,
    );
    // An unclosed `[a](` is text, as in CommonMark, not a link whose destination runs on to the next ")".
    expect(firstParagraph('Uses [a]([b](https://x.example) here.')).toBe('Uses [a](b here.');
  });

  it('skips headings, badges, HTML, code and front matter, and strips inline Markdown', () => {
    const md = [
      '---',
      'title: x',
      '---',
      '<p align="center"><img src="logo.png"></p>',
      '',
      '# payments-api',
      '[![CI](https://x/badge.svg)](https://x) ![cov](https://y/c.svg)',
      '',
      '```sh',
      'npm i',
      '```',
      'Settles **card payments** for the [shop](https://shop) and',
      'the `ledger`.',
      '',
      'Second paragraph.',
    ].join('\n');
    expect(firstParagraph(md)).toBe('Settles card payments for the shop and the ledger.');
  });

  it('treats a setext heading as a heading and returns null without prose', () => {
    expect(firstParagraph('Title\n=====\n\nBody text here.')).toBe('Body text here.');
    expect(firstParagraph('# Only a heading\n\n- a list\n')).toBeNull();
    // A title is the project's name, even one that names a section elsewhere.
    expect(firstParagraph('# notes\n\nTeam notes about the on-call rota.\n')).toBe(
      'Team notes about the on-call rota.',
    );
  });
});

// README openings as real packages write them (from node_modules: pgpass, cookie, file-uri-to-path, chalk).
describe('firstParagraph on real README shapes', () => {
  it('skips install and usage sections: pgpass (badge, "## Install", "## Usage", then "## Description")', () => {
    const pgpass = [
      '# pgpass',
      '',
      '[![Build Status](https://github.com/hoegaarden/pgpass/workflows/CI/badge.svg?branch=master)](https://github.com/hoegaarden/pgpass/actions?query=workflow%3ACI+branch%3Amaster)',
      '',
      '## Install',
      '',
      '```sh',
      'npm install pgpass',
      '```',
      '',
      '## Usage',
      '```js',
      "var pgPass = require('pgpass');",
      '```',
      '',
      '## Description',
      '',
      'This module tries to read the `~/.pgpass` file (or the equivalent for windows systems).',
    ].join('\n');
    expect(firstParagraph(pgpass)).toBe(
      'This module tries to read the ~/.pgpass file (or the equivalent for windows systems).',
    );
  });

  it('returns no boilerplate: badges, then "## Installation" and "## Parameters" only', () => {
    const readme = [
      '# content-disposition',
      '',
      '[![NPM Version][npm-image]][npm-url]',
      '[![Build Status][github-actions-ci-image]][github-actions-ci-url]',
      '',
      '## Installation',
      '',
      'This is a [Node.js](https://nodejs.org/en/) module available through the',
      '[npm registry](https://www.npmjs.com/). Installation is done using the',
      '[`npm install` command](https://docs.npmjs.com/getting-started/installing-npm-packages-locally):',
      '',
      '```sh',
      '$ npm install content-disposition',
      '```',
      '',
      '## Parameters',
      '',
      'The `type` parameter sets the disposition type; it defaults to `attachment`.',
      '',
      '[npm-image]: https://img.shields.io/npm/v/content-disposition',
      '[npm-url]: https://www.npmjs.com/package/content-disposition',
    ].join('\n');
    expect(firstParagraph(readme)).toBeNull();
    // With the manifest's description, that is what the project says about itself.
    const facts = {
      readme: { path: 'README.md', text: readme, truncated: false },
      manifestDescription: { path: 'package.json', text: 'Create and parse Content-Disposition header' },
    };
    expect(describeProject(null, facts)).toBe('Create and parse Content-Disposition header');
  });

  it('reads a setext title with a tagline sub-heading, and a tagline quote', () => {
    const fileUri = [
      'file-uri-to-path',
      '================',
      '### Convert a `file:` URI to a file path',
      '[![Build Status](https://travis-ci.org/TooTallNate/file-uri-to-path.svg?branch=master)](https://travis-ci.org/TooTallNate/file-uri-to-path)',
      '',
      'Accepts a `file:` URI and returns a regular file path suitable for use with the',
      '`fs` module functions.',
      '',
      'Installation',
      '------------',
      '',
      'Install with `npm`:',
    ].join('\n');
    expect(firstParagraph(fileUri)).toBe(
      'Accepts a file: URI and returns a regular file path suitable for use with the fs module functions.',
    );
    expect(
      firstParagraph('# chalk\n\n> Terminal string styling done right\n\n## Install\n\nnpm install chalk\n'),
    ).toBe('Terminal string styling done right');
    expect(firstParagraph('# x\n\n> **Note**\n> This is a fork.\n\n## Usage\n\nCall it.\n')).toBeNull();
  });

  it('keeps the sentences before a lead-in to code', () => {
    expect(firstParagraph('# isbinaryfile\n\nDetects if a file is binary. Similar to Perl, in that:\n')).toBe(
      'Detects if a file is binary.',
    );
    expect(firstParagraph('# x\n\nInstall with npm:\n\n    npm i x\n')).toBeNull();
  });
});
