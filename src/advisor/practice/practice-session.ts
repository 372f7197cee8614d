import type { Analysis, Facts, OutputTurn } from '../../analysis/contract';
import type { PersonaId, Speaker } from '../../domain/ids';
import type { Playbook } from '../../playbook';
import type { CallLabeller, LabellingSession } from '../labeller';
import { SeededRandom } from '../random';
import { type BotPromise, type BotState, type BotTurn, PersonaBot } from './persona-bot';
import { type PracticeSituation, practiceFacts } from './practice-case';
import { type PracticeScore, scorePractice } from './score-practice';
import { readTraineeTurn } from './trainee-act';

/**
 * One practice call: a trainee talks to a persona bot. Every trainee turn is labelled by the
 * analyser as it arrives (as in live assist); the bot reacts to those labels; at the end the
 * analyser's reading of the whole call is scored. The call happens at a fixed clock unless told
 * otherwise, and all chance comes from the seed: same seed + same trainee lines = same transcript.
 */

/** The default clock of a practice call, so replays resolve "明天" to the same day. */
export const PRACTICE_AT = '2026-11-30T10:00:00+08:00';

export interface PracticeOptions {
  persona: PersonaId;
  situation: PracticeSituation;
  seed: string | number;
  labeller: CallLabeller;
  playbook: Playbook;
  facts?: Facts;
  at?: string;
}

export interface PracticeTurn {
  speaker: Speaker;
  text: string;
}

export interface PracticeResult {
  persona: PersonaId;
  situation: PracticeSituation;
  seed: string;
  facts: Facts;
  at: string;
  transcript: PracticeTurn[];
  analysis: Analysis;
  score: PracticeScore;
  /** What the simulated debtor will really do: the promise and whether it gets paid. */
  outcome: { promise: BotPromise | null; paid: boolean; ended: BotState['ended'] };
}

export class PracticeSession {
  readonly facts: Facts;
  readonly at: string;
  readonly transcript: PracticeTurn[] = [];
  /** Every turn as the analyser labelled it when it arrived. */
  readonly labelled: OutputTurn[] = [];
  private readonly bot: PersonaBot;
  private readonly labelling: LabellingSession;
  private started = false;

  constructor(private readonly opts: PracticeOptions) {
    const root = new SeededRandom(`${opts.seed}|${opts.persona}|${opts.situation}`);
    this.facts = opts.facts ?? practiceFacts(root.fork('case'));
    this.at = opts.at ?? PRACTICE_AT;
    this.bot = new PersonaBot(opts.persona, opts.situation, this.facts, new Date(this.at), root.fork('bot'));
    this.labelling = opts.labeller.session({ at: new Date(this.at), facts: this.facts });
  }

  get ended(): boolean {
    return this.bot.state.ended !== null;
  }

  get state(): Readonly<BotState> {
    return this.bot.state;
  }

  get persona(): PersonaId {
    return this.opts.persona;
  }

  get situation(): PracticeSituation {
    return this.opts.situation;
  }

  /** The call so far as the analyser reads it (for a live hint or a scripted trainee). */
  current(): Analysis {
    return this.labelling.result();
  }

  /** The phone is picked up: the first words of the debtor or of whoever answers. */
  start(): BotTurn[] {
    if (this.started) return [];
    this.started = true;
    return this.record(this.bot.opening());
  }

  /** The trainee says one line; returns its labels and the replies. */
  say(text: string): { trainee: OutputTurn; replies: BotTurn[] } {
    if (!this.started) this.start();
    const line = text.trim();
    const audience = this.bot.state.phase === 'third_party' ? 'third_party' : 'debtor';
    const trainee = this.labelling.addTurn({ speaker: 'agent', text: line }, audience);
    this.labelled.push(trainee);
    this.transcript.push({ speaker: 'agent', text: line });
    if (this.ended) return { trainee, replies: [] };
    const replies = this.record(this.bot.react(readTraineeTurn(trainee), line));
    return { trainee, replies };
  }

  finish(): PracticeResult {
    const analysis = this.labelling.result();
    const score = scorePractice({
      analysis,
      persona: this.opts.persona,
      situation: this.opts.situation,
      bot: this.bot.state,
      playbook: this.opts.playbook,
      facts: this.facts,
      at: this.at,
    });
    const promise = this.bot.state.promise;
    return {
      persona: this.opts.persona,
      situation: this.opts.situation,
      seed: String(this.opts.seed),
      facts: this.facts,
      at: this.at,
      transcript: [...this.transcript],
      analysis,
      score,
      outcome: {
        promise,
        paid: promise?.reliable === true && this.bot.state.complaints === 0,
        ended: this.bot.state.ended,
      },
    };
  }

  private record(turns: BotTurn[]): BotTurn[] {
    for (const t of turns) {
      this.labelled.push(this.labelling.addTurn({ speaker: t.speaker, text: t.text }));
      this.transcript.push({ speaker: t.speaker, text: t.text });
    }
    return turns;
  }
}
