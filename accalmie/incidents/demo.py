"""The demo's incidents (journey 4): the threat's incident is ready and legal was told."""

from .actions import prepare_incidents
from .models import Incident
from .tasks import send_incident_emails


def seed_incidents() -> int:
    """Prepares any incident left unprepared and sends the notification emails now.

    The threat rule opened the incident during ingest; in the demo the emails
    go to the console at once rather than waiting for the worker.
    """
    from django.db import transaction

    with transaction.atomic():
        prepare_incidents(list(Incident.objects.filter(prepared_at=None)))
    return sum(
        send_incident_emails.call(pk) for pk in Incident.objects.values_list("pk", flat=True)
    )
