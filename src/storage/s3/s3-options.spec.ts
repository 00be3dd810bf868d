import { ConfigError } from '../../config/config.loader.js';
import { parseS3Options } from './s3-options.js';

function problems(options: Record<string, unknown>): string {
  try {
    parseS3Options(options);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('s3 storage options', () => {
  it('fills the defaults and accepts strings for everything, as environment variables give them', () => {
    expect(parseS3Options({ bucket: 'images' })).toEqual({
      bucket: 'images',
      region: 'us-east-1',
      forcePathStyle: false,
      prefix: '',
      partSize: 16 * 1024 ** 2,
      queueSize: 4,
      serve: 'stream',
      redirectTtlSeconds: 300,
    });
    expect(parseS3Options({ bucket: 'images', serve: 'redirect', redirectTtlSeconds: '60', publicEndpoint: 'https://s3.example.com' })).toMatchObject({
      serve: 'redirect',
      redirectTtlSeconds: 60,
      publicEndpoint: 'https://s3.example.com',
    });
    const fromEnv = parseS3Options({ bucket: 'images', forcePathStyle: 'true', partSize: '8mb', queueSize: '2', prefix: 'ih/photos', endpoint: 'http://minio:9000' });
    expect(fromEnv).toMatchObject({ forcePathStyle: true, partSize: 8 * 1024 ** 2, queueSize: 2, prefix: 'ih/photos/', endpoint: 'http://minio:9000' });
  });

  it('names each wrong key and what is allowed', () => {
    expect(problems({})).toMatch(/storage\.options\.bucket: is required/);
    expect(problems({ bucket: 'My_Bucket' })).toMatch(/storage\.options\.bucket: must be 3-63 lowercase letters/);
    expect(problems({ bucket: 'images', endpoint: 'minio:9000' })).toMatch(/storage\.options\.endpoint: must be an http:\/\/ or https:\/\/ URL/);
    expect(problems({ bucket: 'images', partSize: '1mb' })).toMatch(/storage\.options\.partSize: must be at least 5mb/);
    expect(problems({ bucket: 'images', partSize: 'huge' })).toMatch(/storage\.options\.partSize: must be a size/);
    expect(problems({ bucket: 'images', prefix: '/abs/../x' })).toMatch(/storage\.options\.prefix/);
    expect(problems({ bucket: 'images', accessKeyId: 'AKIAEXAMPLE' })).toMatch(/accessKeyId and secretAccessKey go together/);
    expect(problems({ bucket: 'images', serve: 'redirect', redirectTtlSeconds: 0 })).toMatch(/storage\.options\.redirectTtlSeconds: must be at least 1 second/);
    expect(problems({ bucket: 'images', redirectTtlSeconds: 604_801 })).toMatch(/storage\.options\.redirectTtlSeconds: must be at most 604800/);
    expect(problems({ bucket: 'images', redirectTtlSeconds: '5m' })).toMatch(/storage\.options\.redirectTtlSeconds: must be a whole number of seconds/);
    expect(problems({ bucket: 'images', redirectTtlSeconds: 1.5 })).toMatch(/storage\.options\.redirectTtlSeconds: must be a whole number of seconds/);
    expect(problems({ bucket: 'images', publicEndpoint: 's3.example.com' })).toMatch(/storage\.options\.publicEndpoint: must be an http:\/\/ or https:\/\/ URL/);
    expect(problems({ bucket: 'images', serve: 'teleport' })).toMatch(/storage\.options\.serve: .*"stream"\|"redirect"/);
    expect(problems({ bucket: 'images', buckt: 'x' })).toMatch(/storage\.options\.buckt: is not an option of the s3 storage driver/);
  });

  it('never repeats a value in a message (it may be a secret)', () => {
    const message = problems({ bucket: 'images', accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: 'very-secret-value', queueSize: 'very-secret-value' });
    expect(message).toMatch(/queueSize/);
    expect(message).not.toContain('very-secret-value');
  });
});
