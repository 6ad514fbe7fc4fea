#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite: lint, types, then every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --test
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
# pytest exits 5 when it collects nothing: set -e lets that fail the run. The tests spend most
# of their time waiting (sockets, browsers, simulated clocks): one worker per core, four at most.
exec .venv/bin/pytest -q -p no:cacheprovider -n auto --maxprocesses=4 --durations=25 "$@"
