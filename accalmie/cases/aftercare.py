"""Reopening a watched case when its author or its conversation moves again (R18).

Runs inside the ingest transaction (``inbox.signals.messages_stored``), so it
stays set-based: one query per chunk of new rows, whatever the batch size.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accalmie.audit import record
from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Message, Status
from accalmie.triage.deadlines import deadline
from accalmie.triage.pipeline import policy_context

from .models import CasePolicy, Monitoring

WATCHED = [Status.MONITORING, Status.RESOLVED]
_CHUNK = 300  # keeps IN (...) lists well under SQLite's variable limit


def reopen_on_new_activity(sender=None, messages=(), **kwargs) -> list[Message]:
    """Receiver of ``messages_stored``: reopens the cases the new rows touch."""
    messages = [m for m in messages if m.pk]
    reopened: list[Message] = []
    for start in range(0, len(messages), _CHUNK):
        reopened += _reopen_chunk(messages[start : start + _CHUNK])
    return reopened


def _reopen_chunk(new_rows: list[Message]) -> list[Message]:
    new_ids = {m.pk for m in new_rows}
    authors = {m.author_id for m in new_rows}
    channels = {m.channel_id for m in new_rows}
    parents = {k for m in new_rows for k in (m.thread_key, m.in_reply_to) if k}
    # a reply to one of our replies belongs to the case it answered
    via_our_reply = OutboundAction.objects.filter(
        verb=OutboundAction.Verb.REPLY,
        channel_id__in=channels,
        result_network_id__in=[m.in_reply_to for m in new_rows if m.in_reply_to],
    ).values_list("message_id", "result_network_id")
    our_replies = {network_id: message_id for message_id, network_id in via_our_reply}
    candidates = list(
        Message.objects.filter(status__in=WATCHED)
        .filter(
            Q(author_id__in=authors)
            | Q(channel_id__in=channels, network_id__in=parents)
            | Q(pk__in=list(our_replies.values()))
        )
        .exclude(pk__in=new_ids)
        .select_related("monitoring")
    )
    if not candidates:
        return []
    window = timedelta(days=CasePolicy.current().monitoring_days)
    policies, hours = policy_context()
    reopened = []
    for case in candidates:
        trigger = next((m for m in new_rows if _touches(m, case, our_replies)), None)
        if trigger is None or not _watched_at(case, trigger.created_at, window):
            continue
        _reopen(case, trigger, policies, hours)
        reopened.append(case)
    return reopened


def _touches(new: Message, case: Message, our_replies: dict) -> bool:
    if new.author_id == case.author_id:
        return True
    if new.channel_id != case.channel_id:
        return False
    # in the case's own thread (it started it), an answer to it, or to our reply in it
    return (
        new.thread_key == case.network_id
        or new.in_reply_to == case.network_id
        or our_replies.get(new.in_reply_to) == case.pk
    )


def _watched_at(case: Message, when, window) -> bool:
    """Is the case inside its monitoring window at `when`, and is `when` after it was resolved?"""
    monitoring = getattr(case, "monitoring", None)
    since = monitoring.started_at if monitoring else case.resolved_at
    if since is not None and when <= since:
        return False  # older history imported late: not new activity
    if monitoring is not None:
        return when <= monitoring.until
    if case.status == Status.MONITORING:
        return True  # set to monitoring by hand: watched until someone closes it
    return case.resolved_at is not None and when <= case.resolved_at + window


def _reopen(case: Message, trigger: Message, policies, hours) -> None:
    before = case.status
    case.status = Status.ASSIGNED if case.assignee_id else Status.NEW
    policy = policies.get(case.category)
    case.due_at = (
        deadline(
            trigger.created_at,
            policy.answer_within_minutes,
            business_hours=hours if policy.business_hours_only else None,
        )
        if policy
        else None
    )
    case.resolved_at = None
    Message.objects.filter(pk=case.pk).update(
        status=case.status, due_at=case.due_at, resolved_at=None
    )
    Monitoring.objects.filter(message_id=case.pk).update(reopened_at=timezone.now())
    record(
        None,
        "case.reopened",
        case,
        data={"from": before, "to": case.status, "by_message": trigger.pk},
    )
