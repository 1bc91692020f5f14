import os
import signal
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from accalmie.demo import seed

RELEASE_EVERY_S = 12


class Command(BaseCommand):
    help = "Start the embedded demo: SQLite, sample week, a worker and the web UI on localhost."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("ACCALMIE_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("ACCALMIE_PORT", "8000"))
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and exit")

    def handle(self, *args, host, port, no_serve, **options):
        call_command("migrate", verbosity=0)
        self.stdout.write("Preparing the demo workspace…")
        live = seed.seed()
        token = seed.webhook_token()
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nAccalmie demo: {url}"))
        self.stdout.write("Log in with one of these accounts (password: accalmie-demo):")
        for username, role, first, last, lang in seed.DEMO_USERS:
            self.stdout.write(f"  {username:<9} {role:<9} {first} {last} ({lang})")
        self.stdout.write(
            f"Webhook: curl -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' "
            f"--data @message.json {url}api/v1/channels/website-webhook/messages"
        )
        self.stdout.write(f"API docs: {url}api/v1/docs · Ctrl-C stops everything.\n")
        if no_serve:
            return
        worker = subprocess.Popen([sys.executable, "-m", "accalmie.cli", "worker"], env=os.environ)
        stop = threading.Event()
        threading.Thread(target=self._trickle, args=(live, stop), daemon=True).start()
        try:
            call_command("serve", host=host, port=port)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _trickle(self, items, stop: threading.Event) -> None:
        """New mentions keep arriving while the demo runs, as they would on a real channel."""
        for item in items:
            if stop.wait(RELEASE_EVERY_S):
                return
            seed.release([item])
            time.sleep(0)
