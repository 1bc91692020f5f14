#!/usr/bin/env bash
# Installs everything the test suite needs, then runs it on SQLite and on PostgreSQL.
#   bash scripts/test.sh            # lint + whole suite on both databases
#   bash scripts/test.sh -k search  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -e ".[test]"

# Debian's Chromium for the browser tests (never a downloaded browser build).
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Pango and fonts for WeasyPrint (the evidence dossier PDF), from Debian too.
if ! .venv/bin/python -c "import weasyprint; weasyprint.HTML(string='<p>x</p>').write_pdf()" >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null
fi

# The local Bluesky network (Node 22 and @atproto/dev-env from npm, pinned) is
# installed here, not inside a test: ~100 s the first time, reused afterwards.
if ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
if ! command -v redis-server >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
.venv/bin/python -m accalmie.testing.bluesky.launcher install

.venv/bin/ruff check accalmie conftest.py
.venv/bin/python manage.py makemigrations --check --dry-run --settings=accalmie.settings_test >/dev/null

echo "== SQLite =="
ACCALMIE_TEST_DB=sqlite .venv/bin/python -m pytest "$@"
echo "== PostgreSQL =="
# Uses ACCALMIE_TEST_DATABASE_URL, else 127.0.0.1:5432, else starts a throwaway server.
ACCALMIE_TEST_DB=postgres .venv/bin/python -m pytest "$@"
