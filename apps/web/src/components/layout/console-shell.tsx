'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';

import { Badge } from '@/components/ui/badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { useTRPC } from '@/trpc/trpc-context';

import { ConsoleNav } from './console-nav';
import { SessionContext } from './session-context';
import { SignOutButton } from './sign-out-button';

/**
 * Frame of every signed-in page: header, navigation, the user's role. It
 * renders its pages only once `auth.me` names a user and sends everyone
 * else to sign-in.
 */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const me = useQuery(trpc.auth.me.queryOptions());

  // A refetch in flight may still turn a stale `null` into a user.
  const signedOut = me.isSuccess && me.data === null && !me.isFetching;
  useEffect(() => {
    if (signedOut) {
      router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
    }
  }, [signedOut, router, pathname]);

  if (me.isError && !me.data) {
    return (
      <main className="page">
        <ErrorPanel
          title="Could not check your session"
          error={me.error}
          onRetry={() => void me.refetch()}
        />
      </main>
    );
  }

  // No user yet: still asking, or about to leave for sign-in.
  const user = me.data;
  if (!user) {
    return (
      <main className="page">
        <LoadingPanel label="Checking your session" />
      </main>
    );
  }

  return (
    <SessionContext.Provider value={user}>
      <header className="header">
        <span className="brand">Cellplane</span>
        <ConsoleNav />
        <div className="user">
          <span className="user-name" title={user.email}>
            {user.name}
          </span>
          <Badge tone="info">{user.role}</Badge>
          <SignOutButton />
        </div>
      </header>
      <main className="page">{children}</main>
    </SessionContext.Provider>
  );
}
