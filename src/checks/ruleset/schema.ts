// The zod schema of a ruleset file (YAML or JSON). A rule's `check` options are validated separately, by
// its rule type, so that an unknown type is reported as exactly that.

import { z } from 'zod';
import { RULE_LEVELS, TEMPLATE_NAMES } from './types.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'ids use letters, digits, `.`, `_` and `-`');

export const whereSchema = z
  .object({
    languages: z.array(z.string().min(1)).min(1).optional(),
    hasFile: z.array(z.string().min(1)).min(1).optional(),
    topics: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

export const fixSchema = z.union([
  z.string().min(1),
  z.object({ text: z.string().min(1), template: z.enum(TEMPLATE_NAMES).optional() }).strict(),
]);

/** A rule entry; in an extending ruleset, an entry whose id the base defines may give only what it changes. */
export const ruleEntrySchema = z
  .object({
    id,
    title: z.string().min(1).optional(),
    level: z.enum(RULE_LEVELS).optional(),
    check: z.looseObject({ type: z.string().min(1) }).optional(),
    why: z.string().min(1).optional(),
    fix: fixSchema.optional(),
    docs: z.url().optional(),
    where: whereSchema.optional(),
  })
  .strict();

export const levelSchema = z
  .object({
    id,
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    rules: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const rulesetFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    extends: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    rules: z.array(ruleEntrySchema).default([]),
    levels: z.array(levelSchema).optional(),
  })
  .strict();

export type RulesetFile = z.infer<typeof rulesetFileSchema>;
export type RuleEntry = z.infer<typeof ruleEntrySchema>;
