import type { Metadata } from 'next';
import type { ReactNode } from 'react';

import { ApiProvider } from '@/trpc/api-provider';

import './globals.css';

export const metadata: Metadata = {
  title: 'Cellplane console',
  description: 'Regions, cells, tenants and the gateway fleet of Cellplane',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ApiProvider>{children}</ApiProvider>
      </body>
    </html>
  );
}
