import { Tag } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatDateTime } from '../../lib/format';

type Kind = CaseDetail['timeline'][number]['kind'];

const COLORS: Record<Kind, string> = {
  contact: 'default',
  call: 'blue',
  promise: 'gold',
  payment: 'green',
  plan: 'cyan',
  hold: 'red',
  escalation: 'volcano',
  assignment: 'purple',
};

const KIND_KEYS: Record<Kind, MessageKey> = {
  contact: 'timeline.kind.contact',
  call: 'timeline.kind.call',
  promise: 'timeline.kind.promise',
  payment: 'timeline.kind.payment',
  plan: 'timeline.kind.plan',
  hold: 'timeline.kind.hold',
  escalation: 'timeline.kind.escalation',
  assignment: 'timeline.kind.assignment',
};

/** Contacts, calls, promises, payments, plans and holds in one list, newest first, filterable by kind. */
export function TimelinePanel({
  detail,
  onOpenCall,
}: {
  detail: CaseDetail;
  onOpenCall: ((callId: string) => void) | null;
}) {
  const { t, lang } = useI18n();
  const [only, setOnly] = useState<Kind | ''>('');
  const items = [...detail.timeline]
    .filter((i) => !only || i.kind === only)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const kinds = [...new Set(detail.timeline.map((i) => i.kind))];
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <div className="screen-title" style={{ marginBottom: 4 }}>
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <label className="inline-field">
          <span className="muted">{t('timeline.filter')}</span>
          <select className="native" value={only} onChange={(e) => setOnly(kindOf(e.target.value))}>
            <option value="">{t('common.all')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(KIND_KEYS[k])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {items.length === 0 ? (
        <p className="muted">{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {items.map((i) => (
            <li key={`${i.kind}-${i.refId}-${i.at}`} data-kind={i.kind}>
              <time dateTime={i.at}>{formatDateTime(i.at, lang)}</time>
              <Tag color={COLORS[i.kind]}>{t(KIND_KEYS[i.kind])}</Tag>
              {i.kind === 'call' && onOpenCall ? (
                <button type="button" className="link-button" onClick={() => onOpenCall(i.refId)}>
                  {lang === 'zh' ? i.summaryZh : i.summaryEn}
                </button>
              ) : (
                <span>{lang === 'zh' ? i.summaryZh : i.summaryEn}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const KINDS: Kind[] = ['contact', 'call', 'promise', 'payment', 'plan', 'hold', 'escalation', 'assignment'];

function kindOf(v: string): Kind | '' {
  return KINDS.find((k) => k === v) ?? '';
}
