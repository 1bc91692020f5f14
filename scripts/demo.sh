#!/usr/bin/env bash
# Installs Accalmie in .venv and starts the embedded demo on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
# Pango and fonts for WeasyPrint (the evidence dossier PDF), from Debian.
if ! .venv/bin/python -c "import weasyprint; weasyprint.HTML(string='<p>x</p>').write_pdf()" >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
fi
exec .venv/bin/accalmie demo "$@"
