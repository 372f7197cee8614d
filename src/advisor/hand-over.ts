import { z } from 'zod';
import { factsSchema } from '../analysis/contract';
import { DomainError } from '../domain/errors';
import {
  INTENT_NAMES_ZH,
  type IntentId,
  PERSONA_NAMES_ZH,
  PERSONAS,
  type PersonaId,
  REASON_NAMES_ZH,
  STRATEGIES,
  STRATEGY_NAMES_ZH,
  type StrategyId,
} from '../domain/ids';
import type { Playbook } from '../playbook';
import {
  collectorRoleSchema,
  heardTurnSchema,
  outcomeEventsSchema,
  type PersonaView,
  personaViewSchema,
} from './input';
import { formatAmount, formatDateZh } from './scripts';
import { personaWeights } from './suggest-next';

/**
 * Team tactics: a case moves from one collector to another — the friendly collector hands to a
 * firm colleague (pressure comes from "the bank's requirement", never from threats), the firm one
 * hands back to the helper, or the case goes up to a lead. The summary carries what the next
 * person must know so the debtor does not have to start again: the persona and why, what was
 * promised and kept or broken, what the debtor said, which strategies were used and what
 * followed, and how the next role should approach the debtor.
 */

export const handOverCallSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  role: collectorRoleSchema.optional(),
  collector: z.string().max(50).optional(),
  /** The labelled call; empty for a contact with no transcript. */
  turns: z.array(heardTurnSchema).default([]),
  /** Strategies used, when there is no transcript to read them from. */
  strategies: z.array(z.enum(STRATEGIES)).default([]),
  /** What became of the call's promise later (kept, broken, paid). */
  outcome: outcomeEventsSchema.optional(),
});
export type HandOverCall = z.infer<typeof handOverCallSchema>;

export const handOverInputSchema = z.object({
  case_id: z.string().max(100).optional(),
  from: z.object({ role: collectorRoleSchema, name: z.string().max(50).optional() }),
  to: z.object({ role: collectorRoleSchema, name: z.string().max(50).optional() }),
  persona: personaViewSchema,
  calls: z.array(handOverCallSchema).min(1),
  facts: factsSchema.optional(),
  at: z.iso.datetime({ offset: true }),
});
export type HandOverInput = z.input<typeof handOverInputSchema>;
type HandOverData = z.infer<typeof handOverInputSchema>;

export interface HandOverPromise {
  at: string;
  amount: number | null;
  due: string | null;
  status: 'kept' | 'broken' | 'open' | 'vague';
  quote: string;
}

export interface HandOver {
  to_role: HandOverInput['to']['role'];
  persona: { id: PersonaId | null; name_zh: string | null; confidence: number; evidence: string[] };
  promises: HandOverPromise[];
  said: { at: string; what_zh: string; quote: string }[];
  strategies: { id: StrategyId; name_zh: string; times: number; followed_zh: string }[];
  cautions: string[];
  approach: { strategies: StrategyId[]; text_zh: string };
  text_zh: string;
}

const ROLE_NAMES_ZH = { friendly: '主谈坐席（友好角色）', firm: '施压角色同事', lead: '主管' } as const;

/** The moves each role carries in the friendly-then-firm pairing; the persona's fit picks among them. */
const ROLE_MOVES: Record<HandOverInput['to']['role'], readonly StrategyId[]> = {
  firm: [
    'bear_burden',
    'correct_premise',
    'confrontation',
    'cite_precedent',
    'press_weakness',
    'foot_in_door',
  ],
  friendly: ['same_side', 'empathy', 'reciprocity', 'go_with_flow', 'praise', 'reframing', 'foot_in_door'],
  lead: ['cool_down', 'correct_premise', 'reciprocity', 'bear_burden', 'go_with_flow', 'empathy', 'draw_out'],
};

const NOTED_INTENTS: readonly IntentId[] = [
  'refuse',
  'complaint_threat',
  'request_plan',
  'claims_paid',
  'stalling',
  'question_identity',
];

function clip(s: string, n = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

export function handOver(raw: HandOverInput, playbook: Playbook): HandOver {
  const parsed = handOverInputSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const where = i ? `${i.path.join('.') || '(input)'}: ${i.message}` : '';
    throw new DomainError(
      'HANDOVER_INVALID',
      { en: `Invalid hand-over input: ${where}`, zh: `交接信息不完整或有误：${where}` },
      { issues: parsed.error.issues },
    );
  }
  const input = parsed.data;
  const at = new Date(input.at);
  const calls = [...input.calls].sort((a, b) => a.at.localeCompare(b.at));
  const weights = personaWeights(input.persona, []);
  const top = [...PERSONAS].sort((a, b) => weights[b] - weights[a])[0]!;
  const known = weights[top] > 1 / PERSONAS.length;
  const persona = summarisePersona(input.persona, known ? top : null);

  const promises: HandOverPromise[] = [];
  const said: HandOver['said'] = [];
  const usage = new Map<StrategyId, { times: number; promise: number; complaint: number; nothing: number }>();
  const cautions: string[] = [];
  for (const call of calls) {
    const day = call.at.slice(0, 10);
    const debtorTurns = call.turns.filter((t) => t.speaker === 'debtor');
    // The call's last promise carries its later fate; earlier ones in the same call were superseded.
    const lastPromise = [...debtorTurns].reverse().find((t) => t.promise);
    for (const t of debtorTurns) {
      if (t.promise && t === lastPromise) {
        const p = t.promise;
        const status: HandOverPromise['status'] =
          call.outcome?.promise_kept === true || call.outcome?.paid
            ? 'kept'
            : call.outcome?.promise_kept === false
              ? 'broken'
              : p.vague || p.amount === null || p.due === null
                ? 'vague'
                : 'open';
        promises.push({ at: day, amount: p.amount, due: p.due, status, quote: clip(t.text) });
      }
      for (const r of t.reasons)
        said.push({ at: day, what_zh: `原因：${REASON_NAMES_ZH[r]}`, quote: clip(t.text) });
      for (const i of t.intents)
        if (NOTED_INTENTS.includes(i))
          said.push({ at: day, what_zh: INTENT_NAMES_ZH[i], quote: clip(t.text) });
    }
    if (call.outcome?.promise_kept === false && !debtorTurns.some((t) => t.promise))
      promises.push({
        at: day,
        amount: null,
        due: null,
        status: 'broken',
        quote: '（无通话记录，承诺未兑现）',
      });

    const used = new Set<StrategyId>([
      ...call.strategies,
      ...call.turns.filter((t) => t.speaker === 'agent').flatMap((t) => t.strategies),
    ]);
    for (const s of used) {
      if (s === 'self_intro') continue;
      const u = usage.get(s) ?? { times: 0, promise: 0, complaint: 0, nothing: 0 };
      u.times++;
      const firstUse = call.turns.findIndex((t) => t.speaker === 'agent' && t.strategies.includes(s));
      const after = firstUse >= 0 ? call.turns.slice(firstUse + 1) : call.turns;
      const complained =
        after.some((t) => t.intents.includes('complaint_threat')) || call.outcome?.complaint === true;
      const promised = after.some((t) => t.promise) || call.outcome?.promise_made === true;
      if (complained) u.complaint++;
      else if (promised) u.promise++;
      else u.nothing++;
      usage.set(s, u);
    }
    for (const t of call.turns)
      if (t.speaker === 'agent')
        for (const v of t.violations)
          cautions.push(`${day} 的通话中出现违规（${v}）：“${clip(t.text, 30)}”，对方可能以此投诉`);
    if (call.turns.some((t) => t.intents.includes('complaint_threat')))
      cautions.push(`${day} 客户扬言投诉：先查看是否已进入投诉处理，投诉未答复前按政策暂停催收`);
    if (call.turns.some((t) => t.speaker === 'third_party'))
      cautions.push(`${day} 曾由第三方接听：对第三方不得提及欠款；对方要求不再来电的，不再联系此人`);
  }
  if (input.facts?.disputed) cautions.push('账户有登记的争议：核实结果出来之前不催争议部分');
  const broken = promises.filter((p) => p.status === 'broken').length;
  if (broken >= playbook.policies.broken_promise.escalate_after)
    cautions.push(`已跳票 ${broken} 次：按政策应由主管介入，找真正的决策人或重新评估方案`);

  const strategies = [...usage.entries()]
    .sort((a, b) => b[1].times - a[1].times || STRATEGIES.indexOf(a[0]) - STRATEGIES.indexOf(b[0]))
    .map(([id, u]) => ({
      id,
      name_zh: STRATEGY_NAMES_ZH[id],
      times: u.times,
      followed_zh: [
        u.promise ? `${u.promise} 次后有承诺` : '',
        u.complaint ? `${u.complaint} 次后客户投诉` : '',
        u.nothing ? `${u.nothing} 次后无进展` : '',
      ]
        .filter(Boolean)
        .join('，'),
    }));

  const failed = new Set(
    [...usage.entries()]
      .filter(([, u]) => u.complaint > 0 || (u.promise === 0 && u.times >= 2))
      .map(([id]) => id),
  );
  const approach = approachFor(
    input.to.role,
    weights,
    known ? top : null,
    failed,
    broken,
    cautions,
    playbook,
  );

  const result: Omit<HandOver, 'text_zh'> = {
    to_role: input.to.role,
    persona,
    promises,
    said: said.slice(-8),
    strategies,
    cautions: [...new Set(cautions)],
    approach,
  };
  return { ...result, text_zh: render(input, result, at) };
}

function summarisePersona(view: PersonaView, top: PersonaId | null): HandOver['persona'] {
  return {
    id: top,
    name_zh: top ? PERSONA_NAMES_ZH[top] : null,
    confidence: view.confidence,
    evidence: view.evidence.slice(0, 4),
  };
}

function approachFor(
  role: HandOverInput['to']['role'],
  weights: Record<PersonaId, number>,
  top: PersonaId | null,
  failed: ReadonlySet<StrategyId>,
  broken: number,
  cautions: readonly string[],
  playbook: Playbook,
): HandOver['approach'] {
  const fitOf = (s: StrategyId) =>
    PERSONAS.reduce((acc, p) => acc + weights[p] * (playbook.strategies[s].persona_fit[p] ?? 0), 0);
  const discouraged = (s: StrategyId) =>
    top ? playbook.personas[top].discouraged_strategies.includes(s) : false;
  const picks = ROLE_MOVES[role]
    .filter((s) => !failed.has(s) && !discouraged(s) && fitOf(s) >= 0.5)
    .sort((a, b) => fitOf(b) - fitOf(a))
    .slice(0, 3);
  const names = picks.map((s) => STRATEGY_NAMES_ZH[s]).join('、') || '以合规沟通为主';
  const complaint = cautions.some((c) => c.includes('投诉'));
  let text: string;
  switch (role) {
    case 'firm':
      text =
        top === 'jaded' || top === 'dominant' || complaint
          ? `这位客户不适合再加一个“施压”的角色${complaint ? '（已有投诉风险）' : ''}：建议改由主管接手。如仍需跟进，只讲合同条款和委托方的合法权利，语气平稳，不给把柄。`
          : `以委托方的要求和账户记录说话（压力来自银行，不来自你个人）：${names}。讲真实的程序和后果，不说已起诉、不编期限、不提家人；讲完立即留一个台阶，让友好的同事之后以帮手身份接回。`;
      break;
    case 'friendly':
      text = `以帮手身份接回：承认刚才银行那边的要求让他有压力，站在他这边把方案落地：${names}。只提委托方真实的方案和有效期。`;
      break;
    case 'lead':
      text =
        top === 'jaded'
          ? '评估停催：客户债务多、投诉倾向高，不是优先回款对象；保留低频、无投诉风险的联系，处境变化时再推进。'
          : top === 'dominant'
            ? `由主管以平稳、坚定的口吻重申合同条款和银行的合法权利，主动告知委托方的困难客户方案，让他自己选；仍谈不下去就记录并考虑停催。可用：${names}。`
            : broken > 0
              ? `已多次跳票：找到真正管钱、做主的人（由客户本人去请），按他能做到的数重定一个小而确定的安排。可用：${names}。`
              : `主管接手后先处理客户的不满，再重新评估方案：${names}。`;
      break;
  }
  return { strategies: picks, text_zh: text };
}

function promiseLine(p: HandOverPromise, at: Date): string {
  const status = { kept: '已兑现', broken: '已跳票', open: '待兑现', vague: '含糊/未落实' }[p.status];
  const amount = p.amount !== null ? `${formatAmount(p.amount)}元` : '金额未定';
  const due = p.due ? `${formatDateZh(p.due, at)}前` : '日期未定';
  return `${p.at}：${due}还${amount}（${status}）——“${p.quote}”`;
}

function render(input: HandOverData, h: Omit<HandOver, 'text_zh'>, at: Date): string {
  const out: string[] = [];
  const who = (x: HandOverData['from']) => `${ROLE_NAMES_ZH[x.role]}${x.name ? ` ${x.name}` : ''}`;
  out.push(`【案件交接${input.case_id ? ` ${input.case_id}` : ''}】${who(input.from)} → ${who(input.to)}`);
  out.push(
    h.persona.name_zh
      ? `类型：${h.persona.name_zh}（把握 ${Math.round(h.persona.confidence * 100)}%）`
      : '类型：尚不能判断',
  );
  for (const e of h.persona.evidence) out.push(`  · ${e}`);
  out.push(h.promises.length ? '承诺记录：' : '承诺记录：无');
  for (const p of h.promises) out.push(`  · ${promiseLine(p, at)}`);
  if (h.said.length) {
    out.push('客户说过：');
    for (const s of h.said) out.push(`  · ${s.at} ${s.what_zh}：“${s.quote}”`);
  }
  if (h.strategies.length) {
    out.push('用过的策略：');
    for (const s of h.strategies)
      out.push(`  · ${s.name_zh} ${s.times} 次${s.followed_zh ? `（${s.followed_zh}）` : ''}`);
  }
  if (h.cautions.length) {
    out.push('注意：');
    for (const c of h.cautions) out.push(`  · ${c}`);
  }
  out.push(`建议（${ROLE_NAMES_ZH[input.to.role]}）：${h.approach.text_zh}`);
  return out.join('\n');
}
