import { describe, expect, it } from 'vitest';
import type { Facts } from '../../analysis/contract';
import { PERSONAS, type PersonaId, type StrategyId } from '../../domain/ids';
import { SeededRandom } from '../random';
import { BOT_MOVES, OPENINGS, PERSONA_LINES, THIRD_PARTY_LINES, THIRD_PARTY_MOVES } from './lines';
import { PersonaBot } from './persona-bot';
import { type PracticeSituation, practiceFacts, spokenChinese } from './practice-case';
import type { TraineeAct } from './trainee-act';

const FACTS: Facts = practiceFacts(new SeededRandom('facts'));
const AT = new Date('2026-11-30T10:00:00+08:00');

function act(over: Partial<Omit<TraineeAct, 'strategies'>> & { s?: StrategyId[] } = {}): TraineeAct {
  const strategies = new Set(over.s ?? []);
  const has = (...ids: StrategyId[]) => ids.some((i) => strategies.has(i));
  return {
    violations: [],
    selfIntro: strategies.has('self_intro'),
    asksMoney: false,
    verifies: false,
    seeksDecisionMaker: false,
    logsDispute: false,
    asksCallback: has('draw_out'),
    confirms: false,
    closes: false,
    pressure: has('confrontation', 'cite_precedent', 'press_weakness'),
    rapport: has('empathy', 'same_side', 'praise', 'cool_down'),
    offer: has('reciprocity', 'foot_in_door', 'go_with_flow', 'bear_burden') || over.asksMoney === true,
    facts: has('correct_premise', 'cite_precedent'),
    ...over,
    strategies,
  };
}
const INTRO = act({ s: ['self_intro'] });
const ASK = act({ asksMoney: true });

function bot(persona: PersonaId, situation: PracticeSituation = 'first_call', seed = 's') {
  const b = new PersonaBot(persona, situation, FACTS, AT, new SeededRandom(seed));
  b.opening();
  return b;
}
/** Moves the bot makes to a sequence of trainee acts. */
function run(b: PersonaBot, acts: TraineeAct[]): string[][] {
  return acts.map((a) => b.react(a, '').map((t) => t.move));
}

describe('the practice bot’s lines', () => {
  it.each(PERSONAS)('%s has varied lines for every move and opening', (p) => {
    const lines = PERSONA_LINES[p];
    for (const m of BOT_MOVES) expect(lines[m].length, `${p}.${m}`).toBeGreaterThanOrEqual(2);
    for (const o of OPENINGS) expect(lines.open[o].length, `${p}.open.${o}`).toBeGreaterThanOrEqual(2);
    for (const m of ['reason', 'signature', 'soften', 'resist', 'promise_firm', 'complain'] as const)
      expect(lines[m].length, `${p}.${m}`).toBeGreaterThanOrEqual(3);
    const all = [...BOT_MOVES.flatMap((m) => lines[m]), ...OPENINGS.flatMap((o) => lines.open[o])];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(80);
    for (const l of all) expect(l.replace(/\{(?:small|mid|full|date|bank|dm|ta)\}/g, '')).not.toMatch(/[{}]/);
  });

  it('has lines for a relative who answers', () => {
    for (const m of THIRD_PARTY_MOVES) expect(THIRD_PARTY_LINES[m].length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [500, '五百'],
    [1500, '一千五'],
    [2000, '两千'],
    [12000, '一万二'],
    [18600, '一万八千六百'],
    [20000, '两万'],
  ])('says %d as %s', (n, want) => {
    expect(spokenChinese(n)).toBe(want);
  });
});

describe('the bot reacts as its persona would', () => {
  it('guilty: empathy opens it up, pressure brings tears, trust brings a small real promise', () => {
    const b = bot('guilty');
    const moves = run(b, [
      INTRO,
      act({ s: ['empathy'] }),
      act({ s: ['cite_precedent'] }),
      act({ s: ['same_side'] }),
      ASK,
    ]);
    expect(moves[0]).toEqual(['reason']);
    expect(['soften', 'signature']).toContain(moves[1]?.[0]);
    expect(moves[2]).toEqual(['distress']);
    expect(moves[4]).toEqual(['promise_firm']);
    expect(b.state.promise?.reliable).toBe(true);
  });

  it('lucky: shrugs off empathy, moves when the premise is corrected, then promises for real', () => {
    const b = bot('lucky');
    const moves = run(b, [INTRO, act({ s: ['empathy'] }), ASK, act({ s: ['correct_premise'] }), ASK]);
    expect(moves[1]).toEqual(['soften']);
    expect(['stall', 'resist']).toContain(moves[2]?.[0]);
    expect(moves[3]).toEqual(['moved']);
    expect(moves[4]).toEqual(['promise_firm']);
    expect(b.state.promise?.reliable).toBe(true);
  });

  it('vain: promises big until verified, then admits and promises small', () => {
    const b = bot('vain');
    const moves = run(b, [INTRO, ASK, act({ verifies: true }), ASK]);
    expect(moves[1]).toEqual(['promise_loose']);
    expect(moves[2]).toEqual(['admit']);
    expect(moves[3]).toEqual(['promise_firm']);
    expect(b.state.promise?.reliable).toBe(true);
    expect(b.state.verified).toBe(true);
  });

  it('vain: an unverified promise will not be paid', () => {
    const b = bot('vain');
    run(b, [INTRO, act({ s: ['praise'] }), ASK]);
    expect(b.state.promise?.reliable).toBe(false);
  });

  it('dominant: asks who is calling, meets pressure with a complaint, moves on calm terms', () => {
    const b = bot('dominant');
    expect(run(b, [ASK])[0]).toEqual(['who']);
    expect(run(b, [act({ s: ['self_intro', 'cite_precedent'] })])[0]).toEqual(['complain']);
    const calm = run(b, [act({ s: ['cool_down'] }), act({ s: ['reciprocity'], asksMoney: true })]);
    expect(calm[0]).toEqual(['soften']);
    expect(calm[1]).toEqual(['promise_firm']);
  });

  it('timid: agrees to anything and will not pay unless the decision maker is found', () => {
    const b = bot('timid');
    const moves = run(b, [INTRO, ASK]);
    expect(moves[1]).toEqual(['promise_loose']);
    expect(b.state.promise?.reliable).toBe(false);
    const found = run(b, [act({ seeksDecisionMaker: true }), act({ seeksDecisionMaker: true })]);
    expect(found[0]).toEqual(['signature']);
    expect(found[1]).toEqual(['promise_firm']);
    expect(b.state.dmFound).toBe(true);
    expect(b.state.promise?.reliable).toBe(true);
  });

  it('timid: pressure frightens it into a promise it cannot keep', () => {
    const b = bot('timid');
    const moves = run(b, [INTRO, act({ s: ['cite_precedent'] })]);
    expect(moves[1]).toEqual(['distress', 'promise_loose']);
    expect(b.state.promise?.reliable).toBe(false);
  });

  it('jaded: refuses plans, complains when pushed', () => {
    const b = bot('jaded');
    const moves = run(b, [INTRO, act({ s: ['press_weakness'] }), act({ s: ['confrontation'] })]);
    expect(moves[1]).toEqual(['signature']);
    expect(moves[2]?.[0]).toBe('complain');
  });

  it('jaded: empathy keeps the door open to a small step', () => {
    const b = bot('jaded');
    run(b, [INTRO, act({ s: ['empathy'] }), act({ s: ['cool_down'] })]);
    expect(run(b, [act({ s: ['foot_in_door'] })])[0]).toEqual(['promise_firm']);
  });

  it.each(PERSONAS)('%s complains when the trainee breaks a rule, and hangs up the second time', (p) => {
    const b = bot(p);
    const v = act({ s: ['self_intro'], violations: ['language.threat'] });
    expect(run(b, [v])[0]?.[0]).toBe('complain');
    expect(run(b, [v])[0]).toEqual(['complain', 'bye']);
    expect(b.state.ended).toBe('hung_up');
  });
});

describe('situations', () => {
  it('an angry debtor calms down only when cooled down', () => {
    const b = bot('vain', 'angry');
    expect(run(b, [INTRO])[0]?.[0]).not.toBe('calm');
    expect(run(b, [act({ s: ['cool_down'] })])[0]).toEqual(['calm']);
    expect(b.state.calmed).toBe(true);
  });

  it('a disputing debtor goes on disputing until the dispute is logged', () => {
    const b = bot('guilty', 'dispute');
    expect(run(b, [INTRO])[0]).toEqual(['dispute']);
    expect(run(b, [act({ logsDispute: true })])[0]).toEqual(['dispute_ack']);
    expect(b.state.disputeLogged).toBe(true);
  });

  it('a relative answers; a lawful call-back request brings the debtor to the phone', () => {
    const b = new PersonaBot('lucky', 'third_party', FACTS, AT, new SeededRandom('tp'));
    expect(b.opening().map((t) => t.speaker)).toEqual(['third_party']);
    const pass = b.react(act({ s: ['self_intro', 'draw_out'] }), '请他回个电话');
    expect(pass.map((t) => t.move)).toEqual(['third_party:pass']);
    const next = b.react(act({}), '好的，谢谢');
    expect(next.map((t) => t.move)).toEqual(['third_party:handover', 'open']);
    expect(next[1]?.speaker).toBe('debtor');
    expect(b.state.thirdPartyDisclosed).toBe(false);
  });

  it('telling the relative about the debt shocks them and the debtor takes the phone angry', () => {
    const b = new PersonaBot('timid', 'third_party', FACTS, AT, new SeededRandom('tp'));
    b.opening();
    const out = b.react(act({}), '他信用卡逾期了，欠了好几万');
    expect(out.map((t) => t.move)).toEqual(['third_party:shocked', 'third_party:handover', 'complain']);
    expect(b.state.thirdPartyDisclosed).toBe(true);
  });
});

describe('replay', () => {
  const script = [INTRO, act({ s: ['empathy'] }), ASK, act({ confirms: true }), act({ closes: true })];
  const transcript = (seed: string) => {
    const b = new PersonaBot('guilty', 'broken_promise', FACTS, AT, new SeededRandom(seed));
    return [...b.opening(), ...script.flatMap((a) => b.react(a, ''))].map((t) => t.text);
  };

  it('says the same lines for the same seed and other lines for another', () => {
    expect(transcript('7')).toEqual(transcript('7'));
    expect(transcript('7')).not.toEqual(transcript('8'));
  });

  it('does not repeat a line within a session while fresh ones remain', () => {
    const b = bot('jaded', 'first_call', 'long');
    const said = Array.from({ length: 10 }, () => b.react(act({}), '').map((t) => t.text)).flat();
    const repeated = said.filter((l, i) => said.indexOf(l) !== i);
    expect(repeated.length).toBeLessThanOrEqual(2);
  });

  it('confirms a promise with the same day and sum it named', () => {
    const b = bot('guilty', 'first_call', 'confirm');
    run(b, [INTRO, act({ s: ['same_side'] }), act({ s: ['empathy'] })]);
    const promise = b.react(ASK, '')[0]!;
    const p = b.state.promise!;
    expect(p.date).not.toBeNull();
    expect(promise.text).toContain(p.date!);
  });
});
