import type { NextConfig } from 'next';

// /trpc is forwarded to the control-api by src/proxy.ts, which reads
// CONTROL_API_URL when the server starts; a rewrite here would be frozen
// into the build with whatever address the build machine had.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
