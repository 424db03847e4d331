/**
 * A subsystem with a lifecycle. `create-gateway.ts` starts runners in order
 * and closes them in reverse, so each one can rely on those before it.
 */
export interface Runner {
  readonly name: string;
  start(): Promise<void>;
  close(): Promise<void>;
}
