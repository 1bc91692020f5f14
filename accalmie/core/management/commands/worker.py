from django.core.management import call_command
from django.core.management.base import BaseCommand

from accalmie.core.checks import run_startup_checks


class Command(BaseCommand):
    help = "Run a background worker: takes queued tasks from the database (several may run)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, batch, **options):
        run_startup_checks()
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            reload=False,
            startup_delay=not batch,
            verbosity=options.get("verbosity", 1),
        )
