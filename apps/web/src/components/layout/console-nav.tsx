'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/topology', label: 'Topology' },
  { href: '/tenants', label: 'Tenants' },
  { href: '/gateways', label: 'Gateways' },
  { href: '/edge', label: 'Edge' },
  { href: '/policy', label: 'Policy' },
] as const;

/** The console's page links, with the current page marked. */
export function ConsoleNav() {
  const pathname = usePathname();

  return (
    <nav className="nav" aria-label="Console">
      {links.map((link) => {
        const current = pathname.startsWith(link.href);

        return (
          <Link
            key={link.href}
            href={link.href}
            className={current ? 'nav-link nav-link-current' : 'nav-link'}
            aria-current={current ? 'page' : undefined}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
