import type { Facts } from '../../analysis/contract';
import type { PersonaId } from '../../domain/ids';
import { DEBT_WORDS } from '../../playbook';
import type { SeededRandom } from '../random';
import { type BotMove, type Opening, PERSONA_LINES, THIRD_PARTY_LINES, type ThirdPartyMove } from './lines';
import {
  type PracticeAmounts,
  type PracticeSituation,
  practiceAmounts,
  sayAmount,
  sayDate,
} from './practice-case';
import type { TraineeAct } from './trainee-act';

/**
 * The practice debtor. It behaves as its persona does in the method and reacts to what the
 * trainee does (the analyser's labels on each trainee turn):
 * - guilty: empathy softens it; pressure brings tears; once it trusts, it promises a small, real sum;
 * - lucky: shrugs off empathy; moves only when correct_premise / cite_precedent lands;
 * - vain: boasts and promises big unless its claims are verified; verified, it admits and promises small;
 * - dominant: demands identity; pressure brings a complaint threat; calm, terms and its own choice move it;
 * - timid: agrees to anything and will not pay unless the decision maker is found;
 * - jaded: refuses every plan and complains when pushed; empathy keeps the door open.
 * A violation by the trainee always brings a complaint. Every choice draws from the session's
 * seeded random source, so the same seed and the same trainee lines replay the same call.
 */

export interface BotTurn {
  speaker: 'debtor' | 'third_party';
  text: string;
  move: BotMove | `third_party:${ThirdPartyMove}`;
}

export interface BotPromise {
  amount: number | null;
  date: string | null;
  /** Whether the debtor will really pay it (the simulator's truth, hidden from the trainee). */
  reliable: boolean;
  /** Why it is or is not reliable, in Chinese, for the feedback. */
  why_zh: string;
}

export interface BotState {
  phase: 'third_party' | 'debtor';
  trust: number;
  heat: number;
  traineeTurns: number;
  identityKnown: boolean;
  calmed: boolean;
  disputeLogged: boolean;
  reasonTold: boolean;
  premiseShaken: boolean;
  verified: boolean;
  dmRevealed: boolean;
  dmFound: boolean;
  whoAsked: number;
  stalls: number;
  complaints: number;
  thirdPartyDisclosed: boolean;
  thirdPartyPassing: boolean;
  thirdPartyTurns: number;
  /** Set when the call turned angry (an angry opening, or a disclosure to the family). */
  angry: boolean;
  promise: BotPromise | null;
  /** The trainee has read the promise back and the debtor agreed to it. */
  confirmed: boolean;
  ended: 'hung_up' | 'closed' | 'limit' | null;
}

/** Who asks "who are you?" when the trainee opened without saying it (share of sessions). */
const ASKS_WHO: Record<PersonaId, number> = {
  guilty: 0.3,
  lucky: 0.5,
  vain: 0.4,
  dominant: 1,
  timid: 0.5,
  jaded: 0.6,
};

export const MAX_TRAINEE_TURNS = 14;

const DECIDERS = [
  { dm: '老公', ta: '他' },
  { dm: '老婆', ta: '她' },
  { dm: '爱人', ta: '他' },
  { dm: '婆婆', ta: '她' },
] as const;

export class PersonaBot {
  readonly state: BotState;
  private readonly used = new Set<string>();
  private readonly amounts: PracticeAmounts;
  /** Who holds the money at home, fixed for the session so the story stays the same. */
  private readonly decider: { dm: string; ta: string };

  constructor(
    readonly persona: PersonaId,
    readonly situation: PracticeSituation,
    private readonly facts: Facts,
    private readonly at: Date,
    private readonly rng: SeededRandom,
  ) {
    this.amounts = practiceAmounts(facts);
    this.decider = rng.fork('decider').pick(DECIDERS);
    this.state = {
      phase: situation === 'third_party' ? 'third_party' : 'debtor',
      trust: situation === 'broken_promise' ? 0.2 : 0.3,
      heat: situation === 'angry' ? 0.7 : 0,
      traineeTurns: 0,
      identityKnown: false,
      calmed: situation !== 'angry',
      disputeLogged: situation !== 'dispute',
      reasonTold: false,
      premiseShaken: false,
      verified: false,
      dmRevealed: false,
      dmFound: false,
      whoAsked: 0,
      stalls: 0,
      complaints: 0,
      thirdPartyDisclosed: false,
      thirdPartyPassing: false,
      thirdPartyTurns: 0,
      angry: situation === 'angry',
      promise: null,
      confirmed: false,
      ended: null,
    };
  }

  /** The first words when the phone is picked up. */
  opening(): BotTurn[] {
    if (this.state.phase === 'third_party') return [this.tp('open')];
    return [this.open(this.situation === 'third_party' ? 'after_third_party' : this.situation)];
  }

  react(act: TraineeAct, traineeText: string): BotTurn[] {
    const s = this.state;
    if (s.ended) return [];
    s.traineeTurns++;
    if (act.selfIntro) s.identityKnown = true;
    const out =
      s.phase === 'third_party' ? this.reactAsThirdParty(act, traineeText) : this.reactAsDebtor(act);
    if (!s.ended && s.traineeTurns >= MAX_TRAINEE_TURNS) {
      out.push(this.say('bye'));
      s.ended = 'limit';
    }
    return out;
  }

  // ---- third party ---------------------------------------------------------------------------

  private reactAsThirdParty(act: TraineeAct, text: string): BotTurn[] {
    const s = this.state;
    s.thirdPartyTurns++;
    const mentionsDebt =
      act.violations.some((v) => v.startsWith('third_party.')) ||
      DEBT_WORDS.some((w) => text.includes(w)) ||
      (this.facts.client !== undefined && text.includes(this.facts.client));
    if (mentionsDebt) {
      // The family now knows; the debtor takes the phone angry (third_party.disclosure).
      s.thirdPartyDisclosed = true;
      s.angry = true;
      s.calmed = false;
      s.heat = Math.max(s.heat, 0.8);
      s.phase = 'debtor';
      return [this.tp('shocked'), this.tp('handover'), this.say('complain')];
    }
    if (act.violations.length > 0 || (act.asksMoney && !act.asksCallback)) {
      // Asked to pay for someone else: the relative refuses, and the debtor, who heard it, takes over.
      s.heat = Math.max(s.heat, 0.5);
      s.phase = 'debtor';
      return [this.tp('refuse'), this.tp('handover'), this.open('after_third_party')];
    }
    if (s.thirdPartyPassing) {
      if (act.closes) {
        s.ended = 'closed';
        return [];
      }
      s.phase = 'debtor';
      return [this.tp('handover'), this.open('after_third_party')];
    }
    if (act.asksCallback) {
      s.thirdPartyPassing = true;
      return [this.tp('pass')];
    }
    if (s.thirdPartyTurns >= 2) {
      // The debtor comes home while the relative is still asking questions.
      s.phase = 'debtor';
      return [this.tp('handover'), this.open('after_third_party')];
    }
    return [this.tp('who')];
  }

  // ---- debtor --------------------------------------------------------------------------------

  private reactAsDebtor(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.violations.length > 0) {
      s.heat += 0.5;
      s.complaints++;
      const out = [this.say('complain')];
      if (s.complaints >= 2 || s.heat >= 1.2) {
        out.push(this.say('bye'));
        s.ended = 'hung_up';
      }
      return out;
    }
    if (act.closes && (s.promise || s.traineeTurns >= 3)) {
      s.ended = 'closed';
      return [this.say(s.promise && !s.confirmed && !act.confirms ? 'confirm' : 'bye')];
    }
    if (s.angry && !s.calmed) return this.whileAngry(act);
    if (!s.disputeLogged) return this.whileDisputing(act);
    if (!s.identityKnown && this.persona === 'dominant') {
      s.whoAsked++;
      if (s.whoAsked >= 3) return this.complain();
      return [this.say('who')];
    }
    if (
      !s.identityKnown &&
      s.traineeTurns === 1 &&
      this.situation === 'first_call' &&
      this.rng.next() < ASKS_WHO[this.persona]
    ) {
      s.whoAsked++;
      return [this.say('who')];
    }
    if (s.promise && act.confirms) {
      s.confirmed = true;
      return [this.say('confirm')];
    }
    switch (this.persona) {
      case 'guilty':
        return this.guilty(act);
      case 'lucky':
        return this.lucky(act);
      case 'vain':
        return this.vain(act);
      case 'dominant':
        return this.dominant(act);
      case 'timid':
        return this.timid(act);
      case 'jaded':
        return this.jaded(act);
    }
  }

  private whileAngry(act: TraineeAct): BotTurn[] {
    const s = this.state;
    const soothing =
      act.strategies.has('cool_down') ||
      (act.strategies.has('empathy') && this.persona !== 'lucky' && this.persona !== 'dominant');
    if (soothing) {
      s.calmed = true;
      s.heat = Math.max(0, s.heat - 0.5);
      return [this.say('calm')];
    }
    if (act.pressure) {
      s.heat += 0.3;
      return this.complain();
    }
    if (act.offer) {
      // Asked for money while still angry: they snap back, and complain once it boils over; the
      // guilty and the timid break down instead of fighting.
      s.heat += 0.2;
      if (s.heat < 1) return [this.say(this.rng.pick(['resist', 'signature'] as const))];
      if (this.persona === 'guilty' || this.persona === 'timid') {
        const out = [this.say('distress')];
        if (s.heat >= 1.4) {
          out.push(this.say('bye'));
          s.ended = 'hung_up';
        }
        return out;
      }
      return this.complain();
    }
    s.heat += 0.1;
    // Still angry, they keep talking about their own situation: the persona shows through.
    return [this.say(this.rng.pick(['resist', 'signature', 'reason'] as const))];
  }

  private whileDisputing(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.logsDispute || act.strategies.has('bear_burden')) {
      s.disputeLogged = true;
      return [this.say('dispute_ack')];
    }
    if (act.pressure || act.asksMoney) {
      s.heat += 0.3;
      return s.heat >= 0.6 ? this.complain() : [this.say('dispute')];
    }
    return [this.say('dispute')];
  }

  private complain(): BotTurn[] {
    const s = this.state;
    s.complaints++;
    const out = [this.say('complain')];
    if (s.heat >= 1.2 || s.complaints >= 3) {
      out.push(this.say('bye'));
      s.ended = 'hung_up';
    }
    return out;
  }

  private tell(): BotTurn[] {
    this.state.reasonTold = true;
    return [this.say('reason')];
  }

  private guilty(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.pressure) {
      s.trust = Math.max(0, s.trust - 0.2);
      return [this.say('distress')];
    }
    if (act.offer && !s.promise) {
      if (s.trust >= 0.45 || act.strategies.has('foot_in_door'))
        return [this.promise('promise_firm', true, '愧疚型愿意还，数额也在他能力之内')];
      s.trust += 0.15;
      return [this.say(s.reasonTold ? 'resist' : 'reason')];
    }
    if (act.rapport) {
      s.trust += 0.3;
      if (!s.reasonTold) return this.tell();
      return [this.say(this.rng.next() < 0.5 ? 'soften' : 'signature')];
    }
    if (!s.reasonTold) return this.tell();
    return [this.say(this.rng.pick(['signature', 'soften', 'filler'] as const))];
  }

  private lucky(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.facts || (act.strategies.has('press_weakness') && s.premiseShaken)) {
      s.premiseShaken = true;
      return [this.say('moved')];
    }
    if (act.offer && !s.promise?.reliable) {
      if (s.premiseShaken)
        return [this.promise('promise_firm', true, '错误前提被纠正后，侥幸型会为自己的信用考虑')];
      s.stalls++;
      if (s.stalls >= 2)
        return [this.promise('promise_loose', false, '他仍以为“别人都没事”，这个承诺没有分量')];
      return [this.say(this.rng.next() < 0.5 ? 'stall' : 'resist')];
    }
    if (act.rapport && !s.premiseShaken) return [this.say('soften')];
    if (!s.reasonTold) return this.tell();
    return [this.say(this.rng.pick(['signature', 'resist', 'stall'] as const))];
  }

  private vain(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.verifies || act.strategies.has('confrontation')) {
      if (!s.verified) {
        s.verified = true;
        if (s.promise && !s.promise.reliable) s.promise = null;
        return [this.say('admit')];
      }
    }
    if (act.offer && !s.promise?.reliable) {
      if (s.verified) return [this.promise('promise_firm', true, '说法核实过，数额落在他真实拿得出的范围内')];
      if (!s.promise)
        return [this.promise('promise_loose', false, '虚荣型的大话没有被核实：钱从哪来、哪天到都没问')];
      return [this.say('signature')];
    }
    if (act.strategies.has('praise') || act.strategies.has('sandwich')) {
      s.trust += 0.2;
      return [this.say('soften')];
    }
    if (act.strategies.has('press_weakness')) return [this.say('moved')];
    if (act.strategies.has('cite_precedent')) return [this.say('resist')];
    if (!s.reasonTold && this.rng.next() < 0.5) return this.tell();
    return [this.say(this.rng.next() < 0.6 ? 'signature' : 'filler')];
  }

  private dominant(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.pressure) {
      s.heat += 0.4;
      return this.complain();
    }
    if (act.strategies.has('praise') || act.strategies.has('same_side') || act.strategies.has('sandwich')) {
      s.heat += 0.1;
      return [this.say('resist')];
    }
    const firm = [
      'cool_down',
      'correct_premise',
      'bear_burden',
      'reciprocity',
      'go_with_flow',
      'self_intro',
    ] as const;
    if (firm.some((x) => act.strategies.has(x))) {
      s.trust += 0.25;
      if (act.offer && s.trust >= 0.5 && !s.promise)
        return [this.promise('promise_firm', true, '方案是他自己选的，又拿到了书面确认的承诺，强势型会守住')];
      return [this.say(act.strategies.has('correct_premise') ? 'moved' : 'soften')];
    }
    if (act.offer) return [this.say(this.rng.next() < 0.5 ? 'resist' : 'signature')];
    if (!s.reasonTold && this.rng.next() < 0.4) return this.tell();
    return [this.say(this.rng.pick(['signature', 'filler'] as const))];
  }

  private timid(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.seeksDecisionMaker || act.strategies.has('draw_out')) {
      if (!s.dmRevealed) {
        s.dmRevealed = true;
        return [this.say('signature')];
      }
      s.dmFound = true;
      if (!s.promise?.reliable)
        return [this.promise('promise_firm', true, '找到了真正管钱做主的人，由家里自愿一起安排')];
    }
    if (
      act.strategies.has('confrontation') &&
      (s.promise || this.situation === 'broken_promise') &&
      !s.verified
    ) {
      s.verified = true;
      if (s.promise && !s.promise.reliable) s.promise = null;
      return [this.say('admit')];
    }
    if (act.pressure) {
      // Frightened into agreeing: the method's warning about scaring a timid debtor.
      const out = [this.say('distress')];
      if (!s.promise)
        out.push(this.promise('promise_loose', false, '吓出来的“好好好”：钱不在他手里，没有找到做主的人'));
      return out;
    }
    if (act.offer && !s.promise?.reliable) {
      if (s.dmFound)
        return [this.promise('promise_firm', true, '找到了真正管钱做主的人，由家里自愿一起安排')];
      return [this.promise('promise_loose', false, '胆小怕事型什么都答应，但钱不由他做主，没有找到决策人')];
    }
    if (act.rapport) {
      s.trust += 0.2;
      if (!s.reasonTold) {
        s.dmRevealed = true;
        return this.tell();
      }
      return [this.say('soften')];
    }
    if (!s.reasonTold && this.rng.next() < 0.5) {
      s.dmRevealed = true;
      return this.tell();
    }
    return [this.say(this.rng.pick(['filler', 'stall'] as const))];
  }

  private jaded(act: TraineeAct): BotTurn[] {
    const s = this.state;
    if (act.pressure || act.strategies.has('correct_premise')) {
      s.heat += 0.35;
      return s.heat >= 0.6 ? this.complain() : [this.say('signature')];
    }
    if (act.rapport) {
      s.trust += 0.25;
      s.heat = Math.max(0, s.heat - 0.1);
      if (!s.reasonTold) return this.tell();
      return [this.say('soften')];
    }
    if (act.offer && !s.promise) {
      if (s.trust >= 0.5 && (act.strategies.has('foot_in_door') || act.strategies.has('go_with_flow')))
        return [this.promise('promise_firm', true, '只谈一个很小的数，又没有施压，债多不愁型也能做到')];
      s.heat += 0.15;
      return s.heat >= 0.6 ? this.complain() : [this.say('signature')];
    }
    if (!s.reasonTold) return this.tell();
    return [this.say(this.rng.pick(['signature', 'resist', 'filler'] as const))];
  }

  // ---- lines ---------------------------------------------------------------------------------

  private promise(move: 'promise_firm' | 'promise_loose', reliable: boolean, why_zh: string): BotTurn {
    const amount = move === 'promise_loose' ? this.amounts.full : this.amounts.small;
    const date = sayDate(this.at, this.rng);
    const turn = this.say(move, { date, amount });
    const saidAmount = /\{(?:small|mid|full)\}/.test(this.lastTemplate) ? amount : null;
    const saidDate = this.lastTemplate.includes('{date}') ? date : null;
    this.state.promise = { amount: saidAmount, date: saidDate, reliable, why_zh };
    return turn;
  }

  private lastTemplate = '';

  private open(kind: Opening): BotTurn {
    const pool = PERSONA_LINES[this.persona].open[kind];
    return { speaker: 'debtor', text: this.fill(this.choose(`open:${kind}`, pool)), move: 'open' };
  }

  private say(move: Exclude<BotMove, 'open'>, fixed?: { date: string; amount: number }): BotTurn {
    let pool = PERSONA_LINES[this.persona][move];
    const p = this.state.promise;
    // Confirming a promise that named no day or sum must not invent one.
    if (move === 'confirm' && (!p || p.date === null || p.amount === null)) {
      const plain = pool.filter((l) => !/\{(?:date|small|mid|full)\}/.test(l));
      if (plain.length) pool = plain;
    }
    return { speaker: 'debtor', text: this.fill(this.choose(move, pool), fixed), move };
  }

  private tp(move: ThirdPartyMove): BotTurn {
    return {
      speaker: 'third_party',
      text: this.fill(this.choose(`tp:${move}`, THIRD_PARTY_LINES[move])),
      move: `third_party:${move}`,
    };
  }

  /** A line not yet said in this session when there is one. */
  private choose(key: string, pool: readonly string[]): string {
    const fresh = pool.filter((l) => !this.used.has(`${key}#${l}`));
    const from = fresh.length ? fresh : pool;
    const line = this.rng.pick(from);
    this.used.add(`${key}#${line}`);
    this.lastTemplate = line;
    return line;
  }

  private fill(line: string, fixed?: { date: string; amount: number }): string {
    const p = this.state.promise;
    const date = fixed?.date ?? p?.date ?? sayDate(this.at, this.rng);
    const small = fixed?.amount ?? p?.amount ?? this.amounts.small;
    return line
      .replaceAll('{date}', date)
      .replaceAll('{small}', sayAmount(small, this.rng))
      .replaceAll('{mid}', sayAmount(fixed?.amount ?? p?.amount ?? this.amounts.mid, this.rng))
      .replaceAll('{full}', sayAmount(this.amounts.full, this.rng))
      .replaceAll('{bank}', this.facts.client ?? '银行')
      .replaceAll('{dm}', this.decider.dm)
      .replaceAll('{ta}', this.decider.ta);
  }
}
