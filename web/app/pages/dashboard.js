import { useEffect, useState } from 'preact/hooks';
import { Tokens } from '../components/tokens.js';
import { Uploads } from '../components/uploads.js';
import { api } from '../lib/api.js';
import { html } from '../lib/html.js';
import { useTitle } from '../lib/hooks.js';
import { formatBytes, t } from '../lib/i18n.js';
import { getSession } from '../lib/session.js';

function Usage({ usage }) {
  if (!usage) return null;
  const used = formatBytes(usage.bytes);
  return html`
    <p class="usage" data-testid="usage">
      ${usage.quotaBytes
        ? html`<label for="usage-meter">${t('dashboard.usageOf', { used, quota: formatBytes(usage.quotaBytes) })}</label>
            <meter id="usage-meter" min="0" max=${usage.quotaBytes} value=${usage.bytes} high=${usage.quotaBytes * 0.9}></meter>`
        : t('dashboard.usage', { used })}
      ${' · '}${t('dashboard.files', { count: usage.files })}
    </p>
  `;
}

export default function Dashboard() {
  useTitle(t('dashboard.title'));
  const [usage, setUsage] = useState(null);
  const refresh = () => api('/api/users/me/usage').then(setUsage, () => setUsage(null));
  useEffect(() => void refresh(), []);
  return html`
    <h1>${t('dashboard.heading', { name: getSession()?.username ?? '' })}</h1>
    <${Usage} usage=${usage} />
    <${Uploads} onChange=${refresh} />
    <${Tokens} />
  `;
}
