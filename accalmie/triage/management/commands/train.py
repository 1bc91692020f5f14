from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accalmie.triage import ml
from accalmie.triage.models import Correction
from accalmie.triage.pipeline import workspace_model_path

DEFAULT_DATA = Path(settings.BASE_DIR).parent.parent / "shared" / "data" / "train"


class Command(BaseCommand):
    help = (
        "Rebuild the triage model from labelled data and write its model card. "
        "--with-feedback folds the team's corrections in and makes it the workspace's model."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            type=Path,
            default=DEFAULT_DATA,
            help="folder of training CSVs (default: ../shared/data/train)",
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="where to write the model (default: the committed artifact, or "
            "the workspace model with --with-feedback)",
        )
        parser.add_argument("--with-feedback", action="store_true")

    def handle(self, *args, data: Path, out: Path | None, with_feedback: bool, **opts):
        if not data.is_dir():
            raise CommandError(f"no training data at {data} (use --data)")
        feedback = None
        if with_feedback:
            feedback = [
                (c.message.text, c.message.language, c.category)
                for c in Correction.objects.select_related("message").order_by("id")
            ]
            self.stdout.write(f"{len(feedback)} corrections from the team")
        if out is None:
            out = workspace_model_path().parent if with_feedback else Path(ml.DEFAULT_PATH).parent
        out.mkdir(parents=True, exist_ok=True)
        summary = ml.train(str(data), str(out), feedback=feedback)
        self.stdout.write(self.style.SUCCESS(f"model written to {out}"))
        for key, value in summary.items():
            if not isinstance(value, dict | list):
                self.stdout.write(f"  {key}: {value}")
