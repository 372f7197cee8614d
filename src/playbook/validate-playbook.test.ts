import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  formatPlaybookIssue,
  type PlaybookFile,
  type PlaybookIssueCode,
  validatePlaybook,
} from './validate-playbook';

// The shipped playbook is the baseline every broken input is derived from. Reading it here is test-only:
// the layer itself never touches the disk.
const PLAYBOOK_DIR = fileURLToPath(new URL('../../playbook/', import.meta.url));

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listYaml(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

const shipped: PlaybookFile[] = listYaml(PLAYBOOK_DIR).map((full) => ({
  path: relative(PLAYBOOK_DIR, full).split('\\').join('/'),
  text: readFileSync(full, 'utf8'),
}));

function textOf(path: string): string {
  const f = shipped.find((x) => x.path === path);
  if (!f) throw new Error(`no shipped file ${path}`);
  return f.text;
}

/** Replaces `from` (which must occur) in one file. */
function edit(path: string, from: string, to: string): PlaybookFile[] {
  if (!textOf(path).includes(from)) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
  return shipped.map((f) => (f.path === path ? { ...f, text: f.text.replace(from, to) } : f));
}

/** 1-based line of the first occurrence of `marker` in a file of the given set. */
function lineIn(files: PlaybookFile[], path: string, marker: string): number {
  const text = files.find((f) => f.path === path)?.text ?? '';
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${path} does not contain ${JSON.stringify(marker)}`);
  return text.slice(0, at).split('\n').length;
}

interface BrokenCase {
  name: string;
  files: () => PlaybookFile[];
  file: string;
  path: string;
  code: PlaybookIssueCode;
  reason: string;
  /** A text in the broken file whose line the problem must point at; null when no line applies. */
  lineAt: string | null;
}

const cases: BrokenCase[] = [
  {
    name: 'bad YAML syntax (a tab used as indentation)',
    files: () => edit('personas.yaml', '    name_zh: 侥幸型', '\tname_zh: 侥幸型'),
    file: 'personas.yaml',
    path: '',
    code: 'yaml_syntax',
    reason: 'TAB_AS_INDENT',
    lineAt: '\tname_zh: 侥幸型',
  },
  {
    name: 'bad YAML syntax (an unclosed quote)',
    files: () => edit('strategies/praise.yaml', 'name_zh: 赞美', 'name_zh: "赞美'),
    file: 'strategies/praise.yaml',
    path: '',
    code: 'yaml_syntax',
    reason: 'YAML 语法错误',
    lineAt: null,
  },
  {
    name: 'an unknown strategy id in a persona',
    files: () =>
      edit(
        'personas.yaml',
        'preferred_strategies: [cool_down, empathy, same_side',
        'preferred_strategies: [cool_down, empath, same_side',
      ),
    file: 'personas.yaml',
    path: 'personas[5].preferred_strategies[1]',
    code: 'schema',
    reason: '“empath”不是允许的取值',
    lineAt: 'preferred_strategies: [cool_down, empath',
  },
  {
    name: 'a strategy file for an unknown id',
    files: () => [
      ...shipped,
      {
        path: 'strategies/charm.yaml',
        text: textOf('strategies/praise.yaml').replace('id: praise', 'id: charm'),
      },
    ],
    file: 'strategies/charm.yaml',
    path: 'id',
    code: 'schema',
    reason: '“charm”不是允许的取值',
    lineAt: 'id: charm',
  },
  {
    name: 'a strategy file named for another id',
    files: () => edit('strategies/praise.yaml', 'id: praise', 'id: empathy'),
    file: 'strategies/praise.yaml',
    path: 'id',
    code: 'id_mismatch',
    reason: '文件须以策略 id 命名',
    lineAt: 'id: empathy',
  },
  {
    name: 'a slot whose fact is not declared in requires',
    files: () => edit('strategies/reciprocity.yaml', 'requires: [offer, offer_expiry]', 'requires: [offer]'),
    file: 'strategies/reciprocity.yaml',
    path: 'scripts[0].requires',
    code: 'missing_requires',
    reason: '用到了 {方案截止日}，须在 requires 中声明 offer_expiry',
    lineAt: 'requires: [offer]',
  },
  {
    name: 'a fact-backed slot in a script with no requires at all',
    files: () =>
      edit('strategies/praise.yaml', '以前一直都是按时还的', '欠款{欠款金额}元，以前一直都是按时还的'),
    file: 'strategies/praise.yaml',
    path: 'scripts[0].requires',
    code: 'missing_requires',
    reason: '须在 requires 中声明 balance',
    lineAt: '- id: praise-good-record',
  },
  {
    name: 'a slot left unclosed',
    files: () => edit('strategies/praise.yaml', '{称呼}，我看了一下', '{称呼，我看了一下'),
    file: 'strategies/praise.yaml',
    path: 'scripts[0].text',
    code: 'slot_syntax',
    reason: '没有闭合',
    lineAt: 'text: >-\n      {称呼，',
  },
  {
    name: 'an unknown slot',
    files: () => edit('strategies/empathy.yaml', '提交给{委托方}核实', '提交给{银行}核实'),
    file: 'strategies/empathy.yaml',
    path: 'scripts[4].text',
    code: 'unknown_slot',
    reason: '未知的槽位 {银行}',
    lineAt: 'text: >-\n      您觉得这笔账不对',
  },
  {
    name: 'persona_fit missing a persona',
    files: () => edit('strategies/empathy.yaml', '  timid: 0.7\n', ''),
    file: 'strategies/empathy.yaml',
    path: 'persona_fit.timid',
    code: 'schema',
    reason: '缺少必填项',
    lineAt: 'persona_fit:',
  },
  {
    name: 'persona_fit naming an unknown persona',
    files: () => edit('strategies/empathy.yaml', '  timid: 0.7\n', '  timid: 0.7\n  brave: 0.5\n'),
    file: 'strategies/empathy.yaml',
    path: 'persona_fit.brave',
    code: 'schema',
    reason: '未知的字段“brave”',
    lineAt: 'brave: 0.5',
  },
  {
    name: 'a fit outside 0..1',
    files: () => edit('strategies/empathy.yaml', '  angry: 0.9', '  angry: 1.5'),
    file: 'strategies/empathy.yaml',
    path: 'stage_fit.angry',
    code: 'schema',
    reason: '取值 0 到 1',
    lineAt: 'angry: 1.5',
  },
  {
    name: 'fewer than three scripts',
    files: () => {
      const text = textOf('strategies/sandwich.yaml');
      return edit('strategies/sandwich.yaml', text.slice(text.indexOf('  - id: sandwich-vain')), '');
    },
    file: 'strategies/sandwich.yaml',
    path: 'scripts',
    code: 'schema',
    reason: '每个策略至少 3 条合规话术',
    lineAt: 'scripts:',
  },
  {
    name: 'a duplicate rule id within a pack',
    files: () => edit('rules/cn.yaml', 'id: language.insult', 'id: language.threat'),
    file: 'rules/cn.yaml',
    path: 'rules[9].id',
    code: 'duplicate_id',
    reason: '规则 language.threat 在本规则包中重复出现',
    lineAt: 'id: language.threat\n    kind: TXT\n    title_zh: 侮辱谩骂',
  },
  {
    name: 'a wrong parameter type',
    files: () =>
      edit('rules/cn.yaml', 'max_connected_per_debtor_per_day: 3', 'max_connected_per_debtor_per_day: "三"'),
    file: 'rules/cn.yaml',
    path: 'rules[1].params.max_connected_per_debtor_per_day',
    code: 'schema',
    reason: '须为整数',
    lineAt: 'max_connected_per_debtor_per_day',
  },
  {
    name: 'a clock parameter that is not HH:MM',
    files: () => edit('rules/cn.yaml', 'quiet_start: "22:00"', 'quiet_start: 22'),
    file: 'rules/cn.yaml',
    path: 'rules[0].params.quiet_start',
    code: 'schema',
    reason: '应为文字',
    lineAt: 'quiet_start: 22',
  },
  {
    name: 'a parameter looser than the law',
    files: () =>
      edit('rules/cn.yaml', 'max_connected_per_debtor_per_day: 3', 'max_connected_per_debtor_per_day: 5'),
    file: 'rules/cn.yaml',
    path: 'rules[1].params.max_connected_per_debtor_per_day',
    code: 'schema',
    reason: '不得超过 3',
    lineAt: 'max_connected_per_debtor_per_day',
  },
  {
    name: 'quiet hours that start after 22:00',
    files: () => edit('rules/cn.yaml', 'quiet_start: "22:00"', 'quiet_start: "23:00"'),
    file: 'rules/cn.yaml',
    path: 'rules[0].params.quiet_start',
    code: 'schema',
    reason: '不得晚于 22:00',
    lineAt: 'quiet_start',
  },
  {
    name: 'a misspelt parameter name',
    files: () => edit('rules/cn.yaml', 'min_failed_dials: 3', 'min_failed_dial: 3'),
    file: 'rules/cn.yaml',
    path: 'rules[2].params.min_failed_dial',
    code: 'schema',
    reason: '未知的字段“min_failed_dial”',
    lineAt: 'min_failed_dial:',
  },
  {
    name: 'parameters on a rule that takes none',
    files: () =>
      edit(
        'rules/cn.yaml',
        '    severity: critical\n\n  - id: third_party.demand_payment',
        '    severity: critical\n    params:\n      max: 1\n\n  - id: third_party.demand_payment',
      ),
    file: 'rules/cn.yaml',
    path: 'rules[6].params',
    code: 'param_unexpected',
    reason: '没有参数',
    lineAt: 'params:\n      max: 1',
  },
  {
    name: 'a base pack missing a required rule',
    files: () => {
      const text = textOf('rules/cn.yaml');
      const start = text.indexOf('  - id: records.retention');
      return edit('rules/cn.yaml', text.slice(start), '');
    },
    file: 'rules/cn.yaml',
    path: 'rules',
    code: 'missing_rule',
    reason: 'cn 规则包缺少规则：records.retention',
    lineAt: 'rules:',
  },
  {
    name: 'an overlay with a wrong parameter type',
    files: () => edit('rules/us-ma.yaml', 'max_initiated_per_7_days: 2', 'max_initiated_per_7_days: two'),
    file: 'rules/us-ma.yaml',
    path: 'rules[0].params.max_initiated_per_7_days',
    code: 'schema',
    reason: '须为整数',
    lineAt: 'max_initiated_per_7_days',
  },
  {
    name: 'extends naming no pack',
    files: () => edit('rules/us-ma.yaml', 'extends: us', 'extends: uk'),
    file: 'rules/us-ma.yaml',
    path: 'extends',
    code: 'extends_unresolved',
    reason: '不存在的规则包“uk”',
    lineAt: 'extends: uk',
  },
  {
    name: 'extends forming a cycle',
    files: () => edit('rules/us.yaml', 'jurisdiction: us', 'jurisdiction: us\nextends: us-ma'),
    file: 'rules/us.yaml',
    path: 'extends',
    code: 'extends_cycle',
    reason: '循环',
    lineAt: 'extends: us-ma',
  },
  {
    name: 'an unlawful variant citing a rule no pack holds',
    files: () => edit('strategies/praise.yaml', 'rule: language.surveillance', 'rule: language.stalking'),
    file: 'strategies/praise.yaml',
    path: 'unlawful_variants[1].rule',
    code: 'unknown_reference',
    reason: '规则 language.stalking 不在任何规则包中',
    lineAt: 'rule: language.stalking',
  },
  {
    name: 'a debt word in a third-party script',
    files: () =>
      edit('strategies/draw_out.yaml', '有件个人事务需要跟{称呼}本人沟通', '有笔欠款需要跟{称呼}本人沟通'),
    file: 'strategies/draw_out.yaml',
    path: 'scripts[0].text',
    code: 'third_party_leak',
    reason: '出现了“欠款”',
    lineAt: 'text: >-\n      您好，打扰您了。',
  },
  {
    name: 'a debt-revealing slot in a third-party template',
    files: () =>
      edit('templates.yaml', '有个人事务需要与{称呼}本人联系', '有{委托方}的事务需要与{称呼}本人联系'),
    file: 'templates.yaml',
    path: 'templates[4].text',
    code: 'third_party_leak',
    reason: '不得使用 {委托方}',
    lineAt: 'text: >-\n      您好，我是{公司}',
  },
  {
    name: 'a strategy fit for third parties with no third-party script',
    files: () =>
      edit('strategies/praise.yaml', '  third_party: 0\n  angry: 0.3', '  third_party: 0.5\n  angry: 0.3'),
    file: 'strategies/praise.yaml',
    path: 'stage_fit.third_party',
    code: 'stage_without_script',
    reason: 'stage: third_party',
    lineAt: 'third_party: 0.5',
  },
  {
    name: 'a strategy moved to another group',
    files: () => edit('strategies/empathy.yaml', 'group: classic', 'group: closing'),
    file: 'strategies/empathy.yaml',
    path: 'group',
    code: 'group_mismatch',
    reason: '不可改组',
    lineAt: 'group: closing',
  },
  {
    name: 'a script id used twice',
    files: () => edit('strategies/empathy.yaml', 'id: empathy-illness', 'id: praise-good-record'),
    file: 'strategies/empathy.yaml',
    path: 'scripts[0].id',
    code: 'duplicate_id',
    reason: '话术 id praise-good-record 已在 strategies/praise.yaml 中使用',
    lineAt: 'id: praise-good-record',
  },
  {
    name: 'a preferred strategy that fits the persona poorly',
    files: () => edit('strategies/praise.yaml', '  vain: 0.9', '  vain: 0.3'),
    file: 'personas.yaml',
    path: 'personas[2].preferred_strategies[0]',
    code: 'fit_conflict',
    reason: 'persona_fit.vain 只有 0.3',
    lineAt: 'preferred_strategies: [praise, sandwich',
  },
  {
    name: 'a discouraged strategy that fits the persona well',
    files: () => edit('strategies/confrontation.yaml', '  guilty: 0.2', '  guilty: 0.8'),
    file: 'personas.yaml',
    path: 'personas[0].discouraged_strategies[0]',
    code: 'fit_conflict',
    reason: 'persona_fit.guilty 为 0.8',
    lineAt: 'discouraged_strategies: [confrontation, cite_precedent, correct_premise]',
  },
  {
    name: 'a persona missing from personas.yaml',
    files: () => {
      const text = textOf('personas.yaml');
      return edit('personas.yaml', text.slice(text.indexOf('  - id: jaded')), '');
    },
    file: 'personas.yaml',
    path: 'personas',
    code: 'missing_id',
    reason: '缺少债务人类型：jaded',
    lineAt: 'personas:',
  },
  {
    name: 'a reason listed twice',
    files: () => edit('reasons.yaml', '  - id: illness', '  - id: business_failure'),
    file: 'reasons.yaml',
    path: 'reasons[1].id',
    code: 'duplicate_id',
    reason: '原因 business_failure 重复出现',
    lineAt: 'id: business_failure\n    name_zh: 家人生病',
  },
  {
    name: 'an unknown intent action',
    files: () =>
      edit(
        'intents.yaml',
        'actions: [verify_payment, schedule_callback]',
        'actions: [sue, schedule_callback]',
      ),
    file: 'intents.yaml',
    path: 'intents[5].actions[0]',
    code: 'schema',
    reason: '“sue”不是允许的取值',
    lineAt: 'actions: [sue',
  },
  {
    name: 'a policy naming a template that does not exist',
    files: () => edit('policies.yaml', 'template: promise-reminder', 'template: promise-nudge'),
    file: 'policies.yaml',
    path: 'promise_reminders.template',
    code: 'unknown_reference',
    reason: '模板 promise-nudge 不在 templates.yaml 中',
    lineAt: 'template: promise-nudge',
  },
  {
    name: 'a complaint answer period longer than the rule allows',
    files: () => edit('policies.yaml', '  answer_days: 15', '  answer_days: 20'),
    file: 'policies.yaml',
    path: 'complaints.answer_days',
    code: 'policy_conflict',
    reason: '不得长于',
    lineAt: 'answer_days: 20',
  },
  {
    name: 'an escalation count below one',
    files: () => edit('policies.yaml', 'escalate_after: 2', 'escalate_after: 0'),
    file: 'policies.yaml',
    path: 'broken_promise.escalate_after',
    code: 'schema',
    reason: '至少为 1',
    lineAt: 'escalate_after: 0',
  },
  {
    name: 'a missing file',
    files: () => shipped.filter((f) => f.path !== 'templates.yaml'),
    file: 'templates.yaml',
    path: '',
    code: 'missing_file',
    reason: '缺少此文件',
    lineAt: null,
  },
  {
    name: 'a missing strategy file',
    files: () => shipped.filter((f) => f.path !== 'strategies/bear_burden.yaml'),
    file: 'strategies/bear_burden.yaml',
    path: '',
    code: 'missing_file',
    reason: '缺少策略 bear_burden 的文件',
    lineAt: null,
  },
  {
    name: 'a file the playbook does not know',
    files: () => [...shipped, { path: 'strategies/notes.yml', text: 'a: 1\n' }],
    file: 'strategies/notes.yml',
    path: '',
    code: 'unknown_file',
    reason: '扩展名用 .yaml',
    lineAt: null,
  },
];

describe('validatePlaybook', () => {
  it('accepts the shipped playbook', () => {
    const r = validatePlaybook(shipped);
    if (!r.ok) throw new Error(r.errors.map(formatPlaybookIssue).join('\n'));
    expect(Object.keys(r.playbook.strategies)).toHaveLength(17);
  });

  it.each(cases)('reports $name at $file: $path', (c) => {
    const files = c.files();
    const r = validatePlaybook(files);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => e.file === c.file && e.path === c.path && e.code === c.code);
    if (!hit) throw new Error(`not reported; got:\n${r.errors.map(formatPlaybookIssue).join('\n')}`);
    expect(hit.message).toContain(c.reason);
    if (c.lineAt !== null) expect(hit.line).toBe(lineIn(files, c.file, c.lineAt));
  });

  it('reports every problem at once, not just the first', () => {
    const files = edit('strategies/empathy.yaml', '  timid: 0.7\n', '').map((f) =>
      f.path === 'rules/us-ma.yaml' ? { ...f, text: f.text.replace('extends: us', 'extends: uk') } : f,
    );
    const r = validatePlaybook(files);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.file).sort()).toEqual(['rules/us-ma.yaml', 'strategies/empathy.yaml']);
  });

  it('reports only the first YAML syntax error of a file, since the rest are mostly its echoes', () => {
    const r = validatePlaybook(edit('personas.yaml', '    name_zh: 侥幸型', '\tname_zh: 侥幸型'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.filter((e) => e.file === 'personas.yaml')).toHaveLength(1);
  });

  it('accepts Windows-style and ./-prefixed paths', () => {
    const files = shipped.map((f) => ({ ...f, path: `./${f.path.replace('/', '\\')}` }));
    expect(validatePlaybook(files).ok).toBe(true);
  });

  it('merges an overlay pack over its base', () => {
    const r = validatePlaybook(shipped);
    if (!r.ok) throw new Error('shipped playbook invalid');
    const ma = r.playbook.rulePacks['us-ma'];
    expect(ma?.jurisdiction).toBe('us');
    if (ma?.jurisdiction !== 'us') return;
    expect(ma.extends).toBe('us');
    expect(ma.params['contact.frequency']).toEqual({
      max_calls_per_7_days: 7,
      quiet_days_after_conversation: 7,
      max_initiated_per_7_days: 2,
    });
    expect(ma.rules.find((x) => x.id === 'contact.frequency')?.source).toContain('940 CMR 7.04(1)(f)');
    expect(ma.rules.find((x) => x.id === 'contact.cease')?.force).toBe('law');
  });
});

describe('formatPlaybookIssue', () => {
  it('names the file, the path and the line', () => {
    expect(
      formatPlaybookIssue({
        file: 'strategies/empathy.yaml',
        path: 'scripts[2].text',
        line: 40,
        code: 'unknown_slot',
        message: '未知的槽位 {金额}',
      }),
    ).toBe('strategies/empathy.yaml: scripts[2].text（第 40 行） — 未知的槽位 {金额}');
  });

  it('leaves out what is unknown', () => {
    expect(
      formatPlaybookIssue({
        file: 'templates.yaml',
        path: '',
        line: null,
        code: 'missing_file',
        message: '缺少此文件',
      }),
    ).toBe('templates.yaml — 缺少此文件');
  });
});
