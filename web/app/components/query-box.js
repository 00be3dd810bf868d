import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';

/** The server counts positions in characters (code points); the input counts UTF-16 units. */
export function utf16Range(text, position, length) {
  const chars = Array.from(text);
  const start = chars.slice(0, position).join('').length;
  return { start, end: start + chars.slice(position, position + Math.max(length, 1)).join('').length };
}

/**
 * The query input with a syntax error drawn under the characters it is about: a copy of the text up to the
 * error sits invisibly under the input in the same font, so the mark starts exactly below the offending
 * character, and follows the input when it scrolls sideways.
 */
export function QueryBox({ id, value, onInput, error, label, hint }) {
  const input = useRef(null);
  const line = useRef(null);
  const range = error && typeof error.position === 'number' ? utf16Range(value, error.position, error.length ?? 1) : null;

  const follow = () => {
    if (line.current && input.current) line.current.style.transform = `translateX(${-input.current.scrollLeft}px)`;
  };
  useEffect(follow);

  function showError() {
    if (!range || !input.current) return;
    input.current.focus();
    input.current.setSelectionRange(range.start, Math.max(range.end, range.start));
    follow();
  }

  return html`
    <div class="field query-field">
      <label for=${id}>${label}</label>
      <div class="query-wrap">
        <input
          ref=${input}
          id=${id}
          class="mono"
          type="text"
          spellcheck="false"
          autocomplete="off"
          value=${value}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${`${id}-hint${error ? ` ${id}-error` : ''}`}
          onInput=${(e) => onInput(e.currentTarget.value)}
          onScroll=${follow}
          onKeyUp=${follow}
          onClick=${follow}
        />
        <div class="caret-line mono" aria-hidden="true">
          <div ref=${line} class="caret-text">
            ${range && html`<span class="pad">${value.slice(0, range.start)}</span><span class="mark" data-testid="query-error-mark">${value.slice(range.start, range.end) || ' '}</span>`}
          </div>
        </div>
      </div>
      ${error &&
      html`<p id=${`${id}-error`} class="error" role="alert" data-testid="query-error">
        ${error.message}
        ${range && html` <button type="button" class="link-button" onClick=${showError}>${t('explore.showError')}</button>`}
      </p>`}
      <p id=${`${id}-hint`} class="hint">${hint}</p>
    </div>
  `;
}
