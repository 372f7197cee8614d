import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { AnalysisTurn } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';

export interface Span {
  start: number;
  end: number;
  kind: 'violation' | 'label' | 'promise';
  title: string;
}

/**
 * Cuts a text into plain runs and marked spans. Overlapping spans are merged into the first that
 * covers a character, with violations taking precedence, so every character is shown exactly once.
 */
export function splitSpans(
  text: string,
  spans: Span[],
): { start: number; text: string; span: Span | null }[] {
  const rank = { violation: 0, promise: 1, label: 2 };
  const owner: (Span | null)[] = Array.from({ length: text.length }, () => null);
  const sorted = [...spans]
    .filter((s) => s.end > s.start && s.start < text.length)
    .sort((a, b) => rank[a.kind] - rank[b.kind] || a.start - b.start);
  for (const s of sorted)
    for (let i = Math.max(0, s.start); i < Math.min(text.length, s.end); i++) owner[i] ??= s;
  const out: { start: number; text: string; span: Span | null }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = out[out.length - 1];
    if (last && last.span === owner[i]) last.text += text[i];
    else out.push({ start: i, text: text[i]!, span: owner[i] ?? null });
  }
  return out;
}

export function spansOfTurn(turn: AnalysisTurn, lang: 'zh' | 'en'): Span[] {
  const spans: Span[] = [];
  for (const v of turn.violations)
    if (v.start !== null && v.end !== null)
      spans.push({
        start: v.start,
        end: v.end,
        kind: 'violation',
        title: `${label('rule', v.rule, lang)}：${v.reason}`,
      });
  for (const l of turn.labels)
    spans.push({
      start: l.evidence.start,
      end: l.evidence.end,
      kind: 'label',
      title: label(
        l.kind === 'strategy' ? 'strategy' : l.kind === 'reason' ? 'reason' : 'intent',
        l.id,
        lang,
      ),
    });
  if (turn.promise) {
    const at = turn.text.indexOf(turn.promise.text);
    if (at >= 0)
      spans.push({
        start: at,
        end: at + turn.promise.text.length,
        kind: 'promise',
        title: turn.promise.text,
      });
  }
  return spans;
}

export function HighlightedText({ text, spans }: { text: string; spans: Span[] }) {
  return (
    <>
      {splitSpans(text, spans).map((part) =>
        part.span ? (
          <Tooltip key={part.start} title={part.span.title}>
            <mark className={`ev-${part.span.kind}`} data-kind={part.span.kind}>
              {part.text}
              <span className="sr-only">（{part.span.title}）</span>
            </mark>
          </Tooltip>
        ) : (
          <span key={part.start}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** One analysed turn: who spoke, the text with its evidence marked, and its labels and warnings. */
export function TurnView({ turn, extra }: { turn: AnalysisTurn; extra?: ReactNode }) {
  const { lang } = useI18n();
  return (
    <div
      className={`turn turn-${turn.speaker}${turn.violations.length ? ' has-violation' : ''}`}
      data-testid="turn"
      data-turn={turn.index}
    >
      <span className="who">{label('speaker', turn.speaker, lang)}</span>
      <div>
        <HighlightedText text={turn.text} spans={spansOfTurn(turn, lang)} />
        {(turn.strategies.length > 0 ||
          turn.intents.length > 0 ||
          turn.reasons.length > 0 ||
          turn.violations.length > 0) && (
          <div className="turn-tags">
            {turn.strategies.map((s) => (
              <Tag key={`s-${s}`} color="blue">
                {label('strategy', s, lang)}
              </Tag>
            ))}
            {turn.reasons.map((s) => (
              <Tag key={`r-${s}`} color="gold">
                {label('reason', s, lang)}
              </Tag>
            ))}
            {turn.intents.map((s) => (
              <Tag key={`i-${s}`} color="purple">
                {label('intent', s, lang)}
              </Tag>
            ))}
            {turn.violations.map((v) => (
              <Tag key={`v-${v.rule}-${v.start}`} color="red">
                ⚠ {label('rule', v.rule, lang)}
              </Tag>
            ))}
          </div>
        )}
        {extra}
      </div>
    </div>
  );
}

export function TranscriptView({ turns }: { turns: AnalysisTurn[] }) {
  return (
    <div className="transcript">
      {turns.map((turn) => (
        <TurnView key={turn.index} turn={turn} />
      ))}
    </div>
  );
}
