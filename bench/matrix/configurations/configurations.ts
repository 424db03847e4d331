import type { BenchConfiguration } from './bench-configuration';
import { direct } from './direct';
import { fastifyReplyFrom } from './fastify-reply-from';
import { gateway } from './gateway';
import { nginx } from './nginx';
import {
  gatewayFull,
  gatewayFullUniqueTokens,
  haproxyFull,
} from './not-yet-measured';

/** Report order. Adding a configuration is one module and one line here. */
export const CONFIGURATIONS: readonly BenchConfiguration[] = [
  direct,
  nginx,
  fastifyReplyFrom,
  gateway,
  gatewayFull,
  gatewayFullUniqueTokens,
  haproxyFull,
];
