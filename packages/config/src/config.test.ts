import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, configReference, loadConfig } from './index.ts';

describe('loadConfig', () => {
  it('applies defaults on an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.server.port, 8080);
    assert.equal(c.server.host, '0.0.0.0');
    assert.equal(c.database.url, undefined);
    assert.equal(c.app.timeZone, 'Asia/Shanghai');
    assert.equal(c.app.defaultLocale, 'zh-CN');
    assert.equal(c.security.cookieSecure, false);
  });

  it('coerces values from strings', () => {
    const c = loadConfig({ REXIAN_PORT: '9090', REXIAN_COOKIE_SECURE: 'true', DATABASE_URL: 'postgres://a@b/c' });
    assert.equal(c.server.port, 9090);
    assert.equal(c.security.cookieSecure, true);
    assert.equal(c.database.url, 'postgres://a@b/c');
  });

  it('names every bad variable and the expected form', () => {
    try {
      loadConfig({ REXIAN_PORT: 'eighty', DATABASE_URL: 'mysql://x', REXIAN_TIMEZONE: 'Mars/Base' });
      assert.fail('expected ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /REXIAN_PORT="eighty": expected a TCP port number/);
      assert.match(e.message, /DATABASE_URL="mysql:\/\/x": expected postgres:\/\//);
      assert.match(e.message, /REXIAN_TIMEZONE="Mars\/Base": expected an IANA time zone/);
    }
  });

  it('reads the SIP digest algorithms in order and refuses unknown ones', () => {
    assert.deepEqual(loadConfig({}).sip.digestAlgorithms, ['MD5']);
    assert.deepEqual(loadConfig({ REXIAN_SIP_DIGEST_ALGORITHMS: 'SHA-256, MD5' }).sip.digestAlgorithms, ['SHA-256', 'MD5']);
    assert.throws(() => loadConfig({ REXIAN_SIP_DIGEST_ALGORITHMS: 'SHA-1' }), /REXIAN_SIP_DIGEST_ALGORITHMS/);
  });

  it('rejects out-of-range ports', () => {
    assert.throws(() => loadConfig({ REXIAN_PORT: '70000' }), /REXIAN_PORT/);
  });

  it('documents every variable', () => {
    const rows = configReference();
    assert.ok(rows.length >= 10);
    for (const r of rows) assert.ok(r.doc.length > 10, r.env);
    assert.ok(rows.some((r) => r.env === 'DATABASE_URL' && r.default === '—'));
  });
});
