import { adminPanelState } from '../src/admin/admin.loader.js';
import { createTestApp } from './utils/test-app.js';

// Its own file: a second app in the staff panel's suite would take over passport's strategies (see TestApp.twin).
describe('staff panel loading with admin.preload', () => {
  it('starts loading as soon as the server listens, and serves /admin once loaded', async () => {
    const t = await createTestApp({ 'admin.enabled': true, 'admin.preload': true });
    try {
      expect(adminPanelState(t.app)).toBe('idle');
      await t.app.listen(0, '127.0.0.1');
      expect(adminPanelState(t.app)).toBe('loading');
      await t.http().get('/admin/login').expect(200);
      expect(adminPanelState(t.app)).toBe('ready');
    } finally {
      await t.close();
    }
  }, 240_000); // AdminJS takes seconds to import, more on a busy machine
});
