import { describe, expect, it } from 'vitest';
import { cnParamSchemas, minutesOfDay, REQUIRED_RULES, usParamSchemas } from './rule-params';

const cnDefaults = {
  'contact.hours': { quiet_start: '22:00', quiet_end: '08:00', strict_profile_quiet_start: '21:00' },
  'contact.frequency': { max_connected_per_debtor_per_day: 3, max_unanswered_per_number_per_day: 6 },
  'contact.third_party': { min_failed_dials: 3, min_unreachable_days: 2 },
  'visit.rules': { start: '08:00', end: '22:00', min_staff: 2 },
  'language.criminal_claim': {
    min_principal: 50000,
    min_effective_collections: 2,
    min_days_between: 30,
    min_months_unpaid_after: 3,
  },
  'language.complaint_obstruction': { answer_days: 15, max_answer_days: 60 },
  'records.retention': { min_years: 2, recommended_years: 5 },
};

describe('rule parameters', () => {
  it('accepts the defaults of compliance.md', () => {
    for (const [id, schema] of Object.entries(cnParamSchemas)) {
      expect(schema.safeParse(cnDefaults[id as keyof typeof cnDefaults]).success, id).toBe(true);
    }
    expect(usParamSchemas['contact.hours'].safeParse({ start: '08:00', end: '21:00' }).success).toBe(true);
  });

  // Each row loosens or tightens one value: tightening is allowed, loosening is unlawful.
  it.each([
    ['contact.hours', { quiet_start: '21:30' }, true],
    ['contact.hours', { quiet_start: '22:30' }, false],
    ['contact.hours', { quiet_end: '09:00' }, true],
    ['contact.hours', { quiet_end: '07:30' }, false],
    ['contact.hours', { quiet_start: '06:00' }, false],
    ['contact.hours', { quiet_end: '25:00' }, false],
    ['contact.frequency', { max_connected_per_debtor_per_day: 2 }, true],
    ['contact.frequency', { max_connected_per_debtor_per_day: 4 }, false],
    ['contact.frequency', { max_unanswered_per_number_per_day: 7 }, false],
    ['contact.frequency', { max_unanswered_per_number_per_day: 2.5 }, false],
    ['visit.rules', { min_staff: 1 }, false],
    ['visit.rules', { min_staff: 3 }, true],
    ['visit.rules', { start: '07:00' }, false],
    ['visit.rules', { end: '21:00' }, true],
    ['language.criminal_claim', { min_principal: 30000 }, false],
    ['language.criminal_claim', { min_days_between: 20 }, false],
    ['language.complaint_obstruction', { answer_days: 10 }, true],
    ['language.complaint_obstruction', { answer_days: 20 }, false],
    ['language.complaint_obstruction', { max_answer_days: 90 }, false],
    ['records.retention', { min_years: 1 }, false],
    ['records.retention', { min_years: 6 }, false],
  ] as const)('cn %s with %o is accepted: %s', (id, change, ok) => {
    const value = { ...cnDefaults[id], ...change };
    expect(cnParamSchemas[id].safeParse(value).success).toBe(ok);
  });

  it.each([
    [{ start: '07:00', end: '21:00' }, false],
    [{ start: '08:00', end: '21:30' }, false],
    [{ start: '09:00', end: '20:00' }, true],
  ])('us contact.hours %o is accepted: %s', (value, ok) => {
    expect(usParamSchemas['contact.hours'].safeParse(value).success).toBe(ok);
  });

  it.each([
    [{ max_calls_per_7_days: 7, quiet_days_after_conversation: 7 }, true],
    [{ max_calls_per_7_days: 7, quiet_days_after_conversation: 7, max_initiated_per_7_days: 2 }, true],
    [{ max_calls_per_7_days: 8, quiet_days_after_conversation: 7 }, false],
    [{ max_calls_per_7_days: 7, quiet_days_after_conversation: 5 }, false],
  ])('us contact.frequency %o is accepted: %s', (value, ok) => {
    expect(usParamSchemas['contact.frequency'].safeParse(value).success).toBe(ok);
  });

  it('requires every parameterised rule in its base pack', () => {
    for (const id of Object.keys(cnParamSchemas)) expect(REQUIRED_RULES.cn).toContain(id);
    for (const id of Object.keys(usParamSchemas)) expect(REQUIRED_RULES.us).toContain(id);
  });

  it('reads clock times as minutes of the day', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('08:30')).toBe(510);
    expect(minutesOfDay('22:00')).toBe(1320);
  });
});
