import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.loader.js';

const noFile = join(tmpdir(), 'imagehive-no-such-config.yml');

function load(env: Record<string, string>, yaml?: string) {
  let file = noFile;
  if (yaml !== undefined) {
    file = join(mkdtempSync(join(tmpdir(), 'ih-config-')), 'imagehive.yml');
    writeFileSync(file, yaml);
  }
  return loadConfig({ env: yaml === undefined ? env : { ...env, IMAGEHIVE_CONFIG: file } });
}

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the documented defaults with no file and no environment', () => {
    const config = load({});
    expect(config.server.port).toBe(3000);
    expect(config.dataDir).toBe('./data');
    expect(config.database.url).toBeUndefined();
    expect(config.auth.registration).toBe('invite');
    expect(config.auth.admin.username).toBe('admin');
  });

  it('reads the YAML file and lets the environment win over it', () => {
    const config = load({ PORT: '8080' }, 'server:\n  port: 9000\n  trustProxy: true\nauth:\n  registration: open\n');
    expect(config.server.port).toBe(8080);
    expect(config.server.trustProxy).toBe(true);
    expect(config.auth.registration).toBe('open');
  });

  it('takes port 0 for "any free port" (the start-up line prints the one bound)', () => {
    expect(load({ PORT: '0' }).server.port).toBe(0);
  });

  it('maps IMAGEHIVE__SECTION__KEY variables onto nested camelCase keys', () => {
    const config = load({ IMAGEHIVE__AUTH__JWT_EXPIRES_IN_SECONDS: '60', IMAGEHIVE__SERVER__TRUST_PROXY: 'yes' });
    expect(config.auth.jwtExpiresInSeconds).toBe(60);
    expect(config.server.trustProxy).toBe(true);
  });

  it('names the key, the source and what is allowed when a value is wrong', () => {
    expect(problems(() => load({ PORT: 'abc' }))).toMatch(/server\.port \(from environment variable PORT\)/);
    expect(problems(() => load({ PORT: '70000' }))).toMatch(/server\.port.*65535/);
    const reg = problems(() => load({}, 'auth:\n  registration: sometimes\n'));
    expect(reg).toMatch(/auth\.registration \(from .*imagehive\.yml\)/);
    expect(reg).toMatch(/"open"\|"invite"\|"closed"/);
    expect(problems(() => load({ DATABASE_URL: 'mysql://x' }))).toMatch(/database\.url.*postgres:\/\//);
  });

  it('refuses unknown keys rather than ignoring a typo', () => {
    expect(problems(() => load({}, 'server:\n  prot: 80\n'))).toMatch(/server\.prot .*not a known setting/);
    expect(problems(() => load({ IMAGEHIVE__SERVR__PORT: '1' }))).toMatch(/servr .*environment variable IMAGEHIVE__SERVR__PORT/);
  });

  it('keeps the other key’s default when one key of a rate limit is set', () => {
    const config = load({ IMAGEHIVE__RATE_LIMIT__LIMIT: '5', IMAGEHIVE__AUTH__LOGIN_THROTTLE__TTL_SECONDS: '30' });
    expect(config.rateLimit).toEqual({ limit: 5, ttlSeconds: 60 });
    expect(config.auth.loginThrottle).toEqual({ limit: 10, ttlSeconds: 30 });
  });

  it('reports every problem at once', () => {
    const message = problems(() => load({ PORT: '-1', IMAGEHIVE_REGISTRATION: 'x' }));
    expect(message).toMatch(/server\.port/);
    expect(message).toMatch(/auth\.registration/);
  });

  it('fails clearly on broken YAML and on a named file that is missing', () => {
    expect(problems(() => load({}, 'server: [\n'))).toMatch(/not valid YAML/);
    expect(problems(() => loadConfig({ env: {}, file: noFile }))).toMatch(/does not exist/);
  });

  it('ships an example file that is valid and documents exactly the defaults', () => {
    const example = join(import.meta.dirname, '..', '..', 'imagehive.example.yml');
    expect(loadConfig({ env: {}, file: example })).toEqual(load({}));
  });

  it('treats empty environment values as unset for optional secrets', () => {
    expect(load({ IMAGEHIVE_ADMIN_PASSWORD: '', DATABASE_URL: '' }).auth.admin.password).toBeUndefined();
  });
});
