import { describe, expect, it } from 'vitest';
import { PRACTICE_SITUATIONS } from '../../src/advisor/practice/practice-case';
import { PracticeSession } from '../../src/advisor/practice/practice-session';
import { ScriptedTrainee, TRAINEE_SKILLS } from '../../src/advisor/practice/scripted-trainee';
import { SeededRandom } from '../../src/advisor/random';
import { PERSONAS } from '../../src/domain/ids';
import { createAnalyzer } from '../../src/io/analyzer-files';
import { loadPlaybookDir } from '../../src/io/playbook-files';

/**
 * Over 100 simulated calls per persona (5 situations × 4 trainee skills × 5 seeds), the analyser
 * recognises the bot's persona at least 90% of the time. A call in which the debtor never spoke
 * (the trainee hung up after the relative agreed to pass on a message) has nothing to recognise
 * and is left out; the test says how many and allows at most 5 per persona.
 */
const CALLS = 100;

describe("the analyser recognises the practice bot's persona", () => {
  const playbook = loadPlaybookDir();
  const labeller = createAnalyzer({ playbook });

  it.each(PERSONAS)('%s', (persona) => {
    let right = 0;
    let counted = 0;
    const confusions = new Map<string, number>();
    for (let i = 0; i < CALLS; i++) {
      const situation = PRACTICE_SITUATIONS[i % PRACTICE_SITUATIONS.length]!;
      const skill = TRAINEE_SKILLS[Math.floor(i / PRACTICE_SITUATIONS.length) % TRAINEE_SKILLS.length]!;
      const s = new PracticeSession({ persona, situation, seed: `eval-${i}`, labeller, playbook });
      const trainee = new ScriptedTrainee(skill, playbook, new SeededRandom(`eval-trainee-${i}`));
      s.start();
      for (let k = 0; k < 16 && !s.ended; k++) {
        const line = trainee.next(s);
        if (!line) break;
        s.say(line);
      }
      const r = s.finish();
      if (!r.transcript.some((t) => t.speaker === 'debtor')) continue;
      counted++;
      if (r.analysis.persona.id === persona) right++;
      else {
        const k = `${situation}/${skill}→${r.analysis.persona.id}`;
        confusions.set(k, (confusions.get(k) ?? 0) + 1);
      }
    }
    const rate = right / counted;
    console.log(
      `[practice eval] ${persona}: recognised ${right}/${counted} (${(rate * 100).toFixed(1)}%), ` +
        `${CALLS - counted} without the debtor; misses: ${[...confusions].map(([k, n]) => `${k}×${n}`).join(', ') || 'none'}`,
    );
    expect(CALLS - counted).toBeLessThanOrEqual(5);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });
});
