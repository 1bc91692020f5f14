from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accalmie.triage import ml
from accalmie.triage.pipeline import model


class Command(BaseCommand):
    help = "Print ROC-AUC and F1 per label, per source and per language for a labelled CSV (id,text,lang,label,source)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **opts):
        for f in files:
            if not f.is_file():
                raise CommandError(f"no such file: {f}")
            self.stdout.write(ml.evaluate(str(f), model=model()))
