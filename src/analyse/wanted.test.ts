import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../snapshot/snapshot.ts';
import { MAX_CI_SCRIPTS } from './ci.ts';
import { DEFAULT_LIMITS, MAX_WANTED_BYTES } from './limits.ts';

const MAX_MANIFESTS = DEFAULT_LIMITS.maxManifests;

import { isWantedFile, MAX_IMAGES, selectWantedFiles } from './wanted.ts';

describe('isWantedFile', () => {
  it.each([
    'README.md',
    'readme',
    'docs/CONTRIBUTING.md',
    '.github/CODE_OF_CONDUCT.md',
    '.gitlab/SECURITY.md',
    'SUPPORT.md',
    'CHANGELOG.md',
    'HISTORY.rst',
    'LICENSE',
    'LICENCE.txt',
    'COPYING',
    'COMMUNICATION.md',
    '.github/ISSUE_TEMPLATE/bug_report.md',
    '.github/pull_request_template.md',
    '.gitlab/merge_request_templates/Default.md',
    'CODEOWNERS',
    '.github/CODEOWNERS',
    'docs/CODEOWNERS',
    'innersource.json',
    'catalog-info.yaml',
    '.mailmap',
    '.github/workflows/ci.yml',
    '.gitlab-ci.yml',
    'Jenkinsfile',
    'azure-pipelines.yml',
    '.circleci/config.yml',
    '.travis.yml',
    'bitbucket-pipelines.yml',
    '.drone.yml',
    '.buildkite/pipeline.yml',
    'package.json',
    'packages/ui/package.json',
    'a/b/c/d/package.json',
    'pom.xml',
    'core/build.gradle.kts',
    'settings.gradle',
    'gradle/libs.versions.toml',
    'go.mod',
    'pyproject.toml',
    'setup.cfg',
    'requirements-dev.txt',
    'Cargo.toml',
    'src/App/App.csproj',
    'composer.json',
    'Gemfile',
    'acme.gemspec',
    '.gitattributes',
    'renovate.json',
    '.github/renovate.json5',
    '.github/dependabot.yml',
    '.renovaterc.json',
  ])('wants %s', (path) => {
    expect(isWantedFile(path, 100)).toBe(true);
  });

  it.each([
    'src/index.ts',
    'docs/api/README.md',
    'src/README.md',
    'node_modules/left-pad/package.json',
    'vendor/github.com/x/y/go.mod',
    'third_party/lib/pom.xml',
    'a/b/c/d/e/package.json',
    'README.go',
    'src/a/b/c/image.png',
    'node_modules/x/logo.svg',
    'package-lock.json',
    'test/fixtures/package.json',
    'id_rsa',
    'cert.pem',
  ])('does not want %s', (path) => {
    expect(isWantedFile(path, 100)).toBe(false);
  });

  it('refuses files over the size limit but accepts unknown sizes', () => {
    expect(isWantedFile('README.md', MAX_WANTED_BYTES + 1)).toBe(false);
    expect(isWantedFile('README.md', null)).toBe(true);
  });

  it('is case-insensitive for documents', () => {
    expect(isWantedFile('Readme.MD', 1)).toBe(true);
    expect(isWantedFile('.GitHub/Contributing.md', 1)).toBe(true);
  });
});

describe('selectWantedFiles', () => {
  const blob = (path: string, mode = '100644'): TreeEntry => ({
    path,
    mode,
    type: 'blob',
    oid: 'a'.repeat(40),
    size: 10,
  });

  it('skips symlinks and submodules', () => {
    const tree: TreeEntry[] = [
      blob('README.md', '120000'),
      { path: 'package.json', mode: '160000', type: 'commit', oid: 'b'.repeat(40), size: null },
      blob('LICENSE'),
    ];
    expect(selectWantedFiles(tree).map((e) => e.path)).toEqual(['LICENSE']);
  });

  it('caps manifests, keeping the shallowest', () => {
    const tree: TreeEntry[] = [];
    for (let i = 0; i < MAX_MANIFESTS + 50; i++) tree.push(blob(`packages/p${i}/sub/package.json`));
    tree.push(blob('package.json'));
    tree.push(blob('README.md'));
    const chosen = selectWantedFiles(tree).map((e) => e.path);
    expect(chosen.filter((p) => p.endsWith('package.json'))).toHaveLength(MAX_MANIFESTS);
    expect(chosen).toContain('package.json');
    expect(chosen).toContain('README.md');
  });
});

describe('documentation images', () => {
  it('wants small shallow images and caps them per repo', () => {
    expect(isWantedFile('docs/diagram.png', 1000)).toBe(true);
    expect(isWantedFile('logo.svg', null)).toBe(true);
    expect(isWantedFile('docs/huge.png', 600 * 1024)).toBe(false);
    const tree = Array.from({ length: MAX_IMAGES + 5 }, (_, i) => ({
      path: `docs/img-${String(i).padStart(2, '0')}.png`,
      mode: '100644',
      type: 'blob' as const,
      oid: '0'.repeat(40),
      size: 100,
    }));
    expect(selectWantedFiles(tree).length).toBe(MAX_IMAGES);
  });

  it('reads the root Makefile and at most MAX_CI_SCRIPTS scripts CI may call', () => {
    expect(isWantedFile('Makefile', 100)).toBe(true);
    expect(isWantedFile('src/Makefile', 100)).toBe(false);
    expect(isWantedFile('ci/run-build-and-tests.sh', 100)).toBe(true);
    expect(isWantedFile('script/cibuild', 100)).toBe(true);
    expect(isWantedFile('scripts/release.js', 100)).toBe(false);
    const tree: TreeEntry[] = Array.from({ length: MAX_CI_SCRIPTS + 30 }, (_, i) => ({
      path: `scripts/s${i}.sh`,
      mode: '100644',
      type: 'blob',
      oid: 'a'.repeat(40),
      size: 100,
    }));
    expect(selectWantedFiles(tree).length).toBe(MAX_CI_SCRIPTS);
  });
});
