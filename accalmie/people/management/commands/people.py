from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from accalmie.people.detection import detect_backlog
from accalmie.people.models import Author


class Command(BaseCommand):
    help = "People: propose links for the backlog (accounts seen recently)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        detect = sub.add_parser("detect-links", help="score recent accounts against blocked ones")
        detect.add_argument("--days", type=int, default=30, help="accounts seen in the last N days")

    def handle(self, *args, action, days, **opts):
        since = timezone.now() - timedelta(days=days)
        checked = Author.objects.filter(last_seen_at__gte=since).count()
        proposed = detect_backlog(since)
        self.stdout.write(f"{checked} accounts checked, {len(proposed)} link(s) proposed")
