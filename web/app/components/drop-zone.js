import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';

/**
 * A file input dressed as a drop area: keyboard and screen-reader users get the real input (focusable, labelled),
 * mouse users can drop files anywhere on it.
 */
export function DropZone({ id, label, hint, accept = 'image/*', multiple = true, onFiles }) {
  const [over, setOver] = useState(false);
  const take = (list) => {
    const files = [...list].filter((f) => f.type.startsWith('image/') || f.type === '');
    if (files.length) onFiles(files);
  };
  return html`
    <div
      class=${`drop-zone${over ? ' over' : ''}`}
      onDragOver=${(e) => (e.preventDefault(), setOver(true))}
      onDragLeave=${() => setOver(false)}
      onDrop=${(e) => (e.preventDefault(), setOver(false), take(e.dataTransfer.files))}
    >
      <label for=${id}>${label}</label>
      <input
        id=${id}
        type="file"
        accept=${accept}
        multiple=${multiple}
        aria-describedby=${`${id}-hint`}
        onChange=${(e) => (take(e.currentTarget.files), (e.currentTarget.value = ''))}
      />
      <p id=${`${id}-hint`} class="hint">${hint}</p>
    </div>
  `;
}
