import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors';
import { PERSONA_NAMES_ZH, PERSONAS, STRATEGIES, STRATEGY_NAMES_ZH } from '../domain/ids';
import { fillScript, type Playbook, SLOT_NAMES, SLOTS } from '../playbook';
import { DEFAULT_PLAYBOOK_DIR, loadPlaybookDir, readPlaybookFiles } from './playbook-files';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A writable copy of the shipped playbook. */
function copyOfPlaybook(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huikuan-playbook-'));
  temps.push(dir);
  cpSync(DEFAULT_PLAYBOOK_DIR, dir, { recursive: true });
  return dir;
}

function editFile(dir: string, path: string, from: string, to: string): void {
  const full = join(dir, path);
  const text = readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`);
  writeFileSync(full, text.replace(from, to));
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('loadPlaybookDir', () => {
  it('loads the shipped playbook from the default directory', () => {
    const p = loadPlaybookDir();
    expect(Object.keys(p.strategies).sort()).toEqual([...STRATEGIES].sort());
    expect(Object.keys(p.rulePacks).sort()).toEqual(['cn', 'us', 'us-ma']);
  });

  it('finds the default directory whatever the working directory', () => {
    const before = process.cwd();
    try {
      process.chdir(tmpdir());
      expect(Object.keys(loadPlaybookDir().personas)).toHaveLength(PERSONAS.length);
    } finally {
      process.chdir(before);
    }
  });

  it('throws one error listing every problem with file, path and line', () => {
    const dir = copyOfPlaybook();
    editFile(dir, 'strategies/empathy.yaml', '  timid: 0.7\n', '');
    editFile(
      dir,
      'rules/cn.yaml',
      'max_connected_per_debtor_per_day: 3',
      'max_connected_per_debtor_per_day: "三"',
    );
    const e = thrown(() => loadPlaybookDir(dir));
    expect(isDomainError(e)).toBe(true);
    if (!isDomainError(e)) return;
    expect(e.code).toBe('PLAYBOOK_INVALID');
    expect(e.messageZh).toContain('2 处问题');
    expect(e.messageZh).toMatch(/strategies\/empathy\.yaml: persona_fit\.timid（第 \d+ 行） — 缺少必填项/);
    expect(e.messageZh).toMatch(
      /rules\/cn\.yaml: rules\[1\]\.params\.max_connected_per_debtor_per_day（第 \d+ 行） — 须为整数/,
    );
    expect(e.details?.issues).toHaveLength(2);
  });

  it('reports a .yml file instead of ignoring it', () => {
    const dir = copyOfPlaybook();
    writeFileSync(join(dir, 'strategies', 'extra.yml'), 'id: praise\n');
    const e = thrown(() => loadPlaybookDir(dir));
    expect(isDomainError(e) && e.message).toContain('strategies/extra.yml');
  });

  it('says when the directory cannot be read', () => {
    const e = thrown(() => loadPlaybookDir(join(tmpdir(), 'no-such-playbook-dir')));
    expect(isDomainError(e) && e.code).toBe('PLAYBOOK_UNREADABLE');
  });
});

describe('readPlaybookFiles', () => {
  it('returns sorted paths relative to the directory, with forward slashes, skipping other files', () => {
    const dir = copyOfPlaybook();
    writeFileSync(join(dir, 'README.md'), '# notes');
    const paths = readPlaybookFiles(dir).map((f) => f.path);
    expect(paths).toContain('strategies/empathy.yaml');
    expect(paths).toContain('rules/us-ma.yaml');
    expect(paths).not.toContain('README.md');
    expect(paths).toEqual([...paths].sort());
  });
});

describe('the shipped playbook', () => {
  const p: Playbook = loadPlaybookDir();
  const scripts = STRATEGIES.flatMap((id) => p.strategies[id].scripts.map((s) => ({ owner: id, ...s })));
  const allSlots = Object.fromEntries(SLOT_NAMES.map((n) => [n, `<${SLOTS[n].key}>`]));

  it('uses the stable Chinese names of ids.ts', () => {
    for (const id of PERSONAS) expect(p.personas[id].name_zh).toBe(PERSONA_NAMES_ZH[id]);
    for (const id of STRATEGIES) expect(p.strategies[id].name_zh).toBe(STRATEGY_NAMES_ZH[id]);
  });

  it('has at least three lawful scripts for every strategy', () => {
    for (const id of STRATEGIES) expect(p.strategies[id].scripts.length, id).toBeGreaterThanOrEqual(3);
    expect(scripts.length).toBeGreaterThanOrEqual(17 * 4);
  });

  it('fills every script and template completely when all slots are known', () => {
    for (const s of [...scripts, ...p.templates]) {
      const r = fillScript(s.text, allSlots);
      expect(r.ok, s.id).toBe(true);
    }
  });

  // Phrases that are a violation in any context; a lawful script never needs them.
  const FORBIDDEN = [
    '老赖',
    '无赖',
    '坐牢',
    '抓你',
    '拘留',
    '逮捕',
    '已经起诉',
    '已经立案',
    '已立案',
    '最后一次机会',
    '移交法院',
    '通讯录',
    '单位领导',
    '你小心',
    '上门',
    '黑名单',
    '一辈子',
    '考公',
    '政审',
    '转我',
    '个人微信',
  ];
  it.each(FORBIDDEN)('never has a script or template say “%s”', (phrase) => {
    for (const s of [...scripts, ...p.templates]) expect(s.text, s.id).not.toContain(phrase);
  });

  it('writes every strategy’s unlawful variants against a rule of the cn pack', () => {
    const cn = p.rulePacks.cn;
    const ids = new Set(cn?.rules.map((r) => r.id));
    for (const id of STRATEGIES) {
      for (const u of p.strategies[id].unlawful_variants)
        expect(ids.has(u.rule), `${id}: ${u.rule}`).toBe(true);
    }
  });

  it('ships the cn defaults the contact guard reads', () => {
    const cn = p.rulePacks.cn;
    expect(cn?.jurisdiction).toBe('cn');
    if (cn?.jurisdiction !== 'cn') return;
    expect(cn.params['contact.hours']).toEqual({
      quiet_start: '22:00',
      quiet_end: '08:00',
      strict_profile_quiet_start: '21:00',
    });
    expect(cn.params['contact.frequency']).toEqual({
      max_connected_per_debtor_per_day: 3,
      max_unanswered_per_number_per_day: 6,
    });
    expect(cn.params['contact.third_party']).toEqual({ min_failed_dials: 3, min_unreachable_days: 2 });
    expect(cn.params['visit.rules']).toEqual({ start: '08:00', end: '22:00', min_staff: 2 });
    expect(cn.params['language.criminal_claim']).toEqual({
      min_principal: 50000,
      min_effective_collections: 2,
      min_days_between: 30,
      min_months_unpaid_after: 3,
    });
    expect(cn.params['language.complaint_obstruction']).toEqual({ answer_days: 15, max_answer_days: 60 });
    expect(cn.params['records.retention']).toEqual({ min_years: 2, recommended_years: 5 });
  });

  it('ships the us defaults and the Massachusetts overlay', () => {
    const us = p.rulePacks.us;
    const ma = p.rulePacks['us-ma'];
    if (us?.jurisdiction !== 'us' || ma?.jurisdiction !== 'us') throw new Error('us packs missing');
    expect(us.params['contact.hours']).toEqual({ start: '08:00', end: '21:00' });
    expect(us.params['contact.frequency']).toEqual({
      max_calls_per_7_days: 7,
      quiet_days_after_conversation: 7,
    });
    expect(ma.params['contact.frequency'].max_initiated_per_7_days).toBe(2);
  });

  it('ships the workflow policy defaults', () => {
    expect(p.policies.broken_promise.escalate_after).toBe(2);
    expect(p.policies.promise_reminders.lead_hours).toEqual([24, 2]);
    expect(p.policies.complaints.answer_days).toBe(15);
  });

  it('has a call-back template for third parties (the validator keeps it free of debt words)', () => {
    const t = p.templates.find((x) => x.audience === 'third_party' && x.purpose === 'callback_request');
    expect(t).toBeDefined();
  });
});
