import { describe, expect, it } from 'vitest';
import { git, gitdir, objectId, removeObject } from '../../../test/helpers/gitdir.ts';
import { CatFileReader } from './cat-file.ts';

describe('CatFileReader', () => {
  it('reads many objects, in parallel requests, through one process', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`f${i}.txt`] = `file ${i}\n`.repeat(i % 7);
    const repo = await gitdir(files, { bare: true });
    const listing = (await git(repo, ['ls-tree', '-z', 'HEAD'])).toString().split('\0').filter(Boolean);
    const oidOf = new Map(listing.map((l) => [l.split('\t')[1], l.split(' ')[2].split('\t')[0]]));
    const oids = Object.keys(files).map((p) => oidOf.get(p)!);
    const reader = new CatFileReader(repo);
    try {
      const got = await Promise.all(oids.map((oid) => reader.read(oid, 1024)));
      expect(got.map((g) => g.content.toString())).toEqual(Object.values(files));
      expect(got.every((g) => g.type === 'blob' && !g.truncated && !g.missing)).toBe(true);
      const info = await reader.info(oids[10]);
      expect(info).toMatchObject({ type: 'blob', size: Buffer.byteLength(files['f10.txt']), missing: false });
      expect(reader.spawned).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it('caps a large blob without holding it whole, and keeps serving', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = 97 + (i % 26);
    const repo = await gitdir({ 'big.bin': big, 'small.txt': 'small' }, { bare: true });
    const reader = new CatFileReader(repo);
    try {
      const got = await reader.read(await objectId(repo, 'HEAD:big.bin'), 4096);
      expect(got).toMatchObject({ type: 'blob', size: big.length, truncated: true, missing: false });
      expect(got.content.equals(big.subarray(0, 4096))).toBe(true);
      // The big blob never went through the batch process, which still answers.
      const small = await reader.read(await objectId(repo, 'HEAD:small.txt'), 4096);
      expect(small.content.toString()).toBe('small');
      expect(reader.spawned).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it('reports a missing object and goes on', async () => {
    const repo = await gitdir({ 'a.txt': 'A', 'b.txt': 'B' }, { bare: true });
    const a = await objectId(repo, 'HEAD:a.txt');
    const b = await objectId(repo, 'HEAD:b.txt');
    await removeObject(repo, a);
    const reader = new CatFileReader(repo);
    try {
      expect(await reader.read(a, 100)).toMatchObject({ missing: true, size: null, truncated: false });
      expect((await reader.read(b, 100)).content.toString()).toBe('B');
      expect(await reader.read('not-an-oid\ninfo x', 100)).toMatchObject({ missing: true });
    } finally {
      await reader.close();
    }
    await expect(reader.read(b, 1)).rejects.toThrow(/closed/);
  });

  it('reads an object of known size in one exchange, with the same answer (missing objects too)', async () => {
    const repo = await gitdir({ 'a.txt': 'A', 'b.txt': 'Bee' }, { bare: true });
    const a = await objectId(repo, 'HEAD:a.txt');
    const b = await objectId(repo, 'HEAD:b.txt');
    await removeObject(repo, a);
    const reader = new CatFileReader(repo);
    try {
      const plain = await reader.read(b, 100);
      const known = await reader.read(b, 100, 3);
      expect(known).toEqual(plain);
      expect(known).toMatchObject({ type: 'blob', size: 3, missing: false, truncated: false });
      expect(await reader.read(a, 100, 1)).toMatchObject({ missing: true, size: null, truncated: false });
      // A known size over the cap still reads only the cap.
      expect(await reader.read(b, 2, 3)).toMatchObject({ size: 3, truncated: true });
      expect((await reader.read(b, 2, 3)).content.toString()).toBe('Be');
    } finally {
      await reader.close();
    }
  });
});
