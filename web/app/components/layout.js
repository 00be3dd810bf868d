import { html } from '../lib/html.js';
import { LANGUAGES, lang, setLanguage, t } from '../lib/i18n.js';
import { clearSession, getSession } from '../lib/session.js';

const NAV = [
  ['donate', '/donate'],
  ['validate', '/validate'],
  ['annotate', '/annotate'],
  ['explore', '/explore'],
  ['statistics', '/statistics'],
  ['dashboard', '/dashboard'],
];

function signOut() {
  clearSession();
  location.assign('/');
}

export function Layout({ active, children }) {
  const session = getSession();
  return html`
    <a class="skip-link" href="#main">${t('nav.skip')}</a>
    <header class="site-header">
      <a class="brand" href="/">${t('app.name')}</a>
      <nav aria-label=${t('nav.label')}>
        <ul>
          ${NAV.map(
            ([key, href]) => html`<li><a href=${href} aria-current=${active === key ? 'page' : undefined}>${t(`nav.${key}`)}</a></li>`,
          )}
        </ul>
      </nav>
      <div class="header-tools">
        ${session
          ? html`<span class="who">${t('nav.signedInAs', { name: session.username ?? '' })}</span>
              <button type="button" class="link-button" onClick=${signOut}>${t('nav.signOut')}</button>`
          : html`<a href=${`/login?next=${encodeURIComponent(location.pathname)}`} aria-current=${active === 'login' ? 'page' : undefined}>${t('nav.signIn')}</a>`}
        <label class="language">
          <span class="sr-only">${t('nav.language')}</span>
          <select value=${lang} onChange=${(e) => setLanguage(e.currentTarget.value)}>
            ${Object.entries(LANGUAGES).map(([code, name]) => html`<option value=${code} lang=${code}>${name}</option>`)}
          </select>
        </label>
      </div>
    </header>
    <main id="main" tabindex="-1">${children}</main>
    <footer class="site-footer">
      <p>${t('footer.text')} <a href="/docs">${t('footer.api')}</a></p>
    </footer>
    <div id="announcer" class="sr-only" role="status" aria-live="polite"></div>
  `;
}
