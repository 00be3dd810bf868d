import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { html } from '../lib/html.js';
import { useDebounced } from '../lib/hooks.js';
import { lang, t } from '../lib/i18n.js';

/** Vocabulary labels for a prefix, in the user's language first; any language when that finds nothing. */
async function searchLabels(text) {
  let found = await api(`/api/labels${query({ search: text, lang, limit: 8 })}`);
  if (!found.length) found = await api(`/api/labels${query({ search: text, limit: 8 })}`);
  const seen = new Set();
  return found.filter((label) => !seen.has(label.name) && seen.add(label.name)).map((label) => ({ name: label.name, display: label.matched }));
}

/**
 * A combobox (ARIA 1.2 pattern) that collects labels: type, pick with the arrow keys and Enter, or press Enter on
 * a word the vocabulary lacks to suggest it. Each chosen label is {name, display}: the vocabulary name is sent,
 * the word in the user's language is shown.
 */
export function LabelPicker({ id, label, hint, selected, onChange }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const settled = useDebounced(text.trim(), 150);
  const latest = useRef(0);
  const input = useRef(null);

  useEffect(() => {
    if (!settled) return setOptions([]);
    const ticket = ++latest.current;
    searchLabels(settled).then(
      (found) => {
        if (ticket !== latest.current) return; // an older answer arriving late
        const fresh = found.filter((o) => !selected.some((s) => s.name === o.name));
        const exact = found.some((o) => o.display.toLowerCase() === settled.toLowerCase() || o.name.toLowerCase() === settled.toLowerCase());
        setOptions(exact ? fresh : [...fresh, { name: settled, display: settled, isNew: true }]);
        setActive(fresh.length ? 0 : -1);
        setOpen(true);
      },
      () => ticket === latest.current && setOptions([]),
    );
  }, [settled]);

  function choose(option) {
    if (!selected.some((s) => s.name.toLowerCase() === option.name.toLowerCase())) onChange([...selected, { name: option.name, display: option.display, isNew: option.isNew }]);
    setText('');
    setOptions([]);
    setOpen(false);
    setActive(-1);
    input.current?.focus();
  }

  function onKeyDown(event) {
    const count = options.length;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      setOpen(true);
      setActive((active + 1) % count);
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      setOpen(true);
      setActive((active - 1 + count) % count);
    } else if (event.key === 'Enter' && text.trim()) {
      event.preventDefault(); // never submits the form while a word is being typed
      if (open && active >= 0 && options[active]) choose(options[active]);
      else if (text.trim() === settled && options.length) choose(options[0]);
      else choose({ name: text.trim(), display: text.trim(), isNew: true });
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Backspace' && !text && selected.length) {
      onChange(selected.slice(0, -1));
    }
  }

  const listId = `${id}-listbox`;
  const expanded = open && options.length > 0;
  return html`
    <div class="label-picker">
      <label for=${id}>${label}</label>
      ${selected.length > 0 &&
      html`<ul class="chips" aria-label=${t('labels.chosen')}>
        ${selected.map(
          (item) => html`<li class="chip" data-label=${item.name}>
            <span lang=${item.isNew ? undefined : lang}>${item.display}</span>${item.isNew && html` <small>${t('labels.newWord')}</small>`}
            <button type="button" class="chip-remove" onClick=${() => onChange(selected.filter((s) => s !== item))} aria-label=${t('labels.remove', { name: item.display })}>×</button>
          </li>`,
        )}
      </ul>`}
      <div class="combo">
        <input
          ref=${input}
          id=${id}
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-controls=${listId}
          aria-activedescendant=${expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-describedby=${hint ? `${id}-hint` : undefined}
          value=${text}
          onInput=${(e) => setText(e.currentTarget.value)}
          onKeyDown=${onKeyDown}
          onBlur=${() => setTimeout(() => setOpen(false), 150)}
          onFocus=${() => options.length && setOpen(true)}
        />
        <ul id=${listId} role="listbox" class="options" aria-label=${label} hidden=${!expanded}>
          ${options.map(
            (option, i) => html`<li
              id=${`${id}-option-${i}`}
              role="option"
              aria-selected=${i === active ? 'true' : 'false'}
              class=${i === active ? 'active' : ''}
              onMouseDown=${(e) => e.preventDefault()}
              onClick=${() => choose(option)}
            >
              ${option.isNew ? t('labels.addNew', { name: option.display }) : option.display}
              ${!option.isNew && option.display.toLowerCase() !== option.name.toLowerCase() && html` <small lang="en">(${option.name})</small>`}
            </li>`,
          )}
        </ul>
      </div>
      ${hint && html`<p id=${`${id}-hint`} class="hint">${hint}</p>`}
    </div>
  `;
}
