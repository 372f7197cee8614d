import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Advice, CellTally } from '../advisor';
import { analysisSchema, type InputTurn } from '../analysis/contract';
import { assignCases } from '../cases/assign-cases';
import { createAgency } from '../cases/create-agency';
import { createClient } from '../cases/create-client';
import { createTeam } from '../cases/create-team';
import type { Actor, CallAnalyzer } from '../cases/ports';
import { recordCall } from '../cases/record-call';
import { recordContactAttempt } from '../cases/record-contact-attempt';
import { writePlacement } from '../cases/write-placement';
import { type DomainError, isDomainError } from '../domain/errors';
import { PERSONAS, type PersonaId, type ReasonId, type StrategyId } from '../domain/ids';
import { loadPlaybookDir } from '../io/playbook-files';
import { createAccount } from '../server/accounts';
import { strategyOutcomes } from '../server/read/effectiveness';
import { mutableClock } from '../store/case-fixture';
import { createCaseStore } from '../store/case-store';
import { createIdGenerator } from '../store/ids';
import { migrate } from '../store/migrate';
import { openPglite } from '../store/pglite-db';
import { UsageError } from './cli-error';
import { adviseOnCase, suggestCommand } from './suggest.command';

function capture(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  return { text: () => out };
}

afterEach(() => {
  vi.restoreAllMocks();
});

async function domainError(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('huikuan suggest', () => {
  it.each([
    [['--transcript', 'x', '--stage', 'later'], /--stage/],
    [['--transcript', 'x', '--persona', 'brave'], /--persona/],
    [['--transcript', 'x', '--limit', '0'], /--limit/],
    [[], /--transcript/],
  ])('rejects %j', async (argv, message) => {
    await expect(suggestCommand(argv)).rejects.toThrow(message);
  });

  it('prints ranked strategies with filled scripts for a transcript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suggest-'));
    writeFileSync(
      join(dir, 'call.txt'),
      '坐席：您好，我是恒信资产的小王，工号1024，受招商银行委托联系您。\n客户：我朋友欠了几十万都没事，网上说银行根本不会起诉。\n',
    );
    writeFileSync(
      join(dir, 'facts.json'),
      JSON.stringify({ client: '招商银行', debtor_name: '张伟', balance: 23000, card_tail: '1234' }),
    );
    const out = capture();
    const code = await suggestCommand([
      '--transcript',
      join(dir, 'call.txt'),
      '--facts',
      join(dir, 'facts.json'),
      '--at',
      '2026-11-30T10:00:00+08:00',
      '--limit',
      '3',
    ]);
    expect(code).toBe(0);
    const text = out.text();
    expect(text).toContain('正本清源');
    expect(text).toContain('话术');
    expect(text).toContain('张伟');
    expect(text).not.toMatch(/\{[^}]*\}/);
  });
});

type StatedTurn = InputTurn & { strategies?: StrategyId[]; reasons?: ReasonId[] };

/**
 * The analyser's answer for a call whose labels the test states, in the analysis contract the store
 * keeps. `--case` reads stored analyses and never runs the analyser, so this keeps the test about
 * the store and the advice, not about the model (which is retrained as the corpus grows).
 */
function statedAnalysis(turns: StatedTurn[], persona: PersonaId): CallAnalyzer {
  return {
    analyze(_turns, opts) {
      const scores = Object.fromEntries(PERSONAS.map((p) => [p, p === persona ? 0.8 : 0.04]));
      return analysisSchema.parse({
        version: 1,
        reference_time: opts.at.toISOString(),
        turns: turns.map((t, index) => ({
          index,
          speaker: t.speaker,
          text: t.text,
          audience: t.speaker === 'agent' ? 'debtor' : t.speaker,
          strategies: t.strategies ?? [],
          reasons: t.reasons ?? [],
          intents: [],
          labels: [],
          violations: [],
          promise: null,
        })),
        persona: { id: persona, scores, evidence: [], confidence: 0.8 },
        ability: { score: 0.5, level: 'medium', evidence: [] },
        willingness: { score: 0.2, level: 'low', evidence: [] },
        promises: [],
        violations: [],
        disclosure: { identity: { ok: true, missing: [], evidence: null } },
        note: '',
      });
    },
  };
}

/**
 * `--case` against a real store: the embedded PGlite in a data directory of its own, migrated and
 * seeded through the use cases, then read by the command the way an operator runs it
 * (HUIKUAN_DATA_DIR, no DATABASE_URL).
 */
describe('huikuan suggest --case (embedded PGlite)', () => {
  const AT = '2026-11-30T10:30:00+08:00';
  const saved = { dir: process.env.HUIKUAN_DATA_DIR, url: process.env.DATABASE_URL };
  let tmp: string;
  let caseId: string;
  let beforeMigrate: unknown;
  let unknownUser: unknown;
  let cells: CellTally[];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'huikuan-suggest-'));
    const dataDir = join(tmp, 'data');
    process.env.HUIKUAN_DATA_DIR = dataDir;
    process.env.DATABASE_URL = '';
    // A data directory nobody migrated: the command creates the database and says what to run.
    beforeMigrate = await suggestCommand(['--case', 'case_any']).catch((e: unknown) => e);
    const db = await openPglite(dataDir);
    try {
      await migrate(db);
      const clock = mutableClock('2026-11-01T02:00:00Z');
      const deps = {
        store: createCaseStore(db),
        clock,
        ids: createIdGenerator(),
        playbook: loadPlaybookDir(),
      };
      const { agencyId, adminUserId } = await createAgency(deps, {
        name: '安和资产',
        admin: { name: '管理员' },
      });
      const admin: Actor = { agencyId, userId: adminUserId };
      const { clientId } = await createClient(deps, admin, { name: '招商银行', rulePacks: ['cn'] });
      const { teamId } = await createTeam(deps, admin, { name: '一组' });
      const collectorId = await db.transaction((tx) =>
        createAccount(
          tx,
          deps.ids,
          admin,
          clock.now(),
          {
            name: '李明',
            login: 'liming',
            role: 'collector',
            teamId,
            clientId: null,
            staffNo: 'HX2031',
            password: 'not-used-here',
          },
          { passwordHash: 'not-a-real-hash' },
        ),
      );
      const collector: Actor = { agencyId, userId: collectorId };
      const debtor = (name: string, idNumber: string, cardTail: string, phone: string) => ({
        name,
        idNumber,
        timeZone: 'Asia/Shanghai',
        accounts: [
          {
            accountRef: `62258800${cardTail}`,
            product: 'credit_card' as const,
            cardTail,
            principalFen: 2_000_000,
            interestFen: 280_000,
            feesFen: 20_000,
            daysOverdue: 120,
            overdueAsOf: '2026-11-01',
          },
        ],
        contacts: [{ name: null, relation: 'self' as const, phone }],
      });
      await writePlacement(
        deps,
        admin,
        { clientId, batchNo: 'B2026-11', periodStart: '2026-11-01', periodEnd: '2027-03-01' },
        [
          [
            debtor('张伟', '110101199001011234', '4321', '13800001111'),
            debtor('刘洋', '110101198505052345', '8765', '13800002222'),
          ],
        ],
      );
      const cases = await db.query<{ id: string; name: string }>(
        'select c.id, d.name from cases c join debtors d on d.id = c.debtor_id',
      );
      const idOf = (name: string) => cases.rows.find((r) => r.name === name)?.id ?? '';
      caseId = idOf('张伟');
      await assignCases(deps, admin, { caseIds: cases.rows.map((r) => r.id), collectorId });
      const call = async (id: string, at: string, turns: StatedTurn[]) => {
        clock.set(at);
        const attempt = await recordContactAttempt(deps, collector, {
          caseId: id,
          channel: 'call',
          at,
          connected: true,
          answeredBy: 'debtor',
          outcomeCode: 'talked',
        });
        await recordCall({ ...deps, analyzer: statedAnalysis(turns, 'lucky') }, collector, {
          caseId: id,
          attemptId: attempt.attemptId,
          at,
          turns: turns.map(({ speaker, text }) => ({ speaker, text })),
        });
      };
      const lucky = '我朋友欠了几十万都没事，网上说银行根本不会起诉。';
      // Another case of the agency teaches the outcome table: correcting a lucky debtor's premise
      // got nothing in that call.
      await call(idOf('刘洋'), '2026-11-20T10:00:00+08:00', [
        {
          speaker: 'agent',
          text: '您好，我是安和资产的小王，工号1024，受招商银行委托联系您。',
          strategies: ['self_intro'],
        },
        { speaker: 'debtor', text: lucky, reasons: ['no_consequence'] },
        {
          speaker: 'agent',
          text: '别人没还、暂时没事，是别人的情况，跟您这笔账没有关系。',
          strategies: ['correct_premise'],
        },
        { speaker: 'debtor', text: '反正我现在不还，你们爱怎么样怎么样。' },
      ]);
      // The case itself: a first conversation, then today's call so far.
      await call(caseId, '2026-11-28T10:00:00+08:00', [
        { speaker: 'agent', text: '您好，请问是张伟先生吗？' },
        { speaker: 'debtor', text: '是我，什么事？' },
      ]);
      await call(caseId, '2026-11-30T10:00:00+08:00', [
        { speaker: 'agent', text: '张先生您好，上次跟您联系过，今天再跟您沟通一下账户的事。' },
        { speaker: 'debtor', text: lucky, reasons: ['no_consequence'] },
      ]);
      cells = await strategyOutcomes(db, { agencyId });
      // (each run of the command starts PGlite on the directory again, about a second: this one
      // reads the store the seeding has open)
      unknownUser = await adviseOnCase(db, caseId, { at: new Date(AT), as: 'nobody', limit: 5 }).catch(
        (e: unknown) => e,
      );
    } finally {
      await db.close();
    }
  });

  afterAll(() => {
    for (const [key, value] of [
      ['HUIKUAN_DATA_DIR', saved.dir],
      ['DATABASE_URL', saved.url],
    ] as const)
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function adviceFor(args: string[]): Promise<Advice> {
    const out = capture();
    expect(await suggestCommand(['--case', caseId, '--at', AT, '--json', ...args])).toBe(0);
    return JSON.parse(out.text()) as Advice;
  }

  const scripts = (a: Advice) => a.strategies.flatMap((s) => s.scripts.map((x) => x.text));

  it('names "huikuan db migrate" when the database is not migrated', () => {
    expect(isDomainError(beforeMigrate) && beforeMigrate.code).toBe('db.not_migrated');
    expect(String((beforeMigrate as Error).message)).toContain('huikuan db migrate');
  });

  it("advises on the case's latest call with scripts filled from its facts, ranked with what the agency learned", async () => {
    const advice = await adviceFor([]);
    // the earlier conversation makes this a follow-up; the debtor's premise is corrected with the account
    expect(advice.stage).toBe('follow_up');
    expect(advice.persona.id).toBe('lucky');
    expect(advice.strategies.map((s) => s.id)).toContain('correct_premise');
    const texts = scripts(advice);
    expect(texts.some((t) => t.includes('招商银行'))).toBe(true);
    expect(texts.some((t) => t.includes('尾号4321') && t.includes('23000元'))).toBe(true);
    expect(texts.some((t) => t.includes('安和资产'))).toBe(true);
    // without --as the collector's own details are left for them to fill in
    expect(texts.some((t) => t.includes('工号【工号】'))).toBe(true);
    for (const t of texts) expect(t).not.toMatch(/\{[^}]*\}/);
    // the learned table, as the API ranks with it: the failed correction on the other case counts
    const learned = advice.strategies.find((s) => s.id === 'correct_premise')?.effectiveness;
    expect(learned).toMatchObject({ persona: 'lucky', observed: 1 });
    expect(learned?.mean).toBeLessThan(0.9); // the playbook's prior for lucky × correct_premise
    for (const s of advice.strategies) {
      const cell = cells.find((c) => c.persona === 'lucky' && c.strategy === s.id);
      expect(s.effectiveness?.observed).toBe(cell ? cell.successes + cell.failures : 0);
    }
  });

  it('prints the same report as --transcript mode, with --as filling the collector’s name and staff number', async () => {
    const out = capture();
    // --as takes a login (in any case) or a user id of the case's agency
    expect(await suggestCommand(['--case', caseId, '--at', AT, '--as', 'LiMing'])).toBe(0);
    const text = out.text();
    expect(text).toContain('场景：跟进通话');
    expect(text).toContain('正本清源');
    expect(text).toContain('尾号4321');
    expect(text).toMatch(/我是安和资产的李明，工号HX2031/);
    expect(text).not.toContain('【工号】');
    expect(text).not.toContain('【您的姓名】');
  });

  it('says which case or user it could not find', async () => {
    const e = await domainError(suggestCommand(['--case', 'case_nope', '--json']));
    expect(e.code).toBe('case.not_found');
    expect(e.message).toBe('case case_nope not found');
    expect(isDomainError(unknownUser) && unknownUser.code).toBe('user.not_found');
    expect(String((unknownUser as Error).message)).toBe(
      `user nobody not found in the agency of case ${caseId}`,
    );
  });

  it('rejects options that come from the store', async () => {
    await expect(suggestCommand(['--case', caseId, '--facts', 'f.json'])).rejects.toThrow(UsageError);
    await expect(suggestCommand(['--case', caseId, '--transcript', 'x'])).rejects.toThrow(/either/);
    await expect(suggestCommand(['--transcript', 'x', '--as', 'liming'])).rejects.toThrow(/--as/);
  });
});
