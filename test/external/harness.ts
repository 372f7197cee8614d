import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatInZone, SHANGHAI } from '../../src/domain/calendar';

/**
 * Shared plumbing for the peer suites (docs/parsing.md): fixtures live in
 * test/fixtures/external/<suite>/ with their licence and source note.
 *
 * Every case ends in one of four buckets:
 *   pass / fail — in scope and under the same convention; the pass rate is pass / (pass + fail);
 *   differs(rule) — in scope, but the suite's convention differs from ours (docs/parsing.md
 *     names each rule); counted and printed, never silently dropped;
 *   skip(rule) — outside what a collection-speech parser reads (lunar dates, seconds …).
 */

const ROOT = fileURLToPath(new URL('../fixtures/external/', import.meta.url));

export function fixtureText(suite: string, file: string): string {
  return readFileSync(`${ROOT}${suite}/${file}`, 'utf8');
}

export function fixtureJson(suite: string, file: string): unknown {
  return JSON.parse(fixtureText(suite, file));
}

export function fixtureJsonl(suite: string, file: string): unknown[] {
  return fixtureText(suite, file)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

/** A zone-less wall-clock time read as Asia/Shanghai ("2016-09-02T00:00" or "2016-09-02 00:00:00"). */
export function shanghai(wall: string): Date {
  const w = wall.replace(' ', 'T');
  const full = w.length === 10 ? `${w}T00:00:00` : w.length === 16 ? `${w}:00` : w;
  return new Date(`${full}+08:00`);
}

/** "YYYY-MM-DDTHH:mm:ss" wall time in Shanghai. */
export function wall(d: Date | null): string | null {
  return d ? formatInZone(d, SHANGHAI).slice(0, 19) : null;
}

export class Tally {
  pass = 0;
  fail = 0;
  readonly failures: string[] = [];
  readonly differs = new Map<string, number>();
  readonly skips = new Map<string, number>();

  constructor(readonly name: string) {}

  check(ok: boolean, id: string, detail = ''): void {
    if (ok) this.pass++;
    else {
      this.fail++;
      this.failures.push(`${id}${detail ? ` — ${detail}` : ''}`);
    }
  }

  differ(rule: string): void {
    this.differs.set(rule, (this.differs.get(rule) ?? 0) + 1);
  }

  skip(rule: string): void {
    this.skips.set(rule, (this.skips.get(rule) ?? 0) + 1);
  }

  get rate(): number {
    const n = this.pass + this.fail;
    return n === 0 ? 0 : this.pass / n;
  }

  report(showFailures = 12): string {
    const pct = (this.rate * 100).toFixed(1);
    const lines = [`[${this.name}] pass ${this.pass}/${this.pass + this.fail} = ${pct}%`];
    for (const [rule, n] of this.differs) lines.push(`  differs (${n}): ${rule}`);
    for (const [rule, n] of this.skips) lines.push(`  skipped (${n}): ${rule}`);
    for (const f of this.failures.slice(0, showFailures)) lines.push(`  FAIL ${f}`);
    if (this.failures.length > showFailures) lines.push(`  … ${this.failures.length - showFailures} more`);
    return lines.join('\n');
  }
}

export function near(a: number | null | undefined, b: number, eps = 1e-9): boolean {
  return a !== null && a !== undefined && Math.abs(a - b) <= eps * Math.max(1, Math.abs(b));
}

/** Holidays when.ts reads: 元旦, the 春节 family and fixed Gregorian dates (docs/parsing.md). */
export const SUPPORTED_HOLIDAYS =
  /元旦|春节|国庆|國慶|劳动节|五一|圣诞|平安夜|双十一|光棍节|双十二|教师节|情人节|儿童节|妇女节|建军节|植树节|青年节|愚人节|万圣节|国际消费者权益日/;
/** A holiday name (Duckling's `holiday` field) that when.ts reads, as a whole name. */
export const SUPPORTED_HOLIDAY_NAME = new RegExp(`^(?:${SUPPORTED_HOLIDAYS.source})节?$`);
export const HOLIDAY_RULE = 'holidays on lunar, floating or foreign calendars (端午, 母亲节, 复活节)';
