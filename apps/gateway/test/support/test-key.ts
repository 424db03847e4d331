import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  generateSigningKey,
  publicKeyToPem,
  type SigningKey,
} from '@cellplane/contract';

/** A temp directory for one test file, with a signing key and its PEM. */
export interface TestWorkspace {
  readonly dir: string;
  readonly key: SigningKey;
  readonly publicKeyFile: string;
  remove(): Promise<void>;
}

export async function createTestWorkspace(): Promise<TestWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cellplane-gateway-'));
  const key = generateSigningKey();
  const publicKeyFile = join(dir, 'snapshot-signing.pub.pem');
  await writeFile(publicKeyFile, publicKeyToPem(key));

  return {
    dir,
    key,
    publicKeyFile,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
