import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SnapshotFiles } from './snapshot-files';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-files-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SnapshotFiles', () => {
  it('reads nothing from an empty or missing directory', async () => {
    expect(await new SnapshotFiles(join(dir, 'missing')).read()).toEqual([]);
  });

  it('K13: an unreadable latest file still lets the previous one be tried', async () => {
    const files = new SnapshotFiles(dir);
    await mkdir(files.latestPath);
    await writeFile(files.previousPath, 'good');

    const saved = await files.read();

    expect(saved.map((s) => [s.slot, s.text])).toEqual([
      ['latest', ''],
      ['previous', 'good'],
    ]);
  });

  it('keeps the latest and the previous, leaving no temp file behind', async () => {
    const files = new SnapshotFiles(join(dir, 'state'));
    await files.save('one');
    await files.save('two');
    await files.save('three');

    const saved = await files.read();
    expect(saved.map((s) => [s.slot, s.text])).toEqual([
      ['latest', 'three'],
      ['previous', 'two'],
    ]);
    expect((await readdir(join(dir, 'state'))).sort()).toEqual([
      'snapshot.json',
      'snapshot.previous.json',
    ]);
  });

  it('never rotates a latest file that did not verify over the previous good one', async () => {
    const files = new SnapshotFiles(dir);
    await writeFile(files.latestPath, 'damaged');
    await writeFile(files.previousPath, 'good');

    files.markLatest(false);
    await files.save('good again');

    expect(await readFile(files.latestPath, 'utf8')).toBe('good again');
    expect(await readFile(files.previousPath, 'utf8')).toBe('good');
  });
});
