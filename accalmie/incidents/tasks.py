"""Background incident work: the notification emails."""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Incident, IncidentNotice
from .notify import email_for

log = logging.getLogger(__name__)


@task(queue_name="default")
def send_incident_emails(incident_id: int) -> int:
    """Sends each email notice of the incident not sent yet; returns how many went out.

    Safe to run twice: a notice is locked and re-checked before sending and
    marked sent in the same transaction, so a second run finds nothing to do.
    A failure is written on the notice and left for the next run.
    """
    incident = (
        Incident.objects.filter(pk=incident_id).select_related(
            "message__author", "message__channel"
        )
    ).first()
    if incident is None:
        return 0
    sent = 0
    pending = IncidentNotice.objects.filter(
        incident=incident, channel=IncidentNotice.Channel.EMAIL, sent_at=None
    ).values_list("pk", flat=True)
    for notice_id in list(pending):
        with transaction.atomic():
            # only the notice row is locked: its user is joined outside the lock
            notice = (
                IncidentNotice.objects.select_for_update(of=("self",))
                .select_related("user__profile")
                .filter(pk=notice_id, sent_at=None)
                .first()
            )
            if notice is None or notice.user is None or not notice.address:
                continue
            try:
                email = email_for(incident, notice.user)
                email.to = [notice.address]
                email.send()
            except Exception as exc:  # SMTP down, bad address: kept for the next run
                log.warning(
                    "incident %s: email to user %s failed: %s", incident.pk, notice.user_id, exc
                )
                notice.error = str(exc)[:300]
                notice.save(update_fields=["error"])
                continue
            notice.sent_at, notice.error = timezone.now(), ""
            notice.save(update_fields=["sent_at", "error"])
            sent += 1
    return sent
