import { useEffect, useState } from 'preact/hooks';
import { LabelPicker } from '../components/label-picker.js';
import { api } from '../lib/api.js';
import { html } from '../lib/html.js';
import { announce, errorText, useTitle } from '../lib/hooks.js';
import { formatPercent, labelDetail, labelName, t } from '../lib/i18n.js';
import { getSession } from '../lib/session.js';

/** The image's labels with votes, named in the user's language. */
async function loadPairs(id) {
  const pairs = await api(`/api/images/${id}/labels`);
  return Promise.all(pairs.map(async (pair) => ({ ...pair, display: await labelName(pair.name), parentDisplay: pair.parent ? await labelName(pair.parent) : null })));
}

/** What else to add: the parts of its labels (an ear of the dog) and their narrower kinds, not yet on the image. */
async function loadSuggestions(pairs) {
  const has = new Set(pairs.map((p) => `${p.parent ?? ''}/${p.name}`));
  const wholes = pairs.filter((p) => !p.parent && !p.suggestion);
  const found = [];
  for (const pair of wholes) {
    const detail = await labelDetail(pair.name);
    for (const part of detail?.parts ?? []) if (!has.has(`${pair.name}/${part}`)) found.push({ label: part, of: pair.name, display: await labelName(part), ofDisplay: pair.display });
    for (const child of detail?.children ?? []) if (!has.has(`/${child}`)) found.push({ label: child, display: await labelName(child) });
  }
  return found.slice(0, 12);
}

function Pair({ pair }) {
  return html`<li class="pair" data-label=${pair.name}>
    <span class="pair-name">${pair.parentDisplay ? t('label.partOf', { label: pair.display, parent: pair.parentDisplay }) : pair.display}</span>
    ${pair.suggestion && html` <small class="badge">${t('labels.newWord')}</small>`}
    <span class="votes">${t('label.votes', { yes: pair.yes, no: pair.no, unsure: pair.unsure })}</span>
    <span class=${`verdict ${pair.verdict}`}>${t(`label.verdict.${pair.verdict}`)}${pair.probability !== null ? ` (${formatPercent(pair.probability)})` : ''}</span>
  </li>`;
}

function NoImage() {
  const [error, setError] = useState('');
  useEffect(() => {
    // Without an id: the next image that still needs checking.
    api('/api/validation/next?count=1').then(
      ([task]) => (task ? location.replace(`/label/${task.imageId}`) : setError(t('label.nothing'))),
      (err) => setError(errorText(err)),
    );
  }, []);
  return html`<h1>${t('label.heading')}</h1><p>${error || t('common.loading')}</p>`;
}

export default function Label({ id }) {
  useTitle(t('label.title'));
  return id ? html`<${LabelImage} id=${id} />` : html`<${NoImage} />`;
}

function LabelImage({ id }) {
  const [image, setImage] = useState(null);
  const [pairs, setPairs] = useState([]);
  const [suggestions, setSuggestions] = useState([]);
  const [chosen, setChosen] = useState([]);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const signedIn = !!getSession();

  async function refresh() {
    const fresh = await loadPairs(id);
    setPairs(fresh);
    setSuggestions(await loadSuggestions(fresh));
  }
  useEffect(() => {
    api(`/api/images/${id}`).then(setImage, (err) => setError(err.status === 404 ? t('label.notFound') : errorText(err)));
    refresh().catch(() => undefined);
  }, [id]);

  async function add(labels) {
    try {
      await api(`/api/images/${id}/labels`, { method: 'POST', json: { labels } });
      setChosen([]);
      setError('');
      const text = t('label.saved', { count: labels.length });
      setSaved(text);
      announce(text);
      await refresh();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return html`
    <h1>${t('label.heading')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${image &&
    html`<div class="label-layout">
      <figure class="task">
        <img src=${image.rawUrl} alt=${t('label.imageAlt', { labels: pairs.map((p) => p.display).join(', ') || '—' })} width=${image.width} height=${image.height} />
        <figcaption class="hint">${image.width}×${image.height} · ${image.license} · ${t(`label.state.${image.state}`)}</figcaption>
      </figure>
      <div>
        <h2>${t('label.current')}</h2>
        ${pairs.length ? html`<ul class="pairs">${pairs.map((pair) => html`<${Pair} key=${pair.id} pair=${pair} />`)}</ul>` : html`<p class="empty">${t('label.none')}</p>`}
        ${signedIn
          ? html`<form onSubmit=${(e) => (e.preventDefault(), chosen.length && add(chosen.map((c) => ({ label: c.name }))))}>
                <${LabelPicker} id="image-labels" label=${t('label.add')} hint=${t('labels.hint')} selected=${chosen} onChange=${setChosen} />
                <button type="submit" class="primary" disabled=${!chosen.length}>${t('label.save')}</button>
              </form>
              ${suggestions.length > 0 &&
              html`<h2>${t('label.suggestions')}</h2>
                <ul class="suggestions">
                  ${suggestions.map(
                    (s) => html`<li><button type="button" onClick=${() => add([{ label: s.label, ...(s.of ? { of: s.of } : {}) }])}>
                      + ${s.of ? t('label.partOf', { label: s.display, parent: s.ofDisplay }) : s.display}
                    </button></li>`,
                  )}
                </ul>`}`
          : html`<p><a href=${`/login?next=${encodeURIComponent(location.pathname)}`}>${t('label.signIn')}</a></p>`}
        ${saved && html`<p role="status">${saved}</p>`}
        <p><a href="/validate">${t('label.goValidate')}</a></p>
      </div>
    </div>`}
  `;
}
