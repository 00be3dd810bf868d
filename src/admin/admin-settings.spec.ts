import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/config.loader.js';
import { ConfigService } from '../config/config.service.js';
import { AccessPolicy } from './access.js';
import { resolveSessionSecret } from './session/session-secret.js';

const load = (env: Record<string, string>) => loadConfig({ env, file: false });

describe('admin settings', () => {
  it('is on by default, loaded at its first request, and refuses to start in production without a session secret', () => {
    expect(load({}).admin).toEqual({ enabled: true, preload: false, sessionTtlHours: 12 });
    expect(load({ IMAGEHIVE__ADMIN__PRELOAD: 'true' }).admin.preload).toBe(true);
    expect(() => load({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/admin\.sessionSecret .*required in production.*IMAGEHIVE_ADMIN_SESSION_SECRET/);
    const secret = 'x'.repeat(32);
    expect(load({ NODE_ENV: 'production', IMAGEHIVE_ADMIN_SESSION_SECRET: secret }).admin.sessionSecret).toBe(secret);
    expect(load({ NODE_ENV: 'production', IMAGEHIVE__ADMIN__ENABLED: 'false' }).admin.enabled).toBe(false);
    expect(() => load({ IMAGEHIVE_ADMIN_SESSION_SECRET: 'short' })).toThrow(/admin\.sessionSecret .*at least 32 characters/);
  });

  it('generates a session secret once into the data folder outside production, readable only by its owner', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ih-admin-secret-'));
    try {
      const config = new ConfigService(loadConfig({ env: {}, file: false, overrides: { dataDir } }));
      const first = resolveSessionSecret(config);
      expect(first.length).toBeGreaterThanOrEqual(64);
      expect(resolveSessionSecret(config)).toBe(first);
      const file = join(dataDir, 'secrets', 'admin-session-secret');
      expect(readFileSync(file, 'utf8')).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const configured = new ConfigService(loadConfig({ env: {}, file: false, overrides: { dataDir, 'admin.sessionSecret': 'y'.repeat(40) } }));
      expect(resolveSessionSecret(configured)).toBe('y'.repeat(40));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('AccessPolicy', () => {
  const policy = new AccessPolicy({ users: { role: 'admin' }, uploads: { role: 'moderator', actions: { bulkDelete: 'admin' } } });

  it('lets admins do everything, moderators only moderation resources, users nothing', () => {
    expect(policy.can('admin', 'users', 'edit')).toBe(true);
    expect(policy.can('admin', 'uploads', 'bulkDelete')).toBe(true);
    expect(policy.can('moderator', 'uploads', 'list')).toBe(true);
    expect(policy.can('moderator', 'uploads', 'delete')).toBe(true);
    expect(policy.can('moderator', 'uploads', 'bulkDelete')).toBe(false);
    expect(policy.can('moderator', 'users', 'list')).toBe(false);
    expect(policy.can('user', 'uploads', 'list')).toBe(false);
    expect(policy.can(undefined, 'uploads', 'list')).toBe(false);
    expect(policy.can('admin', 'nothing-here', 'list')).toBe(false);
    expect(policy.has('users')).toBe(true);
    expect(policy.has('constructor')).toBe(false);
  });
});
