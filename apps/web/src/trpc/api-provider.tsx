'use client';

import type { AppRouter } from '@cellplane/control-api/router';
import {
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
} from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useState, type ReactNode } from 'react';

import { errorCodeOf } from '@/lib/api-error';

import { TRPCProvider } from './trpc-context';

// A session that expires while a page is open shows up as UNAUTHORIZED on
// the next call; send the user back to sign-in instead of an error panel.
function leaveOnExpiredSession(error: unknown): void {
  if (errorCodeOf(error) !== 'UNAUTHORIZED') return;
  if (window.location.pathname.startsWith('/sign-in')) return;

  const next = encodeURIComponent(window.location.pathname);
  window.location.assign(`/sign-in?next=${next}`);
}

// 4xx answers are decisions of the server; asking again will not change them.
function shouldRetry(failureCount: number, error: unknown): boolean {
  const code = errorCodeOf(error);
  const clientSide = [
    'BAD_REQUEST',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
  ];
  if (code && clientSide.includes(code)) return false;

  return failureCount < 2;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: leaveOnExpiredSession }),
    mutationCache: new MutationCache({ onError: leaveOnExpiredSession }),
    defaultOptions: {
      queries: { staleTime: 5_000, retry: shouldRetry },
    },
  });
}

/** Query cache and tRPC client for the console, one per browser tab. */
export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);

  // Same-origin path: next.config rewrites /trpc to the control-api, so the
  // session cookie never crosses origins.
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: '/trpc' })],
    }),
  );

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
