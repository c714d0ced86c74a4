// Every migration in order. To add one: create `NNNN-name.ts` exporting a Kysely `Migration` and add ONE line here.
// Keys sort lexically, which is the order they run in; never rename or remove a key once released.

import type { Migration } from 'kysely';
import { initial } from './0001-initial.ts';
import { checkResults } from './0100-check-results.ts';
import { commitDays } from './0200-commit-days.ts';
import { checkRules } from './0300-check-rules.ts';
import { commitDates } from './0400-commit-dates.ts';
import { repoDocuments } from './0500-repo-documents.ts';
import { repoDerived } from './0550-repo-derived.ts';
import { forge } from './0700-forge.ts';
import { webhookDeliveries } from './0750-webhook-deliveries.ts';
import { forgeItems } from './0800-forge-items.ts';
import { crawlQueue } from './0900-crawl-queue.ts';
import { auth } from './1000-auth.ts';
import { program } from './1100-program.ts';
import { hostBudgets } from './1250-host-budgets.ts';
import { portalPilots } from './1300-portal-pilots.ts';
import { feedTokens } from './1350-feed-tokens.ts';
import { repoCollaborators } from './1360-repo-collaborators.ts';
import { pendingWaveRepos } from './1370-pending-wave-repos.ts';

export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0100-check-results': checkResults,
  '0200-commit-days': commitDays,
  '0300-check-rules': checkRules,
  '0400-commit-dates': commitDates,
  '0500-repo-documents': repoDocuments,
  '0550-repo-derived': repoDerived,
  '0700-forge': forge,
  '0750-webhook-deliveries': webhookDeliveries,
  '0800-forge-items': forgeItems,
  '0900-crawl-queue': crawlQueue,
  '1000-auth': auth,
  '1100-program': program,
  '1250-host-budgets': hostBudgets,
  '1300-portal-pilots': portalPilots,
  '1350-feed-tokens': feedTokens,
  '1360-repo-collaborators': repoCollaborators,
  '1370-pending-wave-repos': pendingWaveRepos,
};
