#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine: installs what is
# missing (OpenLDAP's slapd and tools, libpq, Chromium, Node.js), starts
# PostgreSQL if it is installed but stopped, then runs the Rust integration
# tests (real slapd, a real SMTP server (aiosmtpd), SQLite and PostgreSQL) and the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/deps.sh
source scripts/deps.sh
ensure_packages slapd ldap-utils libpq-dev pkg-config
ensure_postgres
ensure_packages python3 python3-pip
ensure_python_module aiosmtpd aiosmtpd

cargo test --locked
bash scripts/e2e.sh
