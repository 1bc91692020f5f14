"""The outbox: replies and moderation actions carried out on a network at most once.

``queue_outbound`` stores the wish (one row per idempotency key) and queues
its delivery after commit. ``deliver`` carries it out in three steps:

1. claim: the row goes ``queued`` -> ``sending`` (attempts + 1) in its own
   committed transaction, by a compare-and-set UPDATE, so two workers never
   both call the network and a crash after the call leaves a trace;
2. the network call, outside any transaction;
3. the outcome: ``sent`` (ids, url, time), back to ``queued`` with a later
   ``next_attempt_at`` (transient errors, rate limits: exponential backoff
   with jitter, ``retry_after`` honoured), or ``failed`` (permanent errors,
   too many attempts).

A row found ``sending`` long after its call began is one whose worker died
(``sweep`` finds it). It is not sent again blindly: a reply is looked for on
the network (``find_reply``, Bluesky's deterministic record key), a verb
that changes nothing when repeated is repeated, and anything else is marked
``uncertain`` for a person to check.

``queue_outbound`` is a building block: the action functions that call it
(approving a reply, blocking an author) check who may do what first.
"""

from __future__ import annotations

import logging
import os
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accalmie.audit import record

from .connectors.base import (
    ActionResult,
    ConnectorError,
    NotSupported,
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from .crashpoints import crashpoint
from .models import Channel, OutboundAction
from .signals import outbound_delivered, outbound_failed

log = logging.getLogger(__name__)
State = OutboundAction.State

MAX_ATTEMPTS = 6
BACKOFF_BASE_S = 10.0
BACKOFF_CAP_S = 3600.0
# How long a sweep waits before enqueueing a due row again (its task may still
# be waiting in the queue).
ENQUEUE_LEASE_S = 60.0


def stale_after() -> timedelta:
    """A row ``sending`` for longer than this was left by a worker that died."""
    seconds = float(
        os.environ.get("ACCALMIE_OUTBOX_STALE_AFTER")
        or getattr(settings, "OUTBOX_STALE_AFTER", 300)
    )
    return timedelta(seconds=seconds)


def queue_outbound(
    *,
    channel,
    verb: str,
    message=None,
    author=None,
    payload: dict | None = None,
    idempotency_key: str,
    by=None,
) -> OutboundAction:
    """The row for this key (made now, or the one made the first time); delivery follows.

    Raises NotSupported (whose message says why) when the channel's network
    does not offer the verb, so nothing is queued that can never be done.
    """
    if verb not in OutboundAction.Verb.values:
        raise ValueError(f"unknown outbound verb {verb!r}")
    capability = get_connector(channel).capabilities().get(verb)
    if capability is not None and not capability.supported:
        raise NotSupported(capability.reason)
    if verb in ("reply", "hide", "delete", "report") and message is None:
        raise ValueError(f"{verb} needs the message it acts on")
    if verb in ("block", "mute") and author is None:
        author = message.author if message is not None else None
        if author is None:
            raise ValueError(f"{verb} needs an author")
    with transaction.atomic():
        action, created = OutboundAction.objects.get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "channel": channel,
                "verb": verb,
                "message": message,
                "author": author,
                "payload": payload or {},
                "requested_by": by,
            },
        )
        if created:
            record(
                by,
                "outbound.queued",
                action,
                data={"verb": verb, "channel": channel.name},
            )
            transaction.on_commit(lambda: _enqueue(action.pk))
    return action


def _enqueue(action_id: int) -> None:
    from .tasks import deliver_outbound

    deliver_outbound.enqueue(action_id)


# --------------------------------------------------------------------------- delivery


class _Uncertain(Exception):
    pass


def deliver(action_id: int) -> str:
    """Carries out one row; returns its state afterwards. Safe to run twice, or at once."""
    action = (
        OutboundAction.objects.select_related("channel", "message", "author")
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.state in (State.SENT, State.FAILED, State.UNCERTAIN):
        return action.state if action else "missing"
    recovering = action.state == State.SENDING
    if not _claim(action, recovering):
        return action.state  # another worker has it, or it is still in flight
    connector = get_connector(action.channel)
    try:
        result = _recover(connector, action) if recovering else None
        if result is None:
            result = _call(connector, action)
            crashpoint("after_network_call")
    except RateLimited as exc:
        # The whole account is limited, not this row: the channel's health says so.
        Channel.objects.filter(pk=action.channel_id).update(
            rate_limited_until=timezone.now() + timedelta(seconds=exc.retry_after)
        )
        return _retry(action, exc, at_least=exc.retry_after)
    except TransientError as exc:
        return _retry(action, exc)
    except PermanentError as exc:
        return _fail(action, str(exc), State.FAILED)
    except _Uncertain as exc:
        return _fail(action, str(exc), State.UNCERTAIN)
    # Anything else (a bug, an answer we could not read) leaves the row
    # `sending`: the call may have gone out, and the sweep's recovery asks the
    # network rather than guessing.
    return _mark_sent(action, result)


def _claim(action: OutboundAction, recovering: bool) -> bool:
    now = timezone.now()
    rows = OutboundAction.objects.filter(pk=action.pk, state=action.state)
    if recovering:
        if action.last_attempt_at and action.last_attempt_at > now - stale_after():
            return False
        rows = rows.filter(last_attempt_at=action.last_attempt_at)
    claimed = rows.update(
        state=State.SENDING, attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=None
    )
    if claimed:
        action.state, action.attempts, action.last_attempt_at = (
            State.SENDING,
            action.attempts + 1,
            now,
        )
    return bool(claimed)


def _recover(connector, action: OutboundAction) -> ActionResult | None:
    """After a crash mid-call: the earlier result, or None when sending again is safe."""
    if action.verb == "reply" and connector.can_find_replies:
        found = connector.find_reply(action.message, idempotency_key=action.idempotency_key)
        if found is not None:
            found.already_done = True
        return found
    if action.verb in connector.repeatable_verbs:
        return None
    raise _Uncertain(
        "The worker stopped during the call: the network cannot tell whether it was done. "
        "Check on the network, then close or redo this action."
    )


def _call(connector, action: OutboundAction) -> ActionResult:
    key = action.idempotency_key
    payload = action.payload or {}
    if action.verb == "reply":
        return connector.reply(action.message, payload.get("text", ""), idempotency_key=key)
    if action.verb in ("hide", "delete"):
        return getattr(connector, action.verb)(action.message, idempotency_key=key)
    if action.verb in ("block", "mute"):
        author = action.author or action.message.author
        return getattr(connector, action.verb)(author, idempotency_key=key)
    if action.verb == "report":
        return connector.report(
            action.message,
            reason=payload.get("reason", ""),
            category=payload.get("category", "other"),
            idempotency_key=key,
        )
    raise PermanentError(f"unknown verb {action.verb}")


def backoff_delay(attempts: int, *, at_least: float = 0.0) -> float:
    """Exponential backoff with jitter (0.5x–1.5x), never below ``at_least``."""
    base = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1))
    return max(at_least, base * random.uniform(0.5, 1.5))


def _retry(action: OutboundAction, exc: ConnectorError, *, at_least: float = 0.0) -> str:
    if action.attempts >= MAX_ATTEMPTS:
        return _fail(action, f"{exc} (after {action.attempts} attempts)", State.FAILED)
    delay = backoff_delay(action.attempts, at_least=at_least)
    OutboundAction.objects.filter(pk=action.pk, state=State.SENDING).update(
        state=State.QUEUED,
        error=str(exc)[:2000],
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    log.info("outbound %s: %s; retry in %.0f s", action.pk, exc, delay)
    return State.QUEUED


def _mark_sent(action: OutboundAction, result: ActionResult) -> str:
    with transaction.atomic():
        action.state = State.SENT
        action.result_network_id = (result.network_id or "")[:255]
        action.result_url = (result.url or "")[:1000]
        action.simulated = result.simulated
        action.sent_at = timezone.now()
        action.error = ""
        action.save(
            update_fields=[
                "state",
                "result_network_id",
                "result_url",
                "simulated",
                "sent_at",
                "error",
            ]
        )
        record(
            None,
            "outbound.sent",
            action,
            data={
                "verb": action.verb,
                "channel": action.channel.name,
                "network_id": action.result_network_id,
                "already_done": result.already_done,
                "simulated": result.simulated,
            },
        )
        transaction.on_commit(lambda: _send(outbound_delivered, action.pk))
    return State.SENT


def _fail(action: OutboundAction, error: str, state: str) -> str:
    with transaction.atomic():
        updated = OutboundAction.objects.filter(pk=action.pk, state=State.SENDING).update(
            state=state, error=error[:2000], next_attempt_at=None
        )
        if not updated:
            return OutboundAction.objects.get(pk=action.pk).state
        record(
            None,
            "outbound.failed" if state == State.FAILED else "outbound.uncertain",
            action,
            data={"verb": action.verb, "channel": action.channel.name, "error": error[:500]},
        )
        transaction.on_commit(lambda: _send(outbound_failed, action.pk))
    return state


def _send(signal, action_id: int) -> None:
    action = OutboundAction.objects.select_related("channel", "message", "author").get(pk=action_id)
    for receiver, response in signal.send_robust(sender=OutboundAction, action=action):
        if isinstance(response, Exception):
            log.error("receiver %r of %s failed", receiver, action, exc_info=response)


# --------------------------------------------------------------------------- sweep


def sweep(now=None) -> int:
    """Enqueues delivery of due retries, lost enqueues and rows left `sending` by a dead worker."""
    now = now or timezone.now()
    due = OutboundAction.objects.filter(
        Q(state=State.QUEUED)
        & (
            Q(next_attempt_at__lte=now)
            | Q(
                next_attempt_at__isnull=True,
                created_at__lte=now - timedelta(seconds=ENQUEUE_LEASE_S),
            )
        )
    )
    stale = OutboundAction.objects.filter(
        state=State.SENDING, last_attempt_at__lte=now - stale_after()
    )
    ids = list(due.values_list("pk", flat=True)[:500]) + list(
        stale.values_list("pk", flat=True)[:500]
    )
    if not ids:
        return 0
    # A lease, so the next sweep does not enqueue the same row while its task waits.
    OutboundAction.objects.filter(pk__in=ids, state=State.QUEUED).update(
        next_attempt_at=now + timedelta(seconds=ENQUEUE_LEASE_S)
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)
