import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { serviceFiles } from './service-files.ts';

describe('serviceFiles', () => {
  it('finds container, process and deployment descriptors, not fixtures, examples or vendored ones', () => {
    const snap = snapshotFromFiles({
      Dockerfile: 'FROM node:20\n',
      'deploy/chart/Chart.yaml': 'name: x\n',
      'compose.yaml': 'services: {}\n',
      Procfile: 'web: node server.js\n',
      'api/prod.Dockerfile': 'FROM x\n',
      'test/fixtures/Dockerfile': 'FROM x\n',
      'examples/docker-compose.yml': 'x\n',
      'node_modules/x/Dockerfile': 'FROM x\n',
      'package.json': '{}',
    });
    expect(serviceFiles(snap)).toEqual([
      'Dockerfile',
      'Procfile',
      'compose.yaml',
      'api/prod.Dockerfile',
      'deploy/chart/Chart.yaml',
    ]);
    expect(serviceFiles(snapshotFromFiles({ 'package.json': '{}', 'src/index.js': 'x' }))).toEqual([]);
  });
});
