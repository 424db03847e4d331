'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';

import { FieldError } from '@/components/ui/field-error';
import { FormError } from '@/components/ui/form-error';
import { fieldErrorsOf } from '@/lib/api-error';
import { useTRPC } from '@/trpc/trpc-context';

// Only paths on this origin: an open redirect through ?next= would let a
// link send a freshly signed-in operator anywhere.
function safeNext(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;

  return '/topology';
}

/** Email and password, checked by the control-api's `auth.signIn`. */
export function SignInForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const next = safeNext(useSearchParams().get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  // Until React has hydrated, a click would submit the form natively and
  // put the password in a URL; the button stays disabled until then.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  // Someone already signed in has nothing to do here.
  const me = useQuery(trpc.auth.me.queryOptions());
  const signedIn = Boolean(me.data);
  useEffect(() => {
    if (signedIn) router.replace(next);
  }, [signedIn, router, next]);

  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: ({ user }) => {
        // Seed the session query: a cached `null` from before sign-in would
        // otherwise send the console straight back here.
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        router.replace(next);
      },
    }),
  );
  const errors = fieldErrorsOf(signIn.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signIn.mutate({ email, password });
  }

  return (
    <form className="card form" method="post" onSubmit={submit} noValidate>
      <h2>Sign in</h2>
      <label className="field">
        <span>Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={errors.email ? true : undefined}
          required
        />
        <FieldError errors={errors} field="email" />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={errors.password ? true : undefined}
          required
        />
        <FieldError errors={errors} field="password" />
      </label>
      <FormError error={signIn.error} />
      <button
        type="submit"
        className="button button-primary"
        disabled={!hydrated || signIn.isPending}
      >
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
