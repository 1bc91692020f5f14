from django.core.management.base import BaseCommand

from accalmie.core import periodic


class Command(BaseCommand):
    help = "Run every periodic job once (what the worker's clock runs), e.g. from cron."

    def add_arguments(self, parser):
        parser.add_argument("--job", help="run only this job")
        parser.add_argument("--list", action="store_true", help="list the jobs and exit")

    def handle(self, *args, job=None, list=False, **options):
        if list:
            for j in periodic.jobs():
                self.stdout.write(f"{j.name}\tevery {j.every:g} s")
            return
        for name, result in periodic.run_once(job).items():
            status = "failed" if isinstance(result, Exception) else "ok"
            self.stdout.write(f"{name}: {status}")
