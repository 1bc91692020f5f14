"""Escalating cases their owner has not answered in time (a periodic job).

A case is escalated once (``Escalation`` is one-to-one with the message), so
the job is safe to run twice, and in two workers at once: the second finds
the row and skips. Per the case policy the case is flagged to approvers
(label, priority bump, a notice in their queue) or re-assigned.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from accalmie.audit import record
from accalmie.audit.models import AuditEntry
from accalmie.inbox.models import OPEN_STATUSES, Message, Status

from .actions import ESCALATED_LABEL
from .models import CasePolicy, Escalation

BATCH = 200  # per turn of the clock; the rest waits a minute


def escalate_overdue(now=None) -> int:
    """Escalates late and slow cases; returns how many."""
    now = now or timezone.now()
    policy = CasePolicy.current()
    done = 0
    for pk, reason in _candidates(policy, now):
        if escalate(pk, reason, policy=policy, now=now):
            done += 1
    return done


def _candidates(policy: CasePolicy, now) -> list[tuple[int, str]]:
    unanswered = Message.objects.filter(
        status__in=OPEN_STATUSES, first_response_at__isnull=True, escalation__isnull=True
    )
    found = {
        pk: Escalation.Reason.LATE
        for pk in unanswered.filter(due_at__lt=now)
        .order_by("due_at", "id")
        .values_list("pk", flat=True)[:BATCH]
    }
    if policy.escalate_after_minutes is not None:
        assigned_at = (
            AuditEntry.objects.filter(
                target_type="inbox.message",
                target_id=Cast(OuterRef("pk"), CharField()),
                action="message.assigned",
            )
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        slow = (
            unanswered.filter(assignee__isnull=False, status__in=[Status.ASSIGNED, Status.DRAFTING])
            .exclude(pk__in=list(found))
            .annotate(assigned_at=Subquery(assigned_at))
            .filter(assigned_at__lt=now - timedelta(minutes=policy.escalate_after_minutes))
            .values_list("pk", flat=True)[:BATCH]
        )
        found.update({pk: Escalation.Reason.SLOW for pk in slow})
    return sorted(found.items())


def escalate(pk: int, reason: str, *, policy: CasePolicy, now) -> bool:
    try:
        with transaction.atomic():
            message = Message.objects.select_for_update().filter(pk=pk).first()
            if (
                message is None
                or message.status not in OPEN_STATUSES
                or message.first_response_at is not None
                or Escalation.objects.filter(message_id=pk).exists()
            ):
                return False
            previous = message.assignee
            target = (
                policy.escalate_to if policy.escalation == CasePolicy.Escalation.REASSIGN else None
            )
            if target is not None and (not target.is_active or target == previous):
                target = None
            Escalation.objects.create(
                message=message, reason=reason, previous_owner=previous, reassigned_to=target
            )
            fields = ["labels", "priority"]
            if ESCALATED_LABEL not in message.labels:
                message.labels = [*message.labels, ESCALATED_LABEL]
            message.priority = message.priority + 1
            if target is not None:
                message.assignee = target
                fields.append("assignee")
                if message.status == Status.NEW:
                    message.status = Status.ASSIGNED
                    fields.append("status")
            message.save(update_fields=fields)
            record(
                None,
                "case.escalated",
                message,
                data={
                    "reason": reason,
                    "from": previous.get_username() if previous else None,
                    "to": target.get_username() if target else None,
                },
            )
    except IntegrityError:  # another worker escalated it between our check and insert
        return False
    return True
