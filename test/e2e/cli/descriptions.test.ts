// One description everywhere: a repo whose README opens with badges and "## Installation" and whose
// package.json says what it is, crawled through the CLI; `agora repos`, `agora show` and the portal's
// catalogue (`agora export --format json`) must give the manifest's description, not the README boilerplate.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

// The opening of content-disposition's README (jshttp), as published on npm.
const README = [
  '# content-disposition',
  '',
  '[![NPM Version][npm-image]][npm-url]',
  '[![NPM Downloads][downloads-image]][downloads-url]',
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
  '## API',
  '',
  '```js',
  "var contentDisposition = require('content-disposition')",
  '```',
  '',
  '[npm-image]: https://img.shields.io/npm/v/content-disposition',
  '[npm-url]: https://www.npmjs.com/package/content-disposition',
].join('\n');

const DESCRIPTION = 'Create and parse Content-Disposition header';

describe('descriptions through the CLI', () => {
  let root: string;
  const cli = (args: string[]) =>
    runCli(['--data-dir', join(root, 'data'), '--json', ...args], { cwd: root });

  beforeAll(async () => {
    root = await tmpDir('agora-describe-');
    await gitdir(
      {
        'README.md': README,
        'package.json': JSON.stringify({ name: 'content-disposition', description: DESCRIPTION }, null, 2),
        'index.js': 'module.exports = {}\n',
      },
      { dir: join(root, 'org', 'content-disposition') },
    );
    await gitdir(
      { 'README.md': '# notes\n\nTeam notes about the on-call rota.\n' },
      { dir: join(root, 'org', 'notes') },
    );
    const crawl = await cli(['crawl', 'org']);
    expect(crawl.code).toBe(0);
  });

  it('repos, show and the portal catalogue give the same description', async () => {
    const repos = await cli(['repos']);
    expect(repos.code).toBe(0);
    const byName = Object.fromEntries(repos.json.repos.map((r: any) => [r.name, r.description]));
    expect(byName).toEqual({
      'content-disposition': DESCRIPTION,
      notes: 'Team notes about the on-call rota.',
    });

    const show = await cli(['show', 'content-disposition']);
    expect(show.code).toBe(0);
    expect(show.json.description).toBe(DESCRIPTION);
    const text = await runCli(['--data-dir', join(root, 'data'), 'show', 'content-disposition'], {
      cwd: root,
    });
    expect(text.stdout.split('\n')[1]).toBe(DESCRIPTION);

    const exported = await runCli(['--data-dir', join(root, 'data'), 'export', '--format', 'json'], {
      cwd: root,
    });
    expect(exported.code).toBe(0);
    const portal = JSON.parse(exported.stdout);
    const items: any[] = portal.items ?? portal.projects ?? portal;
    expect(Object.fromEntries(items.map((p) => [p.name, p.description]))).toEqual(byName);
  });
});
