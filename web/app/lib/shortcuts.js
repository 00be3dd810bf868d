/**
 * Calls handler(key, event) for key presses outside text fields (key lower-cased); a handler that returns
 * true has used the key. Enter and Space on a button or link stay with it. Returns the remover, for useEffect.
 */
export function onShortcut(handler) {
  function listen(event) {
    if (event.repeat && !event.key.startsWith('Arrow')) return;
    if (event.target.closest?.('input, textarea, select, [contenteditable]')) return;
    if ((event.key === 'Enter' || event.key === ' ') && event.target.closest?.('button, a')) return;
    if (handler(event.key.toLowerCase(), event)) event.preventDefault();
  }
  window.addEventListener('keydown', listen);
  return () => window.removeEventListener('keydown', listen);
}
