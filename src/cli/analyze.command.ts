import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Analyzer } from '../analysis/analyze';
import { type Analysis, type Facts, factsSchema } from '../analysis/contract';
import { describePromise } from '../analysis/note';
import { parseTranscript } from '../analysis/transcript';
import { SHANGHAI } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import {
  INTENT_NAMES_ZH,
  INTENTS,
  isOneOf,
  PERSONA_NAMES_ZH,
  PERSONAS,
  REASON_NAMES_ZH,
  REASONS,
  STRATEGIES,
  STRATEGY_NAMES_ZH,
} from '../domain/ids';
import { createAnalyzer } from '../io/analyzer-files';
import { runBatch } from './batch';
import { UsageError } from './cli-error';
import { type Colours, colours } from './style';

export const ANALYZE_HELP = `huikuan analyze FILE [--at ISO] [--facts facts.json] [--json]
huikuan analyze --batch FILE.jsonl --json [--workers N]

  FILE            a transcript: "坐席：…" / "客户：…" lines, or JSON Lines of {"speaker","text"}
  --at ISO        reference time for relative dates (default: now, Asia/Shanghai)
  --facts FILE    account facts as JSON (product, principal, lawsuit_filed, offer …)
  --json          print the analysis contract as JSON
  --batch FILE    JSON Lines, one call a line: {"id","at","facts","turns":[{"speaker","text"}]};
                  prints one JSON line per call, in input order, carrying its id (a bad line
                  prints {"id","line","error"} and the batch goes on; blank lines are skipped)
`;

export async function analyzeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      at: { type: 'string' },
      facts: { type: 'string' },
      json: { type: 'boolean', default: false },
      batch: { type: 'string' },
      workers: { type: 'string' },
      model: { type: 'string' },
    },
  });
  if (values.batch) {
    if (!values.json) throw new UsageError('--batch writes JSON Lines: add --json');
    const workers = values.workers ? Number(values.workers) : undefined;
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64))
      throw new UsageError('--workers must be a whole number from 1 to 64');
    const stats = await runBatch({
      input: values.batch,
      output: process.stdout,
      workers,
      modelPath: values.model,
      progress: process.stderr.isTTY === true,
    });
    return stats.failed > 0 ? 1 : 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError('name a transcript file');
  const at = values.at ? parseAt(values.at) : new Date();
  const facts = values.facts ? readFacts(values.facts) : undefined;
  const text = readText(file);
  const turns = parseTranscript(text);
  const analyzer: Analyzer = createAnalyzer({ modelPath: values.model });
  const analysis = analyzer.analyze(turns, { at, facts });
  if (values.json) process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
  else process.stdout.write(render(analysis, colours(process.stdout)));
  return 0;
}

export function parseAt(s: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(s))
    throw new UsageError(`--at must be an ISO-8601 time such as 2026-11-30T10:00:00+08:00 (got "${s}")`);
  return d;
}

/** Reads a file as strict UTF-8: bytes that are not UTF-8 are an error naming the line. */
export function readText(file: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new DomainError('file.unreadable', {
      en: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      zh: `无法读取 ${file}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const text = buf.toString('utf8');
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    throw new DomainError('file.encoding', {
      en: `${file}: line ${line}: the bytes are not valid UTF-8 (save the file as UTF-8)`,
      zh: `${file}：第 ${line} 行：不是有效的 UTF-8 编码（请另存为 UTF-8）`,
    });
  }
}

export function readFacts(file: string): Facts {
  let json: unknown;
  try {
    json = JSON.parse(readText(file));
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new UsageError(`${file}: invalid JSON (${(e as Error).message})`);
  }
  const r = factsSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(`${file}: ${i.path.join('.') || '(facts)'}: ${i.message}`);
  }
  return r.data;
}

function name(kind: 'strategy' | 'reason' | 'intent', id: string): string {
  if (kind === 'strategy' && isOneOf(STRATEGIES, id)) return STRATEGY_NAMES_ZH[id];
  if (kind === 'reason' && isOneOf(REASONS, id)) return REASON_NAMES_ZH[id];
  if (kind === 'intent' && isOneOf(INTENTS, id)) return INTENT_NAMES_ZH[id];
  return id;
}

const SPEAKER_ZH = { agent: '坐席', debtor: '客户', third_party: '第三方' } as const;

export function render(a: Analysis, c: Colours): string {
  const out: string[] = [];
  for (const t of a.turns) {
    const who =
      t.speaker === 'agent'
        ? c.blue(SPEAKER_ZH.agent)
        : t.speaker === 'debtor'
          ? c.green(SPEAKER_ZH.debtor)
          : c.yellow(SPEAKER_ZH.third_party);
    const aud = t.speaker === 'agent' && t.audience === 'third_party' ? c.dim('（对第三方）') : '';
    out.push(`${c.dim(String(t.index + 1).padStart(3))} ${who}${aud}：${t.text}`);
    const tags: string[] = [];
    for (const l of t.labels) {
      const colour = l.kind === 'strategy' ? c.cyan : l.kind === 'reason' ? c.yellow : c.magenta;
      tags.push(colour(`[${name(l.kind, l.id)} ${l.id}]`) + c.dim(` «${l.evidence.text}»`));
    }
    if (tags.length) out.push(`      ${tags.join('  ')}`);
    if (t.promise)
      out.push(
        `      ${c.green(`承诺：${describePromise(t.promise, SHANGHAI)}${t.promise.vague ? '（含糊）' : ''}`)}`,
      );
    for (const v of a.violations.filter((x) => x.turn === t.index))
      out.push(
        `      ${c.red(`⚠ ${v.rule} [${v.severity}]`)} ${v.reason} ${c.dim(`«${v.evidence}» ${v.force} ${v.source}`)}`,
      );
  }
  out.push('');
  const p = a.persona;
  out.push(
    c.bold(
      `类型：${p.id ? `${PERSONA_NAMES_ZH[p.id]} (${p.id})` : '无法判断'}  把握 ${Math.round(p.confidence * 100)}%`,
    ),
  );
  out.push(
    `  ${PERSONAS.map((id) => `${PERSONA_NAMES_ZH[id]} ${Math.round((p.scores[id] ?? 0) * 100)}%`).join('  ')}`,
  );
  for (const e of p.evidence) out.push(c.dim(`  · ${e}`));
  out.push(
    `还款能力：${a.ability.level}（${a.ability.score}）  还款意愿：${a.willingness.level}（${a.willingness.score}）`,
  );
  out.push(a.violations.length ? c.red(`合规问题 ${a.violations.length} 处`) : c.green('合规：未发现问题'));
  if (!a.disclosure.identity.ok)
    out.push(c.red(`  开场身份说明缺少：${a.disclosure.identity.missing.join(', ')}`));
  out.push('');
  out.push(c.bold('催记草稿：'));
  out.push(a.note);
  return `${out.join('\n')}\n`;
}
