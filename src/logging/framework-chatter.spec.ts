import { isFrameworkChatter } from './framework-chatter.js';

describe('isFrameworkChatter', () => {
  it('picks out Nest’s per-module and per-route start-up lines by their context (the last parameter)', () => {
    expect(isFrameworkChatter(['RouterExplorer'])).toBe(true);
    expect(isFrameworkChatter([{ extra: 1 }, 'InstanceLoader'])).toBe(true);
    expect(isFrameworkChatter(['RoutesResolver'])).toBe(true);
    expect(isFrameworkChatter(['NestApplication'])).toBe(false);
    expect(isFrameworkChatter(['AdminBootstrap'])).toBe(false);
    expect(isFrameworkChatter(['RouterExplorer', { not: 'a context' }])).toBe(false);
    expect(isFrameworkChatter([])).toBe(false);
  });
});
