from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accalmie.channels.models import Channel
from accalmie.inbox.importing import batched, count_rows, iter_file
from accalmie.inbox.ingest import IngestReport, ingest_rows

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import messages from a JSONL or CSV file in the normalised schema "
        "(docs/message-schema.md). Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--channel", required=True, help="name of the channel they came from")
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, channel: str, batch_size: int, no_progress: bool, **opts):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        target = Channel.objects.filter(name=channel).first()
        if target is None:
            names = ", ".join(Channel.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"no channel named {channel!r} (channels: {names})")
        try:
            rows = iter_file(file)
            total = count_rows(file)
            report = IngestReport()
            with tqdm(total=total, unit="msg", disable=no_progress, file=self.stderr) as bar:
                # One transaction per batch: a crash keeps the batches already done,
                # and running the import again skips them.
                for chunk in batched(rows, batch_size):
                    report.merge(ingest_rows(target, chunk))
                    bar.update(len(chunk))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors[:SHOWN_ERRORS]:
            self.stderr.write(f"  {error}")
        if len(report.errors) > SHOWN_ERRORS:
            self.stderr.write(f"  … and {len(report.errors) - SHOWN_ERRORS} more errors")
        rejected = len({e.row for e in report.errors})
        self.stdout.write(
            f"{file.name} → {target.name}: {report.received} rows read, {report.created} new, "
            f"{report.duplicates} already stored, {rejected} rejected"
        )
