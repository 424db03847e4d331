import type { BenchConfiguration } from './bench-configuration';
import { direct } from './direct';
import { fastifyReplyFrom } from './fastify-reply-from';
import { gateway } from './gateway';
import { gatewayFull } from './gateway-full';
import { gatewayFullNoPolicy } from './gateway-full-no-policy';
import { gatewayFullUniqueTokens } from './gateway-full-unique-tokens';
import { haproxyFull } from './haproxy-full';
import { nginx } from './nginx';

/** Report order. Adding a configuration is one module and one line here. */
export const CONFIGURATIONS: readonly BenchConfiguration[] = [
  direct,
  nginx,
  fastifyReplyFrom,
  gateway,
  gatewayFull,
  gatewayFullUniqueTokens,
  gatewayFullNoPolicy,
  haproxyFull,
];
