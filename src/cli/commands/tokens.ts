// `agora tokens create|list|revoke`: API tokens for automation (scopes read, crawl, admin; expiry). A token is
// printed once, when created; the store keeps only its digest. Run where the store is (an admin's command).

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import type { TokenScope } from '../../store/queries/auth.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln, printJson, println, table } from '../output.ts';

const EXAMPLES = `
Examples:
  agora tokens create --name ci-crawler --scope crawl --expires 90d
                               a token CI can start crawls with (POST /api/v1/crawls); printed once
  agora tokens create --name reporting --scope read --expires 2027-06-30
  agora tokens list            every token: scopes, expiry, last use (never the secret)
  agora tokens revoke 3f2a9c0d1b2e4f60
                               refused from its next request on

Use a token as: Authorization: Bearer agora_<id>_<secret>
Scopes: read (the API, what a signed-in person sees), crawl (read + start crawls), admin (everything, every repo).`;

export function register(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('API tokens for automation: create, list, revoke')
    .addHelpText('after', EXAMPLES);

  tokens
    .command('create')
    .description('create a token and print it once')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scope <scopes>', 'comma-separated: read, crawl, admin', 'read')
    .option('--expires <when>', 'e.g. 90d, 12h, 2027-01-31, or never', '90d')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (opts: { name: string; scope: string; expires: string }, cmd: Command) => {
        const { createToken, parseExpiry } = await import('../../server/auth/tokens.ts');
        const now = Math.floor(Date.now() / 1000);
        const scopes = opts.scope.split(',').map((s) => s.trim()) as TokenScope[];
        const expiresAt = parseExpiry(opts.expires, now);
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { token, record } = await createToken(store, {
            name: opts.name,
            scopes,
            expiresAt,
            createdBy: 'cli',
            now,
          });
          if (globalOptions(cmd).json) printJson({ token, ...view(record) });
          else {
            println(token);
            eprintln(
              `token ${record.id} (${record.scopes.join(', ')}), expires ${when(record.expiresAt)}: shown once, keep it in a secret store`,
            );
          }
          return 0;
        } finally {
          await store.close();
        }
      }),
    );

  tokens
    .command('list')
    .description('every token with its scopes, expiry and last use')
    .action(
      action(async (_opts: unknown, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { listTokens } = await import('../../store/queries/auth.ts');
          const rows = (await listTokens(store.db)).map(view);
          if (globalOptions(cmd).json) printJson({ items: rows });
          else
            println(
              table(
                ['ID', 'NAME', 'SCOPES', 'EXPIRES', 'LAST USED', 'STATUS'],
                rows.map((r) => [
                  r.id,
                  r.name,
                  r.scopes.join(','),
                  r.expiresAt ?? 'never',
                  r.lastUsedAt ?? '-',
                  r.status,
                ]),
              ),
            );
          return 0;
        } finally {
          await store.close();
        }
      }),
    );

  tokens
    .command('revoke')
    .argument('<id>', 'the token id (the part after agora_, before the next _)')
    .description('revoke a token: refused from its next request on')
    .action(
      action(async (id: string, _opts: unknown, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { revokeToken } = await import('../../store/queries/auth.ts');
          const done = await revokeToken(store.db, id, Math.floor(Date.now() / 1000));
          if (!done) throw new AgoraError('NOT_FOUND', `no active token ${id} (agora tokens list)`);
          if (globalOptions(cmd).json) printJson({ id, revoked: true });
          else println(`revoked ${id}`);
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}

type StoredToken = import('../../store/queries/auth.ts').StoredToken;

function iso(t: number | null): string | null {
  return t === null ? null : new Date(t * 1000).toISOString();
}

function when(t: number | null): string {
  return iso(t) ?? 'never';
}

/** A token as shown by the CLI and the admin API: never its digest. */
export function view(t: StoredToken) {
  const now = Math.floor(Date.now() / 1000);
  return {
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    createdAt: iso(t.createdAt),
    createdBy: t.createdBy,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    status:
      t.revokedAt !== null ? 'revoked' : t.expiresAt !== null && t.expiresAt <= now ? 'expired' : 'active',
  };
}
