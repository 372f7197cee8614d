import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../../src/domain/ids';
import { huikuan } from './huikuan';

/**
 * A team's retraining path end to end: `huikuan train` on a small corpus of its own, then
 * `huikuan analyze` and `huikuan eval` with the model it wrote.
 */

const dir = mkdtempSync(join(tmpdir(), 'huikuan-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first lines of each train file: every label and persona, a few seconds to fit. */
function smallCorpus(): string {
  const root = join(dir, 'corpus');
  for (const kind of ['utterances', 'dialogues']) {
    mkdirSync(join(root, kind), { recursive: true });
    for (const f of readdirSync(join('corpus/train', kind))) {
      const lines = readFileSync(join('corpus/train', kind, f), 'utf8')
        .split('\n')
        .filter(Boolean);
      writeFileSync(join(root, kind, f), `${lines.slice(0, kind === 'utterances' ? 3 : 2).join('\n')}\n`);
    }
  }
  return root;
}

let corpus = '';
const model = join(dir, 'model.json');

beforeAll(async () => {
  corpus = smallCorpus();
  const r = await huikuan(['train', '--corpus', corpus, '--out', model]);
  expect(r.stderr).toMatch(/trained on \d+ agent and \d+ debtor turns, \d+ dialogues/);
  expect(r.code).toBe(0);
}, 300_000);

describe('huikuan train on a team’s own corpus', () => {
  it('writes a model with the persona’s words table', () => {
    const json = JSON.parse(readFileSync(model, 'utf8'));
    expect(json.format).toBe('huikuan-analysis-model');
    expect(json.persona.text.labels).toEqual(PERSONAS.map((p) => `persona:${p}`));
    expect(Object.keys(json.persona.text.weights).length).toBeGreaterThan(100);
  });

  it('fits the persona of its own dialogues', async () => {
    const r = await huikuan(['eval', corpus, '--model', model, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.persona.top1).toBeGreaterThan(0.8);
  });

  it('cross-validates by writer, each writer’s lines in one fold', async () => {
    const r = await huikuan(['eval', corpus, '--cv', '2', '--cv-by', 'writer', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.strategies.macroF1).toBeGreaterThan(0);
    // every dialogue scored once, in the fold of its writer
    const dialogues = readdirSync(join(corpus, 'dialogues')).flatMap((f) =>
      readFileSync(join(corpus, 'dialogues', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    );
    expect(report.persona.dialogues).toBe(dialogues.length);
  }, 300_000);

  it('names the mistake in a cross-validation option', async () => {
    const r = await huikuan(['eval', corpus, '--cv', '2', '--cv-by', 'author']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cv-by takes id or writer/);
    const alone = await huikuan(['eval', corpus, '--cv-by', 'writer']);
    expect(alone.stderr).toMatch(/--cv-by goes with --cv K/);
  });

  it('analyses a call with the model it wrote', async () => {
    const call = join(dir, 'call.txt');
    writeFileSync(
      call,
      '坐席：您好，我是恒信资产的小王，工号1024，受招商银行委托联系您。\n客户：下周五先还三千吧。\n',
    );
    const r = await huikuan([
      'analyze',
      call,
      '--model',
      model,
      '--at',
      '2026-11-30T10:00:00+08:00',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(PERSONAS).toContain(a.persona.id);
    expect(a.promises[0]).toMatchObject({ amount: 3000 });
  });

  it('refuses a corpus with a bad line and writes nothing', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(join(bad, 'utterances'), { recursive: true });
    writeFileSync(join(bad, 'utterances', 'a.jsonl'), '{"id":"x","speaker":"robot","text":"hi"}\n');
    const out = join(dir, 'never.json');
    const r = await huikuan(['train', '--corpus', bad, '--out', out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/a\.jsonl:1:/);
    expect(readdirSync(dir)).not.toContain('never.json');
  });
});
