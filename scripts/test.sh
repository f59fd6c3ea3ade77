#!/usr/bin/env bash
# Run the whole test suite: first on the embedded defaults (SQLite), then on PostgreSQL + Redis.
# Creates .venv and installs what the tests need (Chromium, axe-core, MediaWiki, Redis).
# Extra arguments go to pytest, e.g. bash scripts/test.sh tests/core -x
# ARENA_TEST_PASSES="sqlite" or "services" runs one pass only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-python3}
CI=${CI:-false}
PASSES=${ARENA_TEST_PASSES:-"sqlite services"}

log() { printf '\n== %s\n' "$*"; }
fail() { echo "test.sh: $*" >&2; exit 1; }

log "Python environment"
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e '.[test]'

log "System packages for browser, wiki and service tests"
bash scripts/install-test-deps.sh

log "Browser test assets (axe-core from npm)"
if [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; then
  (cd tests/e2e && npm install --no-package-lock --no-save --silent --no-audit --no-fund axe-core@4 >/dev/null)
fi

export ARENA_ENV=testing
export ARENA_REQUIRE_MEDIAWIKI=1  # the wiki tests must run, never skip
.venv/bin/arena i18n compile >/dev/null

status=0
run_pytest() {
  set +e
  .venv/bin/python -m pytest "$@"
  local rc=$?
  set -e
  if [ $rc -eq 5 ]; then echo "test.sh: pytest collected no tests" >&2; rc=1; fi
  return $rc
}

for pass in $PASSES; do
  case "$pass" in
    sqlite)
      log "Pass 1: embedded defaults (SQLite, in-process cache and limiter)"
      ( unset ARENA_TEST_DATABASE_URL ARENA_TEST_REDIS_URL; run_pytest "$@" ) || status=1
      ;;
    services)
      log "Pass 2: PostgreSQL + Redis"
      if ! bash scripts/ensure-services.sh; then
        if [ "$CI" = "true" ]; then fail "PostgreSQL or Redis is missing: in CI that is a failure"; fi
        echo "test.sh: PostgreSQL or Redis unavailable; the services pass did not run" >&2
        status=1
        continue
      fi
      DBNAME="arena_test_$$_$RANDOM"
      psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $DBNAME" >/dev/null
      trap 'psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
      ( export ARENA_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/$DBNAME"
        export ARENA_TEST_REDIS_URL="redis://127.0.0.1:6379/15"
        run_pytest "$@" ) || status=1
      ;;
    *) fail "unknown pass $pass";;
  esac
done
exit $status
