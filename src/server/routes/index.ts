// Every route module of the portal, registered in one place.

import type { FastifyInstance } from 'fastify';
import { crawlRoutes } from './crawls.ts';
import { exportRoutes } from './exports.ts';
import { gigRoutes } from './gigs.ts';
import { healthRoutes } from './health.ts';
import { hookRoutes } from './hooks.ts';
import { organisationRoutes } from './organisation.ts';
import { programRoutes } from './program.ts';
import { projectRoutes } from './projects.ts';
import { queueRoutes } from './queue.ts';
import { responsivenessRoutes } from './responsiveness.ts';
import { tokenRoutes } from './tokens.ts';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await healthRoutes(app);
  await projectRoutes(app);
  await organisationRoutes(app);
  await crawlRoutes(app);
  await exportRoutes(app);
  await hookRoutes(app);
  await tokenRoutes(app);
  await queueRoutes(app);
  await gigRoutes(app);
  await responsivenessRoutes(app);
  await programRoutes(app);
}
