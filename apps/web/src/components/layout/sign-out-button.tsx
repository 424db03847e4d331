'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

import { useTRPC } from '@/trpc/trpc-context';

/** Ends the session on the control-api and forgets every cached answer. */
export function SignOutButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();

  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        router.replace('/sign-in');
      },
    }),
  );

  return (
    <button
      type="button"
      className="button button-quiet"
      disabled={signOut.isPending}
      onClick={() => signOut.mutate()}
    >
      {signOut.isPending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
