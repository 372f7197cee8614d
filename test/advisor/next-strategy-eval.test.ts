import { describe, expect, it } from 'vitest';
import { type EvalReport, evaluateNextStrategy, personaListBaseline } from '../../src/advisor/evaluate-next';
import { createAnalyzer } from '../../src/io/analyzer-files';
import { readCorpusSplit } from '../../src/io/corpus-files';
import { loadPlaybookDir } from '../../src/io/playbook-files';

/**
 * Top-3 next-strategy accuracy on the held-out dev dialogues (docs/advisor.md reports these
 * figures). The dev dialogues are read here for evaluation only; no rule is tuned to one of them.
 */

const playbook = loadPlaybookDir();
const split = readCorpusSplit('corpus/dev');
const labelled = split.dialogues.filter((d) => d.next_strategies?.length);

function print(name: string, r: EvalReport): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const by = Object.entries(r.bySituation)
    .map(([s, b]) => `${s} ${b.hit}/${b.n}`)
    .join(', ');
  console.log(
    `[advisor eval] ${name}: n=${r.n} top-${r.k} hit ${pct(r.hit)}, first id in top-${r.k} ${pct(r.first)}, ` +
      `weighted ${pct(r.weighted)}, top-1 ${pct(r.top1)}, stage ${pct(r.stageAccuracy)} (${by})`,
  );
}

describe('next-strategy accuracy on the dev dialogues', () => {
  it('has the labelled dev dialogues to measure on', () => {
    expect(split.issues).toEqual([]);
    expect(labelled.length).toBeGreaterThanOrEqual(40);
  });

  it('beats the persona’s own preferred list when reading the labelled turns (advisor alone)', () => {
    const given = evaluateNextStrategy(labelled, { playbook, perception: { kind: 'gold' }, stage: 'given' });
    const inferred = evaluateNextStrategy(labelled, {
      playbook,
      perception: { kind: 'gold' },
      stage: 'inferred',
    });
    const baseline = personaListBaseline(labelled, playbook);
    print('gold labels, stage given', given);
    print('gold labels, stage inferred', inferred);
    console.log(
      `[advisor eval] baseline (persona's first 3 preferred strategies): ${(baseline * 100).toFixed(1)}%`,
    );
    expect(inferred.hit).toBeGreaterThanOrEqual(0.85);
    expect(inferred.first).toBeGreaterThanOrEqual(0.7);
    expect(given.hit).toBeGreaterThanOrEqual(0.85);
    expect(inferred.hit).toBeGreaterThan(baseline);
  });

  it('holds up end to end, with the analyser labelling the turns and estimating the persona', () => {
    const labeller = createAnalyzer({ playbook });
    const r = evaluateNextStrategy(labelled, {
      playbook,
      perception: { kind: 'analyser', labeller },
      stage: 'inferred',
    });
    print('analyser, stage inferred', r);
    expect(r.hit).toBeGreaterThanOrEqual(0.7);
    expect(r.stageAccuracy).toBeGreaterThanOrEqual(0.75);
  });
});
