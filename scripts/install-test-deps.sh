#!/usr/bin/env bash
# Debian packages the test suite talks to: Chromium (browser tests), redis-server, ffmpeg, wrk and the
# PostgreSQL client; MediaWiki + PHP through scripts/install-mediawiki.sh. Installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v pg_isready >/dev/null 2>&1 || need+=(postgresql-client)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)  # test clips for the media domain
command -v wrk >/dev/null 2>&1 || need+=(wrk)  # the benchmark guard (tests/core/test_bench_guard.py)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
bash scripts/install-mediawiki.sh
