import type { BenchConfiguration } from './bench-configuration';

/** The cell-app instance itself, no hop in front: the baseline. */
export const direct: BenchConfiguration = {
  kind: 'measured',
  name: 'direct',
  description: 'the cell-app instance called directly (no proxy)',
  load: 'tenant-header',
  start: async ({ upstream }) => ({
    url: upstream.url,
    measuredPids: [upstream.process.pid!],
    measuredName: 'cell-app',
    processes: [],
    details: {},
    stop: async () => undefined,
  }),
};
