import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256Hex } from './hash.ts';

test('SHA-256 known answers (FIPS 180-2 vectors), UTF-8 encoded', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  // `printf 'é' | sha256sum`: the two UTF-8 bytes C3 A9, not the Latin-1 byte E9.
  assert.equal(sha256Hex('é'), '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  assert.notEqual(sha256Hex('a'), sha256Hex('a '));
});
