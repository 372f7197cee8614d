import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { AnalysisTurn } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { type Span, splitSpans } from '../../lib/spans';

export type { Span };

export function spansOfTurn(turn: AnalysisTurn, lang: 'zh' | 'en'): Span[] {
  const spans: Span[] = [];
  for (const v of turn.violations)
    if (v.start !== null && v.end !== null) {
      const name = label('rule', v.rule, lang);
      spans.push({
        start: v.start,
        end: v.end,
        kind: 'violation',
        title: v.reason && v.reason !== name ? `${name}：${v.reason}` : name,
      });
    }
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
