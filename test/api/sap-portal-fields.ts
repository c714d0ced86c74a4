// The fields SAP's project-portal-for-innersource reads from each repos.json entry (scripts/index.js and the
// templates in index.html of SAP/project-portal-for-innersource): tiles, details modal, sort, filter and search.

/** Top-level GitHub REST fields the portal reads (sort offers name, full_name, stars, watchers, issues, forks). */
export const SAP_PORTAL_FIELDS = [
  'id',
  'name',
  'full_name',
  'html_url',
  'description',
  'owner',
  'owner.login',
  'owner.avatar_url',
  'language',
  'stargazers_count',
  'watchers_count',
  'open_issues_count',
  'forks_count',
  'created_at',
  'updated_at',
  'default_branch',
  'topics',
  '_InnerSourceMetadata',
  '_InnerSourceMetadata.score',
  '_InnerSourceMetadata.participation',
] as const;

/** Keys of `_InnerSourceMetadata` the portal knows (score, participation, guidelines, and innersource.json's). */
export const SAP_PORTAL_METADATA_FIELDS = [
  'topics',
  'participation',
  'guidelines',
  'score',
  'title',
  'motivation',
  'contributions',
  'skills',
  'logo',
  'docs',
  'language',
] as const;
