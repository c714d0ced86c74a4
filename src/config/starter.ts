// The commented starter config `agora init` writes.

export const STARTER_CONFIG = `# Agora configuration. Every key is optional; see docs/configuration.md.
# Errors name this file, the line and the key.

# Where mirrors and the embedded SQLite database live.
dataDir: .agora

# database: postgres://agora@db.example.com/agora   # default: SQLite in dataDir; DATABASE_URL overrides

# Where your repositories are.
sources:
  - type: local            # a folder scanned for git repositories (read in place, never written)
    name: local
    path: ./repos
    maxDepth: 4
  # - type: urls           # git URLs mirrored as bare blobless clones in dataDir
  #   name: mirrors
  #   urls:
  #     - https://git.example.com/platform/payments-api.git

# Teams: members (emails, logins or globs), the repos they own, their CODEOWNERS handles.
teams: {}
#   payments:
#     name: Payments
#     members:
#       - "*@payments.example.com"
#       - email: dana@example.com
#         since: 2024-03-01          # dana joined payments then
#     repos: ["payments-*"]
#     handles: ["@acme/payments"]

# bots: { add: ["ci@example.com", "*-automation@example.com"], notBots: ["travis@example.com"] }

crawl:
  gitTimeoutSeconds: 300
  maxFileBytes: 1048576     # never read more than this from one file
  largeFileBytes: 5000000   # files above this are reported as large

standards:
  ruleset: innersource-base # or recommended, or a path to your own ruleset
  overrides: []
  #  - repo: legacy-*
  #    rule: contributing
  #    level: warning
  #    reason: frozen; no contributions expected

server:
  host: 127.0.0.1
  port: 4400
  # adminToken: set AGORA_ADMIN_TOKEN instead of writing it here
`;
