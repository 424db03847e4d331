import type { Metadata } from 'next';
import { Suspense } from 'react';

import { SignInForm } from '@/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Cellplane' };

export default function SignInPage() {
  return (
    <main className="sign-in">
      <h1 className="brand brand-large">Cellplane</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
