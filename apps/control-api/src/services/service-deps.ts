import type { Logger } from '@cellplane/telemetry';

import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { Config } from '../config/load-config';
import type { Db } from '../db/db-types';
import type { HealthStore } from '../jobs/instance-health/health-store';
import type { PublishRequester } from '../publish/publish-requester';
import type { SnapshotFeed } from '../publish/snapshot-feed';

/** What services need from the running app, passed down from main. */
export interface ServiceDeps {
  readonly config: Config;
  readonly db: Db;
  readonly publisher: PublishRequester;
  readonly feed: SnapshotFeed;
  readonly health: HealthStore;
  readonly logger: Logger;
  readonly signInThrottle: SignInThrottle;
}

/** The signed-in user a change is made by, for audit. */
export interface Actor {
  readonly id: string;
  readonly email: string;
  readonly requestId: string | null;
}
