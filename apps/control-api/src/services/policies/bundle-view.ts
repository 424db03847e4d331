/** A stored bundle as the console sees it: never its bytes. */
export interface BundleView {
  digest: string;
  revision: string;
  entrypoints: string[];
  sizeBytes: number;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

/** The columns `bundleView` needs, for Prisma's `select`. */
export const BUNDLE_VIEW_SELECT = {
  digest: true,
  revision: true,
  entrypoints: true,
  sizeBytes: true,
  createdBy: true,
  createdAt: true,
  activeIn: { select: { scope: true } },
} as const;

export function bundleView(row: {
  digest: string;
  revision: string;
  entrypoints: string[];
  sizeBytes: number;
  createdBy: string;
  createdAt: Date;
  activeIn: { scope: string }[];
}): BundleView {
  return {
    digest: row.digest,
    revision: row.revision,
    entrypoints: row.entrypoints,
    sizeBytes: row.sizeBytes,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    active: row.activeIn.length > 0,
  };
}
