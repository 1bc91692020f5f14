"""The `accalmie` command: Django's management commands under friendlier names.

accalmie demo                      embedded demo: SQLite, sample data, worker, web UI
accalmie serve                     web server (configured by ACCALMIE_* variables)
accalmie worker                    background worker (Django Tasks, database backend)
accalmie import FILE --channel N   import a JSONL or CSV file
accalmie channel add|list|token    manage channels (webhook tokens)
accalmie bench                     benchmarks (ingest, inbox, search)
accalmie migrate, createsuperuser, …  any other Django command
"""

import os
import sys

ALIASES = {
    "import": "import_messages",
    "serve": "serve",
    "worker": "worker",
    "demo": "demo",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        if not argv:
            return
    command = argv[0] if argv else "help"
    if command == "demo":
        os.environ.setdefault("ACCALMIE_DEMO", "1")
        os.environ.setdefault("ACCALMIE_DATA_DIR", os.path.join(os.getcwd(), "var", "demo"))
    if command == "bench":
        from accalmie.bench import prepare_environment

        prepare_environment(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accalmie.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["accalmie", ALIASES.get(command, command), *argv[1:]])


if __name__ == "__main__":
    main()
