import { describe, expect, it } from 'vitest';
import { INTENTS, PERSONAS, REASONS, STRATEGIES } from '../../../src/domain/ids';
import { interpolate } from './i18n';
import { label } from './labels';
import { en, zh } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the UI’s words', () => {
  it('has every message in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const empty = Object.entries({ ...zh }).filter(
      ([k, v]) => !v.trim() || !en[k as keyof typeof en]?.trim(),
    );
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in Chinese and English', () => {
    const mismatched = Object.keys(zh).filter(
      (k) => placeholders(zh[k as keyof typeof zh]).join() !== placeholders(en[k as keyof typeof en]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(interpolate('共 {total} 条', { total: 3 })).toBe('共 3 条');
    expect(interpolate('{a} {b}', { a: 'x' })).toBe('x {b}');
  });

  it.each([
    ['persona', PERSONAS],
    ['strategy', STRATEGIES],
    ['reason', REASONS],
    ['intent', INTENTS],
  ] as const)('names every %s id in both languages', (kind, ids) => {
    for (const id of ids) {
      expect(label(kind, id, 'zh')).not.toBe(id);
      expect(label(kind, id, 'en')).not.toBe(id);
    }
    expect(label(kind, 'not_an_id', 'zh')).toBe('not_an_id');
  });
});
