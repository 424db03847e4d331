/** Why a snapshot publish was asked for; recorded on the snapshot. */
export interface PublishTrigger {
  readonly author: string;
  readonly cause: string;
  readonly requestId?: string | null;
}

/** What the console shows of the publisher: queue depth, last failure. */
export interface PublisherStatus {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly lastFailure: {
    readonly jobId: string;
    readonly at: string;
    readonly attempt: number;
    readonly message: string;
  } | null;
}

/**
 * Asks for a snapshot publish. Requests in a burst are coalesced; `request`
 * never throws (a lost request is caught by the periodic reconcile).
 */
export interface PublishRequester {
  request(trigger: PublishTrigger): Promise<void>;
  status(): Promise<PublisherStatus>;
}
