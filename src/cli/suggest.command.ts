import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  type Advice,
  type AdviceInput,
  certainPersona,
  EffectivenessTable,
  heardFromAnalysis,
  offerPolicySchema,
  pastContactSchema,
  personaFromAnalysis,
  type ScriptContext,
  STAGE_NAMES_ZH,
  scriptContextSchema,
  suggestNext,
} from '../advisor';
import { parseTranscript } from '../analysis/transcript';
import { isOneOf, PERSONA_NAMES_ZH, PERSONAS } from '../domain/ids';
import { createAnalyzer } from '../io/analyzer-files';
import { loadPlaybookDir } from '../io/playbook-files';
import { STAGES } from '../playbook';
import { parseAt, readFacts, readText } from './analyze.command';
import { UsageError } from './cli-error';
import { type Colours, colours } from './style';

export const SUGGEST_HELP = `huikuan suggest --transcript FILE [--facts F] [--at ISO] [options]
huikuan suggest --case ID          (needs the case store; not available yet)

  Reads the call so far and prints the next strategies, ranked, each with why it fits now,
  1–3 lawful scripts filled with the case's facts, and what to avoid.

  --transcript FILE  the call so far: "坐席：…" / "客户：…" lines, or JSON Lines of {"speaker","text"}
  --facts FILE       account facts as JSON (client, debtor_name, balance, card_tail, offer …)
  --at ISO           the moment of the call (default: now); an offer past its expiry is not quoted
  --stage S          first_call | follow_up | broken_promise | third_party | angry | dispute
                     (default: inferred from the call and --history)
  --history FILE     earlier contacts as a JSON array: [{"at","connected","strategies","outcome"}]
  --policy FILE      the client bank's offer policy: {"instalments_max","waiver","interest_stop"}
  --profile FILE     your details for the scripts: {"agent_name","staff_id","company",
                     "callback_phone","complaint_channel","service_phone","payment_channel"};
                     without it those slots show as 【…】 for you to fill in
  --persona ID       the debtor's type when a lead has recorded it (default: the analyser's estimate)
  --limit N          how many strategies to show (default 5)
  --json             print the advice as JSON
`;

/**
 * Where `--case ID` reads a case from. The case store (src/cases) will provide it: the call so
 * far, the case's contact history and outcomes, its facts, the client's offer policy and the
 * collector's profile, assembled as an AdviceInput. Until then `--case` explains that it is not
 * available.
 */
export interface SuggestCaseSource {
  load(caseId: string, at: Date): Promise<AdviceInput>;
}

/** Shown in place of profile slots when no --profile is given: visibly for the collector to fill. */
const PROFILE_PLACEHOLDERS: ScriptContext = {
  agent_name: '【您的姓名】',
  staff_id: '【工号】',
  company: '【公司名称】',
  callback_phone: '【回电号码】',
  complaint_channel: '【官方投诉渠道】',
  service_phone: '【委托方客服电话】',
  payment_channel: '【委托方官方还款渠道】',
};

function readJson<T>(file: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch (e) {
    if (e instanceof SyntaxError) throw new UsageError(`${file}: invalid JSON (${e.message})`);
    throw e;
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(
      `${file}: ${what}: ${i ? `${i.path.join('.') || '(top)'}: ${i.message}` : 'invalid'}`,
    );
  }
  return r.data;
}

export async function suggestCommand(
  argv: string[],
  deps: { cases?: SuggestCaseSource } = {},
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      transcript: { type: 'string' },
      case: { type: 'string' },
      facts: { type: 'string' },
      at: { type: 'string' },
      stage: { type: 'string' },
      history: { type: 'string' },
      policy: { type: 'string' },
      profile: { type: 'string' },
      persona: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
    },
  });
  const at = values.at ? parseAt(values.at) : new Date();
  const limit = values.limit ? Number(values.limit) : 5;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 17))
    throw new UsageError('--limit must be a whole number from 1 to 17');
  if (values.stage && !isOneOf(STAGES, values.stage))
    throw new UsageError(`--stage must be one of ${STAGES.join(', ')}`);
  if (values.persona && !isOneOf(PERSONAS, values.persona))
    throw new UsageError(`--persona must be one of ${PERSONAS.join(', ')}`);
  const playbook = loadPlaybookDir();

  let input: AdviceInput;
  if (values.case) {
    if (values.transcript) throw new UsageError('give either --case or --transcript, not both');
    if (!deps.cases)
      throw new UsageError(
        '--case needs the case store, which is not available yet: use --transcript FILE --facts F for now',
      );
    input = await deps.cases.load(values.case, at);
  } else {
    if (!values.transcript)
      throw new UsageError('name the call with --transcript FILE (or a case with --case ID)');
    const turns = parseTranscript(readText(values.transcript));
    const facts = values.facts ? readFacts(values.facts) : undefined;
    const analysis = createAnalyzer({ playbook, modelPath: values.model }).analyze(turns, {
      at,
      ...(facts ? { facts } : {}),
    });
    const history = values.history ? readJson(values.history, pastContactSchema.array(), 'history') : [];
    const policy = values.policy ? readJson(values.policy, offerPolicySchema, 'offer policy') : undefined;
    const context = values.profile
      ? readJson(values.profile, scriptContextSchema, 'profile')
      : PROFILE_PLACEHOLDERS;
    input = {
      turns: heardFromAnalysis(analysis),
      persona:
        values.persona && isOneOf(PERSONAS, values.persona)
          ? certainPersona(values.persona)
          : personaFromAnalysis(analysis),
      ...(values.stage && isOneOf(STAGES, values.stage) ? { stage: values.stage } : {}),
      history,
      ...(facts ? { facts } : {}),
      ...(policy ? { policy } : {}),
      context,
      at: at.toISOString(),
    };
  }
  const advice = suggestNext(input, {
    playbook,
    effectiveness: new EffectivenessTable(playbook.strategies),
    limit,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(advice, null, 2)}\n`);
  else process.stdout.write(renderAdvice(advice, colours(process.stdout), !values.profile && !values.case));
  return 0;
}

export function renderAdvice(a: Advice, c: Colours, placeholders = false): string {
  const out: string[] = [];
  out.push(
    c.bold(`场景：${STAGE_NAMES_ZH[a.stage]}`) +
      c.dim(`（${a.stage_inferred ? '推断' : '给定'}：${a.stage_reason_zh}）`) +
      (a.audience === 'third_party' ? c.red('  现在听电话的是第三方') : ''),
  );
  const top = a.persona.id;
  out.push(
    top
      ? `类型：${PERSONA_NAMES_ZH[top]}（可能性 ${Math.round((a.persona.weights[top] ?? 0) * 100)}%）`
      : '类型：尚不能判断',
  );
  if (a.warnings.length) {
    out.push('', c.bold('注意：'));
    for (const w of a.warnings) {
      const mark = w.severity === 'stop' ? c.red('■') : w.severity === 'caution' ? c.yellow('▲') : c.dim('·');
      out.push(`  ${mark} ${w.text_zh}`);
    }
  }
  out.push('', c.bold('下一步可以这样做：'));
  a.strategies.forEach((s, i) => {
    out.push(
      `${c.bold(`${i + 1}. ${s.name_zh}`)} ${c.dim(`${s.id} · ${s.group_zh} · 风险${{ low: '低', medium: '中', high: '高' }[s.risk]}`)}`,
    );
    out.push(`   ${c.cyan('为什么：')}${s.reason_zh}`);
    for (const sc of s.scripts) out.push(`   ${c.green('话术')} ${sc.text}`);
    if (s.risk !== 'low') out.push(c.dim(`   边界：${s.boundary_zh}`));
  });
  if (a.actions.length) out.push('', `${c.bold('流程动作：')}${a.actions.join('、')}`);
  if (placeholders && a.strategies.some((s) => s.scripts.some((x) => x.text.includes('【'))))
    out.push('', c.dim('未提供 --profile：话术中的【…】请换成您自己的信息。'));
  return `${out.join('\n')}\n`;
}
