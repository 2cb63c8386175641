#!/usr/bin/env bash
# Runs Passerelles on its embedded defaults: a SQLite file under data/ and
# the demo LDIF directory, filled with demo content, on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/deps.sh
source scripts/deps.sh
ensure_packages libpq-dev pkg-config

exec cargo run --locked -- "$@"
