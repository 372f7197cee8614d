import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseFixture, failure, openCaseFixture } from '../store/case-fixture';
import { assignCases } from './assign-cases';
import { createClient } from './create-client';
import { reassignCases } from './reassign-cases';
import { recallCases } from './recall-cases';
import { revealDebtor } from './reveal-debtor';

let fx: CaseFixture;
beforeAll(async () => {
  fx = await openCaseFixture();
});
afterAll(async () => {
  await fx?.dispose();
});

async function assignee(caseId: string) {
  const r = await fx.db.query<{ assignee_id: string | null; team_id: string | null }>(
    'select assignee_id, team_id from cases where id = $1',
    [caseId],
  );
  return r.rows[0]!;
}

describe('assign, reassign and recall', () => {
  it('assigns, reassigns and recalls, keeping the history and the audit trail', async () => {
    const d = await fx.addDebtor({ assignTo: null });
    await assignCases(fx.deps, fx.as('lead'), { caseIds: [d.caseId], collectorId: fx.users.collector });
    expect(await assignee(d.caseId)).toEqual({ assignee_id: fx.users.collector, team_id: fx.teamId });
    await reassignCases(fx.deps, fx.as('lead'), {
      caseIds: [d.caseId],
      collectorId: fx.users.collector2,
      reason: '休假',
    });
    expect((await assignee(d.caseId)).assignee_id).toBe(fx.users.collector2);
    await recallCases(fx.deps, fx.as('lead'), { caseIds: [d.caseId], reason: '主管接手' });
    expect(await assignee(d.caseId)).toEqual({ assignee_id: null, team_id: fx.teamId });
    const history = await fx.store.transaction((tx) => tx.cases.assignments(fx.agencyId, d.caseId));
    expect(history.map((h) => [h.action, h.collectorId, h.previousCollectorId])).toEqual([
      ['assign', fx.users.collector, null],
      ['reassign', fx.users.collector2, fx.users.collector],
      ['recall', null, fx.users.collector2],
    ]);
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'case', d.caseId));
    expect(audit.map((a) => a.action)).toEqual(['case.assigned', 'case.reassigned', 'case.recalled']);
  });

  it.each([
    ['a collector assigning', 'collector', 'collector2', 'auth.forbidden'],
    ['a lead assigning to another team', 'lead', 'otherCollector', 'auth.forbidden'],
    ['assigning to a QA user', 'manager', 'qa', 'assignment.not_a_collector'],
  ] as const)('refuses %s', async (_name, who, to, code) => {
    const d = await fx.addDebtor({ assignTo: null });
    expect(
      (await failure(assignCases(fx.deps, fx.as(who), { caseIds: [d.caseId], collectorId: fx.users[to] })))
        .code,
    ).toBe(code);
  });

  it('does not confirm that another team’s case exists: not found, as an unknown id, whatever its state', async () => {
    const d = await fx.addDebtor({ assignTo: 'otherCollector' });
    const reassign = (caseId: string) =>
      reassignCases(fx.deps, fx.as('lead'), {
        caseIds: [caseId],
        collectorId: fx.users.collector,
        reason: '调整',
      });
    expect((await failure(reassign(d.caseId))).code).toBe('case.not_found');
    expect((await failure(reassign('cas_nothere'))).code).toBe('case.not_found');
    await fx.db.query(`update cases set status = 'closed' where id = $1`, [d.caseId]);
    expect((await failure(reassign(d.caseId))).code).toBe('case.not_found');
  });

  it.each([
    ['assign an assigned case', 'assign', 'assignment.already_assigned'],
    ['reassign to the same collector', 'reassign', 'assignment.same_collector'],
  ] as const)('refuses to %s', async (_name, action, code) => {
    const d = await fx.addDebtor();
    const p =
      action === 'assign'
        ? assignCases(fx.deps, fx.as('lead'), { caseIds: [d.caseId], collectorId: fx.users.collector2 })
        : reassignCases(fx.deps, fx.as('lead'), {
            caseIds: [d.caseId],
            collectorId: fx.users.collector,
            reason: 'x',
          });
    expect((await failure(p)).code).toBe(code);
  });

  it('changes all the cases or none', async () => {
    const a = await fx.addDebtor({ assignTo: null });
    const b = await fx.addDebtor();
    const e = await failure(
      assignCases(fx.deps, fx.as('lead'), {
        caseIds: [a.caseId, b.caseId],
        collectorId: fx.users.collector2,
      }),
    );
    expect(e.code).toBe('assignment.already_assigned');
    expect((await assignee(a.caseId)).assignee_id).toBeNull();
    expect(
      (
        await failure(
          assignCases(fx.deps, fx.as('lead'), {
            caseIds: [a.caseId, 'cas_nope'],
            collectorId: fx.users.collector2,
          }),
        )
      ).code,
    ).toBe('case.not_found');
  });
});

describe('revealDebtor', () => {
  it('shows the unmasked debtor to the assigned collector and logs the view with its purpose', async () => {
    const d = await fx.addDebtor();
    const r = await revealDebtor(fx.deps, fx.as('collector'), { caseId: d.caseId, purpose: '核对身份证号' });
    expect(r.idNumber).toBe(d.idNumber);
    expect(r.contacts.length).toBe(2);
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'debtor', d.debtorId));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'debtor.unmasked_viewed',
        actorId: fx.users.collector,
        detail: expect.objectContaining({ purpose: '核对身份证号' }),
      }),
    ]);
  });

  it('refuses another team’s collector, and logs nothing', async () => {
    const d = await fx.addDebtor();
    expect(
      (await failure(revealDebtor(fx.deps, fx.as('otherCollector'), { caseId: d.caseId, purpose: '看看' })))
        .code,
    ).toBe('case.not_found');
    const audit = await fx.store.transaction((tx) => tx.audit.forEntity(fx.agencyId, 'debtor', d.debtorId));
    expect(audit).toEqual([]);
  });
});

describe('createClient', () => {
  it('refuses a rule pack the playbook does not have, naming the packs it has', async () => {
    const e = await failure(
      createClient(fx.deps, fx.as('admin'), { name: '某银行', rulePacks: ['cn', 'mars'] }),
    );
    expect(e.code).toBe('client.rule_pack_unknown');
    expect(String(e.details?.cause)).toContain('known:');
  });

  it('is a manager’s task', async () => {
    expect((await failure(createClient(fx.deps, fx.as('lead'), { name: '另一银行' }))).code).toBe(
      'auth.forbidden',
    );
  });
});
