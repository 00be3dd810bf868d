import { useEffect, useState } from 'preact/hooks';
import { api, query, upload } from '../lib/api.js';
import { html } from '../lib/html.js';
import { announce, errorText, useDebounced } from '../lib/hooks.js';
import { formatBytes, formatDate, t } from '../lib/i18n.js';
import { CopyButton } from './copy-button.js';
import { DropZone } from './drop-zone.js';

const PAGE = 24;

function UploadCard({ item, onDeleted }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const name = item.originalName ?? item.slug;
  async function remove() {
    try {
      await api(`/api/uploads/${item.id}`, { method: 'DELETE' });
      announce(t('uploads.deleted', { name }));
      onDeleted(item.id);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return html`
    <li class="tile" data-upload=${item.slug}>
      <a href=${item.url} target="_blank" rel="noopener" class="thumb"><img src=${item.thumbnailUrl} alt=${name} loading="lazy" width=${item.width} height=${item.height} /></a>
      <p class="tile-name" title=${name}>${name}</p>
      <p class="tile-meta">${formatBytes(item.size)} · ${item.width}×${item.height} · <time datetime=${item.createdAt}>${formatDate(item.createdAt)}</time></p>
      <div class="tile-actions">
        ${confirming
          ? html`<span class="confirm-text">${t('uploads.confirmDelete')}</span>
              <button type="button" class="danger" onClick=${remove}>${t('uploads.reallyDelete')}</button>
              <button type="button" onClick=${() => setConfirming(false)}>${t('common.cancel')}</button>`
          : html`<${CopyButton} text=${item.url} label=${t('uploads.copyLink')} />
              <a class="button" href=${item.url} target="_blank" rel="noopener">${t('uploads.open')}<span class="sr-only"> ${name}</span></a>
              <button type="button" onClick=${() => setConfirming(true)}>${t('uploads.delete')}<span class="sr-only"> ${name}</span></button>`}
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </li>
  `;
}

function UploadBox({ onUploaded }) {
  const [jobs, setJobs] = useState([]);
  const update = (id, patch) => setJobs((all) => all.map((j) => (j.id === id ? { ...j, ...patch } : j)));
  async function send(files) {
    for (const file of files) {
      const id = `${Date.now()}-${Math.random()}`;
      setJobs((all) => [...all, { id, name: file.name, progress: 0, state: 'sending' }]);
      const form = new FormData();
      form.append('upload', file, file.name);
      try {
        const item = await upload('/api/upload', form, (progress) => update(id, { progress }));
        update(id, { state: 'done', progress: 1 });
        announce(t('uploads.uploaded', { name: file.name }));
        onUploaded(item);
      } catch (err) {
        update(id, { state: 'error', error: errorText(err) });
      }
    }
  }
  return html`
    <${DropZone} id="upload-files" label=${t('uploads.choose')} hint=${t('uploads.dropHint')} onFiles=${send} />
    ${jobs.length > 0 &&
    html`<ul class="jobs">
      ${jobs.map(
        (job) => html`<li>
          <span>${job.name}</span>
          <progress max="1" value=${job.progress} aria-label=${t('uploads.progress', { name: job.name })}></progress>
          <span class=${job.state === 'error' ? 'error' : ''}>${job.state === 'error' ? job.error : job.state === 'done' ? t('uploads.done') : ''}</span>
        </li>`,
      )}
    </ul>`}
  `;
}

export function Uploads({ onChange }) {
  const [items, setItems] = useState([]);
  const [cursor, setCursor] = useState(null);
  const [search, setSearch] = useState('');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const settled = useDebounced(search.trim(), 250);

  async function load(after = null) {
    setLoading(true);
    try {
      const page = await api(`/api/uploads${query({ limit: PAGE, search: settled, cursor: after })}`);
      setItems((all) => (after ? [...all, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
    setLoading(false);
  }
  useEffect(() => void load(), [settled]);

  return html`
    <section aria-labelledby="uploads-heading">
      <h2 id="uploads-heading">${t('uploads.heading')}</h2>
      <${UploadBox} onUploaded=${(item) => (setItems((all) => [item, ...all]), onChange())} />
      <div class="field search">
        <label for="uploads-search">${t('uploads.search')}</label>
        <input id="uploads-search" type="search" value=${search} onInput=${(e) => setSearch(e.currentTarget.value)} />
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${!loading && items.length === 0 && html`<p class="empty">${settled ? t('uploads.noMatch') : t('uploads.none')}</p>`}
      <ul class="grid" aria-busy=${loading ? 'true' : 'false'}>
        ${items.map((item) => html`<${UploadCard} key=${item.id} item=${item} onDeleted=${(id) => (setItems((all) => all.filter((i) => i.id !== id)), onChange())} />`)}
      </ul>
      ${cursor && html`<button type="button" onClick=${() => load(cursor)} disabled=${loading}>${t('common.more')}</button>`}
    </section>
  `;
}
