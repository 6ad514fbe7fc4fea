#!/usr/bin/env bash
# Installs what OmniSim needs into .venv/ (and, with --test, what its tests need).
# Idempotent: run it as often as you like.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

need_apt=()
if [ "$with_tests" = 1 ]; then
  command -v redis-server >/dev/null || need_apt+=(redis-server)
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  # Chromium in French (the tests' browser is a French centre's: dates read jj/mm/aaaa).
  [ -f /usr/lib/chromium/locales/fr.pak ] || need_apt+=(chromium-l10n)
  command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
fi
# WeasyPrint (result sheets and procès-verbaux in PDF) needs Pango and a font from Debian.
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
command -v npm >/dev/null || need_apt+=(nodejs npm)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "== apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$with_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi

# Front-end packages come from npm and are served by the app itself (no CDN).
npm ci --no-audit --no-fund --loglevel=error >/dev/null
# The pages' bundles, the socket.io client inside (web/src → web/static/app/, git-ignored,
# shipped in the wheel).
npm run --silent build >/dev/null
