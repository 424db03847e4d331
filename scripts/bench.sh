#!/usr/bin/env bash
# `npm run bench`: the proxy benchmark matrix (docs/BENCHMARKS.md). Installs
# what is missing (npm dependencies; wrk, nginx and haproxy from apt), makes sure
# PostgreSQL and Redis answer, generates the Prisma client, then hands over
# to bench/matrix/main.ts, which sets up a cell, measures every
# configuration side by side and writes bench/results/latest.json and the
# tables of docs/BENCHMARKS.md. Flags go after `--`, e.g.
# `npm run bench -- --runs 1 --duration 5`.
#
# `--revision <commit>` measures that commit instead of the working tree
# (which other work may be changing): its files are exported with
# `git archive` into a temporary directory that borrows this checkout's
# node_modules (its own workspace packages linked to the exported ones),
# and the results are still written here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# wrk, nginx and haproxy come from Debian's packages. Installing nginx or
# haproxy may start Debian's default service where services are allowed to
# start; the bench never uses them and runs its own from generated configs.
# HAProxy must be 2.6 or later (`jwt_verify`, haproxy_full).
ensure_bench_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  command -v taskset >/dev/null || missing+=(util-linux)
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} from apt (apt-get install -y ${missing[*]})"
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    return 1
  fi
}

# HAProxy verifies JWTs natively from 2.5; the bench asks for Debian's 2.6.
ensure_haproxy_version() {
  local version
  version=$(haproxy -v | sed -n 's/^HAProxy version \([0-9]*\.[0-9]*\).*/\1/p')
  if ! printf '2.6\n%s\n' "$version" | sort -V -C; then
    echo "haproxy $version is too old for jwt_verify: 2.6 or later needed" >&2
    return 1
  fi
}

# nginx and haproxy live in /usr/sbin, which a non-login shell may not
# have on PATH.
export PATH="$PATH:/usr/sbin"

ensure_dependencies
ensure_bench_tools
ensure_c_compiler
ensure_haproxy_version
bash scripts/ensure-services.sh
say "generating the Prisma client"
npm run --silent db:generate

revision=""
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--revision" ] && [ $# -ge 2 ]; then
    revision="$2"
    shift 2
  else
    args+=("$1")
    shift
  fi
done

# The gateway is measured as deployed: its esbuild bundle, run by plain
# node (apps/gateway/README.md). Built from the sources being measured;
# `set -e` stops the bench here if the build fails.
build_gateway() {
  say "building the gateway (npm run build -w @cellplane/gateway)"
  npm run --silent build -w @cellplane/gateway
}

if [ -z "$revision" ]; then
  build_gateway
  exec node --import tsx bench/matrix/main.ts "${args[@]}"
fi

commit=$(git rev-parse --verify "$revision^{commit}")
repo=$PWD
src=$(mktemp -d "${TMPDIR:-/tmp}/cellplane-bench-src-XXXXXX")
trap 'rm -rf "$src"' EXIT

say "exporting $commit to $src"
git archive "$commit" | tar -x -C "$src"
mkdir "$src/node_modules"
for entry in node_modules/* node_modules/.[!.]*; do
  name=$(basename "$entry")
  [ "$name" = "@cellplane" ] && continue
  ln -s "$repo/$entry" "$src/node_modules/$name"
done
# The workspace links are relative (../../packages/x): copied as links,
# they point at the exported packages, not at this working tree.
cp -P -R node_modules/@cellplane "$src/node_modules/@cellplane"

cd "$src"
# A revision from before the gateway had a build measures it through tsx.
if [ -f apps/gateway/build.mjs ]; then
  build_gateway
fi
BENCH_COMMAND="npm run bench -- --revision $revision${args[*]:+ ${args[*]}}" \
  BENCH_REVISION="$commit" \
  node --import tsx bench/matrix/main.ts \
  --out "$repo/bench/results/latest.json" \
  --doc "$repo/docs/BENCHMARKS.md" "${args[@]}"
