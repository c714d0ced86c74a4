// The parts of GitLab's project objects Agora reads, permissive: unknown fields are ignored, optional ones may
// be missing or null (self-managed versions differ; `tag_list` is the older name of `topics`).

import { z } from 'zod';

const count = z.number().int().nullish();

export const gitlabProjectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  path: z.string(),
  path_with_namespace: z.string(),
  namespace: z.object({ full_path: z.string(), avatar_url: z.string().nullish() }),
  avatar_url: z.string().nullish(),
  web_url: z.string(),
  http_url_to_repo: z.string(),
  description: z.string().nullish(),
  topics: z.array(z.string()).nullish(),
  tag_list: z.array(z.string()).nullish(),
  default_branch: z.string().nullish(),
  visibility: z.enum(['public', 'internal', 'private']).nullish(),
  archived: z.boolean().nullish(),
  forked_from_project: z.object({ id: z.number() }).nullish(),
  star_count: count,
  forks_count: count,
  open_issues_count: count,
  created_at: z.string().nullish(),
  last_activity_at: z.string().nullish(),
  empty_repo: z.boolean().nullish(),
  issues_enabled: z.boolean().nullish(),
  issues_access_level: z.string().nullish(),
});

export const gitlabProjectListSchema = z.array(gitlabProjectSchema);

export type GitlabProject = z.infer<typeof gitlabProjectSchema>;
