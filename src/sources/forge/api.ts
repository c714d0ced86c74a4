// The forge registry: one module per forge type, looked up by the `type` of a source in the config.

import { gitea } from '../gitea/index.ts';
import { github } from '../github/index.ts';
import { gitlab } from '../gitlab/index.ts';
import type { ForgeModule, ForgeType } from './types.ts';

export const forges: ReadonlyMap<ForgeType, ForgeModule> = new Map<ForgeType, ForgeModule>([
  ['github', github],
  ['gitlab', gitlab],
  ['gitea', gitea],
]);

/** Whether a source type is a forge. */
export function isForgeType(type: string): type is ForgeType {
  return forges.has(type as ForgeType);
}
