// STUB: drawing boxes and polygons waits for the annotations API, which another developer is building now.
// This page only says so; it is linked from the home page, not the main navigation.
import { html } from '../lib/html.js';
import { useTitle } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';

export default function Annotate() {
  useTitle(t('annotate.title'));
  return html`
    <h1>${t('annotate.heading')}</h1>
    <p class="note" data-testid="annotate-stub">${t('annotate.stub')}</p>
    <p><a href="/validate">${t('annotate.meanwhile')}</a></p>
  `;
}
