import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accalmie.triage import ml
from accalmie.triage.pipeline import model


class Command(BaseCommand):
    help = (
        "Classify a CSV with columns id,text[,lang]; writes id,lang,category,toxic,threat,"
        "negative,spam, one row per input row, same order."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("-o", "--output", type=Path, default=None, help="default: stdout")

    def handle(self, *args, file: Path, output: Path | None, **opts):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            count = ml.classify_csv(str(file), str(output) if output else sys.stdout, model=model())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            self.stderr.write(f"{count} rows classified → {output}")
