#!/usr/bin/env bash
# Install Debian's MediaWiki and the PHP modules used by the wiki tests
# (tests/support/mediawiki.py).  Safe to run repeatedly: apt is only
# touched when something is missing.
set -euo pipefail

packages=(mediawiki php-sqlite3 php-cli php-mbstring php-xml php-intl)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "Installing: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "MediaWiki and PHP modules already installed."
fi

# Sanity checks: the harness needs these.
test -f /usr/share/mediawiki/maintenance/install.php || { echo "MediaWiki not found in /usr/share/mediawiki" >&2; exit 1; }
# (php -m is read once into a variable: with pipefail, "php -m | grep -q" fails at random when grep
# closes the pipe before php has finished writing)
modules=$(php -m)
for module in pdo_sqlite mbstring xml intl; do
    grep -qix "$module" <<<"$modules" || { echo "PHP module $module is missing" >&2; exit 1; }
done
php -r 'echo "PHP ", PHP_VERSION, "\n";'
grep -o "MW_VERSION', '[^']*" /usr/share/mediawiki/includes/Defines.php | sed "s/MW_VERSION', '/MediaWiki /"
