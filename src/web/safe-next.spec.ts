// web/app/lib/session.js is a browser module; Jest loads it as it is served (see annotate-geometry.spec.ts).
const lib = (name: string) => `../../web/app/lib/${name}.js`;
const { safeNext } = await import(lib('session'));

describe('safeNext: where the login page returns to', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/dashboard/uploads?page=2')).toBe('/dashboard/uploads?page=2');
    expect(safeNext('/validate')).toBe('/validate');
  });

  it('sends everything that could leave the site to the dashboard, control characters included', () => {
    const WHATWG = (next: string) => new URL(next, 'https://imagehive.example').host;
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', '/\t/evil.example', '/\n/evil.example', '/\r/evil.example', null, 42]) {
      expect(safeNext(next)).toBe('/dashboard');
    }
    // Why the control characters matter: a browser reads "/\t/evil.example" as another host.
    expect(WHATWG('/\t/evil.example')).toBe('evil.example');
  });
});
