// Path → page module. The server answers each of these paths with the same HTML shell (src/web/).
export const ROUTES = [
  { path: /^\/$/, page: 'home' },
  { path: /^\/login$/, page: 'login', nav: 'login', props: { mode: 'login' } },
  { path: /^\/register$/, page: 'login', nav: 'login', props: { mode: 'register' } },
  { path: /^\/dashboard$/, page: 'dashboard', nav: 'dashboard', signedIn: true },
  { path: /^\/donate$/, page: 'donate', nav: 'donate' },
  { path: /^\/validate$/, page: 'validate', nav: 'validate' },
  { path: /^\/label(?:\/([0-9a-fA-F-]{36}))?$/, page: 'label', params: ['id'] },
  { path: /^\/explore$/, page: 'explore', nav: 'explore' },
  { path: /^\/annotate$/, page: 'annotate', nav: 'annotate' },
  { path: /^\/statistics$/, page: 'statistics', nav: 'statistics' },
];

export function matchRoute(pathname) {
  for (const route of ROUTES) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    const params = Object.fromEntries((route.params ?? []).map((name, i) => [name, match[i + 1]]));
    return { ...route, props: { ...route.props, ...params } };
  }
  return null;
}
