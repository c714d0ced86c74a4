import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, tmpDir } from '../../test/helpers/gitdir.ts';
import { subjectFromDisk } from './subject-from-disk.ts';

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
});
