// The `mle.results.digits` setting: formatNumber's default significant digits follow setDisplayDigits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, setDisplayDigits } from '../../client/webview/format.ts';

test('setDisplayDigits changes the default digits, explicit digits stay, invalid values are ignored', () => {
  try {
    assert.equal(formatNumber(Math.PI), '3.14159');
    setDisplayDigits(3);
    assert.equal(formatNumber(Math.PI), '3.14');
    assert.equal(formatNumber(Math.PI, 5), '3.1416');
    setDisplayDigits(0);
    setDisplayDigits(2.5);
    setDisplayDigits(undefined);
    assert.equal(formatNumber(Math.PI), '3.14');
    setDisplayDigits(10);
    assert.equal(formatNumber(Math.PI), '3.141592654');
  } finally {
    setDisplayDigits(6);
  }
});
