# Shared steps for the project's entry scripts (demo, test, bench, CI).
# Sourced, not run: every function says what it does before doing it.

export CHECKPOINT_DISABLE=1
export NEXT_TELEMETRY_DISABLED=1
export TURBO_TELEMETRY_DISABLED=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Installs dependencies when node_modules is missing or older than the lock,
# so both entry commands work right after `git clone`.
ensure_dependencies() {
  local stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    say "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

# Installs a Debian package when `command` is missing, or says how.
ensure_apt_package() {
  local command=$1 package=$2 why=$3
  if command -v "$command" >/dev/null || [ -x "$command" ]; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $package for $why (apt-get install $package)"
    apt-get update -qq && apt-get install -y -qq "$package" >/dev/null
  else
    echo "$package is missing: run 'sudo apt-get install -y $package'" >&2
    return 1
  fi
}

# The browser tests drive Debian's Chromium; Playwright cannot download one.
ensure_chromium() {
  ensure_apt_package /usr/bin/chromium chromium 'the browser tests'
}

# The bench's open-loop client is C (bench/matrix/open-loop), and so is
# its test.
ensure_c_compiler() {
  ensure_apt_package cc gcc 'the open-loop load client'
}

# Generates the Prisma client (offline) and builds the policy runtime.
prepare_sources() {
  say "generating the Prisma client"
  npm run --silent db:generate
  if npm run -w @cellplane/rego 2>/dev/null | grep -q 'build:runtime'; then
    say "building the policy runtime (AssemblyScript)"
    npm run --silent -w @cellplane/rego build:runtime
  fi
}
