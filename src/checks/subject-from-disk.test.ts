import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, tmpDir } from '../../test/helpers/gitdir.ts';
import { snapshotFromDisk, subjectFromDisk } from './subject-from-disk.ts';

describe('subjectFromDisk', () => {
  it('loads the XML and TOML parsers its tree needs and reads those manifests (nothing imports them up front)', async () => {
    const dir = join(await tmpDir('agora-disk-'), 'repo');
    await makeRepo({
      dir,
      commits: [
        {
          files: {
            'README.md': '# Repo\n',
            'pom.xml':
              '<project><groupId>com.acme</groupId><artifactId>core</artifactId><version>1</version></project>',
            'Cargo.toml': '[package]\nname = "acme-core"\nversion = "1.0.0"\n',
          },
        },
      ],
    });
    const subject = await subjectFromDisk(dir);
    expect(subject.facts.findings.filter((f) => f.code === 'ANALYSER_FAILED')).toEqual([]);
    expect(subject.facts.packages.map((p) => `${p.ecosystem}:${p.name}`).sort()).toEqual([
      'cargo:acme-core',
      'maven:com.acme:core',
    ]);
  });

  it('reads a symlinked README as its file when the link stays inside the folder, and nothing outside', async () => {
    const base = await tmpDir('agora-disk-links-');
    const dir = join(base, 'repo');
    await mkdir(join(dir, 'axum'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(dir, 'axum', 'README.md'), '# axum\n\nA web framework.\n');
    await writeFile(join(base, 'outside', 'secret.md'), 'SECRET');
    await symlink('axum/README.md', join(dir, 'README.md'));
    // Out of the folder directly, and through a linked folder that looks inside by its path.
    await symlink('../outside/secret.md', join(dir, 'CONTRIBUTING.md'));
    await symlink('../outside', join(dir, 'docs'));
    await symlink('docs/secret.md', join(dir, 'SECURITY.md'));
    await symlink('missing.md', join(dir, 'CODE_OF_CONDUCT.md'));
    // Inside the folder, but in .git: a remote URL there may carry a token.
    await mkdir(join(dir, '.git'));
    await writeFile(
      join(dir, '.git', 'config'),
      '[remote "origin"]\n\turl = https://x:SECRET@example.com/r.git\n',
    );
    await symlink('.git/config', join(dir, 'SUPPORT.md'));
    const snapshot = snapshotFromDisk(dir);
    expect(snapshot.files.get('README.md')?.text).toBe('# axum\n\nA web framework.\n');
    for (const path of [
      'CONTRIBUTING.md',
      'SECURITY.md',
      'CODE_OF_CONDUCT.md',
      'SUPPORT.md',
      'docs/secret.md',
    ])
      expect({ path, read: snapshot.files.has(path) }).toEqual({ path, read: false });
    expect(JSON.stringify([...snapshot.files.values()])).not.toContain('SECRET');
    expect(snapshot.tree.find((e) => e.path === 'README.md')).toMatchObject({ mode: '120000', size: 25 });
  });
});
