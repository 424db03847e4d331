import { describe, expect, it } from 'vitest';

import { CellAppConfigError, loadCellAppConfig } from './cell-app-config';

const valid = {
  CELL_ID: 'use1-a',
  INSTANCE_ID: 'use1-a-i1',
  CELL_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cellplane_cell_use1_a',
  CELLPLANE_CONFIG_TOKEN: 'token',
  SNAPSHOT_PUBLIC_KEY_FILE: '/tmp/key.pem',
};

describe('loadCellAppConfig', () => {
  it('fills loopback defaults', () => {
    expect(loadCellAppConfig(valid)).toMatchObject({
      host: '127.0.0.1',
      port: 9101,
      controlApiUrl: 'http://127.0.0.1:4000',
      logLevel: 'info',
    });
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadCellAppConfig({ CELL_APP_PORT: '70000', CELL_ID: 'Bad Id' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(CellAppConfigError);
    const fields = (error as CellAppConfigError).problems.map(
      (problem) => problem.split(':')[0],
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'CELL_ID',
        'INSTANCE_ID',
        'CELL_APP_PORT',
        'CELL_DATABASE_URL',
        'CELLPLANE_CONFIG_TOKEN',
        'SNAPSHOT_PUBLIC_KEY_FILE',
      ]),
    );
  });
});
