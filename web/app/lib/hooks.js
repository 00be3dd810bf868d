import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { localError } from './errors.js';
import { t } from './i18n.js';

export function useTitle(title) {
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
}

/** The value, once it has stopped changing for `ms`. */
export function useDebounced(value, ms) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Says `text` to screen readers through the page's polite live region. */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick, so the same message twice is read twice.
  setTimeout(() => (region.textContent = text), 50);
}

/** An ApiError as one line for the user, in their language (lib/errors.js). */
export const errorText = localError;

/**
 * State whose latest value handlers can read at once through the ref, even when several events (a quick run
 * of clicks and keys) arrive before the next render.
 */
export function useLiveState(initial) {
  const [value, setValue] = useState(initial);
  const ref = useRef(value);
  const set = useCallback((next) => {
    ref.current = typeof next === 'function' ? next(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}
