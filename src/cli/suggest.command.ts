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
import { DomainError } from '../domain/errors';
import { isOneOf, PERSONA_NAMES_ZH, PERSONAS, type PersonaId } from '../domain/ids';
import { createAnalyzer, loadModelFile } from '../io/analyzer-files';
import { DEFAULT_PLAYBOOK_DIR, loadPlaybookDir, readPlaybookFiles } from '../io/playbook-files';
import { type Playbook, STAGES, type Stage } from '../playbook';
import { createLogger } from '../server/logger';
import { PlaybookRegistry } from '../server/playbooks';
import { type AdviceSpeaker, adviceInput } from '../server/read/advice-input';
import { strategyOutcomes } from '../server/read/effectiveness';
import { createCaseStore } from '../store/case-store';
import type { Db } from '../store/db';
import { parseAt, readFacts, readText } from './analyze.command';
import { UsageError } from './cli-error';
import { openMigratedDb } from './db.command';
import { type Colours, colours } from './style';

export const SUGGEST_HELP = `huikuan suggest --transcript FILE [--facts F] [--at ISO] [options]
huikuan suggest --case ID [--call ID] [--as USER] [--at ISO] [options]

  Reads the call so far and prints the next strategies, ranked, each with why it fits now,
  1–3 lawful scripts filled with the case's facts, and what to avoid.

  --transcript FILE  the call so far: "坐席：…" / "客户：…" lines, or JSON Lines of {"speaker","text"}
  --facts FILE       account facts as JSON (client, debtor_name, balance, card_tail, offer …)
  --case ID          a stored case (the id the API and the web UI use, case_…): its latest call, its
                     earlier contacts and what followed, its facts and the bank's offer policy, ranked
                     with what the agency's calls taught (as GET /api/cases/{id}/suggestions does).
                     The database is DATABASE_URL, else PGlite in DATA_DIR/pglite ("huikuan db migrate" first)
  --call ID          with --case: which of the case's calls (default: the latest; none yet: a first call)
  --as USER          with --case: who will speak (a login or user id of the case's agency): your name
                     and staff number fill the scripts; without it they show as 【…】
  --at ISO           the moment of the call (default: now; with --case, the stored call's own time);
                     an offer past its expiry is not quoted
  --stage S          first_call | follow_up | broken_promise | third_party | angry | dispute
                     (default: inferred from the call and --history)
  --history FILE     earlier contacts as a JSON array: [{"at","connected","strategies","outcome"}]
  --policy FILE      the client bank's offer policy: {"instalments_max","waiver","interest_stop"}
                     (--facts, --history and --policy come from the store with --case)
  --profile FILE     your details for the scripts: {"agent_name","staff_id","company",
                     "callback_phone","complaint_channel","service_phone","payment_channel"};
                     without it those slots show as 【…】 for you to fill in (with --case it
                     overrides what the store knows)
  --persona ID       the debtor's type when a lead has recorded it (default: the analyser's estimate)
  --limit N          how many strategies to show (default 5)
  --json             print the advice as JSON
`;

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

export async function suggestCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      transcript: { type: 'string' },
      case: { type: 'string' },
      call: { type: 'string' },
      as: { type: 'string' },
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
  const persona = values.persona && isOneOf(PERSONAS, values.persona) ? values.persona : undefined;
  const stage = values.stage && isOneOf(STAGES, values.stage) ? values.stage : undefined;

  let advice: Advice;
  if (values.case) {
    if (values.transcript) throw new UsageError('give either --case or --transcript, not both');
    for (const o of ['facts', 'history', 'policy'] as const)
      if (values[o]) throw new UsageError(`--${o} comes from the case store with --case: leave it out`);
    const profile = values.profile ? readJson(values.profile, scriptContextSchema, 'profile') : undefined;
    const db = await openMigratedDb();
    try {
      advice = await adviseOnCase(db, values.case, {
        at,
        callId: values.call,
        as: values.as,
        profile,
        stage,
        persona,
        limit,
      });
    } finally {
      await db.close();
    }
  } else {
    if (!values.transcript)
      throw new UsageError('name the call with --transcript FILE (or a case with --case ID)');
    for (const o of ['call', 'as'] as const) if (values[o]) throw new UsageError(`--${o} goes with --case`);
    const playbook = loadPlaybookDir();
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
    const input: AdviceInput = {
      turns: heardFromAnalysis(analysis),
      persona: persona ? certainPersona(persona) : personaFromAnalysis(analysis),
      ...(stage ? { stage } : {}),
      history,
      ...(facts ? { facts } : {}),
      ...(policy ? { policy } : {}),
      context,
      at: at.toISOString(),
    };
    advice = suggestNext(input, {
      playbook,
      effectiveness: new EffectivenessTable(playbook.strategies),
      limit,
    });
  }
  if (values.json) process.stdout.write(`${JSON.stringify(advice, null, 2)}\n`);
  else
    process.stdout.write(
      renderAdvice(
        advice,
        colours(process.stdout),
        values.profile ? false : values.case ? (values.as ? '--profile' : '--as / --profile') : '--profile',
      ),
    );
  return 0;
}

/** "case X not found": on the console there is no agency to scope the search by, so none is named. */
function notFoundHere(entity: 'case' | 'user', id: string, caseId?: string): DomainError {
  return new DomainError(
    `${entity}.not_found`,
    entity === 'case'
      ? { en: `case ${id} not found`, zh: `没有找到案件 ${id}` }
      : {
          en: `user ${id} not found in the agency of case ${caseId}`,
          zh: `案件 ${caseId} 所属机构中没有找到用户 ${id}`,
        },
    { entity, id },
  );
}

/**
 * `--case ID`: the advice the API gives on the case (GET /api/cases/{caseId}/suggestions), read by
 * the operator on the server's console. The case's own agency; its playbook with the agency's edits;
 * the ranking learned from the agency's calls; the speaker's details from `--as`, else placeholders.
 * Like the other read-only console commands (queue, guard) it writes no audit entry: the store audits
 * changes and the unmasked view (reveal), and this is the advice GET …/suggestions returns, which is
 * not audited either.
 */
export async function adviseOnCase(
  db: Db,
  caseId: string,
  opts: {
    at: Date;
    callId?: string | undefined;
    as?: string | undefined;
    profile?: ScriptContext | undefined;
    stage?: Stage | undefined;
    persona?: PersonaId | undefined;
    limit: number;
  },
): Promise<Advice> {
  // Case ids are unique across the installation, so the case names its agency.
  const found = await db.query<{ agency_id: string }>('select agency_id from cases where id = $1', [caseId]);
  const agencyId = found.rows[0]?.agency_id;
  if (!agencyId) throw notFoundHere('case', caseId);
  const speaker: AdviceSpeaker = { agencyId };
  if (opts.as) {
    const u = await db.query<{ name: string; staff_no: string | null }>(
      `select name, staff_no from users
        where agency_id = $1 and (id = $2 or lower(login) = lower($2)) order by (id = $2) desc limit 1`,
      [agencyId, opts.as],
    );
    const user = u.rows[0];
    if (!user) throw notFoundHere('user', opts.as, caseId);
    speaker.name = user.name;
    speaker.staffNo = user.staff_no;
  }
  const [{ input }, playbook, cells] = await Promise.all([
    adviceInput({ db, store: createCaseStore(db) }, speaker, caseId, { callId: opts.callId, now: opts.at }),
    agencyPlaybook(db, agencyId),
    strategyOutcomes(db, { agencyId }),
  ]);
  return suggestNext(
    {
      ...input,
      ...(opts.persona ? { persona: certainPersona(opts.persona) } : {}),
      ...(opts.stage ? { stage: opts.stage } : {}),
      context: {
        ...PROFILE_PLACEHOLDERS,
        ...input.context,
        ...opts.profile,
      },
    },
    { playbook, effectiveness: new EffectivenessTable(playbook.strategies, cells), limit: opts.limit },
  );
}

/** The agency's playbook as the server uses it: the shipped files with the agency's stored edits. */
async function agencyPlaybook(db: Db, agencyId: string): Promise<Playbook> {
  const shipped = loadPlaybookDir();
  const edited = await db.query('select 1 from playbook_edits where agency_id = $1 limit 1', [agencyId]);
  // Without edits it is the shipped playbook; the registry (and its analysis model) is only worth
  // loading when there is something to lay over it.
  if (!edited.rows.length) return shipped;
  const logger = createLogger({ level: 'error', write: (line) => process.stderr.write(line) });
  const registry = new PlaybookRegistry(
    db,
    readPlaybookFiles(DEFAULT_PLAYBOOK_DIR),
    shipped,
    loadModelFile(),
    logger,
  );
  return (await registry.get(agencyId)).playbook;
}

/** `placeholders`: the option that would have filled the 【…】 slots, when the collector gave none. */
export function renderAdvice(a: Advice, c: Colours, placeholders: string | false = false): string {
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
    out.push('', c.dim(`未提供 ${placeholders}：话术中的【…】请换成您自己的信息。`));
  return `${out.join('\n')}\n`;
}
