"""Incidents that routing rules opened during ingest get their plan and notices there."""

from .actions import prepare_incidents
from .models import Incident


def prepare_rule_incidents(sender, messages, **kwargs) -> None:
    ids = [m.pk for m in messages if m.pk]
    if not ids:
        return
    opened = list(Incident.objects.filter(message_id__in=ids, prepared_at=None))
    prepare_incidents(opened)


def retry_unsent_emails() -> int:
    """Periodic: queues the email notices a failure left unsent (each run retries them once)."""
    from .models import IncidentNotice
    from .tasks import send_incident_emails

    pending = (
        IncidentNotice.objects.filter(channel=IncidentNotice.Channel.EMAIL, sent_at=None)
        .exclude(error="")
        .values_list("incident_id", flat=True)
        .distinct()
    )
    ids = list(pending[:100])
    for incident_id in ids:
        send_incident_emails.enqueue(incident_id)
    return len(ids)
