import { STRATEGIES, type StrategyId } from '../../domain/ids';
import { fillScript, type Playbook } from '../../playbook';
import { heardFromAnalysis, personaFromAnalysis, type ScriptContext } from '../input';
import type { SeededRandom } from '../random';
import { caseFacts } from '../scripts';
import { suggestNext } from '../suggest-next';
import type { PracticeSession } from './practice-session';

/**
 * Scripted trainees of varied skill, to run the simulator without a person: in tests, in the
 * persona-recognition evaluation and as demonstrations for trainers.
 * - expert: follows the advisor's top suggestion and its lawful script, confirms a promise, closes;
 * - average: follows the advisor half the time, otherwise any lawful script or a plain request;
 * - novice: mostly plain requests for money, sometimes a strategy that does not fit, may skip the intro;
 * - reckless: a novice who sometimes says what the playbook lists as unlawful.
 */
export const TRAINEE_SKILLS = ['expert', 'average', 'novice', 'reckless'] as const;
export type TraineeSkill = (typeof TRAINEE_SKILLS)[number];

export const TRAINEE_PROFILE: ScriptContext = {
  agent_name: '林晓',
  staff_id: '0716',
  company: '安信资产管理公司',
  callback_phone: '400-700-0716',
  complaint_channel: '安信资产投诉热线400-700-9000或委托方官方客服热线',
  service_phone: '95555',
  payment_channel: '委托方官方App或官方还款账户',
};

const PLAIN_OPENINGS = ['喂，您好，请问是{称呼}吗？', '喂，是{称呼}本人吗？', '您好，请问是{称呼}吧？'];
const PLAIN_ASKS = [
  '那您看什么时候能还上？',
  '这个钱您得处理一下，您打算哪天还？',
  '您现在能先还多少？',
  '这笔欠款拖着也不是办法，您看怎么安排？',
  '您这周能不能先处理一部分？',
  '那您给个准话，哪天、还多少？',
];
const CONFIRM = '好的，那我确认一下，就按您刚才说的日子和金额，我这边记下了，到时候提前提醒您。';
const CLOSE = '好的，那先这样，不打扰您了，再见。';

export class ScriptedTrainee {
  private readonly usedScripts = new Set<string>();
  private confirmed = false;
  private turns = 0;

  constructor(
    readonly skill: TraineeSkill,
    private readonly playbook: Playbook,
    private readonly rng: SeededRandom,
    private readonly profile: ScriptContext = TRAINEE_PROFILE,
  ) {}

  /** The trainee's next line, or null to hang up. */
  next(session: PracticeSession): string | null {
    this.turns++;
    const state = session.state;
    if (state.ended) return null;
    if (state.promise && state.promise.amount !== null && !this.confirmed) {
      this.confirmed = true;
      return CONFIRM;
    }
    if (this.confirmed) return CLOSE;
    if (this.turns > 12) return CLOSE;
    const values = caseFacts(session.facts, this.profile, null, new Date(session.at)).values;
    const fill = (text: string) => {
      const f = fillScript(text, values);
      return f.ok ? f.text : null;
    };
    const r = this.rng.next();
    if (this.skill === 'reckless' && this.turns > 1 && r < 0.3) {
      const variants = Object.values(this.playbook.strategies).flatMap((s) => s.unlawful_variants);
      return this.rng.pick(variants).example;
    }
    if ((this.skill === 'novice' || this.skill === 'reckless') && this.turns === 1 && r < 0.5)
      return fill(this.rng.pick(PLAIN_OPENINGS)) ?? CLOSE;
    const follow = this.skill === 'expert' || (this.skill === 'average' && r < 0.5) || this.turns === 1;
    if (follow) {
      const line = this.advised(session);
      if (line) return line;
    }
    if (this.skill !== 'expert' && this.rng.next() < 0.5) {
      const s = this.rng.pick(STRATEGIES.filter((x) => x !== 'self_intro'));
      const line = this.scriptOf(s, session.state.phase === 'third_party', fill);
      if (line) return line;
    }
    return this.rng.pick(PLAIN_ASKS);
  }

  private advised(session: PracticeSession): string | null {
    const a = session.current();
    const advice = suggestNext(
      {
        turns: heardFromAnalysis(a),
        persona: personaFromAnalysis(a),
        history: session.situation === 'broken_promise' ? brokenBefore(session.at) : [],
        facts: session.facts,
        context: this.profile,
        at: session.at,
      },
      { playbook: this.playbook, limit: 5 },
    );
    for (const s of advice.strategies)
      for (const sc of s.scripts)
        if (!this.usedScripts.has(sc.id)) {
          this.usedScripts.add(sc.id);
          return sc.text;
        }
    return null;
  }

  private scriptOf(s: StrategyId, thirdParty: boolean, fill: (t: string) => string | null): string | null {
    const scripts = this.playbook.strategies[s].scripts.filter(
      (x) => (x.stage === 'third_party') === thirdParty && !x.requires?.length && !this.usedScripts.has(x.id),
    );
    if (!scripts.length) return null;
    const sc = this.rng.pick(scripts);
    this.usedScripts.add(sc.id);
    return fill(sc.text);
  }
}

function brokenBefore(at: string) {
  return [
    {
      at: new Date(new Date(at).getTime() - 7 * 86_400_000).toISOString(),
      connected: true,
      strategies: [],
      outcome: { promise_made: true, promise_kept: false, paid: false, complaint: false },
    },
  ];
}
