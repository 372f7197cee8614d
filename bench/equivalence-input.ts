import { writeFileSync } from 'node:fs';
import { readCorpusSplit } from '../src/io/corpus-files';

/**
 * Writes a large, varied `analyze --batch` input from corpus/train only, for checking that a speed
 * change leaves the output byte for byte the same: run the batch over it before and after, `cmp`.
 *
 *   npx tsx bench/equivalence-input.ts OUT.jsonl [MIN_TURNS]
 *
 * Every line carries `at` (a line without it is analysed at the current time, which would differ
 * between runs). Lines: each dialogue with its own facts, with another dialogue's facts, with none;
 * utterances grouped into calls of 1–30 turns with or without facts and per-turn times; a few
 * rejected lines (invalid JSON, schema errors) so the error path is covered too.
 */

const [, , out, minArg] = process.argv;
if (!out) throw new Error('usage: equivalence-input.ts OUT.jsonl [MIN_TURNS]');
const minTurns = Number(minArg ?? 120_000);

let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const { dialogues, utterances } = readCorpusSplit('corpus/train');
const facts = dialogues.flatMap((d) => (d.facts ? [d.facts] : []));
const times = [
  '2027-03-15T10:05:00+08:00',
  '2026-12-31T23:59:30+08:00',
  '2027-02-28T08:00:00+08:00',
  '2027-06-01T14:30:00Z',
  '2026-11-30T17:00:00+08:00',
];
const lines: string[] = [];
let turns = 0;
let n = 0;
const push = (o: object, k: number) => {
  lines.push(JSON.stringify(o));
  turns += k;
};

while (turns < minTurns) {
  for (const d of dialogues) {
    const ts = d.turns.map((t) => ({ speaker: t.speaker, text: t.text }));
    push({ id: `d-${n++}`, at: d.at, facts: d.facts, turns: ts }, ts.length);
    push({ id: n++, at: pick(times), facts: pick(facts), turns: ts }, ts.length);
    push({ id: `d-${n++}`, at: pick(times), turns: ts }, ts.length);
  }
  let i = 0;
  while (i < utterances.length) {
    const k = 1 + Math.floor(rand() * 30);
    const group = utterances.slice(i, i + k);
    i += k;
    const base = Date.parse(pick(times));
    const perTurnAt = rand() < 0.2;
    const ts = group.map((u, j) => ({
      speaker: u.speaker,
      text: u.text,
      ...(perTurnAt ? { at: new Date(base + j * 7000).toISOString() } : {}),
    }));
    const r = rand();
    const f = r < 0.3 ? pick(facts) : r < 0.5 ? group.find((u) => u.facts)?.facts : undefined;
    const at = group.find((u) => u.at)?.at ?? pick(times);
    push({ id: `u-${n++}`, at, ...(f ? { facts: f } : {}), turns: ts }, ts.length);
  }
  lines.push('{"id":"bad-json",');
  lines.push(JSON.stringify({ id: `bad-${n++}`, at: pick(times), turns: [] }));
  lines.push(
    JSON.stringify({ id: `bad-${n++}`, at: 'yesterday', turns: [{ speaker: 'agent', text: '喂' }] }),
  );
}

writeFileSync(out, `${lines.join('\n')}\n`);
process.stderr.write(`${lines.length} lines, ${turns} turns → ${out}\n`);
