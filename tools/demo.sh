#!/usr/bin/env bash
# Install, then run the simulator on the bundled demo deck with the embedded SQLite store.
# The first run creates a trainer account "formateur" and prints its generated password:
# there is no default password.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
store="${OMNISIM_STORE:-omnisim.db}"
.venv/bin/omnisim trainer add --login formateur --name "Formateur démo" --generate --if-missing --store "$store"
exec .venv/bin/omnisim serve --deck demo --store "$store" "$@"
