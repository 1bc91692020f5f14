"""Reopening a watched case when its author or its conversation moves again (R18).

Runs inside the ingest transaction (``inbox.signals.messages_stored``), so it
stays set-based: a few indexed queries per chunk of new rows, whatever the
batch size.
"""

from datetime import timedelta

from django.utils import timezone

from accalmie.audit import record
from accalmie.audit.models import AuditEntry
from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Message, Status
from accalmie.triage.deadlines import deadline
from accalmie.triage.pipeline import policy_context

from .models import CasePolicy, Monitoring

WATCHED = [Status.MONITORING, Status.RESOLVED]
_CHUNK = 300  # keeps IN (...) lists well under SQLite's variable limit
# How far back the clock looks for cases set to monitoring from the status menu.
HAND_SET_LOOKBACK = timedelta(days=1)


def reopen_on_new_activity(sender=None, messages=(), **kwargs) -> list[Message]:
    """Receiver of ``messages_stored``: reopens the cases the new rows touch."""
    messages = [m for m in messages if m.pk]
    reopened: list[Message] = []
    for start in range(0, len(messages), _CHUNK):
        reopened += _reopen_chunk(messages[start : start + _CHUNK])
    return reopened


def _reopen_chunk(new_rows: list[Message]) -> list[Message]:
    our_replies = _our_replies(new_rows)
    candidates = _candidates(new_rows, our_replies)
    if not candidates:
        return []
    policies, hours = policy_context()
    reopened = []
    for case in candidates.values():
        trigger = next((m for m in new_rows if _touches(m, case, our_replies)), None)
        if trigger is None or not _watched_at(case, trigger.created_at):
            continue
        _reopen(case, trigger, policies, hours)
        reopened.append(case)
    return reopened


def _our_replies(new_rows: list[Message]) -> dict[str, int]:
    """Our replies the new rows answer: their network id -> the case they answered."""
    answered = [m.in_reply_to for m in new_rows if m.in_reply_to]
    if not answered:
        return {}
    found = OutboundAction.objects.filter(
        verb=OutboundAction.Verb.REPLY,
        channel_id__in={m.channel_id for m in new_rows},
        result_network_id__in=answered,
    ).values_list("result_network_id", "message_id")
    return dict(found)


def _candidates(new_rows: list[Message], our_replies: dict[str, int]) -> dict[int, Message]:
    """Watched cases the new rows may touch, each looked up through a narrow index.

    One OR across author, thread and window made SQLite scan every resolved
    message (2.8 s per 300 new rows at 300k messages); these stay on indexes:
    open monitoring windows by date, the thread by (channel, network id).
    """
    new_ids = {m.pk for m in new_rows}
    authors = {m.author_id for m in new_rows}
    channels = {m.channel_id for m in new_rows}
    parents = {k for m in new_rows for k in (m.thread_key, m.in_reply_to) if k}
    earliest = min(m.created_at for m in new_rows)
    watched = Message.objects.filter(status__in=WATCHED).select_related("monitoring")
    in_window = Monitoring.objects.filter(
        until__gte=earliest, reopened_at__isnull=True, message__author_id__in=authors
    ).values("message_id")
    found = list(watched.filter(pk__in=in_window))
    found += watched.filter(channel_id__in=channels, network_id__in=parents)
    if our_replies:
        found += watched.filter(pk__in=set(our_replies.values()))
    return {m.pk: m for m in found if m.pk not in new_ids}


def _window() -> timedelta:
    return timedelta(days=CasePolicy.current().monitoring_days)


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


def _watched_at(case: Message, when) -> bool:
    """Is the case inside its monitoring window at `when`, and is `when` after it began?"""
    monitoring = getattr(case, "monitoring", None)
    if monitoring is None or monitoring.reopened_at is not None:
        return False
    if when <= monitoring.started_at:
        return False  # older history imported late: not new activity
    return when <= monitoring.until


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


def watch_cases_set_by_hand(now=None) -> int:
    """Periodic: a case put in monitoring from the status menu gets its window too.

    The inbox's status menu writes only the status; its audit entry says when,
    so the window starts then. Safe twice: an existing window from the same
    moment or later is kept.
    """
    now = now or timezone.now()
    entries = AuditEntry.objects.filter(
        created_at__gte=now - HAND_SET_LOOKBACK,
        action="message.status",
        target_type="inbox.message",
    ).values_list("target_id", "created_at", "data")
    latest: dict[int, object] = {}
    for target_id, at, data in entries:
        if (data or {}).get("to") == Status.MONITORING and target_id.isdigit():
            latest[int(target_id)] = max(at, latest.get(int(target_id), at))
    if not latest:
        return 0
    still = set(
        Message.objects.filter(pk__in=list(latest), status=Status.MONITORING).values_list(
            "pk", flat=True
        )
    )
    have = dict(
        Monitoring.objects.filter(message_id__in=still).values_list("message_id", "started_at")
    )
    window = _window()
    made = 0
    for pk in still:
        since = latest[pk]
        if pk in have and have[pk] >= since:
            continue
        Monitoring.objects.update_or_create(
            message_id=pk,
            defaults={"started_at": since, "until": since + window, "reopened_at": None},
        )
        made += 1
    return made
