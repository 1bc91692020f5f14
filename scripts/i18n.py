"""Refreshes the French catalogue: extract, apply translations, compile, report.

    .venv/bin/python scripts/i18n.py [translations.json ...]

Each JSON file maps an English msgid to its French text (a list of two for a
plural). Only entries still empty or fuzzy take a translation from the files,
so a reviewed translation is never overwritten. Ends by listing what is still
untranslated. Several people (or sessions) may run it at once: a file lock
serialises the runs.
"""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "accalmie"
PO = APP / "locale/fr/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    lock = os.open(PO.parent, os.O_RDONLY)  # the catalogue's folder is the lock
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="accalmie.settings", ACCALMIE_DEMO="1", PYTHONPATH=str(ROOT))
        subprocess.run(
            [str(ROOT / ".venv/bin/django-admin"), "makemessages", "-l", "fr", "--no-obsolete",
             "--ignore", "triage/ml/*", "--ignore", "testing/*", "--ignore", "*/tests/*"],
            cwd=APP, env=env, check=True, stdout=subprocess.DEVNULL,
        )
        table: dict = {}
        for path in paths:
            table.update(json.loads(Path(path).read_text()))
        po = polib.pofile(str(PO), wrapwidth=0)
        for entry in po:
            if entry.translated() and "fuzzy" not in entry.flags:
                continue
            french = table.get(entry.msgid)
            if french is None:
                continue
            if entry.msgid_plural:
                forms = french if isinstance(french, list) else [french, french]
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                entry.msgstr = french
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgctxt = None  # a lone "#| msgctxt" breaks msgmerge
                entry.previous_msgid_plural = None
        po.save()
        subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
        missing = [e for e in po if not e.translated() or "fuzzy" in e.flags]
        for e in missing:
            where = e.occurrences[0][0] if e.occurrences else "?"
            print(f"untranslated ({where}): {e.msgid!r}")
        print(f"{len(po) - len(missing)} translated, {len(missing)} to do")
        return 0
    finally:
        os.close(lock)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
