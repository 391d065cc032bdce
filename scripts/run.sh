#!/usr/bin/env bash
# The main job: installs dependencies, builds, and runs the server in the
# foreground (PORT, default 8080; DATA_DIR, default ~/.local/share/supportd).
# supportd prints how to ask it a question.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SUPPORTD_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "$build/server/supportd" serve --port "${PORT:-8080}" --data-dir "${DATA_DIR:-$HOME/.local/share/supportd}"
