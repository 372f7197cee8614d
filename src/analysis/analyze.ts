import { formatInZone, SHANGHAI, toLocal } from '../domain/calendar';
import {
  INTENTS,
  isOneOf,
  PERSONAS,
  type PersonaId,
  REASONS,
  type Severity,
  STRATEGIES,
} from '../domain/ids';
import { findAmounts } from './amount';
import type { Analysis, Evidence, Facts, InputTurn, OutputTurn, PromiseToPay, Violation } from './contract';
import { evidenceFor, span } from './evidence';
import {
  type CriminalParams,
  claimEstablished,
  criminalClaimCertain,
  criminalConditions,
  DEFAULT_CRIMINAL,
  lawfulFrame,
  legalClaimLawful,
  offerDeadlineProblem,
  saidAsDeadline,
} from './facts-rules';
import {
  featurizeTurn,
  gramScratch,
  prepareGroup,
  scanProbs,
  type TurnScan as TurnFeatures,
} from './featurize';
import { checkOpening, REFUSE_IDENTITY } from './identity';
import type { GroupModel } from './linear-model';
import type { AnalysisModel } from './model';
import { foldSpeech } from './normalize';
import { writeNote } from './note';
import {
  type PersonaTurnInput,
  personaEvidence,
  personaFeatures,
  personaScores,
  personaTextRows,
  personaWords,
} from './persona';
import { promiseChecks } from './promise-checks';
import { type PromiseFigures, promiseFigures, proposalFigures } from './promise-figures';
import { findTimes } from './when';

/** What the rule pack says about a rule: shown beside every finding. */
export interface RuleMeta {
  severity: Severity;
  force: string;
  source: string;
  title_zh: string;
}

export interface AnalyzerConfig {
  model: AnalysisModel;
  rules: ReadonlyMap<string, RuleMeta>;
  criminal?: CriminalParams;
}

export interface CallOptions {
  at: Date;
  facts?: Facts;
  timeZone?: string;
}

const FALLBACK_META: RuleMeta = { severity: 'medium', force: '', source: '', title_zh: '' };

/**
 * The most the persona's confidence claims after a call with 1, 2, 3, or 4 and more debtor turns: how
 * often the type named was right on the held-out calls (dev, test and test/fixtures/fresh-writers, 84
 * calls, each cut after 1, 2, 3, … debtor turns; the r17 model, 2026-12-02) — 58/84, 75/88, 82/89 and
 * 227/242. Without it the score margin reads as certainty ("把握 100%") after two sentences.
 */
const PERSONA_CEILING = [0, 0.69, 0.85, 0.92, 0.93] as const;

/** The n-gram scratch of a turn's sentences and clauses read apart (the turn's own scan is the default one). */
const ASIDE = gramScratch();

/** Analyses whole calls, or one turn at a time for live assist (see CallSession). */
export class Analyzer {
  constructor(readonly config: AnalyzerConfig) {
    // per-thread tables of the neural layer, built now rather than on the first turn
    prepareGroup(config.model.agent);
    prepareGroup(config.model.debtor);
  }

  analyze(turns: readonly InputTurn[], opts: CallOptions): Analysis {
    const s = this.session(opts);
    for (const t of turns) s.addTurn(t);
    return s.result();
  }

  session(opts: CallOptions): CallSession {
    return new CallSession(this.config, opts);
  }
}

interface TurnState {
  out: OutputTurn;
  features: TurnFeatures;
  probs: Map<string, number>;
  /** debtor turns: the persona words table rows the turn's n-grams hit */
  textRows?: Int32Array;
  /** a collector turn's proposal (proposalFigures), worked out the first time a debtor turn asks */
  offer?: PromiseFigures | null;
}

/** Where a collector's turn divides into sentences: an end of sentence, or a pause (ASR writes a space). */
const SENTENCE_BREAK = /[。！？!?；;…]+|\s+/;
/** Shorter sentences (嗯, 好的, 我跟你说) say too little on their own to be read apart from the turn. */
const MIN_SENTENCE = 8;
/** A debtor turn's clauses (clausePromise): between a sentence's breaks, commas and pauses. */
const CLAUSE = /[^。！？!?；;…，,\s]+/g;
/**
 * A sentence's violation counts for the turn only when the model is all but certain of it: read apart, a
 * sentence loses the turn's lawful context (a condition, a negation a sentence earlier). Chosen as the
 * strictest setting that held dev's near-miss false alarms (0.95 adds one), before the long-turns probe
 * (test/fixtures/long-turns) was written.
 */
const SURE_SENTENCE = 0.98;

/** One call in progress: each turn is labelled as it arrives; call-level results on demand. */
export class CallSession {
  private readonly turns: TurnState[] = [];
  private lastListener: 'debtor' | 'third_party' | null = null;
  private readonly tz: string;

  constructor(
    private readonly config: AnalyzerConfig,
    private readonly opts: CallOptions,
  ) {
    this.tz = opts.timeZone ?? SHANGHAI;
  }

  get length(): number {
    return this.turns.length;
  }

  /** `audience` overrides who is listening (a dialer that knows who picked up can say so). */
  addTurn(input: InputTurn, audienceOverride?: 'debtor' | 'third_party'): OutputTurn {
    const index = this.turns.length;
    const audience =
      input.speaker === 'agent' ? (audienceOverride ?? this.lastListener ?? 'unknown') : 'debtor';
    if (input.speaker !== 'agent') this.lastListener = input.speaker;
    const model = input.speaker === 'agent' ? this.config.model.agent : this.config.model.debtor;
    const f = featurizeTurn(input.text, { speaker: input.speaker, audience });
    // a long collector turn with a violation cue is read sentence by sentence too (in a scratch of
    // their own: the turn's scan holds)
    const sentenceMax =
      input.speaker === 'agent' && f.cues.some((c) => c.label.startsWith('violation:'))
        ? this.sentenceMax(model, input.text, audience)
        : null;
    // the debtor's words for the persona, while the turn's n-gram scan is current
    const textRows = input.speaker === 'debtor' ? personaTextRows(this.config.model.persona, f) : undefined;
    const out: OutputTurn = {
      index,
      speaker: input.speaker,
      text: input.text,
      ...(input.at ? { at: input.at } : {}),
      audience: input.speaker === 'agent' ? audience : 'debtor',
      strategies: [],
      reasons: [],
      intents: [],
      labels: [],
      violations: [],
      promise: null,
    };
    const probs = new Map<string, number>();
    if (input.speaker !== 'third_party') {
      const pr = scanProbs(model, f);
      if (sentenceMax)
        model.labels.forEach((label, i) => {
          if (label.startsWith('violation:') && sentenceMax[i]! >= SURE_SENTENCE)
            pr[i] = Math.max(pr[i]!, sentenceMax[i]!);
        });
      model.labels.forEach((label, i) => {
        const p = pr[i]!;
        probs.set(label, p);
        if (p < model.thresholds[i]! || label.startsWith('violation:')) return;
        this.addLabel(out, f, model, i, label, p);
      });
    }
    if (input.speaker === 'agent') this.checkViolations(out, f, probs, model);
    if (input.speaker === 'debtor') {
      // The figures matter only to a turn the model hears as (possibly) a promise: parse them once,
      // the first time a step below asks.
      let fig: PromiseFigures | null | undefined;
      const figures = () => {
        if (fig === undefined) fig = promiseFigures(out.text, this.opts.at, this.opts.facts);
        return fig;
      };
      this.pastPayment(out, probs, figures);
      this.concretePromise(out, f, probs, model, figures);
      this.clausePromise(out, model, figures);
      this.assentToOffer(out, index, probs);
      out.promise = this.findPromise(out, index, figures);
    }
    this.checkIdentityRefusal(out, f);
    this.turns.push({ out, features: f, probs, ...(textRows ? { textRows } : {}) });
    return out;
  }

  /**
   * A violation said in one sentence of a long turn is that sentence's: scored with the whole turn, its
   * n-grams are a small share of many (the features are normalised by the turn's length) and a second
   * violation beside it can hide it. Each sentence's violation probabilities, their maximum; null for a
   * turn of one sentence.
   */
  private sentenceMax(
    model: GroupModel,
    text: string,
    audience: OutputTurn['audience'],
  ): Float64Array | null {
    const sentences = text.split(SENTENCE_BREAK).filter((s) => s.replace(/\s/g, '').length >= MIN_SENTENCE);
    if (sentences.length < 2) return null;
    const max = new Float64Array(model.labels.length);
    for (const s of sentences) {
      const p = scanProbs(model, featurizeTurn(s, { speaker: 'agent', audience }, ASIDE));
      for (let i = 0; i < max.length; i++) if (p[i]! > max[i]!) max[i] = p[i]!;
    }
    return max;
  }

  private addLabel(
    out: OutputTurn,
    f: TurnFeatures,
    model: GroupModel,
    i: number,
    label: string,
    p: number,
  ): void {
    const sep = label.indexOf(':');
    const kind = label.slice(0, sep);
    const id = label.slice(sep + 1);
    let labelKind: 'strategy' | 'reason' | 'intent';
    if (kind === 'strategy' && isOneOf(STRATEGIES, id)) {
      if (!out.strategies.includes(id)) out.strategies.push(id);
      labelKind = 'strategy';
    } else if (kind === 'reason' && isOneOf(REASONS, id)) {
      if (!out.reasons.includes(id)) out.reasons.push(id);
      labelKind = 'reason';
    } else if (kind === 'intent' && isOneOf(INTENTS, id)) {
      if (!out.intents.includes(id)) out.intents.push(id);
      labelKind = 'intent';
    } else return;
    const { evidence, fromCue } = evidenceFor(out.text, f, model, i, label);
    out.labels.push({
      kind: labelKind,
      id,
      score: round(p),
      source: fromCue ? 'cue+model' : 'model',
      evidence,
    });
  }

  private checkViolations(
    out: OutputTurn,
    f: TurnFeatures,
    probs: Map<string, number>,
    model: GroupModel,
  ): void {
    const demandAt = model.labels.indexOf('violation:third_party.demand_payment');
    // Asking a third party to pay for the debtor tells them of the debt, whatever words it uses.
    const demanded =
      demandAt >= 0 &&
      (probs.get('violation:third_party.demand_payment') ?? 0) >= model.thresholds[demandAt]!;
    model.labels.forEach((label, i) => {
      if (!label.startsWith('violation:')) return;
      const p = probs.get(label) ?? 0;
      if (p < model.thresholds[i]!) return;
      const rule = label.slice('violation:'.length);
      if (lawfulFrame(rule, f.norm)) return;
      const verdict = judgeFact(
        rule,
        f.norm,
        out.audience,
        this.opts,
        this.config.criminal ?? DEFAULT_CRIMINAL,
        demanded,
      );
      if (!verdict.violation) return;
      const { evidence } = evidenceFor(out.text, f, model, i, label);
      out.violations.push(this.violation(rule, out.index, evidence, verdict.reason));
    });
    // a deadline the debtor set, said back (and nothing else found in the turn: 下午四点前我要看到钱，看不到你就
    // 等着收传票 is no read-back)
    if (
      out.violations.length === 1 &&
      out.violations[0]!.rule === 'language.false_deadline' &&
      this.readsBackPromise(f.norm)
    )
      out.violations = [];
  }

  /**
   * 好 我确认 明天下午三点前还一万 / 明天下午三点前两千 我两点半给您打电话提醒: the collector says back the
   * day the debtor promised. A deadline the debtor set is not one the collector made up (false_deadline is
   * an invented deadline, offer or last chance): every time said is the due day of a promise the debtor made
   * earlier in the call, and nothing speaks of an offer, a last chance or what happens after.
   */
  private readsBackPromise(norm: string): boolean {
    if (URGENCY.test(norm)) return false;
    const promised = new Set<string>();
    for (const t of this.turns)
      if (t.out.speaker === 'debtor' && t.out.promise?.due)
        promised.add(formatInZone(new Date(t.out.promise.due), this.tz).slice(0, 10));
    if (promised.size === 0) return false;
    const said = findTimes(norm, this.opts.at).filter((t) => t.to !== null);
    // the times said as deadlines, when there are any (分期材料我今日就开始准备 sets none)
    const deadlines = said.filter((t) => saidAsDeadline(norm, t.start, t.end));
    const times = deadlines.length > 0 ? deadlines : said;
    return (
      times.length > 0 &&
      times.every((t) => promised.has(formatInZone(new Date(t.to!.getTime() - 1), this.tz).slice(0, 10)))
    );
  }

  private violation(rule: string, turn: number | null, ev: Evidence | null, reason: string): Violation {
    const meta = this.config.rules.get(rule) ?? FALLBACK_META;
    return {
      rule,
      severity: meta.severity,
      evidence: ev?.text ?? '',
      turn,
      start: ev?.start ?? null,
      end: ev?.end ?? null,
      // a rule with no fact to weigh (insult, surveillance …) is explained by its title
      reason: reason || meta.title_zh,
      force: meta.force,
      source: meta.source,
    };
  }

  /**
   * 我还了一部分 三千 上个月25号还的: a turn that tells only of a payment made is not a promise.
   * The model's promise_to_pay gives way when it is weak, when the model also hears claims_paid,
   * or when the date is already past. Nor is a turn that names times only to turn them down, with
   * no figure or kind to pay (明天？明天我哪有钱 后天也没有): the model hears the dates, not the no.
   */
  private pastPayment(
    out: OutputTurn,
    probs: Map<string, number>,
    figures: () => PromiseFigures | null,
  ): void {
    if (!out.intents.includes('promise_to_pay')) return;
    const fig = figures();
    if (fig?.refused) {
      // 明天？明天我哪有钱 后天也没有: times named only to be turned down promise nothing
      this.dropPromise(out);
      // …and decline to commit now (the guide's refuse), when the model heard nothing else in the turn
      if (fig.declined && out.intents.length === 0) {
        const at = fig.timeSpan ?? fig.amountSpan;
        addIntent(
          out,
          'refuse',
          probs.get('intent:refuse') ?? 0,
          'cue',
          at ?? { start: 0, end: out.text.length },
        );
      }
      return;
    }
    if (!fig?.paid) return;
    const p = probs.get('intent:promise_to_pay') ?? 0;
    const past = fig.due !== null && new Date(fig.due).getTime() < dayStart(this.opts.at);
    if (p >= SURE_PROMISE && !past && !out.intents.includes('claims_paid')) return;
    this.dropPromise(out);
  }

  private dropPromise(out: OutputTurn): void {
    out.intents = out.intents.filter((id) => id !== 'promise_to_pay');
    out.labels = out.labels.filter((l) => !(l.kind === 'intent' && l.id === 'promise_to_pay'));
  }

  /**
   * A debtor turn that names both a sum (or the minimum, or all of it) and a date and ties them to paying
   * is a promise even when the model is only moderately sure: the figures are the evidence.
   */
  private concretePromise(
    out: OutputTurn,
    f: TurnFeatures,
    probs: Map<string, number>,
    model: GroupModel,
    figures: () => PromiseFigures | null,
  ): void {
    if (out.intents.includes('promise_to_pay')) return;
    const label = 'intent:promise_to_pay';
    const p = probs.get(label) ?? 0;
    if (p < 0.2 || out.intents.includes('refuse') || out.intents.includes('stalling')) return;
    const fig = figures();
    if (
      !fig ||
      fig.paid ||
      fig.refused ||
      (fig.kind === 'amount' && fig.amount === null) ||
      fig.due === null ||
      new Date(fig.due).getTime() < dayStart(this.opts.at) ||
      fig.vague ||
      // 全部清掉 / 最低的那个: the kind is said as paying
      !(PAY_VERB.test(f.norm) || SETTLED.test(f.norm) || fig.kind !== 'amount')
    )
      return;
    this.addLabel(out, f, model, model.labels.indexOf(label), label, p);
  }

  /**
   * A promise said in one clause of a long debtor turn (…我告诉你，两万八我月底一次性还到卡里，跟你们
   * 没关系！) is that clause's: read with the whole turn, its n-grams are a small share and the anger or
   * the complaint around it outweighs it. When the turn is not heard as a promise, a refusal or a
   * payment made, and its figures name an amount or a time, the clauses (of two or more) that hold the
   * figure or the time the turn's figures picked and pay the creditor are read apart; one the model is
   * all but sure is a promise, naming an amount or a time of its own, makes the turn a promise.
   */
  private clausePromise(out: OutputTurn, model: GroupModel, figures: () => PromiseFigures | null): void {
    if (out.intents.some((id) => id === 'promise_to_pay' || id === 'refuse' || id === 'claims_paid')) return;
    const i = model.labels.indexOf('intent:promise_to_pay');
    if (i < 0) return;
    // clauses of 8+ characters, of which at least two; those that pay the creditor are candidates
    const text = out.text;
    const candidates: { start: number; end: number }[] = [];
    let long = 0;
    CLAUSE.lastIndex = 0;
    for (let m = CLAUSE.exec(text); m; m = CLAUSE.exec(text)) {
      if (m[0].replace(/\s/g, '').length < MIN_SENTENCE) continue;
      long++;
      if (PAY_TO_CREDITOR.test(m[0])) candidates.push({ start: m.index, end: m.index + m[0].length });
    }
    if (long < 2 || candidates.length === 0) return;
    const whole = figures();
    if (!whole || whole.paid || whole.refused || (whole.amount === null && whole.due === null)) return;
    // only the clauses that hold the figure or the time the turn's figures picked
    const spans = [whole.amountSpan, whole.timeSpan].filter((x) => x !== null);
    const clauses = candidates.filter((c) => spans.some((x) => x.start < c.end && x.end > c.start));
    if (clauses.length === 0) return;
    let best = 0;
    let said: { start: number; end: number } = clauses[0]!;
    for (const c of clauses) {
      const p = scanProbs(
        model,
        featurizeTurn(text.slice(c.start, c.end), { speaker: 'debtor', audience: 'debtor' }, ASIDE),
      )[i]!;
      if (p > best) {
        best = p;
        said = c;
      }
    }
    if (best < SURE_CLAUSE_PROMISE) return;
    const own = promiseFigures(text.slice(said.start, said.end), this.opts.at, this.opts.facts);
    if (!own || own.paid || own.refused || (own.amount === null && own.due === null)) return;
    addIntent(out, 'promise_to_pay', best, 'model', said);
  }

  /**
   * 行吧 / 好的没问题 / 好啦咁就咁啦 right after the collector proposes a payment (今天下午四点前先还个500，
   * 行不行): the guide's "a collector's proposal the debtor only agrees to" is a promise, with the collector's
   * figures. The model reads the turn alone and cannot hear what it agrees to. Only a turn of assent and
   * nothing else (assentOnly: no 不, 吗, 再说, 尽量), answering the turn just before it, and not a proposal
   * that only reads back the promise the debtor had made.
   */
  private assentToOffer(out: OutputTurn, index: number, probs: Map<string, number>): void {
    if (out.intents.length > 0 || !assentOnly(out.text)) return;
    if (this.turns[index - 1]?.out.speaker !== 'agent') return;
    const offer = this.collectorOffer(index);
    if (!offer || (offer.kind === 'amount' && offer.amount === null)) return;
    const made = this.turns
      .slice(Math.max(0, index - OFFER_REACH), index - 1)
      .findLast((t) => t.out.speaker === 'debtor' && t.out.promise)?.out.promise;
    if (made && made.amount === offer.amount && made.kind === offer.kind && made.due === offer.due) return;
    addIntent(out, 'promise_to_pay', probs.get('intent:promise_to_pay') ?? 0, 'cue', {
      start: 0,
      end: out.text.length,
    });
  }

  private findPromise(
    out: OutputTurn,
    index: number,
    figures: () => PromiseFigures | null,
  ): PromiseToPay | null {
    if (!out.intents.includes('promise_to_pay')) return null;
    const own = figures();
    // The figures are of a payment made: there is no promise to record.
    if (own?.paid) return null;
    const fig = mergeOffer(own, this.collectorOffer(index));
    if (!fig)
      return {
        amount: null,
        amount_max: null,
        due: null,
        due_from: null,
        kind: 'amount',
        vague: true,
        text: out.text,
        turn: index,
      };
    return {
      amount: fig.amount,
      amount_max: fig.amount_max,
      due: fig.due,
      due_from: fig.due_from,
      kind: fig.kind,
      vague: fig.vague,
      text: out.text,
      turn: index,
    };
  }

  /**
   * What the collector proposed just before a debtor turn: the nearest collector turn with a
   * proposal among the last few turns, not reaching past a debtor turn that made its own promise.
   */
  private collectorOffer(index: number): PromiseFigures | null {
    for (let i = index - 1; i >= Math.max(0, index - OFFER_REACH); i--) {
      const state = this.turns[i]!;
      const t = state.out;
      if (t.speaker === 'debtor' && t.promise) return null;
      if (t.speaker !== 'agent') continue;
      if (state.offer === undefined) state.offer = proposalFigures(t.text, this.opts.at, this.opts.facts);
      const offer = state.offer;
      if (offer) return offer;
    }
    return null;
  }

  /** disclosure.identity: the collector must never refuse to say who they are when asked. */
  private checkIdentityRefusal(out: OutputTurn, f: TurnFeatures): void {
    if (out.speaker !== 'agent') return;
    const prev = this.turns[this.turns.length - 1];
    if (prev?.out.speaker !== 'debtor' || !prev.out.intents.includes('question_identity')) return;
    const m = REFUSE_IDENTITY.exec(f.norm);
    if (!m) return;
    out.violations.push(
      this.violation(
        'disclosure.identity',
        out.index,
        span(out.text, m.index, m.index + m[0].length),
        '客户询问身份时坐席拒绝说明公司、姓名或工号、委托方',
      ),
    );
  }

  /** The opening must say company, name or staff number, and the client (to the debtor): identity.ts. */
  private identityCheck(): Analysis['disclosure']['identity'] & { turn: number | null } {
    const v = checkOpening(
      this.turns.map((t) => ({ speaker: t.out.speaker, norm: t.features.norm })),
      this.opts.facts?.client,
    );
    const turn = v.turn === null ? null : this.turns[v.turn]!;
    return { ok: v.ok, missing: v.missing, evidence: turn?.out.text ?? null, turn: v.turn };
  }

  result(): Analysis {
    const turns = this.turns.map((t) => t.out);
    const violations = turns.flatMap((t) => t.violations);
    const identity = this.identityCheck();
    if (!identity.ok && identity.turn !== null) {
      const names = { company: '公司', name_or_id: '姓名或工号', client: '委托方' };
      const v = this.violation(
        'disclosure.identity',
        identity.turn,
        span(identity.evidence ?? '', 0, (identity.evidence ?? '').length),
        `开场未说明：${identity.missing.map((m) => names[m]).join('、')}`,
      );
      violations.unshift(v);
    }
    const persona = this.persona();
    const promises = turns.flatMap((t) => (t.promise ? [t.promise] : []));
    const ability = estimate(this.turns, ABILITY);
    const willingness = estimate(this.turns, WILLINGNESS);
    const analysis: Analysis = {
      version: 1,
      reference_time: formatInZone(this.opts.at, this.tz),
      turns,
      persona,
      ability,
      willingness,
      promises,
      promise_checks: promiseChecks(
        turns,
        this.turns.map((t) => t.features.norm),
        this.opts.at,
        this.tz,
      ),
      violations,
      disclosure: { identity: { ok: identity.ok, missing: identity.missing, evidence: identity.evidence } },
      note: '',
    };
    analysis.note = writeNote(analysis, {
      at: this.opts.at,
      timeZone: this.tz,
      facts: this.opts.facts,
      ruleTitle: (rule) => this.config.rules.get(rule)?.title_zh,
    });
    return analysis;
  }

  private persona(): Analysis['persona'] {
    const inputs: PersonaTurnInput[] = this.turns.map((t) => ({
      index: t.out.index,
      speaker: t.out.speaker,
      text: t.out.text,
      cues: t.features.cues,
      probs: t.out.speaker === 'debtor' ? t.probs : NO_PROBS,
      given: new Set(t.out.labels.map((l) => `${l.kind}:${l.id}`)),
      ...(t.textRows ? { textRows: t.textRows, compact: t.features.compact } : {}),
    }));
    const debtorTurns = inputs.filter((t) => t.speaker === 'debtor').length;
    const model = this.config.model.persona;
    const words = personaWords(model, inputs);
    const scores = personaScores(model, personaFeatures(inputs), words.logits);
    const ranked = [...PERSONAS].sort((a, b) => scores[b] - scores[a]);
    const top: PersonaId = ranked[0]!;
    const second = scores[ranked[1]!];
    if (debtorTurns === 0)
      return { id: null, scores, evidence: ['未与本人交谈，无法判断类型'], confidence: 0 };
    return {
      id: top,
      scores,
      evidence: personaEvidence(model, top, inputs, words),
      confidence: round(
        Math.max(
          0,
          Math.min(
            PERSONA_CEILING[Math.min(debtorTurns, PERSONA_CEILING.length - 1)]!,
            (scores[top] - second) * 2 + scores[top] / 2,
          ),
        ),
      ),
    };
  }

  /** The turn states so far (live assist reads labels without building a whole result). */
  current(): readonly OutputTurn[] {
    return this.turns.map((t) => t.out);
  }
}

const PAY_VERB = /还|转|打|存|交|凑|给/;
/** 那就礼拜六 礼拜六两百 要得要得: a sum and a day settled on, with no pay verb said. */
const SETTLED = /那就|就这么定|就这样|要得|没问题|行吧|好吧/;
/** Paying, said of the creditor: 给 alone is any giving (明天就发给12378), 给你/给您 the payment. */
const PAY_TO_CREDITOR = /还|转|打|存|交|凑|给(?:你|您)/;

/** What persona reads of a turn not the debtor's: no label probabilities (read only). */
const NO_PROBS: ReadonlyMap<string, number> = new Map();

/** An intent a rule of the session gives a debtor turn, its evidence the span [start, end) of the turn. */
function addIntent(
  out: OutputTurn,
  id: 'refuse' | 'promise_to_pay',
  score: number,
  source: 'cue' | 'model',
  at: { start: number; end: number },
): void {
  out.intents.push(id);
  out.labels.push({
    kind: 'intent',
    id,
    score: round(score),
    source,
    evidence: span(out.text, at.start, at.end),
  });
}

/** Particles, fillers and pauses around an assent: 嗯 好吧, 那行啦, 好的好的. */
const ASSENT_FILLER = /[\s，,。.！!、～~…嗯恩啊呃哦噢唉哎呀吧啦喽咯嘛哈那]/g;
/** Words that only agree (dialect folded: 冇问题 → 没问题). */
const ASSENT =
  /^(?:行|好|成|中|得|妥|可以|要得|没问题|没得问题|同意|ok|okay|好的|好嘞|好咧|就这样|就这么办|就这么定|这么定|一言为定|听你的|按你说的|照你说的|咁就咁|就咁)+$/;

/** A turn that says yes and nothing else (see assentToOffer). */
function assentOnly(text: string): boolean {
  const words = foldSpeech(text).toLowerCase().replace(ASSENT_FILLER, '');
  return words.length > 0 && words.length <= 12 && ASSENT.test(words);
}

/** What makes a date more than a promise said back: an offer, a last chance, what happens after it. */
const URGENCY =
  /最后|过期|作废|截止|失效|机会|名额|优惠|减免|方案|活动|否则|不然|过了|之后就|以后就|来不及|等着|后果|别怪/;

/** How many turns back a debtor's agreement may reach for the collector's proposal. */
const OFFER_REACH = 3;

/**
 * A debtor's turn with the collector's proposal before it (guide: the agreeing turn carries the
 * figures the collector said). "能 能 我明天就还" after "三百五的最低能不能先还上": the kind and
 * amount are the collector's, the due the debtor's. "一百五没问题" after "600里拿150出来，下礼拜五
 * 以前还": the debtor's figure, the collector's due. A figure of the debtor's own wins.
 */
function mergeOffer(own: PromiseFigures | null, offer: PromiseFigures | null): PromiseFigures | null {
  if (!offer) return own;
  if (!own) return offer;
  const ownsFigure = own.kind !== 'amount' || own.amount !== null;
  const sameFigure = ownsFigure && own.kind === offer.kind && own.amount === offer.amount;
  const sameSum = own.amount !== null && own.amount === offer.amount && own.amount_max === offer.amount_max;
  let fig = own;
  if (!ownsFigure && (offer.kind !== 'amount' || offer.amount !== null)) {
    fig = { ...own, amount: offer.amount, amount_max: offer.amount_max, kind: offer.kind, amountSpan: null };
  }
  if (fig.due === null && (!ownsFigure || sameFigure || sameSum) && offer.due !== null) {
    fig = { ...fig, due: offer.due, due_from: offer.due_from, loose: fig.loose || offer.loose };
  }
  const vague = (fig.kind === 'amount' && fig.amount === null) || fig.due === null || fig.loose;
  return { ...fig, vague };
}

/** The model's promise_to_pay at or above this stands against figures that tell of a payment made. */
const SURE_PROMISE = 0.9;
/**
 * A clause of a debtor turn is a promise on its own only when the model is this sure (clausePromise):
 * read apart, a clause loses the turn's context. Chosen on train, dev and the fresh writers' probe
 * (0.9 and 0.95 found the same promises there; the stricter one kept train's spurious promises at 2).
 */
const SURE_CLAUSE_PROMISE = 0.95;

/** Start of the reference's day in Asia/Shanghai (UTC+8, no daylight saving), as epoch ms. */
function dayStart(at: Date): number {
  const shift = 8 * 3_600_000;
  return Math.floor((at.getTime() + shift) / 86_400_000) * 86_400_000 - shift;
}

/**
 * What a disclosure to a third party must name: the debt, a sum, the product, the overdue, the
 * client or collection itself (ASR spellings included). A turn without any of these — 您贵姓,
 * 他几点回家 — cannot disclose, whatever the model says.
 */
const DEBT_DETAIL =
  /欠|逾期|鱼期|拖|还|環|环款|账|賬|卡|贷|借|钱|錢|债|債|催|金额|[0-9零一二两三四五六七八九十百千万]+\s*(?:元|块|塊|蚊)|[0-9]+\s*[万千wk]|万|分期|息|违约|滞纳|起诉|征信|正信|法院|律师|银行|委托|额度|本金|透支|黑名单|失信|案|行长|网贷|花呗|借呗|白条/;

/** 00:00:00 in Asia/Shanghai. */
function isMidnight(d: Date): boolean {
  const l = toLocal(d, SHANGHAI);
  return l.hour === 0 && l.minute === 0 && l.second === 0;
}

/** FACT and audience gates applied to a violation the model found. */
export function judgeFact(
  rule: string,
  norm: string,
  audience: OutputTurn['audience'],
  opts: CallOptions,
  criminal: CriminalParams,
  demandedPayment = false,
): { violation: boolean; reason: string } {
  const facts = opts.facts;
  switch (rule) {
    case 'third_party.disclosure':
      return audience === 'third_party' && (DEBT_DETAIL.test(norm) || demandedPayment)
        ? { violation: true, reason: '向第三方透露了欠款、金额、产品或逾期情况' }
        : { violation: false, reason: '' };
    case 'third_party.demand_payment':
      return audience === 'third_party' && facts?.guarantor !== true
        ? { violation: true, reason: '要求债务人以外的人还款' }
        : { violation: false, reason: '' };
    case 'language.false_legal_claim': {
      const { lawful, claims } = legalClaimLawful(norm, facts);
      if (lawful) return { violation: false, reason: '' };
      const names = {
        lawsuit: '已起诉',
        judgment: '已判决',
        enforcement: '冻结/强制执行',
        listing: '失信/限高',
      };
      const unproven = claims.filter((c) => !claimEstablished(c, facts)).map((c) => names[c]);
      return {
        violation: true,
        reason: unproven.length
          ? `以确定口吻称${unproven.join('、')}，但账户事实未显示`
          : '以确定口吻陈述法律后果，账户事实未显示',
      };
    }
    case 'language.criminal_claim': {
      if (criminalClaimCertain(norm))
        return { violation: true, reason: '称已构成犯罪、会被抓或家人担责：无论事实如何均不实' };
      const c = criminalConditions(facts, opts.at, criminal);
      return c.met
        ? { violation: false, reason: '' }
        : { violation: true, reason: `提及刑事责任，但恶意透支的条件不全：${c.missing.join('；')}` };
    }
    case 'language.false_deadline': {
      const exp = facts?.offer?.expires_at;
      const dayOf = (d: Date) => {
        const l = toLocal(d, SHANGHAI);
        return [l.year, l.month, l.day] as const;
      };
      const times = exp
        ? findTimes(norm, opts.at).map((t) => ({
            start: t.start,
            end: t.end,
            // 今晚十二点 ends at midnight: the end of that day, not the next
            day: t.to ? dayOf(new Date(t.to.getTime() - (isMidnight(t.to) ? 1000 : 0))) : null,
          }))
        : [];
      const amounts = facts?.offer?.settlement_amount !== undefined ? findAmounts(norm) : [];
      const problem = offerDeadlineProblem(
        norm,
        facts?.offer,
        exp ? dayOf(new Date(exp)) : null,
        times,
        amounts,
      );
      return problem ? { violation: true, reason: problem } : { violation: false, reason: '' };
    }
    default:
      return { violation: true, reason: '' };
  }
}

// ---- ability and willingness ----------------------------------------------------------------

type Weights = Record<string, number>;
const ABILITY: Weights = {
  'reason:income_loss': -0.18,
  'reason:illness': -0.15,
  'reason:business_failure': -0.15,
  'reason:multi_debt': -0.12,
  'intent:request_plan': -0.04,
  'intent:promise_to_pay': 0.12,
  'intent:claims_paid': 0.05,
  'reason:unwilling': 0.1,
  'reason:no_consequence': 0.08,
};
const WILLINGNESS: Weights = {
  'intent:promise_to_pay': 0.22,
  'intent:request_plan': 0.14,
  'intent:claims_paid': 0.04,
  'intent:refuse': -0.2,
  'reason:unwilling': -0.3,
  'reason:no_consequence': -0.22,
  'intent:stalling': -0.1,
  'intent:complaint_threat': -0.12,
  'reason:awaiting_waiver': -0.05,
};

function estimate(turns: readonly TurnState[], weights: Weights): Analysis['ability'] {
  const debtor = turns.filter((t) => t.out.speaker === 'debtor');
  if (debtor.length === 0) return { score: 0.5, level: 'unknown', evidence: [] };
  let score = 0.5;
  const evidence: string[] = [];
  const seen = new Set<string>();
  for (const t of debtor) {
    for (const l of t.out.labels) {
      const key = `${l.kind}:${l.id}`;
      const w = weights[key];
      if (w === undefined || seen.has(key)) continue;
      seen.add(key);
      score += w;
      evidence.push(`第${t.out.index + 1}句 ${key}（${w > 0 ? '+' : ''}${w}）：${l.evidence.text}`);
    }
  }
  score = Math.max(0, Math.min(1, score));
  return {
    score: round(score),
    level: evidence.length === 0 ? 'unknown' : score < 0.38 ? 'low' : score > 0.62 ? 'high' : 'medium',
    evidence,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
