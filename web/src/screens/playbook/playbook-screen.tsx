import { Alert, Spin, Tabs, Tag } from 'antd';
import { api } from '../../api/endpoints';
import { can, useMe } from '../../app/auth';
import { useI18n } from '../../i18n/i18n';
import { useResource } from '../../lib/use-resource';
import { ErrorNote } from '../parts/error-note';
import { PlaybookBrowse } from './playbook-browse';
import { PlaybookEditor } from './playbook-editor';

/** The method in data: everyone browses it; leads and admins edit it (rule packs: admins only). */
export function PlaybookScreen() {
  const { t } = useI18n();
  const me = useMe();
  const book = useResource((s) => api.playbook(s), []);
  const mayEdit = can(me, 'playbookEditors');
  const browse = (
    <>
      <ErrorNote error={book.error} />
      {book.loading && !book.data && <Spin className="screen-loading" />}
      {book.data && <PlaybookBrowse playbook={book.data} />}
    </>
  );
  return (
    <section aria-labelledby="pb-title">
      <div className="screen-title">
        <h1 id="pb-title">{t('pb.title')}</h1>
        {book.data && <Tag>{t('pb.revision', { n: book.data.revision })}</Tag>}
      </div>
      {book.data?.problem && (
        <Alert
          type="warning"
          showIcon
          title={t('pb.problem', { problem: book.data.problem })}
          style={{ marginBottom: 8 }}
        />
      )}
      {mayEdit ? (
        <Tabs
          items={[
            { key: 'browse', label: t('pb.browse'), children: browse },
            { key: 'edit', label: t('pb.edit'), children: <PlaybookEditor onSaved={book.reload} /> },
          ]}
        />
      ) : (
        browse
      )}
    </section>
  );
}
