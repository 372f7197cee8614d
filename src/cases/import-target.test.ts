import { afterEach, describe, expect, it } from 'vitest';
import { loadPlaybookDir } from '../io/playbook-files';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator, systemClock } from '../store/ids';
import { openScratchDb, type ScratchDb } from '../store/open-db';
import { createAgency } from './create-agency';
import { DEFAULT_AGENCY_NAME, resolveImportTarget } from './import-target';

// Each test starts from an empty database: PGlite, or a scratch schema when DATABASE_URL is set.
const playbook = loadPlaybookDir();
let scratch: ScratchDb | null = null;
afterEach(async () => {
  await scratch?.dispose();
  scratch = null;
});

async function emptyStore() {
  scratch = await openScratchDb({ prefix: 'imptarget' });
  const deps = { store: createCaseStore(scratch.db), clock: systemClock, ids: createIdGenerator(), playbook };
  return { db: scratch.db, deps };
}

describe('resolveImportTarget', () => {
  it('bootstraps an empty database with an agency, its admin and the client, then finds them again', async () => {
    const { db, deps } = await emptyStore();
    const first = await resolveImportTarget(deps, { clientName: '  招商测试银行 ' });
    expect(first.created.agency).not.toBeNull();
    expect(first.created.client).toEqual({ clientId: first.clientId, name: '招商测试银行' });
    expect(first.actor).toEqual({
      agencyId: first.created.agency?.agencyId,
      userId: first.created.agency?.adminUserId,
    });
    const agency = await db.query('select name from agencies');
    expect(agency.rows).toEqual([{ name: DEFAULT_AGENCY_NAME }]);
    const client = await db.query('select name, rule_packs from clients');
    expect(client.rows).toEqual([{ name: '招商测试银行', rule_packs: ['cn'] }]);

    const again = await resolveImportTarget(deps, { clientName: '招商测试银行' });
    expect(again).toEqual({
      actor: first.actor,
      clientId: first.clientId,
      created: { agency: null, client: null },
    });
  });

  it('uses the agency and user it is given', async () => {
    const { deps } = await emptyStore();
    const a = await createAgency(deps, { name: '甲机构', admin: { name: '甲管理员' } });
    await createAgency(deps, { name: '乙机构', admin: { name: '乙管理员' } });
    const t = await resolveImportTarget(deps, {
      agencyId: a.agencyId,
      userId: a.adminUserId,
      clientName: '测试银行',
    });
    expect(t.actor).toEqual({ agencyId: a.agencyId, userId: a.adminUserId });
    expect(t.created.agency).toBeNull();
  });

  it('asks which agency when there are several', async () => {
    const { deps } = await emptyStore();
    const a = await createAgency(deps, { name: '甲机构', admin: { name: '甲管理员' } });
    const b = await createAgency(deps, { name: '乙机构', admin: { name: '乙管理员' } });
    await expect(resolveImportTarget(deps, { clientName: '测试银行' })).rejects.toMatchObject({
      code: 'import.agency_ambiguous',
      details: { agencies: [a.agencyId, b.agencyId] },
    });
  });

  it('asks who imports when the agency has no active admin', async () => {
    const { db, deps } = await emptyStore();
    const a = await createAgency(deps, { name: '甲机构', admin: { name: '甲管理员' } });
    await db.query('update users set active = false where id = $1', [a.adminUserId]);
    await expect(resolveImportTarget(deps, { clientName: '测试银行' })).rejects.toMatchObject({
      code: 'import.no_admin',
    });
  });
});
