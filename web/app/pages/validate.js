import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../lib/api.js';
import { html } from '../lib/html.js';
import { announce, errorText, useTitle } from '../lib/hooks.js';
import { lang, t, withLabelNames } from '../lib/i18n.js';

const BATCH = 5;
const KEYS = { y: 'yes', j: 'yes', n: 'no', s: 'unsure' };

function question(task) {
  // English only: the article the word needs (German phrases the question without one).
  const article = lang === 'en' && /^[aeiou]/i.test(task.display) ? 'an' : 'a';
  if (task.parentDisplay) return t('validate.questionPart', { label: task.display, parent: task.parentDisplay, article });
  return t('validate.question', { label: task.display, article });
}

/** Tasks with their labels' names in the user's language, and their images already on their way. */
async function fetchTasks(label) {
  const tasks = await api(`/api/validation/next${query({ count: BATCH, label })}`);
  return Promise.all(
    tasks.map(async (task) => {
      new Image().src = task.imageUrl; // prefetch
      return withLabelNames(task);
    }),
  );
}

export default function Validate() {
  useTitle(t('validate.title'));
  const label = new URLSearchParams(location.search).get('label') ?? undefined;
  const [queue, setQueue] = useState([]);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [streak, setStreak] = useState(() => Number(sessionStorage.getItem('imagehive.streak') ?? 0));
  const [training, setTraining] = useState(false);
  const [error, setError] = useState('');
  const [last, setLast] = useState('');
  const seen = useRef(new Set());
  const fetching = useRef(false);

  async function refill() {
    if (fetching.current) return;
    fetching.current = true;
    try {
      const fresh = (await fetchTasks(label)).filter((task) => !seen.current.has(task.pairId));
      fresh.forEach((task) => seen.current.add(task.pairId));
      setQueue((all) => [...all, ...fresh]);
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
    fetching.current = false;
    setLoading(false);
  }

  useEffect(() => void refill(), []);
  useEffect(() => {
    if (!loading && queue.length < 3) refill();
  }, [queue.length]);

  const current = queue[0];

  async function vote(answer) {
    if (!current || busy) return;
    setBusy(true);
    try {
      const result = await api(`/api/validation/${current.pairId}/votes`, { method: 'POST', json: { answer } });
      const next = streak + 1;
      setStreak(next);
      sessionStorage.setItem('imagehive.streak', String(next));
      // An unsure answer never moves a verdict: it says nothing about training.
      if (answer !== 'unsure') setTraining(result.counted === false);
      const text = t('validate.saved', { answer: t(`validate.${answer}`) });
      setLast(text);
      announce(text);
      setQueue((all) => all.slice(1));
    } catch (err) {
      setError(errorText(err));
      if (err.status === 404) setQueue((all) => all.slice(1)); // gone meanwhile (hidden, deleted)
    }
    setBusy(false);
  }

  useEffect(() => {
    function onKey(event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (event.target.closest?.('input, textarea, select, [contenteditable]')) return;
      const answer = KEYS[event.key.toLowerCase()];
      if (answer) {
        event.preventDefault();
        vote(answer);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return html`
    <h1>${t('validate.heading')}</h1>
    <p class="streak" data-testid="streak">${t('validate.streak', { count: streak })}</p>
    ${training && html`<p class="note training" role="note">${t('validate.training')}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${loading && html`<p>${t('common.loading')}</p>`}
    ${!loading && !current && !error && html`<p class="empty">${t('validate.empty')} <a href="/donate">${t('nav.donate')}</a></p>`}
    ${current &&
    html`<figure class="task" data-pair=${current.pairId} key=${current.pairId}>
        <img src=${current.imageUrl} alt=${question(current)} />
        <figcaption><h2 id="question">${question(current)}</h2></figcaption>
      </figure>
      <div class="answers" role="group" aria-labelledby="question">
        <button type="button" class="yes" onClick=${() => vote('yes')} disabled=${busy} aria-keyshortcuts="Y">${t('validate.yes')} <kbd>Y</kbd></button>
        <button type="button" class="no" onClick=${() => vote('no')} disabled=${busy} aria-keyshortcuts="N">${t('validate.no')} <kbd>N</kbd></button>
        <button type="button" class="unsure" onClick=${() => vote('unsure')} disabled=${busy} aria-keyshortcuts="S">${t('validate.unsure')} <kbd>S</kbd></button>
      </div>
      <p class="hint">${t('validate.keys')} · <a href=${`/label/${current.imageId}`}>${t('validate.addLabels')}</a></p>`}
    ${last && html`<p class="last-vote">${last}</p>`}
  `;
}
