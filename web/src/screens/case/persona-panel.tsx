import { Progress, Spin, Tag } from 'antd';
import { api } from '../../api/endpoints';
import type { CaseDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/use-resource';

/** The debtor's psychological type from the latest analysed call, with the evidence heard. */
export function PersonaPanel({ detail, readCalls }: { detail: CaseDetail; readCalls: boolean }) {
  const { t, lang } = useI18n();
  // the evidence is in the call's analysis, which only roles that read calls may open
  const latest = readCalls ? [...detail.calls].sort((a, b) => (a.at < b.at ? 1 : -1))[0] : undefined;
  const call = useResource(
    (signal) => (latest ? api.callDetail(latest.id, signal) : Promise.resolve(null)),
    [latest?.id],
  );
  const persona = call.data?.analysis.persona;
  const id = persona?.id ?? detail.case.persona;
  const scores = persona
    ? Object.entries(persona.scores)
        .filter((e): e is [string, number] => typeof e[1] === 'number')
        .sort((a, b) => b[1] - a[1])
    : [];
  return (
    <section className="panel" aria-labelledby="persona-title" data-testid="persona-panel">
      <h2 id="persona-title">
        {t('persona.title')} {id && <Tag color="magenta">{label('persona', id, lang)}</Tag>}
      </h2>
      {!id && <p className="muted">{t('persona.unknown')}</p>}
      {call.loading && latest && <Spin size="small" />}
      {persona && latest && (
        <>
          <p className="muted">{t('persona.fromCall', { at: formatDateTime(latest.at, lang) })}</p>
          <ul className="plain-list persona-scores">
            {scores.slice(0, 3).map(([p, s]) => (
              <li key={p}>
                <span>{label('persona', p, lang)}</span>
                <Progress percent={Math.round(s * 100)} size="small" aria-label={label('persona', p, lang)} />
              </li>
            ))}
          </ul>
          {persona.evidence.length > 0 && (
            <>
              <h3>{t('persona.evidence')}</h3>
              <ul>
                {persona.evidence.map((e) => (
                  <li key={e}>
                    <q>{e}</q>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
