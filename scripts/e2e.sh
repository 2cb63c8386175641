#!/usr/bin/env bash
# Browser journeys (e2e/): headless Debian Chromium driven by playwright-core,
# axe-core WCAG 2.1 A/AA checks on every page, the Nu HTML checker (vnu-jar)
# over every page each journey checked.
#
#   scripts/e2e.sh                            # every journey
#   scripts/e2e.sh journeys/keyboard.test.js  # some journeys (paths relative to e2e/)
#
# Installs what is missing from the package registries only (Debian's
# chromium and nodejs, npm packages from e2e/package-lock.json); never
# downloads a browser of its own (no `npx playwright install`).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e_dir="$repo_root/e2e"
started=$SECONDS

say() { printf '[e2e] %s\n' "$*" >&2; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
else
  SUDO=(sudo)
fi

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    "${SUDO[@]}" apt-get update
    apt_updated=1
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# 1. Chromium, from Debian.
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium (Debian package)"
  apt_install chromium
fi

# 2. Node.js and npm, from Debian if missing (the machine normally has Node 20).
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (Debian packages)"
  apt_install "${missing[@]}"
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  say "Node.js $(node --version) is too old: playwright-core and node --test --test-concurrency need Node.js 20 or later"
  exit 1
fi

# 2b. Java, for the Nu HTML checker (vnu-jar).
if ! command -v java >/dev/null 2>&1; then
  say "installing default-jre-headless (Debian package), for the Nu HTML checker"
  apt_install default-jre-headless
fi

# 3. npm packages, exactly as locked, when missing or older than the lock file.
cd "$e2e_dir"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci in e2e/"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# 4. The server.
say "cargo build --bin passerelles"
(cd "$repo_root" && cargo build --bin passerelles)
export PASSERELLES_BIN="${PASSERELLES_BIN:-${CARGO_TARGET_DIR:-target}/debug/passerelles}"

# 5. The journeys.
status=0
if [ "$#" -gt 0 ]; then
  node --test --test-concurrency=1 "$@" || status=$?
else
  npm test || status=$?
fi
say "done in $((SECONDS - started)) s (exit $status); screenshots in e2e/screenshots/, server logs in e2e/test-results/"
exit "$status"
