import { useEffect, useState } from 'preact/hooks';
import { api, download } from '../lib/api.js';
import { html } from '../lib/html.js';
import { announce, errorText } from '../lib/hooks.js';
import { formatDate, t } from '../lib/i18n.js';
import { getSession } from '../lib/session.js';
import { CopyButton } from './copy-button.js';

const SCOPES = ['upload', 'read', 'vote'];

function TokenRow({ token, onRevoked }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  async function revoke() {
    try {
      await api(`/api/tokens/${token.id}`, { method: 'DELETE' });
      announce(t('tokens.revoked', { name: token.name }));
      onRevoked();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return html`
    <tr>
      <th scope="row">${token.name}</th>
      <td><code>${token.hint}…</code></td>
      <td>${token.scopes.join(', ')}</td>
      <td>${token.lastUsedAt ? formatDate(token.lastUsedAt) : t('tokens.never')}</td>
      <td>${token.expiresAt ? formatDate(token.expiresAt) : t('tokens.noExpiry')}</td>
      <td>
        ${confirming
          ? html`<button type="button" class="danger" onClick=${revoke}>${t('tokens.reallyRevoke')}</button>
              <button type="button" onClick=${() => setConfirming(false)}>${t('common.cancel')}</button>`
          : html`<button type="button" onClick=${() => setConfirming(true)}>${t('tokens.revoke')}<span class="sr-only"> ${token.name}</span></button>`}
        ${error && html`<span class="error" role="alert">${error}</span>`}
      </td>
    </tr>
  `;
}

function NewToken({ onCreated }) {
  const [secret, setSecret] = useState(null);
  const [error, setError] = useState('');
  const role = getSession()?.role;
  // Staff scopes only for the roles that may hold them (the API refuses the rest).
  const scopes = [...SCOPES, ...(role === 'moderator' || role === 'admin' ? ['moderate'] : []), ...(role === 'admin' ? ['admin'] : [])];
  async function create(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = { name: String(data.get('name')), scopes: data.getAll('scopes') };
    const days = Number(data.get('expiresInDays'));
    if (days) body.expiresInDays = days;
    try {
      const token = await api('/api/tokens', { method: 'POST', json: body });
      setSecret(token.secret);
      setError('');
      form.reset();
      onCreated();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return html`
    <form class="token-form" onSubmit=${create}>
      <div class="field"><label for="token-name">${t('tokens.name')}</label><input id="token-name" name="name" required maxlength="64" /></div>
      <fieldset>
        <legend>${t('tokens.scopes')}</legend>
        ${scopes.map(
          (scope) => html`<label class="check"><input type="checkbox" name="scopes" value=${scope} checked=${scope === 'upload' || scope === 'read'} /> ${t(`tokens.scope.${scope}`)}</label>`,
        )}
      </fieldset>
      <div class="field"><label for="token-days">${t('tokens.expiresInDays')}</label><input id="token-days" name="expiresInDays" type="number" min="1" max="3650" /></div>
      <button type="submit" class="primary">${t('tokens.create')}</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>
    ${secret &&
    html`<div class="secret" role="status">
      <p>${t('tokens.secretOnce')}</p>
      <code data-testid="token-secret">${secret}</code> <${CopyButton} text=${secret} label=${t('tokens.copySecret')} />
    </div>`}
  `;
}

export function Tokens() {
  const [tokens, setTokens] = useState(null);
  const [error, setError] = useState('');
  const [downloaded, setDownloaded] = useState('');
  const load = () => api('/api/tokens').then(setTokens, (err) => setError(errorText(err)));
  useEffect(() => void load(), []);
  async function get(path, name) {
    try {
      setDownloaded(t('tokens.downloaded', { name: await download(path, name) }));
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return html`
    <section aria-labelledby="clients-heading">
      <h2 id="clients-heading">${t('clients.heading')}</h2>
      <p>${t('clients.text')}</p>
      <div class="actions">
        <button type="button" onClick=${() => get('/api/sharex.sxcu', 'imagehive.sxcu')}>${t('clients.sharex')}</button>
        <button type="button" onClick=${() => get('/api/upload.sh', 'imagehive-upload.sh')}>${t('clients.script')}</button>
      </div>
      ${downloaded && html`<p role="status">${downloaded}</p>`}
    </section>
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">${t('tokens.heading')}</h2>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${tokens && tokens.length === 0 && html`<p class="empty">${t('tokens.none')}</p>`}
      ${tokens &&
      tokens.length > 0 &&
      html`<div class="table-wrap"><table>
        <caption class="sr-only">${t('tokens.heading')}</caption>
        <thead><tr>
          <th scope="col">${t('tokens.name')}</th><th scope="col">${t('tokens.hint')}</th><th scope="col">${t('tokens.scopes')}</th>
          <th scope="col">${t('tokens.lastUsed')}</th><th scope="col">${t('tokens.expires')}</th><th scope="col"><span class="sr-only">${t('tokens.actions')}</span></th>
        </tr></thead>
        <tbody>${tokens.map((token) => html`<${TokenRow} key=${token.id} token=${token} onRevoked=${load} />`)}</tbody>
      </table></div>`}
      <h3>${t('tokens.new')}</h3>
      <${NewToken} onCreated=${load} />
    </section>
  `;
}
