import { describe, expect, it } from 'vitest';

import { boundScript } from './load-script';
import { FreshCursor } from './token-supply';

describe('boundScript', () => {
  it("starts each of a configuration's runs where its last one stopped", () => {
    const cursor = new FreshCursor(1_000);
    const script = boundScript({ file: 'wrk.lua', freshPerFive: 2 }, cursor);

    expect(script.args()).toEqual(['0']);
    script.used(400);
    expect(script.args()).toEqual(['400']);
  });

  it('keeps one cursor per configuration, so another load does not move it', () => {
    const mine = new FreshCursor(1_000);
    const other = boundScript(
      { file: 'wrk.lua', freshPerFive: 5 },
      new FreshCursor(1_000),
    );
    other.used(700);

    expect(
      boundScript({ file: 'wrk.lua', freshPerFive: 2 }, mine).args(),
    ).toEqual(['0']);
  });

  it('passes no argument to the script that sends no token', () => {
    const script = boundScript(
      { file: 'wrk.lua', freshPerFive: 0 },
      new FreshCursor(1),
    );

    expect(script.args()).toEqual([]);
  });
});
