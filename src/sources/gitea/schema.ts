// The parts of Gitea's and Forgejo's repository objects Agora reads, permissive: unknown fields are ignored,
// optional ones may be missing or null (older versions lack `topics`, `internal`, `empty`).

import { z } from 'zod';

const count = z.number().int().nullish();

export const giteaRepoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  full_name: z.string(),
  owner: z.object({ login: z.string(), avatar_url: z.string().nullish() }),
  html_url: z.string(),
  clone_url: z.string(),
  description: z.string().nullish(),
  topics: z.array(z.string()).nullish(),
  default_branch: z.string().nullish(),
  private: z.boolean().nullish(),
  internal: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  fork: z.boolean().nullish(),
  stars_count: count,
  forks_count: count,
  watchers_count: count,
  open_issues_count: count,
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  empty: z.boolean().nullish(),
  has_issues: z.boolean().nullish(),
});

export const giteaRepoListSchema = z.array(giteaRepoSchema);

export type GiteaRepo = z.infer<typeof giteaRepoSchema>;
