import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';

/** What the last save said: saved, a conflict (with a way to load the newer revision), broken shapes, or an error. */
export function AnnotateStatus({ status, onLoadCurrent, onNext }) {
  if (!status) return null;
  if (status.kind === 'saved') {
    return html`<p class="ok" role="status" data-testid="annotate-saved">
      ${t('annotate.saved', { revision: status.revision })} <button type="button" class="link-button" onClick=${onNext}>${t('annotate.next')}</button>
    </p>`;
  }
  if (status.kind === 'conflict') {
    return html`<div class="error" role="alert" data-testid="annotate-conflict">
      <p>${status.text}</p>
      ${status.current && html`<button type="button" onClick=${onLoadCurrent}>${t('annotate.loadCurrent', { revision: status.current.revision })}</button>`}
    </div>`;
  }
  if (status.kind === 'invalid') {
    return html`<div class="error" role="alert" data-testid="annotate-invalid">
      <p>${t('annotate.invalid')}</p>
      <ul>
        ${status.violations.map((v) => html`<li>${t('annotate.shapeN', { n: v.shapeIndex + 1 })}: ${t(`annotate.rule.${v.rule}`)}</li>`)}
      </ul>
    </div>`;
  }
  return html`<p class="error" role="alert">${status.text}</p>`;
}
