#!/usr/bin/env bash
# Start Arena on embedded defaults (SQLite, embedded Celery broker, no other server) with demo data.
# Creates .venv on first use. Usage: bash scripts/start.sh [--port 5000] [--host 127.0.0.1]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -e .
export ARENA_ENV="${ARENA_ENV:-development}"
.venv/bin/arena i18n compile >/dev/null
.venv/bin/arena db upgrade
.venv/bin/arena demo-data
exec .venv/bin/arena serve "$@"
