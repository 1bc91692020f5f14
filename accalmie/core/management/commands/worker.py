import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from accalmie.core import periodic
from accalmie.core.checks import run_startup_checks


class Command(BaseCommand):
    help = "Run a background worker: takes queued tasks from the database (several may run)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--no-clock", action="store_true", help="do not run the periodic jobs in this worker"
        )

    def handle(self, *args, batch, no_clock=False, **options):
        run_startup_checks()
        stop = threading.Event()
        if not batch and not no_clock:
            periodic.Clock(stop).start()
        try:
            self._run_tasks(batch, options)
        finally:
            stop.set()

    def _run_tasks(self, batch, options):
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            reload=False,
            startup_delay=not batch,
            verbosity=options.get("verbosity", 1),
        )
