import { Alert, App, Button, Empty, Input, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import type { PlaybookValidation } from '../../api/types';
import { useMe } from '../../app/auth';
import { useI18n } from '../../i18n/i18n';
import { issuesFromError } from '../../lib/details';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';

type Issue = PlaybookValidation['issues'][number];

/** The file's lines, each bad one followed by its problems: the errors shown where they are. */
function AnnotatedLines({
  text,
  issues,
  onPick,
}: {
  text: string;
  issues: Issue[];
  onPick: (line: number) => void;
}) {
  const { t } = useI18n();
  const byLine = new Map<number, Issue[]>();
  for (const i of issues) if (i.line !== null) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);
  const lines = text.split('\n');
  return (
    <ol
      className="yaml-lines"
      data-testid="annotated-lines"
      aria-label={t('pb.issues', { n: issues.length })}
    >
      {lines.map((line, i) => {
        const n = i + 1;
        const mine = byLine.get(n);
        if (!mine && !byLine.has(n - 1) && !byLine.has(n + 1)) return null;
        return (
          <li key={n} className={mine ? 'bad' : undefined}>
            <button type="button" className="link-button ln" onClick={() => onPick(n)}>
              {n}
            </button>
            {line || ' '}
            {mine?.map((m) => (
              <span key={`${m.path}-${m.code}-${m.message}`} className="issue" data-testid="line-issue">
                ↑ {m.path && <code>{m.path}</code>} {m.message}
              </span>
            ))}
          </li>
        );
      })}
    </ol>
  );
}

/** Editing the playbook's YAML files: validated as a whole by the server before anything is saved. */
export function PlaybookEditor({ onSaved }: { onSaved: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const files = useResource((s) => api.playbookFiles(s), []);
  const [path, setPath] = useState<string | null>(null);
  const file = useResource((s) => (path ? api.playbookFile(path, s) : Promise.resolve(null)), [path]);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement | null>(null);

  useEffect(() => {
    if (file.data) {
      setText(file.data.text);
      setIssues(null);
      setError(null);
    }
  }, [file.data]);

  const meta = files.data?.files.find((f) => f.path === path);
  const editable = Boolean(meta?.editableBy.includes(me.user.role));
  const dirty = file.data ? text !== file.data.text : false;
  const mine = (issues ?? []).filter((i) => i.file === path);
  const others = (issues ?? []).filter((i) => i.file !== path);

  const pickLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const lines = text.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    // scroll the chosen line into view: 20 px per line in .yaml-editor
    el.scrollTop = Math.max(0, (line - 5) * 20);
  };

  const run = async (save: boolean) => {
    if (!path) return;
    setBusy(true);
    setError(null);
    try {
      // Validate first: a refused save is shown the same way, without a failed request.
      const checked = await api.validatePlaybookFile(path, text);
      setIssues(checked.issues);
      if (!checked.ok) return;
      if (!save) {
        message.success(t('pb.valid'));
        return;
      }
      const r = await api.savePlaybookFile(path, text);
      setIssues(r.issues);
      message.success(t('pb.saved', { n: r.revision }));
      file.reload();
      files.reload();
      onSaved();
    } catch (e) {
      const found = issuesFromError(e);
      setIssues(found.length ? found : null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const revert = async () => {
    if (!path) return;
    setBusy(true);
    setError(null);
    try {
      await api.revertPlaybookFile(path);
      message.success(t('pb.reverted'));
      setIssues(null);
      file.reload();
      files.reload();
      onSaved();
    } catch (e) {
      setIssues(issuesFromError(e));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pb-editor">
      <nav className="panel pb-files" aria-label={t('pb.files')}>
        <h2>{t('pb.files')}</h2>
        <ErrorNote error={files.error} />
        {files.loading && !files.data && <Spin size="small" />}
        <ul className="plain-list">
          {files.data?.files.map((f) => (
            <li key={f.path}>
              <button
                type="button"
                className="link-button"
                aria-current={f.path === path ? 'true' : undefined}
                onClick={() => setPath(f.path)}
              >
                {f.path}
              </button>{' '}
              {f.edited && <Tag color="blue">{t('pb.edited')}</Tag>}
            </li>
          ))}
        </ul>
      </nav>
      <section className="panel pb-file" aria-labelledby="pb-file-title">
        {!path ? (
          <Empty description={t('pb.pickFile')} />
        ) : (
          <>
            <div className="screen-title" style={{ marginBottom: 6 }}>
              <h2 id="pb-file-title">{path}</h2>
              {dirty && <Tag color="orange">{t('pb.unsaved')}</Tag>}
              {!editable && <Tag>{t('pb.readonlyFile')}</Tag>}
              <span style={{ flex: 1 }} />
              <Button onClick={() => void run(false)} loading={busy} disabled={!file.data}>
                {t('pb.validate')}
              </Button>
              {editable && (
                <Button type="primary" onClick={() => void run(true)} loading={busy} disabled={!dirty}>
                  {t('pb.save')}
                </Button>
              )}
              {editable && file.data?.shippedText && file.data.edited && (
                <Button onClick={() => void revert()} disabled={busy}>
                  {t('pb.revert')}
                </Button>
              )}
            </div>
            {file.loading && <Spin size="small" />}
            <ErrorNote error={issues?.length ? null : error} />
            {issues && issues.length > 0 && (
              <Alert
                type="error"
                showIcon
                role="alert"
                data-testid="pb-issues"
                title={t('pb.issues', { n: issues.length })}
                style={{ marginBottom: 6 }}
              />
            )}
            {issues && issues.length === 0 && <Alert type="success" showIcon title={t('pb.valid')} />}
            {mine.length > 0 && <AnnotatedLines text={text} issues={mine} onPick={pickLine} />}
            {mine.some((i) => i.line === null) && (
              <ul>
                {mine
                  .filter((i) => i.line === null)
                  .map((i) => (
                    <li key={`${i.path}-${i.message}`} className="field-error">
                      {i.path && <code>{i.path}</code>} {i.message}
                    </li>
                  ))}
              </ul>
            )}
            {others.length > 0 && (
              <>
                <h3>{t('pb.otherFile')}</h3>
                <ul>
                  {others.map((i) => (
                    <li key={`${i.file}-${i.path}-${i.message}`} className="field-error">
                      <button type="button" className="link-button" onClick={() => setPath(i.file)}>
                        {i.file}
                      </button>
                      {i.line !== null && ` ${t('pb.line', { n: i.line })}`}: {i.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <label htmlFor="pb-text" className="sr-only">
              {path}
            </label>
            <Input.TextArea
              id="pb-text"
              ref={(r) => {
                area.current = r?.resizableTextArea?.textArea ?? null;
              }}
              className="yaml-editor"
              value={text}
              readOnly={!editable}
              onChange={(e) => setText(e.target.value)}
              rows={16}
              spellCheck={false}
              lang={lang === 'zh' ? 'zh-CN' : 'en'}
              data-testid="pb-text"
            />
          </>
        )}
      </section>
    </div>
  );
}
