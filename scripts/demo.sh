#!/usr/bin/env bash
# Installs Accalmie in .venv and starts the embedded demo on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/accalmie demo "$@"
