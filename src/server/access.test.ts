import { describe, expect, it } from 'vitest';
import {
  caseInScope,
  caseScopeSql,
  mayReveal,
  mayWork,
  type Principal,
  permissionsOf,
  type ScopedCase,
} from './access';
import type { ServerRole } from './api-schemas';

const c: ScopedCase = {
  id: 'c1',
  agencyId: 'A',
  clientId: 'bank1',
  assigneeId: 'u-col',
  teamId: 't1',
  debtorId: 'd1',
};

function who(role: ServerRole, over: Partial<Principal> = {}): Principal {
  return {
    userId: `u-${role}`,
    agencyId: 'A',
    role,
    teamId: null,
    clientId: null,
    name: role,
    login: role,
    staffNo: null,
    sessionId: 's',
    csrfToken: 't',
    sessionCreatedAt: new Date(0),
    sessionExpiresAt: new Date(0),
    ...over,
  };
}

describe('case scope', () => {
  it.each([
    ['the assigned collector', who('collector', { userId: 'u-col' }), true, true, true],
    ['another collector', who('collector'), false, false, false],
    ['the lead of the team', who('lead', { teamId: 't1' }), true, true, true],
    ['the lead of another team', who('lead', { teamId: 't2' }), false, false, false],
    ['a manager', who('manager'), true, true, false],
    ['QA', who('qa'), true, false, false],
    ['an admin', who('admin'), true, false, false],
    ['a trainer', who('trainer'), false, false, false],
    ["the bank's viewer", who('client_viewer', { clientId: 'bank1' }), true, false, false],
    ["another bank's viewer", who('client_viewer', { clientId: 'bank2' }), false, false, false],
    ['a manager of another agency', who('manager', { agencyId: 'B' }), false, false, false],
    [
      'the assigned collector’s id in another agency',
      who('collector', { userId: 'u-col', agencyId: 'B' }),
      false,
      false,
      false,
    ],
  ])('%s: sees %s, works %s, reveals %s', (_, p, sees, works, reveals) => {
    expect(caseInScope(p, c)).toBe(sees);
    expect(mayWork(p, c)).toBe(works);
    expect(mayReveal(p, c)).toBe(reveals);
  });

  it('always filters by agency in SQL, then by role', () => {
    const params: unknown[] = [];
    expect(caseScopeSql(who('collector'), 'c', params)).toBe('c.agency_id = $1 and c.assignee_id = $2');
    expect(params).toEqual(['A', 'u-collector']);
    expect(caseScopeSql(who('trainer'), 'c', [])).toBe('false');
    expect(caseScopeSql(who('qa'), 'c', [])).toBe('c.agency_id = $1');
  });

  it('tells a role what it may do', () => {
    expect(permissionsOf('client_viewer')).toEqual(['everyone', 'caseReaders', 'placements']);
    expect(permissionsOf('admin')).toContain('rulePackEditors');
    expect(permissionsOf('lead')).not.toContain('rulePackEditors');
  });
});
