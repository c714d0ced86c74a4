import { describe, expect, it } from 'vitest';
import { teamSchema } from '../config/schema.ts';
import { buildTeamModel, checkMembershipConflicts, unmatchedMembers } from './teams.ts';

const team = (t: unknown) => teamSchema.parse(t);
const at = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

describe('team model', () => {
  const model = buildTeamModel({
    payments: team({
      members: ['*@payments.acme.com', { email: 'carol@acme.com', until: '2024-10-01' }],
      handles: ['@acme/pay'],
    }),
    platform: team({
      name: 'Platform',
      members: [{ email: 'carol@acme.com', since: '2024-10-01' }, '@octo'],
    }),
  });

  it('gives the team at the time of a contribution', () => {
    expect(model.teamAt('ann@payments.acme.com', at('2020-01-01'))).toBe('payments');
    expect(model.teamAt('carol@acme.com', at('2024-09-30'))).toBe('payments');
    expect(model.teamAt('carol@acme.com', at('2024-10-01'))).toBe('platform');
    expect(model.teamAt('123+octo@users.noreply.github.com', 0)).toBe('platform');
    expect(model.teamAt('zed@acme.com', 0)).toBeNull();
    expect(model.breakpoints).toEqual([at('2024-10-01')]);
  });

  it('maps handles, catalog refs and names to teams', () => {
    expect(model.teamForRef('@ACME/pay')).toBe('payments');
    expect(model.teamForRef('group:default/platform')).toBe('platform');
    expect(model.teamForRef('Platform')).toBe('platform');
    expect(model.teamForRef('@acme/unknown')).toBeNull();
  });

  it('rejects the same person listed in two teams at overlapping times', () => {
    expect(() =>
      buildTeamModel({
        a: team({ members: ['bob@acme.com'] }),
        b: team({ members: [{ email: 'bob@acme.com', since: '2024-01-01' }] }),
      }),
    ).toThrow(/bob@acme\.com is in two teams at once: "a".*"b"/);
  });

  it('rejects a person a glob puts in a second team', () => {
    const m = buildTeamModel({
      a: team({ members: ['*@acme.com'] }),
      b: team({ members: ['bob@acme.com'] }),
    });
    expect(() => checkMembershipConflicts(m, ['bob@acme.com'])).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => checkMembershipConflicts(m, ['ann@acme.com'])).not.toThrow();
  });

  it('reports member entries that match nobody', () => {
    const unmatched = unmatchedMembers(model, ['ann@payments.acme.com', 'carol@acme.com']);
    expect(unmatched.map((m) => m.entry)).toEqual(['@octo']);
  });
});
