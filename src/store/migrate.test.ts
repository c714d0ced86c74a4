// Which migration failures are retried: a neighbour's race, never a problem with this store's own schema.
import { describe, expect, it } from 'vitest';
import { isRetryable } from './migrate.ts';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isRetryable', () => {
  it('retries when another store drops its schema while Kysely reads the catalogue (3F000)', () => {
    expect(isRetryable(pgError('3F000', 'schema "agora_t_1_other" does not exist'), 'agora_t_2_mine')).toBe(
      true,
    );
  });
  it('does not retry when this store’s own schema is missing', () => {
    expect(isRetryable(pgError('3F000', 'schema "agora_t_2_mine" does not exist'), 'agora_t_2_mine')).toBe(
      false,
    );
  });
  it('retries SQLite lock races and never an ordinary error', () => {
    expect(isRetryable(pgError('SQLITE_BUSY', 'database is locked'), undefined)).toBe(true);
    expect(isRetryable(pgError('42601', 'syntax error at or near "x"'), 'agora_t_2_mine')).toBe(false);
  });
});
