import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envBool, envInt, envNumber, envUrl } from './config.ts';
import { isLoopbackUrl } from './local-services.ts';

test('environment values are validated with the variable named', () => {
  assert.equal(envInt('N', 4, {}, {}), 4);
  assert.equal(envInt('N', 4, {}, { N: ' 8 ' }), 8);
  assert.throws(() => envInt('N', 4, {}, { N: '8x' }), /N must be an integer, got "8x"/);
  assert.throws(() => envInt('N', 4, { min: 1, max: 10 }, { N: '11' }), /N must be between 1 and 10/);
  assert.equal(envNumber('R', 0.5, {}, { R: '0.25' }), 0.25);
  assert.throws(() => envNumber('R', 0.5, {}, { R: 'NaN' }), /R must be a number/);
  assert.equal(envBool('B', false, { B: 'yes' }), true);
  assert.throws(() => envBool('B', false, { B: 'maybe' }), /B must be true or false/);
  assert.throws(() => envUrl('U', 'redis://x', ['redis:'], { U: 'http://x' }), /U must use redis:/);
  assert.throws(() => envUrl('U', 'redis://x', ['redis:'], { U: 'not a url' }), /U must be a URL/);
});

test('only loopback URLs count as local', () => {
  assert.ok(isLoopbackUrl('http://127.0.0.1:18080'));
  assert.ok(isLoopbackUrl('http://localhost/x'));
  assert.ok(isLoopbackUrl('http://[::1]:80'));
  assert.ok(!isLoopbackUrl('http://example.com'));
  assert.ok(!isLoopbackUrl('http://127.0.0.1.example.com'));
  assert.ok(!isLoopbackUrl('nonsense'));
});
