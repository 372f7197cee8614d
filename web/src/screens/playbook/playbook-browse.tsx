import { Collapse, Tabs, Tag } from 'antd';
import type { Playbook } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { label } from '../../i18n/labels';

type Book = Playbook['playbook'];

function List({ items }: { items: string[] }) {
  return (
    <ul>
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ul>
  );
}

function Personas({ book }: { book: Book }) {
  const { t, lang } = useI18n();
  return (
    <Collapse
      items={Object.values(book.personas).map((p) => ({
        key: p.id,
        label: (
          <span>
            <strong>{p.name_zh}</strong> <code className="muted">{p.id}</code> — {p.summary}
          </span>
        ),
        children: (
          <div className="pb-grid">
            <div>
              <h4>{t('pb.signals')}</h4>
              <List items={p.signals} />
            </div>
            <div>
              <h4>{t('pb.handling')}</h4>
              <List items={p.handling} />
            </div>
            <div>
              <h4>{t('pb.avoid')}</h4>
              <List items={p.avoid} />
            </div>
            <div>
              <h4>{t('pb.preferred')}</h4>
              {p.preferred_strategies.map((s) => (
                <Tag key={s} color="green">
                  {label('strategy', s, lang)}
                </Tag>
              ))}
              <h4>{t('pb.discouraged')}</h4>
              {p.discouraged_strategies.map((s) => (
                <Tag key={s} color="red">
                  {label('strategy', s, lang)}
                </Tag>
              ))}
            </div>
          </div>
        ),
      }))}
    />
  );
}

function Strategies({ book }: { book: Book }) {
  const { t, lang, colon } = useI18n();
  return (
    <Collapse
      items={Object.values(book.strategies).map((s) => ({
        key: s.id,
        label: (
          <span>
            <strong>{s.name_zh}</strong> <code className="muted">{s.id}</code> <Tag>{s.group}</Tag>
            <Tag color={s.risk === 'high' ? 'red' : s.risk === 'medium' ? 'orange' : 'green'}>
              {t('advice.risk', { risk: s.risk })}
            </Tag>
          </span>
        ),
        children: (
          <div>
            <p>
              <strong>
                {t('pb.definition')}
                {colon}
              </strong>
              {s.definition}
            </p>
            <div className="pb-grid">
              <div>
                <h4>{t('pb.whenToUse')}</h4>
                <List items={s.when_to_use} />
              </div>
              <div>
                <h4>{t('pb.whenNot')}</h4>
                <List items={s.when_not} />
              </div>
            </div>
            <h4>{t('pb.fit')}</h4>
            <p>
              {Object.entries(s.persona_fit).map(([p, v]) => (
                <Tag key={p}>
                  {label('persona', p, lang)} {typeof v === 'number' ? v.toFixed(2) : ''}
                </Tag>
              ))}
            </p>
            <p>
              <strong>
                {t('pb.boundary')}
                {colon}
              </strong>
              {s.boundary_zh}
            </p>
            <h4>{t('pb.scripts')}</h4>
            {s.scripts.map((sc) => (
              <blockquote key={sc.id} className="script">
                <span>
                  {sc.text} {sc.stage && <Tag>{label('stage', sc.stage, lang)}</Tag>}
                  {sc.persona && <Tag>{label('persona', sc.persona, lang)}</Tag>}
                </span>
                <code className="muted">{sc.id}</code>
              </blockquote>
            ))}
            <h4>{t('pb.unlawful')}</h4>
            <ul>
              {s.unlawful_variants.map((u) => (
                <li key={u.example}>
                  <del>{u.example}</del> → <Tag color="red">{label('rule', u.rule, lang)}</Tag>
                  {u.why && <span className="muted">{u.why}</span>}
                </li>
              ))}
            </ul>
          </div>
        ),
      }))}
    />
  );
}

function Rules({ book }: { book: Book }) {
  const { t, lang } = useI18n();
  return (
    <Tabs
      size="small"
      items={Object.values(book.rulePacks).map((pack) => ({
        key: pack.id,
        label: `${pack.name_zh} (${pack.id})`,
        children: (
          <table className="grid plain">
            <thead>
              <tr>
                <th scope="col">{t('qa.rule')}</th>
                <th scope="col">{t('pb.kind')}</th>
                <th scope="col">{t('qa.severity')}</th>
                <th scope="col">{t('qa.force')}</th>
                <th scope="col">{t('pb.params')}</th>
              </tr>
            </thead>
            <tbody>
              {pack.rules.map((r) => (
                <tr key={r.id}>
                  <td>
                    <strong>{r.title_zh}</strong> <code className="muted">{r.id}</code>
                    <div>{r.description_zh}</div>
                    <div className="muted">{r.source}</div>
                  </td>
                  <td>{r.kind}</td>
                  <td>{label('severity', r.severity, lang)}</td>
                  <td>{label('force', r.force, lang)}</td>
                  <td>
                    {r.params &&
                      Object.entries(r.params).map(([k, v]) => (
                        <div key={k}>
                          <code>{k}</code> = {JSON.stringify(v)}
                        </div>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      }))}
    />
  );
}

function IntentsReasons({ book }: { book: Book }) {
  const { lang } = useI18n();
  return (
    <Collapse
      items={[
        ...Object.values(book.intents).map((i) => ({
          key: `i-${i.id}`,
          label: (
            <span>
              <Tag color="purple">{label('intent', i.id, lang)}</Tag> {i.summary}
            </span>
          ),
          children: <List items={[...i.respond, ...i.avoid.map((a) => `✗ ${a}`)]} />,
        })),
        ...Object.values(book.reasons).map((r) => ({
          key: `r-${r.id}`,
          label: (
            <span>
              <Tag color="gold">{label('reason', r.id, lang)}</Tag> {r.summary}
            </span>
          ),
          children: <List items={r.verify_questions} />,
        })),
      ]}
    />
  );
}

/** The playbook as collectors and trainers read it. */
export function PlaybookBrowse({ playbook }: { playbook: Playbook }) {
  const { t } = useI18n();
  return (
    <Tabs
      items={[
        { key: 'personas', label: t('pb.personas'), children: <Personas book={playbook.playbook} /> },
        { key: 'strategies', label: t('pb.strategies'), children: <Strategies book={playbook.playbook} /> },
        { key: 'intents', label: t('pb.intents'), children: <IntentsReasons book={playbook.playbook} /> },
        { key: 'rules', label: t('pb.rules'), children: <Rules book={playbook.playbook} /> },
      ]}
    />
  );
}
