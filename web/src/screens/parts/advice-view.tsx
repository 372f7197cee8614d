import { Alert, App, Button, Collapse, Tag } from 'antd';
import type { Advice } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';
import type { MessageKey } from '../../i18n/messages';
import { formatPercent } from '../../lib/format';

const RISK: Record<string, MessageKey> = {
  low: 'advice.risk.low',
  medium: 'advice.risk.medium',
  high: 'advice.risk.high',
};
const RISK_COLOR: Record<string, string> = { low: 'green', medium: 'orange', high: 'red' };

/** The advisor's next moves: strategies best first, why, lawful scripts, and warnings. */
export function AdviceView({ advice, limit = 3 }: { advice: Advice; limit?: number }) {
  const { t, lang, colon } = useI18n();
  const { message } = App.useApp();
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('advice.copied'));
    } catch {
      // clipboard refused (no permission): the text stays selectable on screen
    }
  };
  return (
    <div className="advice" data-testid="advice">
      <p className="muted">
        {t('advice.stage', { stage: label('stage', advice.stage, lang) })}
        {advice.stage_inferred && ` — ${advice.stage_reason_zh}`}
      </p>
      {advice.warnings.map((w) => (
        <Alert
          key={w.code}
          type={w.severity === 'stop' ? 'error' : w.severity === 'caution' ? 'warning' : 'info'}
          showIcon
          title={w.text_zh}
          style={{ marginBottom: 6 }}
          data-testid="advice-warning"
        />
      ))}
      {advice.strategies.length === 0 && <p className="muted">{t('advice.none')}</p>}
      <ol className="strategies">
        {advice.strategies.slice(0, limit).map((s) => (
          <li key={s.id} data-testid="strategy">
            <div className="strategy-head">
              <strong>{lang === 'zh' ? s.name_zh : label('strategy', s.id, lang)}</strong>
              <Tag>{s.group_zh}</Tag>
              <Tag color={RISK_COLOR[s.risk]}>
                {t('advice.risk', { risk: t(RISK[s.risk] ?? 'advice.risk.low') })}
              </Tag>
              {s.effectiveness && (
                <span className="muted">
                  {t('advice.effectiveness', {
                    persona: label('persona', s.effectiveness.persona, lang),
                    mean: formatPercent(s.effectiveness.mean, 0),
                  })}
                </span>
              )}
            </div>
            <p>{s.reason_zh}</p>
            {s.scripts.map((sc) => (
              <blockquote key={sc.id} className="script">
                <span>{sc.text}</span>
                <Button
                  size="small"
                  type="link"
                  onClick={() => void copy(sc.text)}
                  aria-label={`${t('advice.copy')} ${sc.id}`}
                >
                  {t('advice.copy')}
                </Button>
              </blockquote>
            ))}
            <Collapse
              size="small"
              ghost
              items={[
                {
                  key: 'more',
                  label: t('advice.boundary'),
                  children: (
                    <>
                      <p>{s.boundary_zh}</p>
                      {s.withheld.length > 0 && (
                        <>
                          <strong>{t('advice.withheld')}</strong>
                          <ul>
                            {s.withheld.map((w) => (
                              <li key={w.id}>{w.why_zh}</li>
                            ))}
                          </ul>
                        </>
                      )}
                    </>
                  ),
                },
              ]}
            />
          </li>
        ))}
      </ol>
      {advice.actions.length > 0 && (
        <p>
          <strong>
            {t('advice.actions')}
            {colon}
          </strong>
          {advice.actions.map((a) => (
            <Tag key={a}>{label('action', a, lang)}</Tag>
          ))}
        </p>
      )}
    </div>
  );
}
