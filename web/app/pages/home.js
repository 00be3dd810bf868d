import { html } from '../lib/html.js';
import { useTitle } from '../lib/hooks.js';
import { t } from '../lib/i18n.js';
import { getSession } from '../lib/session.js';

const CARDS = [
  ['donate', '/donate'],
  ['validate', '/validate'],
  ['annotate', '/annotate'],
  ['explore', '/explore'],
  ['statistics', '/statistics'],
  ['dashboard', '/dashboard'],
];

export default function Home() {
  useTitle(t('home.title'));
  const session = getSession();
  return html`
    <h1>${t('home.heading')}</h1>
    <p class="lead">${t('home.intro')}</p>
    <ul class="cards">
      ${CARDS.map(
        ([key, href]) => html`<li class="card">
          <h2><a href=${href}>${t(`home.${key}.title`)}</a></h2>
          <p>${t(`home.${key}.text`)}</p>
        </li>`,
      )}
    </ul>
    ${!session && html`<p><a href="/login">${t('nav.signIn')}</a> · <a href="/register">${t('login.register')}</a></p>`}
  `;
}
