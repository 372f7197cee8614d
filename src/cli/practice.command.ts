import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import {
  certainPersona,
  heardFromAnalysis,
  PRACTICE_SITUATION_NAMES_ZH,
  PRACTICE_SITUATIONS,
  type PracticeResult,
  PracticeSession,
  type PracticeSituation,
  suggestNext,
} from '../advisor';
import { isOneOf, PERSONA_NAMES_ZH, PERSONAS, type PersonaId } from '../domain/ids';
import { createAnalyzer } from '../io/analyzer-files';
import { loadPlaybookDir } from '../io/playbook-files';
import type { Playbook } from '../playbook';
import { readFacts, readText } from './analyze.command';
import { UsageError } from './cli-error';
import { type Colours, colours } from './style';

export const PRACTICE_HELP = `huikuan practice --persona ID --situation S [--seed N] [--script FILE] [options]

  Practise a call with a simulated debtor. Type what you would say; the debtor answers as its
  type would. At the end the analyser scores the call and says what to do better.

  --persona ID     guilty | lucky | vain | dominant | timid | jaded
  --situation S    first_call | broken_promise | third_party | angry | dispute
  --seed N         replays a session: the same seed and the same lines give the same call
                   (default: a new seed, printed so the call can be replayed)
  --script FILE    the trainee's lines, one a line (blank lines and # comments skipped);
                   without it the session is interactive (or reads lines from a pipe)
  --facts FILE     account facts as JSON (default: a made-up account from the seed)
  --at ISO         the clock of the call (default ${'2026-11-30T10:00:00+08:00'}, fixed so replays match)
  --json           print the result (transcript, analysis, score) as JSON

  In an interactive session: /提示 (or /hint) shows the advisor's next move, /结束 (or /end) ends the call.
`;

const SPEAKER_ZH = { agent: '坐席', debtor: '客户', third_party: '家属' } as const;

export async function practiceCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      persona: { type: 'string' },
      situation: { type: 'string' },
      seed: { type: 'string' },
      script: { type: 'string' },
      facts: { type: 'string' },
      at: { type: 'string' },
      json: { type: 'boolean', default: false },
      model: { type: 'string' },
    },
  });
  const persona = values.persona;
  if (!persona || !isOneOf(PERSONAS, persona))
    throw new UsageError(`--persona must be one of ${PERSONAS.join(', ')}`);
  const situation = values.situation ?? 'first_call';
  if (!isOneOf(PRACTICE_SITUATIONS, situation))
    throw new UsageError(`--situation must be one of ${PRACTICE_SITUATIONS.join(', ')}`);
  if (values.at && Number.isNaN(new Date(values.at).getTime()))
    throw new UsageError('--at must be an ISO-8601 time such as 2026-11-30T10:00:00+08:00');
  const seed = values.seed ?? String(Math.floor(Math.random() * 1_000_000));
  const playbook = loadPlaybookDir();
  const facts = values.facts ? readFacts(values.facts) : undefined;
  const session = new PracticeSession({
    persona,
    situation,
    seed,
    labeller: createAnalyzer({ playbook, modelPath: values.model }),
    playbook,
    ...(facts ? { facts } : {}),
    ...(values.at ? { at: new Date(values.at).toISOString() } : {}),
  });
  const c = colours(process.stdout);
  const scripted = values.script !== undefined || process.stdin.isTTY !== true;
  const show = !values.json;

  if (show) process.stdout.write(header(persona, situation, seed, session, c));
  const opening = session.start();
  if (show && !scripted) for (const t of opening) process.stdout.write(`${line(t.speaker, t.text, c)}\n`);

  if (scripted) {
    const text = values.script ? readText(values.script) : await readStdin();
    for (const raw of text.split(/\r?\n/)) {
      const l = raw.trim();
      if (!l || l.startsWith('#')) continue;
      if (session.ended || l === '/结束' || l === '/end') break;
      session.say(l);
    }
  } else {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      while (!session.ended) {
        const l = (await rl.question(c.blue('坐席> '))).trim();
        if (!l) continue;
        if (l === '/结束' || l === '/end') break;
        if (l === '/提示' || l === '/hint') {
          process.stdout.write(hint(session, persona, playbook, c));
          continue;
        }
        const { replies } = session.say(l);
        for (const t of replies) process.stdout.write(`${line(t.speaker, t.text, c)}\n`);
      }
    } finally {
      rl.close();
    }
  }
  const result = session.finish();
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(renderResult(result, c, scripted));
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function line(speaker: keyof typeof SPEAKER_ZH, text: string, c: Colours): string {
  const who =
    speaker === 'agent' ? c.blue('坐席') : speaker === 'debtor' ? c.green('客户') : c.yellow('家属');
  return `${who}：${text}`;
}

function header(
  persona: PersonaId,
  situation: PracticeSituation,
  seed: string,
  s: PracticeSession,
  c: Colours,
) {
  const f = s.facts;
  return (
    `${c.bold(`练习：${PERSONA_NAMES_ZH[persona]} · ${PRACTICE_SITUATION_NAMES_ZH[situation]}`)}  ${c.dim(`种子 ${seed}（用 --seed ${seed} 重放）`)}\n` +
    c.dim(
      `账户：${f.debtor_name ?? '债务人'}，${f.client ?? '委托方'}信用卡尾号${f.card_tail ?? '—'}，欠款${f.balance ?? '—'}元，最低还款${f.minimum_payment ?? '—'}元，逾期${f.days_overdue ?? '—'}天\n\n`,
    )
  );
}

function hint(s: PracticeSession, persona: PersonaId, playbook: Playbook, c: Colours): string {
  const a = s.current();
  const advice = suggestNext(
    {
      turns: heardFromAnalysis(a),
      persona: certainPersona(persona),
      history: [],
      facts: s.facts,
      context: {},
      at: s.at,
    },
    { playbook, limit: 3 },
  );
  return `${advice.strategies.map((x, i) => c.cyan(`  提示 ${i + 1}. ${x.name_zh}：${x.reason_zh}`)).join('\n')}\n`;
}

export function renderResult(r: PracticeResult, c: Colours, withTranscript: boolean): string {
  const out: string[] = [];
  if (withTranscript) {
    for (const t of r.transcript) out.push(line(t.speaker, t.text, c));
    out.push('');
  }
  const s = r.score;
  out.push(
    c.bold(`得分：${s.total} / 100（${s.grade_zh}）`) +
      c.dim(
        `  策略 ${s.parts.strategy}/35 · 承诺 ${s.parts.promise}/25 · 合规 ${s.parts.compliance}/30 · 身份 ${s.parts.identity}/10`,
      ),
  );
  for (const f of s.feedback_zh)
    out.push(`  ${f.startsWith('✗') ? c.red(f) : f.startsWith('✓') ? c.green(f) : f}`);
  if (s.next_time.length) out.push(`  下一步可以：${s.next_time.map((x) => x.name_zh).join('、')}`);
  out.push(
    c.dim(
      `  分析器判断的类型：${s.recognised ? PERSONA_NAMES_ZH[s.recognised] : '无法判断'}；` +
        `模拟结果：${r.outcome.promise ? (r.outcome.paid ? '到期会还款' : '到期不会还款') : '没有承诺'}`,
    ),
  );
  return `${out.join('\n')}\n`;
}
