#!/usr/bin/env bash
# Helpers shared by the run and test scripts: install Debian packages that
# are missing, and make sure a PostgreSQL server answers for the tests.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installation des paquets manquants : ${missing[*]}"
    if [ -z "$apt_updated" ]; then
      as_root apt-get update -qq
      apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

# PostgreSQL for the tests: TEST_DATABASE_URL if set, else the local server
# (installed and started here when missing).
ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    return
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    return
  fi
  ensure_packages postgresql postgresql-client
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return
    sleep 1
  done
  echo "PostgreSQL ne répond pas sur 127.0.0.1:5432 (ou définissez TEST_DATABASE_URL)" >&2
  exit 1
}

# A Python module for the tests (aiosmtpd, the test SMTP server): installed
# with pip when missing; on a Debian system Python (PEP 668) pip needs
# --break-system-packages, or Debian's own package is used.
ensure_python_module() {
  local module="$1" package="$2"
  python3 -c "import $module" 2>/dev/null && return
  echo "Installation du module Python manquant : $package"
  python3 -m pip install --quiet "$package" 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages "$package" 2>/dev/null \
    || ensure_packages "python3-$package"
  python3 -c "import $module" || {
    echo "Le module Python $module est introuvable après installation" >&2
    exit 1
  }
}
