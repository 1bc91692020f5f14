import os

from django.conf import settings
from django.core.management.base import BaseCommand

from accalmie.core.checks import run_startup_checks


class Command(BaseCommand):
    help = "Serve Accalmie over HTTP (waitress). Refuses unsafe production settings."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("ACCALMIE_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("ACCALMIE_PORT", "8000"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("ACCALMIE_THREADS", "8"))
        )

    def handle(self, *args, host, port, threads, **options):
        run_startup_checks()  # refuses accalmie.E00x
        from waitress import serve

        from accalmie.wsgi import application

        self.stdout.write(
            f"Accalmie on http://{host}:{port}/ (database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
        )
        serve(application, host=host, port=port, threads=threads, ident="accalmie")
