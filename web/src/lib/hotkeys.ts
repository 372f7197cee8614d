import { useEffect, useRef } from 'react';

/** True while the user is typing: shortcuts must not steal letters from a field. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = target.getAttribute('type') ?? 'text';
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return target.getAttribute('role') === 'combobox';
}

const ACTIVATABLE =
  'button, a[href], [role="button"], [role="tab"], [role="menuitem"], [role="option"], summary';

export type HotkeyMap = Record<string, (e: KeyboardEvent) => void>;

/**
 * Single-key shortcuts (`j`, `ArrowDown`, `Enter`, `?`) on the document, ignored while typing, with a
 * modifier held (browser and OS shortcuts keep working) or while a dialog is open.
 */
export function useHotkeys(map: HotkeyMap, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('.ant-modal-wrap, dialog[open], .ant-drawer-open')) return;
      // Enter on a focused button or link belongs to that control
      if (e.key === 'Enter' && e.target instanceof Element && e.target.closest(ACTIVATABLE)) return;
      const fn = ref.current[e.key] ?? ref.current[e.key.toLowerCase()];
      if (!fn) return;
      e.preventDefault();
      fn(e);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
