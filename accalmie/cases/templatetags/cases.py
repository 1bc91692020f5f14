from django import template
from django.utils import timezone

from accalmie.cases import limits, playbook
from accalmie.cases.models import Department, Escalation, FollowUp, Handoff
from accalmie.inbox.models import OPEN_STATUSES, Status

register = template.Library()
STRIP_CAP = 100


@register.inclusion_tag("cases/_panel_body.html", takes_context=True)
def case_panel(context, message):
    """The playbook, hand-offs, reply limit and after-care of one case."""
    follows = playbook.follows_playbook(message)
    replies = limits.public_replies_in_conversation(message)
    limit = limits.reply_limit()
    return {
        "request": context.get("request"),
        "perms": context.get("perms"),
        "csrf_token": context.get("csrf_token"),
        "message": message,
        "follows": follows,
        "steps": playbook.steps(message) if follows else [],
        "departments": Department.objects.filter(is_active=True),
        "handoffs": Handoff.objects.filter(message=message).select_related("department", "by"),
        "follow_ups": FollowUp.objects.filter(message=message).select_related("owner"),
        "escalation": Escalation.objects.filter(message=message).first(),
        "replies": replies,
        "limit": limit,
        "limit_reached": message.kind != "direct" and replies >= limit,
        "can_resolve": message.status not in (Status.MONITORING, Status.CLOSED),
        "can_close": message.status != Status.CLOSED,
        "now": timezone.now(),
    }


@register.simple_tag
def case_reminders(user):
    """For the inbox strip: my follow-ups due now, and (approvers) escalations not yet seen.

    Cheap on every inbox page: each is one bounded count on an index.
    """
    if not getattr(user, "is_authenticated", False):
        return {"follow_ups": 0, "escalations": 0}
    due = (
        FollowUp.objects.filter(owner=user, done_at__isnull=True, due_at__lte=timezone.now())
        .values("id")[:STRIP_CAP]
        .count()
    )
    escalations = 0
    if user.has_perm("inbox.assign_to_others"):
        escalations = (
            Escalation.objects.filter(
                acknowledged_at__isnull=True, message__status__in=OPEN_STATUSES
            )
            .values("id")[:STRIP_CAP]
            .count()
        )
    return {"follow_ups": due, "escalations": escalations}
