import { describe, expect, it } from 'vitest';
import { factsSchema, inputTurnSchema } from '../analysis/contract';
import { bucketOf } from '../cases/bucket';
import { parseIdNumber } from '../domain/id-number';
import { parsePhone } from '../domain/phone';
import { createAnalyzer } from '../io/analyzer-files';
import {
  callsFor,
  csvLine,
  encodeGb18030,
  type GeneratedCase,
  generateCases,
  PLACEMENT_HEADERS,
  placementRecord,
} from './index';

const opts = { seed: 'test-seed', asOf: '2026-11-01' };
const take = (n: number, seed = opts.seed) => [...generateCases({ ...opts, seed, count: n })];

describe('generateCases', () => {
  it('gives the same cases for the same seed and different ones for another seed', () => {
    expect(take(50)).toEqual(take(50));
    const other = take(50, 'another-seed');
    expect(other.map((c) => c.debtor.idNumber)).not.toEqual(take(50).map((c) => c.debtor.idNumber));
  });

  it('gives case i the same content whatever the total and wherever generation starts', () => {
    const long = take(40);
    const slice = [...generateCases({ ...opts, count: 40, from: 30 })];
    expect(slice).toEqual(long.slice(30));
    expect(take(10)).toEqual(long.slice(0, 10));
  });

  it('writes valid, unique ID numbers and valid mobile numbers', () => {
    const cases = take(20_000);
    const ids = new Set<string>();
    for (const c of cases) {
      const id = parseIdNumber(c.debtor.idNumber, '2026-11-01');
      expect(id, c.debtor.idNumber).toMatchObject({ ok: true });
      if (id.ok) {
        expect(id.info.birthDate).toBe(c.debtor.birthDate);
        expect(id.info.sex).toBe(c.debtor.sex);
      }
      ids.add(c.debtor.idNumber);
      expect(parsePhone(c.debtor.phone)).toMatchObject({ ok: true, value: c.debtor.phone });
      for (const k of c.contacts) expect(parsePhone(k.phone)).toMatchObject({ ok: true });
    }
    expect(ids.size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.accountRef)).size).toBe(cases.length);
  });

  it('keeps amounts in whole fen, buckets consistent with days overdue, and dates before the cut', () => {
    const cases = take(3000);
    const buckets = new Map<string, number>();
    for (const c of cases) {
      const a = c.account;
      for (const v of [a.principalFen, a.interestFen, a.feesFen]) {
        expect(Number.isInteger(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
      }
      // the generator's bucket agrees with the one the store computes on import
      expect(a.bucket).toBe(bucketOf(a.daysOverdue));
      expect(a.overdueSince < opts.asOf).toBe(true);
      expect(a.cardTail).toMatch(/^\d{4}$/);
      for (const p of c.payments) {
        expect(p.amountFen).toBeGreaterThan(0);
        expect(p.paidAt > opts.asOf).toBe(true);
      }
      buckets.set(a.bucket, (buckets.get(a.bucket) ?? 0) + 1);
    }
    // every bucket appears, none dominates
    expect([...buckets.keys()].sort()).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6+']);
    for (const n of buckets.values()) expect(n / cases.length).toBeLessThan(0.4);
  });
});

describe('placement records', () => {
  it('line up with the default Chinese headers and quote only where CSV needs it', () => {
    const [c] = take(1) as [GeneratedCase];
    const record = placementRecord(c);
    expect(record).toHaveLength(PLACEMENT_HEADERS.length);
    expect(record[PLACEMENT_HEADERS.indexOf('身份证号')]).toBe(c.debtor.idNumber);
    expect(csvLine(['a', 'b,c', 'say "hi"', 'x\ny'])).toBe('a,"b,c","say ""hi""","x\ny"\r\n');
  });

  it('encode to GB18030 bytes that decode back to the same text', () => {
    const text =
      csvLine(PLACEMENT_HEADERS) +
      take(30)
        .map((c) => csvLine(placementRecord(c)))
        .join('');
    const bytes = encodeGb18030(text);
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(text);
    expect([...encodeGb18030('姓名')]).toEqual([0xd0, 0xd5, 0xc3, 0xfb]);
  });
});

describe('callsFor', () => {
  const call = { ...opts, client: '云港银行信用卡中心', callRate: 1.5 };

  it('writes batch lines the analyser accepts, deterministically, inside the activity window', () => {
    const cases = take(300);
    const all = cases.flatMap((c) => callsFor(c, call));
    expect(all.length).toBeGreaterThan(300);
    expect(cases.flatMap((c) => callsFor(c, call))).toEqual(all);
    for (const b of all) {
      expect(factsSchema.safeParse(b.facts).success).toBe(true);
      for (const t of b.turns) expect(inputTurnSchema.safeParse(t).success).toBe(true);
      expect(b.at > '2026-11-01' && b.at < '2026-12-01').toBe(true);
      expect(b.turns.map((t) => t.text).join('')).not.toMatch(/\{\w+\}/);
    }
    expect(new Set(all.map((b) => b.id)).size).toBe(all.length);
  });

  it('opens every debtor call with the company, an employee number and the client', () => {
    for (const c of take(200))
      for (const b of callsFor(c, call)) {
        const first = b.turns[0]!;
        expect(first.speaker).toBe('agent');
        if (b.turns.some((t) => t.speaker === 'third_party')) {
          // a contact hears neither the client nor the debt
          const agentText = b.turns
            .filter((t) => t.speaker === 'agent')
            .map((t) => t.text)
            .join('');
          expect(agentText).not.toMatch(/欠款|逾期|信用卡|云港银行/);
        } else {
          expect(first.text).toMatch(/工号(是)?\d{4}/);
          expect(first.text).toContain('云港银行');
        }
      }
  });

  it('gives each persona its own debtor lines', () => {
    const confirm = /^(是我|嗯|对|是的|我就是)/;
    const byPersona = new Map<string, Set<string>>();
    for (const c of take(600))
      for (const b of callsFor(c, call)) {
        const set = byPersona.get(c.persona) ?? new Set<string>();
        for (const t of b.turns) if (t.speaker === 'debtor' && !confirm.test(t.text)) set.add(t.text);
        byPersona.set(c.persona, set);
      }
    expect([...byPersona.keys()].sort()).toEqual(['dominant', 'guilty', 'jaded', 'lucky', 'timid', 'vain']);
    const owner = new Map<string, string>();
    for (const [persona, texts] of byPersona)
      for (const t of texts) {
        expect(owner.get(t) ?? persona, t).toBe(persona);
        owner.set(t, persona);
      }
  });

  it('writes collector lines the analyser finds lawful: demo data must not teach violations', () => {
    const analyzer = createAnalyzer({});
    const found: string[] = [];
    for (const c of take(150))
      for (const b of callsFor(c, call)) {
        const a = analyzer.analyze(b.turns, { at: new Date(b.at), facts: b.facts });
        for (const v of a.violations) found.push(`${b.id} ${v.rule}: ${v.evidence}`);
      }
    expect(found).toEqual([]);
  });
});
