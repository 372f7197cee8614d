import { formatInZone, toLocal } from '../domain/calendar';
import { INTENT_NAMES_ZH, PERSONA_NAMES_ZH, REASON_NAMES_ZH } from '../domain/ids';
import type { Analysis, Facts, PromiseCheck } from './contract';
import { crisisWords } from './crisis';

/**
 * A draft 催记 (collection note) in Chinese: who answered, what the debtor said, what was
 * promised, the persona, and compliance findings. The collector edits and confirms it.
 */
export function writeNote(
  a: Analysis,
  ctx: {
    at: Date;
    timeZone: string;
    facts?: Facts | undefined;
    /** the rule pack's Chinese title of a rule id, where it has one */
    ruleTitle?: (rule: string) => string | undefined;
  },
): string {
  const l = toLocal(ctx.at, ctx.timeZone);
  const when = `${l.year}-${p2(l.month)}-${p2(l.day)} ${p2(l.hour)}:${p2(l.minute)}`;
  const spoke = a.turns.some((t) => t.speaker === 'debtor');
  const third = a.turns.some((t) => t.speaker === 'third_party');
  const lines: string[] = [];
  lines.push(
    `【${when} 通话】${spoke ? (third ? '第三方接听后本人接听' : '本人接听') : third ? '第三方接听，未与本人通话' : '未接通或无对话'}。`,
  );
  const crisis = a.turns.flatMap((t) => (t.speaker === 'debtor' ? [crisisWords(t.text)] : [])).find((c) => c);
  if (crisis)
    lines.push(
      `【风险】客户说到“${crisis.text}”，可能有轻生风险：停止催收，报告主管，安排关怀回访，暂缓催收直至主管评估。`,
    );
  const reasons = unique(a.turns.flatMap((t) => t.reasons)).map((r) => REASON_NAMES_ZH[r]);
  if (reasons.length) lines.push(`客户称：${reasons.join('、')}。`);
  const intents = unique(a.turns.flatMap((t) => t.intents))
    .filter((i) => i !== 'promise_to_pay')
    .map((i) => INTENT_NAMES_ZH[i]);
  if (intents.length) lines.push(`客户表现：${intents.join('、')}。`);
  if (a.promises.length) {
    lines.push(promiseLine(a.promises, ctx.timeZone));
    const check = a.promise_checks.at(-1);
    if (check) lines.push(checkLine(check));
  } else if (spoke) lines.push('本次未形成还款承诺。');
  if (a.persona.id)
    lines.push(
      `类型判断：${PERSONA_NAMES_ZH[a.persona.id]}（把握 ${Math.round(a.persona.confidence * 100)}%）；还款能力${LEVEL[a.ability.level]}，还款意愿${LEVEL[a.willingness.level]}。`,
    );
  if (a.violations.length) {
    const rules = unique(a.violations.map((v) => ctx.ruleTitle?.(v.rule) || v.rule));
    lines.push(`合规提示：发现 ${a.violations.length} 处问题（${rules.join('、')}），需质检复核。`);
  } else lines.push('合规：未发现问题。');
  return lines.join('');
}

type Promised = Analysis['promises'][number];

/** Said as a payment besides one promised before: 再还, 剩下的, 尾款, 第二笔, 另外. */
const FURTHER = /再|剩下|剩余|余下|其余|尾款|余款|第二笔|下一笔|另外|还有/;

/**
 * The note's promise line. A debtor often says a promise more than once, or changes it: a later promise
 * replaces the one before unless it is said as a further payment (FURTHER) due after it — then both stand,
 * as parts of a plan. Replaced promises are named, so the collector sees the change of mind.
 */
function promiseLine(promises: readonly Promised[], tz: string): string {
  const standing: Promised[] = [];
  const replaced: Promised[] = [];
  const same = (a: Promised, b: Promised) =>
    a.amount === b.amount && a.amount_max === b.amount_max && a.due === b.due && a.kind === b.kind;
  for (const p of promises) {
    const last = standing.at(-1);
    if (!last) standing.push(p);
    else if (same(last, p)) standing[standing.length - 1] = p;
    else if (
      FURTHER.test(p.text) &&
      p.due !== null &&
      last.due !== null &&
      Date.parse(p.due) > Date.parse(last.due)
    )
      standing.push(p);
    else {
      if (!replaced.some((r) => same(r, last))) replaced.push(last);
      standing[standing.length - 1] = p;
    }
  }
  const said = (p: Promised) =>
    `${describePromise(p, tz)}${p.vague ? '（承诺含糊，需再确认金额和日期）' : ''}`;
  const what =
    standing.length === 1
      ? `承诺：${said(standing[0]!)}`
      : `承诺分 ${standing.length} 笔：${standing.map(said).join('；')}`;
  const before = replaced.filter((r) => !standing.some((s) => same(s, r)));
  return `${what}${before.length ? `（通话中先说过：${before.map((r) => describePromise(r, tz)).join('；')}）` : ''}，待坐席确认。`;
}

/**
 * The method's promise discipline for the latest promise: said back, where the money comes from, a reminder
 * before the due time. What is missing is what the collector does next time.
 */
function checkLine(c: PromiseCheck): string {
  const items = [
    c.read_back ? '已复述金额和日期' : '未复述金额和日期',
    c.source === 'asked' ? '已问资金来源' : c.source === 'told' ? '资金来源客户已说' : '未问资金来源',
    c.reminder ? '已告知到期前提醒' : '未告知到期前提醒',
  ];
  return `承诺核对：${items.join('，')}。`;
}

const LEVEL = { low: '低', medium: '中', high: '高', unknown: '未知' } as const;

export function describePromise(p: Analysis['promises'][number], timeZone: string): string {
  const amount =
    p.kind === 'minimum'
      ? `最低还款${p.amount !== null ? ` ${p.amount} 元` : ''}`
      : p.kind === 'full'
        ? `全额结清${p.amount !== null ? ` ${p.amount} 元` : ''}`
        : p.amount === null
          ? '金额未定'
          : p.amount_max !== null && p.amount_max !== p.amount
            ? `${p.amount}-${p.amount_max} 元`
            : `${p.amount} 元`;
  const due = p.due
    ? `${formatInZone(new Date(p.due), timeZone).slice(0, 16).replace('T', ' ')} 前`
    : '日期未定';
  return `${due}还 ${amount}`;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function p2(n: number): string {
  return n.toString().padStart(2, '0');
}
