import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseHygiene, updaterOf } from './hygiene.ts';

describe('analyseHygiene', () => {
  it('lists files over the threshold, largest first', () => {
    const snap = snapshotFromFiles({ 'small.txt': 'x' });
    snap.tree.push({
      path: 'assets/video.mp4',
      mode: '100644',
      type: 'blob',
      oid: '1'.repeat(40),
      size: 80_000_000,
    });
    snap.tree.push({
      path: 'data/dump.sql',
      mode: '100644',
      type: 'blob',
      oid: '2'.repeat(40),
      size: 6_000_000,
    });
    snap.tree.push({ path: 'sub', mode: '160000', type: 'commit', oid: '3'.repeat(40), size: null });
    expect(analyseHygiene(snap).largeFiles).toEqual([
      { path: 'assets/video.mp4', size: 80_000_000 },
      { path: 'data/dump.sql', size: 6_000_000 },
    ]);
    expect(analyseHygiene(snap, 10_000_000).largeFiles).toHaveLength(1);
  });

  it('flags credential files but not examples or certificates', () => {
    const snap = snapshotFromFiles({
      '.env': 'A=1',
      'config/.env.production': 'A=1',
      '.env.example': '',
      '.env.sample': '',
      'keys/id_rsa': '',
      'keys/id_rsa.pub': '',
      'tls/server.key': '',
      'tls/cert.pem': '-----BEGIN CERTIFICATE-----',
      'tls/bundle.pem': '-----BEGIN RSA PRIVATE KEY-----\nxx',
      'tls/privkey.pem': '',
      'store.p12': '',
      'credentials.json': '{}',
      'src/credentials.ts': '',
    });
    snap.files.delete('tls/privkey.pem');
    expect(analyseHygiene(snap).sensitiveFiles).toEqual([
      '.env',
      'config/.env.production',
      'credentials.json',
      'keys/id_rsa',
      'store.p12',
      'tls/bundle.pem',
      'tls/privkey.pem',
      'tls/server.key',
    ]);
  });

  it('finds the dependency updater', () => {
    expect(updaterOf('renovate.json')).toBe('renovate');
    expect(updaterOf('.github/renovate.json5')).toBe('renovate');
    expect(updaterOf('.renovaterc')).toBe('renovate');
    expect(updaterOf('.github/dependabot.yml')).toBe('dependabot');
    expect(updaterOf('src/renovate.json')).toBeNull();
    expect(analyseHygiene(snapshotFromFiles({ '.github/dependabot.yaml': '' })).dependencyUpdater).toBe(
      'dependabot',
    );
    expect(
      analyseHygiene(snapshotFromFiles({ 'package.json': '{"renovate": {"extends": []}}' }))
        .dependencyUpdater,
    ).toBe('renovate');
    expect(
      analyseHygiene(snapshotFromFiles({ 'package.json': '{"renovate": ' })).dependencyUpdater,
    ).toBeNull();
  });
});
