import { describe, expect, it } from 'vitest';
import { PRACTICE_SITUATIONS, type PracticeSituation } from '../../src/advisor/practice/practice-case';
import { PracticeSession } from '../../src/advisor/practice/practice-session';
import {
  ScriptedTrainee,
  TRAINEE_SKILLS,
  type TraineeSkill,
} from '../../src/advisor/practice/scripted-trainee';
import { SeededRandom } from '../../src/advisor/random';
import { PERSONAS, type PersonaId } from '../../src/domain/ids';
import { createAnalyzer } from '../../src/io/analyzer-files';
import { loadPlaybookDir } from '../../src/io/playbook-files';

/** The simulator end to end with the trained analyser labelling the trainee's turns. */
describe('practice sessions', () => {
  const playbook = loadPlaybookDir();
  const labeller = createAnalyzer({ playbook });

  const lines = [
    '您好，我是安信资产管理公司的林晓，工号0716，受委托方委托联系您。',
    '您现在能先还多少？',
    '那您给个准话，哪天、还多少？',
    '好的，那先这样，不打扰您了，再见。',
  ];
  const replay = (seed: string, persona: PersonaId = 'vain') => {
    const s = new PracticeSession({ persona, situation: 'broken_promise', seed, labeller, playbook });
    s.start();
    for (const l of lines) if (!s.ended) s.say(l);
    return s.finish();
  };

  it('replays the same transcript and score for the same seed and lines', () => {
    const a = replay('7');
    const b = replay('7');
    expect(b.transcript).toEqual(a.transcript);
    expect(b.score).toEqual(a.score);
    expect(b.facts).toEqual(a.facts);
    expect(replay('8').transcript).not.toEqual(a.transcript);
  });

  function simulate(
    persona: PersonaId,
    skill: TraineeSkill,
    seed: number,
    situation: PracticeSituation = 'first_call',
  ) {
    const s = new PracticeSession({ persona, situation, seed, labeller, playbook });
    const trainee = new ScriptedTrainee(skill, playbook, new SeededRandom(`trainee-${seed}`));
    s.start();
    for (let i = 0; i < 16 && !s.ended; i++) {
      const line = trainee.next(s);
      if (!line) break;
      s.say(line);
    }
    return s.finish();
  }

  it('scores a trainee who follows the advisor above one who breaks the rules', () => {
    const mean = (skill: TraineeSkill) => {
      const runs = PERSONAS.flatMap((p) => [1, 2, 3].map((seed) => simulate(p, skill, seed).score.total));
      return runs.reduce((a, b) => a + b, 0) / runs.length;
    };
    const expert = mean('expert');
    const reckless = mean('reckless');
    console.log(`[practice] mean score: expert ${expert.toFixed(1)}, reckless ${reckless.toFixed(1)}`);
    expect(expert).toBeGreaterThan(reckless + 15);
  });

  it('reports violations with the rule’s name and a complaint from the bot', () => {
    const s = new PracticeSession({
      persona: 'dominant',
      situation: 'first_call',
      seed: 3,
      labeller,
      playbook,
    });
    s.start();
    s.say('您好，我是安信资产管理公司的林晓，工号0716，受委托方委托联系您。');
    const { replies, trainee } = s.say('你今天下午五点前不还，材料就直接移交法院，到时候就晚了');
    expect(trainee.violations.map((v) => v.rule)).toContain('language.false_deadline');
    expect(replies[0]?.move).toBe('complain');
    const r = s.finish();
    expect(r.score.parts.compliance).toBeLessThan(30);
    expect(r.score.feedback_zh.join('\n')).toMatch(/虚构期限|期限/);
  });

  it('gives concrete feedback in Chinese and the advisor’s next moves', () => {
    const r = simulate('timid', 'novice', 4);
    expect(r.score.feedback_zh.length).toBeGreaterThan(2);
    expect(r.score.feedback_zh.join('')).toMatch(/[\u4e00-\u9fa5]/);
    expect(r.score.next_time.length).toBeGreaterThan(0);
    expect(r.score.total).toBe(
      r.score.parts.strategy + r.score.parts.promise + r.score.parts.compliance + r.score.parts.identity,
    );
  });

  it.each(TRAINEE_SKILLS)('runs every persona and situation with a %s trainee', (skill) => {
    for (const p of PERSONAS)
      for (const situation of PRACTICE_SITUATIONS) {
        const r = simulate(p, skill, 11, situation);
        expect(r.transcript.length).toBeGreaterThan(2);
        expect(r.score.total).toBeGreaterThanOrEqual(0);
        expect(r.score.total).toBeLessThanOrEqual(100);
      }
  });
});
