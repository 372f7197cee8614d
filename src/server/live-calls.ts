import { z } from 'zod';
import {
  type Advice,
  EffectivenessTable,
  heardFromAnalysis,
  personaFromAnalysis,
  type ScriptContext,
  suggestNext,
} from '../advisor';
import type { Analyzer, CallSession } from '../analysis/analyze';
import {
  type Analysis,
  type InputTurn,
  inputTurnSchema,
  type OutputTurn,
  type PromiseToPay,
  type Violation,
} from '../analysis/contract';
import { assertCaseAccess, requireCase, requireUser } from '../cases/access';
import {
  clientPolicies,
  contactBlocked,
  decide,
  guardContextOf,
  guardInput,
  historySince,
  primaryNumber,
} from '../cases/contact-decision';
import { invalidState, notFound } from '../cases/errors';
import type { Actor, CaseTx, Clock, IdGenerator, UnitOfWork } from '../cases/ports';
import { attemptRecorded, recordCall } from '../cases/record-call';
import { recordContactAttempt } from '../cases/record-contact-attempt';
import { DomainError } from '../domain/errors';
import { PERSONA_NAMES_ZH } from '../domain/ids';
import type { Playbook } from '../playbook';
import { repositories } from '../store/case-store';
import type { Db, Sql } from '../store/db';
import { type LiveCaseContext, loadLiveContext } from './live-context';
import {
  appendLiveTurns,
  claimLiveEnd,
  countLiveTurns,
  finishLiveEnd,
  getLiveCall,
  insertLiveCall,
  type LiveCallRow,
  liveCallByToken,
  liveTokenHash,
  liveTurns,
  newLiveToken,
  pendingLiveDials,
  releaseLiveEnd,
  type TurnToStore,
} from './live-store';

/**
 * Live call assist: a call in progress, analysed one turn at a time. Each turn the dialer or ASR
 * sends is stored first (so another API process can take the call over by replaying the turns into a
 * fresh analysis session), then labelled; the answer carries the turn's labels and evidence, any
 * violation in it (the collector is warned mid-call), the promise and persona so far, and the
 * advisor's next strategies with scripts. Ending the call records it through the record-call use case.
 */

export interface LiveDeps {
  db: Db;
  store: UnitOfWork<CaseTx>;
  clock: Clock;
  ids: IdGenerator;
  /** the agency's playbook and the analyser built from it */
  playbookFor(agencyId: string): Promise<{ playbook: Playbook; analyzer: Analyzer }>;
  /** the installation's details for scripts (call-back number, complaint channel …) */
  profile?: Partial<ScriptContext>;
  /** how long a dialer's token is valid (default 12 h) */
  tokenTtlMs?: number;
  /**
   * Where turns are stored (default `db`). On a PostgreSQL server, a pool with synchronous_commit
   * off (see liveTurnWriter): turns are stored right behind their answers, and need not wait for
   * the disk flush either.
   */
  turns?: Sql;
  /** a turn could not be stored (it is retried); for the log */
  onStoreError?: (e: unknown, liveCallId: string) => void;
}

export const liveTurnInput = inputTurnSchema.extend({
  /** the turn's position in the call (0-based); lets a reconnecting client resend safely */
  seq: z.int().min(0).max(5000).optional(),
});
export type LiveTurnInput = z.infer<typeof liveTurnInput>;

export const startLiveCallInput = z.object({
  caseId: z.string().min(1),
  /** the contact attempt this call is (recorded before dialling), if any */
  attemptId: z.string().min(1).nullable().default(null),
});

export interface LiveAdvice {
  stage: Advice['stage'];
  stage_reason_zh: string;
  audience: Advice['audience'];
  strategies: {
    id: string;
    name_zh: string;
    reason_zh: string;
    risk: 'low' | 'medium' | 'high';
    scripts: string[];
  }[];
  warnings: Advice['warnings'];
  actions: string[];
}

export interface LiveAnswer {
  type: 'assist';
  liveCallId: string;
  seq: number;
  /** true when the turn had been received before (a resend after a reconnect) */
  duplicate: boolean;
  /** the turn with its labels, evidence, violations and promise */
  turn: OutputTurn;
  /** violations to warn about now: this turn's, and the opening's once it is complete */
  alerts: Violation[];
  /** every violation of the call so far */
  violations: Violation[];
  /** the latest promise to pay heard so far */
  promise: PromiseToPay | null;
  persona: Analysis['persona'] & { name_zh: string | null };
  advice: LiveAdvice;
}

const ADVICE_LIMIT = 3;
const SCRIPTS_PER_STRATEGY = 2;
/** The opening's identity check is judged over the collector's first three turns. */
const OPENING_AGENT_TURNS = 3;

function liveError(code: string, en: string, zh: string, details?: Record<string, unknown>) {
  return invalidState(code, { en, zh }, details);
}

function liveCallNotFound(id: string) {
  return new DomainError(
    'live_call.not_found',
    { en: `No live call with id ${id} in this agency`, zh: `本机构没有编号为 ${id} 的实时通话` },
    { entity: 'live_call', id },
  );
}

/** One live call in this process. Turns are handled one at a time, in order. */
export class LiveSession {
  private analysis!: CallSession;
  private chain: Promise<unknown> = Promise.resolve();
  private agentTurns = 0;
  private openingAlerted = false;
  /** sockets attached in this process */
  attached = 0;
  /** turns answered and not yet stored, oldest first */
  private pending: TurnToStore[] = [];
  private writing: Promise<void> | null = null;
  /** why storing stopped: another process wrote this call's next turn, or the call ended */
  private fault: 'taken' | 'ended' | null = null;
  /** told when storing stops for good, so this process's sockets can send their clients elsewhere */
  onFault: ((fault: 'taken' | 'ended') => void) | null = null;

  private constructor(
    readonly row: LiveCallRow,
    private readonly deps: LiveDeps,
    private readonly ctx: LiveCaseContext,
    private readonly playbook: Playbook,
    private readonly analyzer: Analyzer,
    private readonly effectiveness: EffectivenessTable,
  ) {}

  static async open(deps: LiveDeps, row: LiveCallRow): Promise<LiveSession> {
    const ctx = await deps.store.read((tx) =>
      loadLiveContext(tx, deps.db, {
        agencyId: row.agencyId,
        caseId: row.caseId,
        collectorId: row.collectorId,
        ...(deps.profile ? { profile: deps.profile } : {}),
      }),
    );
    if (!ctx) throw notFound('case', row.caseId);
    const { playbook, analyzer } = await deps.playbookFor(row.agencyId);
    const s = new LiveSession(
      row,
      deps,
      ctx,
      playbook,
      analyzer,
      new EffectivenessTable(playbook.strategies),
    );
    await s.replay();
    return s;
  }

  get id(): string {
    return this.row.id;
  }

  get length(): number {
    return this.analysis.length;
  }

  /** Rebuilds the analysis from the stored turns (this process is new to the call, or was behind). */
  private async replay(): Promise<void> {
    this.pending = [];
    this.fault = null;
    this.analysis = this.analyzer.session({
      at: this.row.startedAt,
      facts: this.ctx.facts,
      timeZone: this.ctx.debtor.timeZone,
    });
    this.agentTurns = 0;
    for (const t of await liveTurns(this.deps.db, this.row.id)) this.label(t);
    this.openingAlerted = this.agentTurns >= OPENING_AGENT_TURNS;
  }

  private label(t: InputTurn): OutputTurn {
    if (t.speaker === 'agent') this.agentTurns++;
    return this.analysis.addTurn({ speaker: t.speaker, text: t.text, ...(t.at ? { at: t.at } : {}) });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Whether the stored call differs from this process's copy (another process carried on with it). */
  async isBehind(): Promise<boolean> {
    if (this.fault === 'taken') return true;
    if (this.pending.length || this.writing) return false;
    return (await countLiveTurns(this.deps.db, this.row.id)) !== this.length;
  }

  /** Resolves once every turn answered so far is stored (or storing has stopped). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  get storing(): { pending: number; fault: 'taken' | 'ended' | null } {
    return { pending: this.pending.length, fault: this.fault };
  }

  /**
   * Stores answered turns right behind the answers, in order, a batch per statement. A database
   * that is briefly unreachable does not interrupt the call: the turns wait and are retried.
   */
  private store(t: TurnToStore): void {
    this.pending.push(t);
    this.writing ??= this.writeLoop().finally(() => {
      this.writing = null;
    });
  }

  private async writeLoop(): Promise<void> {
    let failures = 0;
    while (this.pending.length && !this.fault) {
      const batch = this.pending.slice(0, 200);
      let r: 'ok' | 'taken' | 'ended';
      try {
        r = await appendLiveTurns(this.deps.turns ?? this.deps.db, this.row.id, batch);
      } catch (e) {
        failures++;
        this.deps.onStoreError?.(e, this.row.id);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** failures)));
        continue;
      }
      failures = 0;
      if (r === 'ok') this.pending.splice(0, batch.length);
      else {
        this.fault = r;
        this.onFault?.(r);
      }
    }
  }

  resync(): Promise<void> {
    return this.serial(() => this.replay());
  }

  /**
   * Labels and answers one turn, and stores it right behind the answer (the answer does not wait
   * for the database). A client that reconnects — to any process — learns from `ready.turns` how
   * many turns are stored and resends the rest; resent turns are recognised by their seq.
   */
  turn(input: LiveTurnInput, receivedAt: Date): Promise<LiveAnswer> {
    return this.serial(() => this.handle(input, receivedAt));
  }

  private async handle(input: LiveTurnInput, receivedAt: Date): Promise<LiveAnswer> {
    if (this.fault === 'ended')
      throw liveError('live.ended', 'This call has ended', '本通话已结束', { liveCallId: this.row.id });
    // Another process carried on with this call: take the stored call as it stands.
    if (this.fault === 'taken') await this.replay();
    if (input.seq !== undefined && input.seq < this.length) {
      const seen = this.analysis.current()[input.seq];
      if (seen && seen.text === input.text && seen.speaker === input.speaker)
        return this.answer(input.seq, seen, [], true);
      throw liveError(
        'live.seq_conflict',
        `Turn ${input.seq} of this call was already received with different words`,
        `本通话第 ${input.seq} 句已收到，但内容不同`,
        { seq: input.seq },
      );
    }
    if (input.seq !== undefined && input.seq > this.length)
      throw liveError(
        'live.seq_gap',
        `Turn ${input.seq} arrived before turn ${this.length}: send the turns in order`,
        `第 ${input.seq} 句先于第 ${this.length} 句到达：请按顺序发送`,
        { expected: this.length },
      );
    const seq = this.length;
    const out = this.label(input);
    this.store({
      seq,
      speaker: input.speaker,
      text: input.text,
      ...(input.at ? { at: input.at } : {}),
      receivedAt,
    });
    return this.answer(seq, out, out.violations, false);
  }

  private answer(
    seq: number,
    turn: OutputTurn,
    turnAlerts: readonly Violation[],
    duplicate: boolean,
  ): LiveAnswer {
    const result = this.analysis.result();
    // The opening identity check is only final once the collector's first turns are all said.
    const openingDone = this.agentTurns >= OPENING_AGENT_TURNS;
    const violations = result.violations.filter(
      (v) => openingDone || v.rule !== 'disclosure.identity' || v.turn === seq,
    );
    const alerts = [...turnAlerts];
    if (openingDone && !this.openingAlerted) {
      this.openingAlerted = true;
      const opening = result.violations.find(
        (v) => v.rule === 'disclosure.identity' && !turnAlerts.includes(v),
      );
      if (opening) alerts.push(opening);
    }
    const promise = [...result.promises].reverse().find((p) => !p.vague) ?? result.promises.at(-1) ?? null;
    const advice = suggestNext(
      {
        turns: heardFromAnalysis(result),
        persona: personaFromAnalysis(result),
        history: this.ctx.history,
        facts: this.ctx.facts,
        ...(this.ctx.policy ? { policy: this.ctx.policy } : {}),
        context: this.ctx.context,
        at: this.deps.clock.now().toISOString(),
      },
      {
        playbook: this.playbook,
        effectiveness: this.effectiveness,
        limit: ADVICE_LIMIT,
        scriptsPerStrategy: SCRIPTS_PER_STRATEGY,
      },
    );
    return {
      type: 'assist',
      liveCallId: this.row.id,
      seq,
      duplicate,
      turn,
      alerts,
      violations,
      promise,
      persona: { ...result.persona, name_zh: result.persona.id ? PERSONA_NAMES_ZH[result.persona.id] : null },
      advice: {
        stage: advice.stage,
        stage_reason_zh: advice.stage_reason_zh,
        audience: advice.audience,
        strategies: advice.strategies.map((s) => ({
          id: s.id,
          name_zh: s.name_zh,
          reason_zh: s.reason_zh,
          risk: s.risk,
          scripts: s.scripts.map((x) => x.text),
        })),
        warnings: advice.warnings,
        actions: advice.actions,
      },
    };
  }

  /**
   * Ends the call and records it (record-call use case); once, whichever process is asked.
   *
   * A call started without a contact attempt was still a dial: it is logged as one now (the
   * record-contact-attempt use case, at the call's start, on the debtor's number), with what came of
   * it — a debtor turn heard: connected, answered by the debtor, `talked` (a conversation); else a
   * third party's: `third_party_relay`; else nobody answered: `no_answer` — so the contact guard counts
   * it as it counts any logged attempt. So is a call whose attempt got another call recorded meanwhile
   * (an attempt is one call). The attempt, the call and the end are one transaction.
   */
  end(): Promise<{ callId: string | null; turns: number }> {
    return this.serial(async () => {
      // Every answered turn is stored before the end is claimed (the claim stops further writes).
      await this.flushed();
      const now = this.deps.clock.now();
      if (!(await claimLiveEnd(this.deps.db, this.row.id, now))) {
        const row = await getLiveCall(this.deps.db, this.row.agencyId, this.row.id);
        if (row?.status === 'ended') {
          this.fault = 'ended';
          return { callId: row.callId, turns: this.length };
        }
        throw liveError('live.ending', 'The call is being ended elsewhere', '通话正在其他连接上结束');
      }
      try {
        // Another process may have taken turns since this one last wrote.
        if (await this.isBehind()) await this.replay();
        const turns = await liveTurns(this.deps.db, this.row.id);
        const actor = { agencyId: this.row.agencyId, userId: this.row.collectorId };
        const callId = await this.deps.db.transaction(async (sql) => {
          const tx = repositories(sql);
          const store: LiveDeps['store'] = { transaction: (fn) => fn(tx), read: (fn) => fn(tx) };
          const deps = { store, clock: this.deps.clock, ids: this.deps.ids, playbook: this.playbook };
          let attemptId = this.row.attemptId;
          if (attemptId && (await tx.calls.forAttempt(actor.agencyId, attemptId))) attemptId = null;
          if (!attemptId) {
            const heard = (who: InputTurn['speaker']) => turns.some((t) => t.speaker === who);
            const answeredBy = heard('debtor') ? 'debtor' : heard('third_party') ? 'third_party' : null;
            const logged = await recordContactAttempt(
              deps,
              actor,
              {
                caseId: this.row.caseId,
                channel: 'call',
                at: this.row.startedAt.toISOString(),
                connected: answeredBy !== null,
                answeredBy,
                outcomeCode:
                  answeredBy === 'debtor' ? 'talked' : answeredBy ? 'third_party_relay' : 'no_answer',
                note: `实时通话 ${this.row.id}`,
              },
              { allowedAtStart: true },
            );
            attemptId = logged.attemptId;
          }
          let recorded: string | null = null;
          if (turns.length) {
            const r = await recordCall({ ...deps, analyzer: this.analyzer }, actor, {
              caseId: this.row.caseId,
              attemptId,
              at: this.row.startedAt.toISOString(),
              turns: turns.map(({ seq: _seq, ...t }) => t),
            });
            recorded = r.callId;
          }
          await finishLiveEnd(sql, this.row.id, recorded, this.deps.clock.now());
          return recorded;
        });
        this.fault = 'ended';
        return { callId, turns: turns.length };
      } catch (e) {
        await releaseLiveEnd(this.deps.db, this.row.id);
        throw e;
      }
    });
  }
}

/** The contact guard on a call about to be dialled: throws `contact.blocked` when the rules refuse it. */
async function guardLiveCall(
  sql: Sql,
  tx: ReturnType<typeof repositories>,
  agencyId: string,
  c: { clientId: string; debtorId: string },
  attemptId: string | null,
  now: Date,
  playbook: Playbook,
): Promise<void> {
  const debtor = await tx.debtors.get(agencyId, c.debtorId);
  if (!debtor) throw notFound('debtor', c.debtorId);
  const client = await tx.org.getClient(c.clientId);
  if (!client) throw notFound('client', c.clientId);
  const context = await guardContextOf(tx.attempts, agencyId, debtor.id, now);
  let contact = primaryNumber(context.contacts);
  let history = context.history;
  if (attemptId) {
    // the logged attempt is this dial: it is not held against itself
    const a = await tx.attempts.get(agencyId, attemptId);
    if (a) {
      contact = context.contacts.find((k) => k.id === a.contactId) ?? contact;
      const same = history.findIndex(
        (h) =>
          h.at.getTime() === a.at.getTime() &&
          h.channel === a.channel &&
          h.number === a.number &&
          h.connected === a.connected &&
          h.answeredBy === a.answeredBy,
      );
      if (same >= 0) history = history.filter((_, k) => k !== same);
    }
  }
  // Live calls started without an attempt and not yet ended are dials the log does not hold yet
  // (each is logged when it ends): until then each counts as an unanswered dial of the number.
  const pending = await pendingLiveDials(sql, agencyId, debtor.id, historySince(now));
  history = [
    ...history,
    ...pending.map((at) => ({
      at,
      channel: 'call' as const,
      number: contact?.phone ?? null,
      targetKind: 'debtor' as const,
      connected: false,
      answeredBy: null,
    })),
  ].sort((x, y) => x.at.getTime() - y.at.getTime());
  const decision = decide(
    guardInput({ channel: 'call', at: now, debtor, context: { ...context, history }, contact }),
    clientPolicies(playbook, client),
  );
  if (!decision.allowed) throw contactBlocked(decision, debtor.timeZone);
}

/** The live calls this process serves, and the checks that decide who may join one. */
export class LiveHub {
  private readonly sessions = new Map<string, Promise<LiveSession>>();

  constructor(readonly deps: LiveDeps) {}

  /**
   * Starts a live call on a case the user may work; the token is for a dialer or ASR to connect with.
   * Starting a call is dialling: the contact guard decides first, as for a logged contact attempt, and
   * a refusal is the same `contact.blocked` error (each rule's reason, the next allowed time). With an
   * attempt, that attempt is the dial being made: it is left out of the history it is judged against
   * (and an attempt whose call is already recorded is refused, `call.attempt_recorded`). Without one,
   * the dial is logged as a contact attempt when the call ends (see LiveSession.end), so the guard
   * counts it from then on.
   */
  async start(
    actor: Actor,
    input: z.input<typeof startLiveCallInput>,
  ): Promise<{ liveCallId: string; token: string; tokenExpiresAt: string; startedAt: string }> {
    const i = startLiveCallInput.parse(input);
    const now = this.deps.clock.now();
    const token = newLiveToken();
    const liveCallId = this.deps.ids.next('lvc');
    const expires = new Date(now.getTime() + (this.deps.tokenTtlMs ?? 12 * 3600_000));
    const { playbook } = await this.deps.playbookFor(actor.agencyId);
    await this.deps.db.transaction(async (sql) => {
      const tx = repositories(sql);
      const me = await requireUser(tx.org, actor);
      const c = await requireCase(tx.cases, actor.agencyId, i.caseId, { open: true });
      assertCaseAccess(me, c);
      if (i.attemptId && !(await tx.attempts.belongsTo(actor.agencyId, i.attemptId, c.id)))
        throw new DomainError(
          'call.attempt_unknown',
          {
            en: `Case ${c.id} has no contact attempt ${i.attemptId}`,
            zh: `案件 ${c.id} 没有编号为 ${i.attemptId} 的联系记录`,
          },
          { attemptId: i.attemptId },
        );
      // An attempt is one call: one that already has its call recorded is not dialled again.
      const recorded = i.attemptId ? await tx.calls.forAttempt(actor.agencyId, i.attemptId) : null;
      if (i.attemptId && recorded) throw attemptRecorded(i.attemptId, recorded);
      await guardLiveCall(sql, tx, actor.agencyId, c, i.attemptId, now, playbook);
      await insertLiveCall(
        sql,
        {
          id: liveCallId,
          agencyId: actor.agencyId,
          clientId: c.clientId,
          caseId: c.id,
          collectorId: me.id,
          attemptId: i.attemptId,
          startedAt: now,
          tokenExpiresAt: expires,
        },
        liveTokenHash(token),
      );
    });
    return { liveCallId, token, tokenExpiresAt: expires.toISOString(), startedAt: now.toISOString() };
  }

  /** The call a signed-in user may join: in their agency, active, on a case they may work. */
  async forUser(actor: Actor, liveCallId: string): Promise<LiveCallRow> {
    const row = await getLiveCall(this.deps.db, actor.agencyId, liveCallId);
    if (!row) throw liveCallNotFound(liveCallId);
    await this.deps.store.read(async (tx) => {
      const me = await requireUser(tx.org, actor);
      const c = await requireCase(tx.cases, actor.agencyId, row.caseId);
      assertCaseAccess(me, c);
    });
    return row;
  }

  /** The call a dialer's token opens (null: unknown, expired or ended). */
  forToken(token: string): Promise<LiveCallRow | null> {
    return liveCallByToken(this.deps.db, token, this.deps.clock.now());
  }

  /** This process's session for the call, built (and replayed) on first use, refreshed if behind. */
  async session(row: LiveCallRow): Promise<LiveSession> {
    let p = this.sessions.get(row.id);
    if (!p) {
      p = LiveSession.open(this.deps, row);
      this.sessions.set(row.id, p);
      p.catch(() => this.sessions.delete(row.id));
      return p;
    }
    const s = await p;
    if (await s.isBehind()) await s.resync();
    return s;
  }

  /** Forgets a call no socket here uses any more (another process may carry on with it). */
  forget(id: string): void {
    this.sessions.delete(id);
  }

  get open(): number {
    return this.sessions.size;
  }
}
