#!/usr/bin/env bash
# Debian packages the test suite talks to: Chromium (browser tests), MediaWiki + PHP (wiki tests),
# redis-server and the PostgreSQL client. Installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
[ -f /usr/share/mediawiki/maintenance/install.php ] || need+=(mediawiki)
for pkg in php-cli php-sqlite3 php-mbstring php-xml php-intl; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
