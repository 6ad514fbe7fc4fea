#!/usr/bin/env bash
# Install, then run the simulator on the bundled demo deck with the embedded SQLite store.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec .venv/bin/omnisim serve --deck demo --store "${OMNISIM_STORE:-omnisim.db}" "$@"
