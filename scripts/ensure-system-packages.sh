#!/usr/bin/env bash
# Install the Debian packages awas uses, if they are missing.
#   ensure-system-packages.sh          what the test suite and benchmarks use
#   ensure-system-packages.sh --demo   only what the product needs to run (`make demo`)
# Pango: WeasyPrint's text layout, for the PDF reports and the berita acara.
# PostgreSQL: the tests start a private cluster from its binaries (never a shared server).
set -euo pipefail

need=()
compgen -G "/usr/lib/*/libpango-1.0.so.0" >/dev/null || need+=(libpango-1.0-0)
compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || need+=(libpangoft2-1.0-0)
if [ "${1:-}" != "--demo" ]; then
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v wrk >/dev/null || need+=(wrk)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${need[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
elif command -v sudo >/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "please install: ${need[*]} (apt-get install ${need[*]})" >&2
  exit 1
fi
