import { loadApiConfig } from './api-config';

describe('loadApiConfig', () => {
  const valid = {
    DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AUTH_TOKEN_SECRET: 'x'.repeat(32),
    PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    PII_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
  };

  it('should apply defaults to a minimal environment', () => {
    const config = loadApiConfig(valid);
    expect(config).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', LOG_LEVEL: 'info', QUEUE_PREFIX: 'dz', TRUST_PROXY: false, BODY_LIMIT_BYTES: 1048576 });
  });

  it('should name the variable and the bad value when a value is wrong', () => {
    expect(() => loadApiConfig({ ...valid, PORT: 'eighty' })).toThrow(/PORT: .*\(got "eighty"\)/);
  });

  it('should name a missing variable', () => {
    const { DATABASE_URL: _missing, ...rest } = valid;
    expect(() => loadApiConfig(rest)).toThrow(/DATABASE_URL: .*\(not set\)/);
  });

  it('should name a key that is not base64 of 32 bytes', () => {
    expect(() => loadApiConfig({ ...valid, PII_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/PII_ENCRYPTION_KEY: 应为至少 32 字节的 base64 密钥/);
  });

  it('should reject a URL of the wrong scheme', () => {
    expect(() => loadApiConfig({ ...valid, REDIS_URL: 'http://localhost' })).toThrow(/REDIS_URL: 应为 redis:\/\/ 开头的连接地址/);
  });

  it('should list every bad variable at once', () => {
    let message = '';
    try {
      loadApiConfig({ ...valid, LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/TRUST_PROXY/);
  });
});
