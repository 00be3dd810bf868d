import { useEffect, useRef, useState } from 'preact/hooks';
import { QueryBox } from '../components/query-box.js';
import { api, download, query } from '../lib/api.js';
import { html } from '../lib/html.js';
import { announce, errorText, useDebounced, useTitle } from '../lib/hooks.js';
import { lang, t } from '../lib/i18n.js';

export const EXPORT_FORMATS = ['coco', 'yolo', 'voc', 'csv', 'jsonl', 'imagefolder'];
const DEFAULT_THRESHOLD = 0.95;

function Result({ item }) {
  const names = item.labels.map((l) => l.display).join(', ');
  return html`<li class="tile">
    <a href=${`/label/${item.id}`} class="thumb"><img src=${item.thumbnailUrl} alt=${names || t('explore.unlabelled')} loading="lazy" width=${item.width} height=${item.height} /></a>
    <ul class="tile-labels">
      ${item.labels.map((l) => html`<li class=${l.confirmed ? 'confirmed' : ''}>${l.display}</li>`)}
    </ul>
  </li>`;
}

function Export({ text, threshold }) {
  const [format, setFormat] = useState('coco');
  const [state, setState] = useState('');
  async function run() {
    setState(t('explore.exporting'));
    try {
      const name = await download(`/api/export${query({ query: text.trim(), minProbability: threshold, format })}`, `imagehive-${format}`);
      setState(t('explore.exported', { name }));
    } catch (err) {
      setState(err.status === 404 ? t('explore.exportMissing') : errorText(err));
    }
  }
  return html`<section aria-labelledby="export-heading" class="export">
    <h2 id="export-heading">${t('explore.export')}</h2>
    <div class="inline-fields">
      <div class="field">
        <label for="export-format">${t('explore.format')}</label>
        <select id="export-format" value=${format} onChange=${(e) => setFormat(e.currentTarget.value)}>
          ${EXPORT_FORMATS.map((f) => html`<option value=${f}>${t(`explore.formats.${f}`)}</option>`)}
        </select>
      </div>
      <button type="button" class="primary" onClick=${run}>${t('explore.download')}</button>
    </div>
    ${state && html`<p role="status">${state}</p>`}
  </section>`;
}

export default function Explore() {
  useTitle(t('explore.title'));
  const params = new URLSearchParams(location.search);
  const [text, setText] = useState(params.get('q') ?? '');
  const [threshold, setThreshold] = useState(Number(params.get('threshold')) || DEFAULT_THRESHOLD);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(false);
  const settled = useDebounced(text, 300);
  const settledThreshold = useDebounced(threshold, 300);
  const latest = useRef(0);

  async function search(cursor) {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const page = await api(`/api/dataset/search${query({ query: settled.trim() ? settled : undefined, threshold: settledThreshold, lang, limit: 24, cursor })}`);
      if (ticket !== latest.current) return;
      setResult((old) => (cursor && old ? { ...page, items: [...old.items, ...page.items] } : page));
      setError(null);
      if (!cursor) announce(t('explore.count', { count: page.count }));
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(err.status === 400 ? { ...err.body, message: errorText(err) } : { message: errorText(err) });
    }
    setLoading(false);
  }

  useEffect(() => {
    const url = `${location.pathname}${query({ q: settled.trim(), threshold: settledThreshold === DEFAULT_THRESHOLD ? undefined : settledThreshold })}`;
    history.replaceState(null, '', url);
    search();
  }, [settled, settledThreshold]);

  return html`
    <h1>${t('explore.heading')}</h1>
    <form class="explore-form" onSubmit=${(e) => e.preventDefault()} role="search">
      <${QueryBox} id="query" value=${text} onInput=${setText} error=${error} label=${t('explore.query')} hint=${t('explore.hint')} />
      <div class="field threshold">
        <label for="threshold">${t('explore.threshold')}</label>
        <input id="threshold" type="number" min="0.5" max="0.99" step="0.01" value=${threshold} onInput=${(e) => setThreshold(Number(e.currentTarget.value) || DEFAULT_THRESHOLD)} />
      </div>
    </form>
    <p class="count" data-testid="count" aria-busy=${loading ? 'true' : 'false'}>${result && !error ? t('explore.count', { count: result.count }) : ' '}</p>
    ${result && !error && html`<ul class="grid">${result.items.map((item) => html`<${Result} key=${item.id} item=${item} />`)}</ul>`}
    ${result?.nextCursor && !error && html`<button type="button" onClick=${() => search(result.nextCursor)} disabled=${loading}>${t('common.more')}</button>`}
    <${Export} text=${settled} threshold=${settledThreshold} />
  `;
}
