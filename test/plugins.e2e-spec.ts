import { createTestApp, loginAs } from './utils/test-app.js';

const fixture = (name: string) => `./test/fixtures/plugins/${name}.ts`;

describe('plugins', () => {
  it('loads plugins named in config into the registries, beside the built-ins', async () => {
    const t = await createTestApp({ plugins: [fixture('hello.plugin'), fixture('plain-object.plugin')] });
    try {
      const res = await t.http().get('/api/plugins').set('Authorization', `Bearer ${await loginAs(t)}`).expect(200);
      expect(res.body.storageDrivers).toEqual([
        { name: 'local', plugin: 'imagehive:builtin' },
        { name: 's3', plugin: 'imagehive:builtin' },
      ]);
      expect(res.body.notificationChannels).toEqual(expect.arrayContaining([{ name: 'echo', plugin: 'test-hello' }]));
      expect(res.body.exportFormats).toEqual(
        expect.arrayContaining([
          { name: 'coco', plugin: 'imagehive:builtin' },
          { name: 'hello', plugin: 'test-hello' },
          { name: 'plain', plugin: 'test-plain' },
        ]),
      );
    } finally {
      await t.close();
    }
  });

  it('refuses to start when a plugin is missing, malformed, or clashes with a registered name', async () => {
    await expect(createTestApp({ plugins: ['imagehive-plugin-that-does-not-exist'] })).rejects.toThrow(
      /Cannot load plugin "imagehive-plugin-that-does-not-exist"/,
    );
    await expect(createTestApp({ plugins: [fixture('not-a-plugin')] })).rejects.toThrow(/neither definePlugin/);
    await expect(createTestApp({ plugins: [fixture('clash.plugin')] })).rejects.toThrow(
      /Cannot load plugin "test-clash": its storage driver "local" clashes with the one from plugin imagehive:builtin/,
    );
  });
});
