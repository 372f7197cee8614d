import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export const SHORTCUTS: { keys: string[]; what: MessageKey }[] = [
  { keys: ['↓', 'J'], what: 'keys.next' },
  { keys: ['↑', 'K'], what: 'keys.prev' },
  { keys: ['Enter'], what: 'keys.open' },
  { keys: ['C'], what: 'keys.call' },
  { keys: ['P'], what: 'keys.promise' },
  { keys: ['M'], what: 'keys.payment' },
  { keys: ['T'], what: 'keys.contact' },
  { keys: ['L'], what: 'keys.live' },
  { keys: ['Q'], what: 'keys.queue' },
  { keys: ['?'], what: 'keys.help' },
];

/** A native <dialog>: focus is trapped and Escape closes it without a modal library on the first screen. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('app.shortcuts')}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what}>
              <td>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{t(s.what)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="ant-btn ant-btn-primary">
          {t('common.close')}
        </button>
      </form>
    </dialog>
  );
}
