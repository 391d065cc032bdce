#!/usr/bin/env bash
# Installs every Debian 12 package the build and the tests need (non-interactive).
# Does nothing when they are all present already, so re-runs are fast.
# Runs as root, or through sudo when it is there.
set -euo pipefail

packages=(
    cmake ninja-build g++ ccache pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite libqt6sql6-psql libgl1-mesa-dev
    libsodium-dev libstemmer-dev libcurl4-openssl-dev libxapian-dev libhnswlib-dev libxml2-dev wordnet-base
    json-schema-test-suite openssl
    postgresql curl python3
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev
    dbus gnome-keyring libsecret-1-0 xvfb xauth
    qt6-charts-dev nginx
    chromium
    wordpress wordpress-theme-twentytwentythree mariadb-server php-cli php-mysql
)

# Node.js and npm run the openai SDK fidelity test (tests/openai-sdk). They may
# come from elsewhere (NodeSource's nodejs bundles npm and conflicts with
# Debian's npm): Debian's packages only for what is missing.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 1; }
    sudo=(sudo)
fi

# The tests run their own private PostgreSQL (scripts/postgres.sh): keep the
# package from creating and starting a system cluster on port 5432.
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    "${sudo[@]}" mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
fi

echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
