#!/usr/bin/env bash
# Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL
# that takes the last migrated datamodel (prisma/migrations/migrated.prisma)
# to prisma/schema.prisma, then records schema.prisma as the new migrated
# datamodel. Review the SQL and commit the folder and migrated.prisma.
#
# Prisma's schema engine runs as WebAssembly here (see prisma.config.ts); it
# reads the server version over DATABASE_URL (default: loopback, writes
# nothing), so PostgreSQL must answer, but no shadow database is needed.
set -euo pipefail

export CHECKPOINT_DISABLE=1

name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9_]+$ ]]; then
  echo "usage: prisma/new-migration.sh <name, [a-z0-9_]+>" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

migrations=prisma/migrations
migrated="$migrations/migrated.prisma"
from="$migrated"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The first migration starts from a datamodel with no models.
if [[ ! -f "$migrated" ]]; then
  from="$work/empty.prisma"
  printf 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n' >"$from"
fi

sql="$work/migration.sql"

# pipefail and a temp file: a failed diff must never leave a header-only
# migration behind, which a runner would "apply" successfully.
npx prisma migrate diff --config prisma/prisma.config.ts \
  --from-schema-datamodel "$from" \
  --to-schema-datamodel prisma/schema.prisma \
  --script >"$sql"

if ! grep -Ev '^\s*(--.*)?$' "$sql" | grep -q .; then
  echo "new-migration: schema.prisma has no changes since $migrated; nothing written" >&2
  exit 1
fi

dir="$migrations/$(date -u +%Y%m%d%H%M%S)_$name"
mkdir -p "$dir"
cp "$sql" "$dir/migration.sql"
cp prisma/schema.prisma "$migrated"

echo "new-migration: wrote $dir/migration.sql ($(grep -cEv '^\s*(--.*)?$' "$dir/migration.sql") SQL lines) and updated $migrated"
