import { describe, expect, it } from 'vitest';

import { cpuModel } from './machine-info';

describe('cpuModel', () => {
  it('is the first model name of /proc/cpuinfo', () => {
    const cpuinfo =
      'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n\n' +
      'processor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n';

    expect(cpuModel(cpuinfo)).toBe('Intel(R) Xeon(R) Processor');
  });

  it('is "unknown" where the kernel gives no model name (some ARM boards)', () => {
    expect(cpuModel('processor\t: 0\nBogoMIPS\t: 48.00\n')).toBe('unknown');
  });
});
