import { useEffect, useState } from 'preact/hooks';
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
