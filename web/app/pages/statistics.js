import { useEffect, useState } from 'preact/hooks';
import { DailyChart, LabelTable } from '../components/statistics-tables.js';
import { api } from '../lib/api.js';
import { html } from '../lib/html.js';
import { errorText, useTitle } from '../lib/hooks.js';
import { labelName, t } from '../lib/i18n.js';

export const TOTALS = ['approvedImages', 'pendingImages', 'datasetImages', 'labels', 'pairs', 'confirmedPairs', 'votes', 'voters', 'openSuggestions'];

export default function Statistics() {
  useTitle(t('statistics.title'));
  const [data, setData] = useState(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api('/api/statistics')
      .then(async (overview) => {
        const perLabel = await Promise.all(overview.perLabel.map(async (row) => ({ ...row, display: await labelName(row.label) })));
        setData({ ...overview, perLabel });
      })
      .catch((err) => setError(errorText(err)));
  }, []);

  return html`
    <h1>${t('statistics.heading')}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!data && !error && html`<p>${t('common.loading')}</p>`}
    ${data &&
    html`<section aria-labelledby="totals-heading">
        <h2 id="totals-heading">${t('statistics.totals')}</h2>
        <dl class="totals">
          ${TOTALS.map(
            (key) => html`<div class="total" data-stat=${key}>
              <dt>${t(`statistics.total.${key}`)}</dt>
              <dd>${t('statistics.number', { value: data.totals[key] })}</dd>
            </div>`,
          )}
        </dl>
      </section>
      <${LabelTable} rows=${data.perLabel} />
      <${DailyChart} days=${data.perDay} />`}
  `;
}
