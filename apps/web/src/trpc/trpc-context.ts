'use client';

import type { AppRouter } from '@cellplane/control-api/router';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/**
 * Typed hooks for the control-api's router. This module must stay a client
 * module: the React context it creates cannot exist in server components.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } =
  createTRPCContext<AppRouter>();
