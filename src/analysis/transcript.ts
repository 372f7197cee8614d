import { DomainError } from '../domain/errors';
import type { Speaker } from '../domain/ids';
import { type InputTurn, inputTurnSchema } from './contract';

/**
 * Reads a transcript in either contract format: plain text (`SPEAKER：TEXT`, one turn a line,
 * continuation lines join the previous turn) or JSON Lines. Errors name the line.
 */

const PREFIXES: ReadonlyArray<readonly [string, Speaker]> = [
  ['坐席', 'agent'],
  ['座席', 'agent'],
  ['专员', 'agent'],
  ['催收员', 'agent'],
  ['我方', 'agent'],
  ['催收', 'agent'],
  ['agent', 'agent'],
  ['客户', 'debtor'],
  ['卡人', 'debtor'],
  ['债务人', 'debtor'],
  ['持卡人', 'debtor'],
  ['debtor', 'debtor'],
  ['三方', 'third_party'],
  ['第三方', 'third_party'],
  ['家属', 'third_party'],
  ['联系人', 'third_party'],
  ['third_party', 'third_party'],
];
const PREFIX_MAP = new Map<string, Speaker>(PREFIXES.map(([p, s]) => [p.toLowerCase(), s]));

/** A line that starts like `xxx：` or `xxx:` with a short label before the colon. */
const LABEL_RE = /^\s*([A-Za-z_\u4e00-\u9fa5]{1,12})\s*[：:]\s?(.*)$/;
/**
 * What ASR and call-centre exports put around the speaker, removed before the prefix is read: a
 * leading time or date-time (`[00:01:23]`, `00:01:23.5`, `(12.3s)`, `2026-12-01 10:00:03`, an SRT range
 * `00:00:01,000 --> 00:00:03,500`), and a tag after the speaker — a staff number or a name in brackets or
 * after a space (`坐席(1001)：`, `坐席【王丽】：`, `坐席 王丽：`). Only a known prefix makes such a line a turn.
 */
const TIME = String.raw`(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T])?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const STAMP_RE = new RegExp(
  String.raw`^\s*(?:[[(（【]\s*(?:${TIME}(?:\s*(?:-->|-|~|至)\s*${TIME})?|\d+(?:\.\d+)?\s*s)\s*[\])）】]|${TIME}(?:\s*(?:-->|-|~)\s*${TIME})?)\s*`,
);
const TAGGED_RE =
  /^\s*([A-Za-z_\u4e00-\u9fa5]{1,12})(?:\s*[(（【[][^)）】\]]{1,20}[)）】\]]|[ \t]+[A-Za-z0-9_\u4e00-\u9fa5]{1,10})\s*[：:]\s?(.*)$/;

/** The speaker and the text of a line that opens a turn, or null (a continuation line). */
function turnOf(line: string): { label: string; speaker: Speaker | undefined; text: string } | null {
  const bare = line.replace(STAMP_RE, '');
  const m = LABEL_RE.exec(bare);
  if (m) return { label: m[1]!, speaker: speakerForPrefix(m[1]!), text: (m[2] ?? '').trim() };
  const t = TAGGED_RE.exec(bare);
  const speaker = t ? speakerForPrefix(t[1]!) : undefined;
  return t && speaker ? { label: t[1]!, speaker, text: (t[2] ?? '').trim() } : null;
}

export const MAX_LINE_BYTES = 1_000_000;

export function transcriptError(line: number, en: string, zh: string): DomainError {
  return new DomainError(
    'transcript.invalid',
    { en: `line ${line}: ${en}`, zh: `第 ${line} 行：${zh}` },
    { line },
  );
}

export function speakerForPrefix(prefix: string): Speaker | undefined {
  return PREFIX_MAP.get(prefix.trim().toLowerCase());
}

/** Detects the format from the first non-blank character. */
export function parseTranscript(text: string): InputTurn[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) {
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    throw transcriptError(line, 'the text is not valid UTF-8', '文本不是有效的 UTF-8 编码');
  }
  const first = text.trimStart()[0];
  if (first === undefined) throw transcriptError(1, 'the transcript is empty', '转写文本为空');
  return first === '{' ? parseJsonLines(text) : parsePlain(text);
}

export function parsePlain(text: string): InputTurn[] {
  const turns: InputTurn[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.length > MAX_LINE_BYTES)
      throw transcriptError(lineNo, `the line is longer than ${MAX_LINE_BYTES} characters`, '该行过长');
    const line = raw.trim();
    if (!line) return;
    const m = turnOf(line);
    if (m) {
      if (m.speaker) {
        turns.push({ speaker: m.speaker, text: m.text });
        return;
      }
      if (turns.length === 0)
        throw transcriptError(
          lineNo,
          `unknown speaker prefix "${m.label}" (use 坐席/催收员/agent, 客户/持卡人/debtor, 第三方/家属/third_party)`,
          `未知的说话人前缀"${m.label}"（可用：坐席/催收员/agent，客户/持卡人/debtor，第三方/家属/third_party）`,
        );
    }
    const prev = turns[turns.length - 1];
    if (!prev)
      throw transcriptError(
        lineNo,
        'the first turn has no speaker prefix (e.g. "坐席：您好")',
        '第一句缺少说话人前缀（例如"坐席：您好"）',
      );
    prev.text = prev.text ? `${prev.text} ${line}` : line;
  });
  if (turns.length === 0) throw transcriptError(1, 'the transcript has no turns', '转写文本没有任何对话');
  return turns;
}

export function parseJsonLines(text: string): InputTurn[] {
  const turns: InputTurn[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (!line) return;
    if (line.length > MAX_LINE_BYTES)
      throw transcriptError(lineNo, `the line is longer than ${MAX_LINE_BYTES} characters`, '该行过长');
    turns.push(parseTurnJson(line, lineNo));
  });
  if (turns.length === 0) throw transcriptError(1, 'the transcript has no turns', '转写文本没有任何对话');
  return turns;
}

export function parseTurnJson(line: string, lineNo: number): InputTurn {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    throw transcriptError(
      lineNo,
      `invalid JSON (${(e as Error).message})`,
      `JSON 格式错误（${(e as Error).message}）`,
    );
  }
  const r = inputTurnSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.join('.') || '(line)';
    throw transcriptError(lineNo, `${path}: ${issue.message}`, `${path}：${issue.message}`);
  }
  return r.data;
}
