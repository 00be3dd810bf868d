import { html } from '../lib/html.js';
import { lang, t } from '../lib/i18n.js';

/** A label as the query language reads it whatever its name: quoted, with quotes and backslashes escaped. */
export const quoteLabel = (name) => `'${name.replace(/['\\]/g, '\\$&')}'`;

const number = (value) => t('statistics.number', { value });

export function LabelTable({ rows }) {
  return html`<section aria-labelledby="labels-heading">
    <h2 id="labels-heading">${t('statistics.perLabel')}</h2>
    ${rows.length === 0
      ? html`<p class="empty">${t('statistics.noLabels')}</p>`
      : html`<div class="table-wrap">
          <table class="stats-table">
            <thead>
              <tr>
                <th scope="col">${t('statistics.label')}</th>
                <th scope="col">${t('statistics.images')}</th>
                <th scope="col">${t('statistics.confirmed')}</th>
                <th scope="col">${t('statistics.votes')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) => html`<tr data-label=${row.label}>
                  <th scope="row"><a href=${`/explore?q=${encodeURIComponent(quoteLabel(row.label))}`}>${row.display}</a></th>
                  <td>${number(row.images)}</td>
                  <td>${number(row.confirmed)}</td>
                  <td>${number(row.votes)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`}
  </section>`;
}

/** Donations and votes per day as bars; the same figures as a table for screen readers and copying. */
export function DailyChart({ days }) {
  const max = Math.max(1, ...days.flatMap((d) => [d.donations, d.votes]));
  const day = (iso) => new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  const bar = (kind, value) => value > 0 && html`<span class=${`bar ${kind}`} style=${{ width: `${(value / max) * 100}%` }}></span>`;
  return html`<section aria-labelledby="days-heading">
    <h2 id="days-heading">${t('statistics.perDay')}</h2>
    <p class="legend"><span class="swatch donations"></span> ${t('statistics.donations')} <span class="swatch votes"></span> ${t('statistics.votes')}</p>
    <div class="table-wrap">
      <table class="stats-table days">
        <thead>
          <tr>
            <th scope="col">${t('statistics.day')}</th>
            <th scope="col">${t('statistics.donations')}</th>
            <th scope="col">${t('statistics.votes')}</th>
            <th scope="col" class="chart-col"><span class="sr-only">${t('statistics.chart')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${days.map(
            (d) => html`<tr data-day=${d.day}>
              <th scope="row">${day(d.day)}</th>
              <td>${number(d.donations)}</td>
              <td>${number(d.votes)}</td>
              <td class="chart-col" aria-hidden="true">${bar('donations', d.donations)}${bar('votes', d.votes)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}
