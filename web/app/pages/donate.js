import { useEffect, useRef, useState } from 'preact/hooks';
import { DropZone } from '../components/drop-zone.js';
import { LabelPicker } from '../components/label-picker.js';
import { upload } from '../lib/api.js';
import { downscale, MAX_SIDE } from '../lib/downscale.js';
import { html } from '../lib/html.js';
import { announce, errorText, useTitle } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';
import { getSession } from '../lib/session.js';

let nextId = 1;

function JobStatus({ job }) {
  switch (job.state) {
    case 'resizing':
      return html`<span>${t('donate.resizing')}</span>`;
    case 'sending':
      return html`<span>${t('donate.sending')}</span>`;
    case 'done':
      // A pending image is visible to its donor only when signed in: anonymous donors get no link to it.
      return html`<span class="ok" data-id=${job.result.id}>${t('donate.done')}</span>
        ${getSession() && html` <a href=${`/label/${job.result.id}`}>${t('donate.addLabels')}</a>`}`;
    case 'duplicate':
      return html`<span class="warn">${t('donate.duplicate')}</span>
        ${job.existing && html` <a href=${`/label/${job.existing}`}>${t('donate.seeExisting')}</a>`}`;
    case 'error':
      return html`<span class="error">${job.error}</span>`;
    default:
      return html`<span>${t('donate.ready')}</span>`;
  }
}

export default function Donate() {
  useTitle(t('donate.title'));
  const [jobs, setJobs] = useState([]);
  const [labels, setLabels] = useState([]);
  const [sending, setSending] = useState(false);
  const [message, setMessage] = useState('');
  const jobsRef = useRef(jobs);
  jobsRef.current = jobs;
  useEffect(() => () => jobsRef.current.forEach((job) => URL.revokeObjectURL(job.preview)), []);

  const update = (id, patch) => setJobs((all) => all.map((job) => (job.id === id ? { ...job, ...patch } : job)));
  const add = (files) =>
    setJobs((all) => [...all, ...files.map((file) => ({ id: nextId++, file, name: file.name, preview: URL.createObjectURL(file), state: 'ready', progress: 0 }))]);
  const remove = (job) => (URL.revokeObjectURL(job.preview), setJobs((all) => all.filter((j) => j !== job)));

  async function send(job) {
    update(job.id, { state: 'resizing' });
    const prepared = await downscale(job.file);
    if (prepared.resized) update(job.id, { resized: prepared });
    const form = new FormData();
    form.append('consent', 'true');
    for (const label of labels) form.append('labels', label.name);
    form.append('image', prepared.file, prepared.file.name);
    update(job.id, { state: 'sending' });
    try {
      const result = await upload('/api/donations', form, (progress) => update(job.id, { progress }));
      update(job.id, { state: 'done', progress: 1, result });
      return true;
    } catch (err) {
      if (err.status === 409) update(job.id, { state: 'duplicate', existing: err.body.existingImageId });
      else update(job.id, { state: 'error', error: err.status === 401 ? t('donate.signInNeeded') : errorText(err) });
      return false;
    }
  }

  async function submit(event) {
    event.preventDefault();
    const waiting = jobs.filter((job) => job.state === 'ready' || job.state === 'error');
    if (!waiting.length) return setMessage(t('donate.noFiles'));
    setSending(true);
    setMessage('');
    let sent = 0;
    for (const job of waiting) if (await send(job)) sent += 1;
    setSending(false);
    const text = t('donate.sent', { count: sent });
    setMessage(text);
    announce(text);
  }

  return html`
    <h1>${t('donate.heading')}</h1>
    <p class="lead">${t('donate.intro')}</p>
    ${!getSession() && html`<p class="note">${t('donate.anonymous')} <a href="/login?next=/donate">${t('nav.signIn')}</a></p>`}
    <form onSubmit=${submit} class="donate-form">
      <${DropZone} id="donate-files" label=${t('donate.choose')} hint=${t('donate.dropHint', { max: MAX_SIDE })} onFiles=${add} />
      ${jobs.length > 0 &&
      html`<ul class="jobs with-preview" aria-label=${t('donate.files')}>
        ${jobs.map(
          (job) => html`<li data-file=${job.name} data-state=${job.state}>
            <img src=${job.preview} alt="" width="64" height="64" />
            <div>
              <p class="job-name">${job.name}</p>
              ${job.resized && html`<p class="hint">${t('donate.resized', { from: `${job.resized.from.width}×${job.resized.from.height}`, to: `${job.resized.width}×${job.resized.height}` })}</p>`}
              <progress max="1" value=${job.progress} aria-label=${t('uploads.progress', { name: job.name })}></progress>
              <p class="job-status" aria-live="polite"><${JobStatus} job=${job} /></p>
            </div>
            ${(job.state === 'ready' || job.state === 'error') &&
            html`<button type="button" onClick=${() => remove(job)}>${t('donate.remove')}<span class="sr-only"> ${job.name}</span></button>`}
          </li>`,
        )}
      </ul>`}
      <${LabelPicker} id="donate-labels" label=${t('donate.labels')} hint=${t('donate.labelsHint')} selected=${labels} onChange=${setLabels} />
      <label class="check consent">
        <input type="checkbox" name="consent" required />
        <span>${t('donate.consent')} <a href="https://creativecommons.org/publicdomain/zero/1.0/" target="_blank" rel="noopener">CC0 1.0</a></span>
      </label>
      <button type="submit" class="primary" disabled=${sending}>${t('donate.submit')}</button>
      ${message && html`<p role="status" class="result">${message}</p>`}
    </form>
  `;
}
