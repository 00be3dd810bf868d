import { render } from 'preact';
import { Layout } from './components/layout.js';
import { html } from './lib/html.js';
import { loadLocale, t } from './lib/i18n.js';
import { getSession, goToLogin } from './lib/session.js';
import { matchRoute } from './routes.js';

async function start() {
  await loadLocale();
  const route = matchRoute(location.pathname);
  if (route?.signedIn && !getSession()) return goToLogin();
  const root = document.getElementById('app');
  const page = route ? (await import(`./pages/${route.page}.js`)).default : null;
  root.textContent = '';
  render(
    html`<${Layout} active=${route?.nav}>${page ? html`<${page} ...${route.props} />` : html`<h1>${t('notFound.title')}</h1>`}<//>`,
    root,
  );
}

start().catch((error) => {
  document.getElementById('app').textContent = `Imagehive could not start: ${error.message}`;
});
