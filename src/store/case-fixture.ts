import { assignCases } from '../cases/assign-cases';
import { createAgency } from '../cases/create-agency';
import { createClient } from '../cases/create-client';
import { createTeam } from '../cases/create-team';
import { createUser } from '../cases/create-user';
import type { Actor, CaseTx, Clock, IdGenerator, Role, UnitOfWork } from '../cases/ports';
import { type ImportDebtorInput, writePlacement } from '../cases/write-placement';
import { type DomainError, isDomainError } from '../domain/errors';
import { loadPlaybookDir } from '../io/playbook-files';
import type { Playbook } from '../playbook';
import { createCaseStore } from './case-store';
import type { Db } from './db';
import { createIdGenerator } from './ids';
import { openScratchDb, type ScratchDb } from './open-db';

/**
 * A migrated scratch database with one agency, team, collectors, a lead, a manager, a client and a
 * placement, for the use-case and store tests (PGlite, or the server when DATABASE_URL is set).
 */

/** The DomainError a use case rejects with (anything else is rethrown; no rejection fails the test). */
export async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

export interface MutableClock extends Clock {
  set(iso: string | Date): void;
  advance(ms: number): void;
}

export function mutableClock(start: string | Date): MutableClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (t) => {
      now = new Date(t);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

export interface CaseFixture {
  scratch: ScratchDb;
  db: Db;
  store: UnitOfWork<CaseTx>;
  clock: MutableClock;
  ids: IdGenerator;
  playbook: Playbook;
  agencyId: string;
  clientId: string;
  teamId: string;
  otherTeamId: string;
  users: Record<'admin' | 'manager' | 'lead' | 'collector' | 'collector2' | 'otherCollector' | 'qa', string>;
  placementId: string;
  /** store, clock, ids and playbook: what every use case takes */
  deps: { store: UnitOfWork<CaseTx>; clock: MutableClock; ids: IdGenerator; playbook: Playbook };
  as(user: keyof CaseFixture['users']): Actor;
  /** Imports one debtor into the fixture's placement and assigns the case to a collector. */
  addDebtor(
    d?: Partial<ImportDebtorInput> & { assignTo?: keyof CaseFixture['users'] | null },
  ): Promise<AddedDebtor>;
  dispose(): Promise<void>;
}

export interface AddedDebtor {
  debtorId: string;
  caseId: string;
  idNumber: string;
  /** contact ids by phone */
  contacts: Record<string, string>;
}

let serial = 0;

export async function openCaseFixture(
  opts: { rulePacks?: string[]; strictHours?: boolean; at?: string; periodEnd?: string } = {},
): Promise<CaseFixture> {
  const scratch = await openScratchDb({ prefix: 'cases' });
  const store = createCaseStore(scratch.db);
  const clock = mutableClock(opts.at ?? '2026-12-01T02:00:00Z');
  const ids = createIdGenerator();
  const playbook = loadPlaybookDir();
  const deps = { store, clock, ids, playbook };
  const { agencyId, adminUserId } = await createAgency(deps, {
    name: `机构${++serial}`,
    admin: { name: '管理员' },
  });
  const admin: Actor = { agencyId, userId: adminUserId };
  const { clientId } = await createClient(deps, admin, {
    name: `银行${Date.now()}${serial}`,
    rulePacks: opts.rulePacks ?? ['cn'],
    strictHours: opts.strictHours ?? false,
  });
  const { teamId } = await createTeam(deps, admin, { name: '一组' });
  const { teamId: otherTeamId } = await createTeam(deps, admin, { name: '二组' });
  const user = async (name: string, role: Role, team: string | null) =>
    (await createUser(deps, admin, { name, role, teamId: team })).userId;
  const users = {
    admin: adminUserId,
    manager: await user('经理', 'manager', null),
    lead: await user('主管', 'lead', teamId),
    collector: await user('催收员甲', 'collector', teamId),
    collector2: await user('催收员乙', 'collector', teamId),
    otherCollector: await user('催收员丙', 'collector', otherTeamId),
    qa: await user('质检', 'qa', null),
  };
  const as = (u: keyof typeof users): Actor => ({ agencyId, userId: users[u] });
  const placement = await writePlacement(
    deps,
    admin,
    {
      clientId,
      batchNo: 'B2026-12',
      periodStart: '2026-11-01',
      periodEnd: opts.periodEnd ?? '2027-03-01',
      offer: {
        instalmentCounts: [1, 3, 6, 12],
        maxInterestWaiverBp: 5000,
        maxFeeWaiverBp: 10000,
        minDownPaymentBp: 1000,
        approverRole: 'lead',
        exceptionApproverRole: 'manager',
      },
    },
    [],
  );
  let n = 0;
  return {
    scratch,
    db: scratch.db,
    store,
    clock,
    ids,
    playbook,
    agencyId,
    clientId,
    teamId,
    otherTeamId,
    users,
    placementId: placement.placementId,
    deps,
    as,
    async addDebtor(d = {}) {
      n++;
      const idNumber = d.idNumber ?? `11010119900101${String(1000 + n).slice(-4)}`;
      const phone = `1380000${String(n).padStart(4, '0')}`;
      const row: ImportDebtorInput = {
        name: d.name ?? `债务人${n}`,
        idNumber,
        timeZone: d.timeZone ?? 'Asia/Shanghai',
        quietHoursConsent: d.quietHoursConsent ?? false,
        accounts: d.accounts ?? [
          {
            accountRef: `6222000000${String(n).padStart(6, '0')}`,
            product: 'credit_card',
            cardTail: String(n).padStart(4, '0'),
            principalFen: 1_000_000,
            interestFen: 200_000,
            feesFen: 50_000,
            daysOverdue: 95,
            overdueAsOf: '2026-11-30',
          },
        ],
        contacts: d.contacts ?? [
          { name: null, relation: 'self', phone },
          { name: '配偶', relation: 'spouse', phone: `1390000${String(n).padStart(4, '0')}` },
        ],
      };
      await writePlacement(
        deps,
        admin,
        {
          clientId,
          batchNo: 'B2026-12',
          periodStart: '2026-11-01',
          periodEnd: opts.periodEnd ?? '2027-03-01',
        },
        [[row]],
      );
      const found = await scratch.db.query<{ debtor_id: string; case_id: string }>(
        `select d.id as debtor_id, c.id as case_id from debtors d join cases c on c.debtor_id = d.id
          where d.agency_id = $1 and d.client_id = $2 and d.id_number = $3 and c.placement_id = $4`,
        [agencyId, clientId, idNumber, placement.placementId],
      );
      const f = found.rows[0];
      if (!f) throw new Error('fixture debtor was not imported');
      const contacts = await scratch.db.query<{ id: string; phone: string }>(
        'select id, phone from contacts where debtor_id = $1',
        [f.debtor_id],
      );
      const assignTo = d.assignTo === undefined ? 'collector' : d.assignTo;
      if (assignTo)
        await assignCases(deps, as('manager'), { caseIds: [f.case_id], collectorId: users[assignTo] });
      return {
        debtorId: f.debtor_id,
        caseId: f.case_id,
        idNumber,
        contacts: Object.fromEntries(contacts.rows.map((c) => [c.phone, c.id])),
      };
    },
    dispose: () => scratch.dispose(),
  };
}
