import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { html } from '../lib/html.js';
import { errorText, useTitle } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';
import { safeNext, setSession } from '../lib/session.js';

async function startSession(accessToken, expiresIn) {
  setSession({ token: accessToken, expiresAt: Date.now() + expiresIn * 1000 });
  const me = await api('/api/users/me');
  setSession({ token: accessToken, expiresAt: Date.now() + expiresIn * 1000, username: me.username, role: me.role });
  location.assign(safeNext(new URLSearchParams(location.search).get('next')));
}

function Field({ id, label, ...input }) {
  return html`<div class="field"><label for=${id}>${label}</label><input id=${id} name=${id} ...${input} /></div>`;
}

export default function Login({ mode }) {
  const registering = mode === 'register';
  useTitle(registering ? t('login.registerTitle') : t('login.title'));
  const [registration, setRegistration] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api('/api/auth/settings').then((s) => setRegistration(s.registration), () => setRegistration('closed'));
  }, []);

  async function submit(event) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget));
    setBusy(true);
    setError('');
    try {
      if (registering) {
        const body = { username: data.username, password: data.password };
        if (data.email) body.email = data.email;
        if (data.inviteCode) body.inviteCode = data.inviteCode;
        const res = await api('/api/auth/register', { method: 'POST', json: body });
        await startSession(res.accessToken, res.expiresIn);
      } else {
        const res = await api('/api/auth/login', { method: 'POST', json: { username: data.username, password: data.password } });
        await startSession(res.accessToken, res.expiresIn);
      }
    } catch (err) {
      setError(err.status === 401 && !registering ? t('login.failed') : errorText(err));
      setBusy(false);
    }
  }

  const next = new URLSearchParams(location.search).get('next');
  const other = (path) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);
  if (registering && registration === 'closed') {
    return html`<h1>${t('login.registerTitle')}</h1><p>${t('login.registrationClosed')}</p><p><a href=${other('/login')}>${t('login.haveAccount')}</a></p>`;
  }
  return html`
    <h1>${registering ? t('login.registerTitle') : t('login.title')}</h1>
    <form class="narrow" onSubmit=${submit} aria-describedby=${error ? 'login-error' : undefined}>
      <${Field} id="username" label=${t('login.username')} autocomplete="username" required minlength=${registering ? 3 : 1} maxlength="64" />
      <${Field}
        id="password"
        label=${t('login.password')}
        type="password"
        autocomplete=${registering ? 'new-password' : 'current-password'}
        required
        minlength=${registering ? 8 : 1}
      />
      ${registering && html`<${Field} id="email" label=${t('login.email')} type="email" autocomplete="email" />`}
      ${registering && registration === 'invite' && html`<${Field} id="inviteCode" label=${t('login.inviteCode')} required />`}
      ${error && html`<p id="login-error" class="error" role="alert">${error}</p>`}
      <button type="submit" class="primary" disabled=${busy}>${registering ? t('login.register') : t('login.submit')}</button>
    </form>
    ${registering
      ? html`<p><a href=${other('/login')}>${t('login.haveAccount')}</a></p>`
      : registration && registration !== 'closed' && html`<p><a href=${other('/register')}>${t('login.noAccount')}</a></p>`}
  `;
}
