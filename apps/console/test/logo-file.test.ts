import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLogoFile, isAcceptedDataUrl, maxLogoBytes } from '../src/features/settings/logo-file.ts';

test('accepts PNG, JPEG and SVG up to 256 KB', () => {
  assert.equal(checkLogoFile({ type: 'image/png', size: 10 }), 'ok');
  assert.equal(checkLogoFile({ type: 'image/jpeg', size: maxLogoBytes }), 'ok');
  assert.equal(checkLogoFile({ type: 'image/svg+xml', size: 1 }), 'ok');
});

test('refuses other types and larger files', () => {
  assert.equal(checkLogoFile({ type: 'image/gif', size: 10 }), 'wrong-type');
  assert.equal(checkLogoFile({ type: '', size: 10 }), 'wrong-type');
  assert.equal(checkLogoFile({ type: 'image/png', size: maxLogoBytes + 1 }), 'too-large');
});

test('only base64 data URLs of accepted types pass', () => {
  assert.equal(isAcceptedDataUrl('data:image/png;base64,iVBORw0KGgo='), true);
  assert.equal(isAcceptedDataUrl('data:image/svg+xml;base64,PHN2Zz4='), true);
  assert.equal(isAcceptedDataUrl('data:image/svg+xml;utf8,<svg>'), false);
  assert.equal(isAcceptedDataUrl('data:text/html;base64,PGI+'), false);
});
