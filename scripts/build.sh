#!/usr/bin/env bash
# Configures and builds the project into build/ with Ninja, RelWithDebInfo.
# Incremental; CMakeLists.txt uses ccache when it is installed.
# SUPPORTD_BUILD_DIR overrides the build folder.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SUPPORTD_BUILD_DIR:-$root/build}

# Configuring every time is cheap and picks up test folders added since the
# last run (tests/CMakeLists.txt only adds the folders that exist).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build"
