// The parts of GitHub's repository objects Agora reads, permissive: unknown fields are ignored and optional
// ones may be missing or null (GitHub Enterprise Server versions differ).

import { z } from 'zod';

const count = z.number().int().nullish();

export const githubRepoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  full_name: z.string(),
  owner: z.object({ login: z.string(), avatar_url: z.string().nullish() }),
  html_url: z.string(),
  clone_url: z.string(),
  description: z.string().nullish(),
  topics: z.array(z.string()).nullish(),
  default_branch: z.string().nullish(),
  private: z.boolean(),
  visibility: z.enum(['public', 'private', 'internal']).nullish(),
  archived: z.boolean().nullish(),
  fork: z.boolean(),
  stargazers_count: count,
  forks_count: count,
  watchers_count: count,
  open_issues_count: count,
  created_at: z.string().nullish(),
  pushed_at: z.string().nullish(),
  size: z.number().nullish(),
  has_issues: z.boolean().nullish(),
});

export const githubRepoListSchema = z.array(githubRepoSchema);

export type GithubRepo = z.infer<typeof githubRepoSchema>;
