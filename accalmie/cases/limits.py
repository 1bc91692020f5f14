"""The public reply limit per conversation (R16).

The replies editor asks ``reply_limit_reached(message)`` to suggest moving to a
private channel or closing the public conversation once the limit is reached.
"""

from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Kind

from .models import CasePolicy

# A reply that failed never reached the public; one in flight soon will.
_COUNTED_STATES = [
    OutboundAction.State.QUEUED,
    OutboundAction.State.SENDING,
    OutboundAction.State.SENT,
    OutboundAction.State.UNCERTAIN,
]


def public_replies_in_conversation(message) -> int:
    """Our public replies to this author in this thread (direct messages are private)."""
    return (
        OutboundAction.objects.filter(
            verb=OutboundAction.Verb.REPLY,
            state__in=_COUNTED_STATES,
            message__channel_id=message.channel_id,
            message__thread_key=message.thread_key,
            message__author_id=message.author_id,
        )
        .exclude(message__kind=Kind.DIRECT)
        .count()
    )


def reply_limit() -> int:
    return CasePolicy.current().reply_limit


def reply_limit_reached(message) -> bool:
    if message.kind == Kind.DIRECT:
        return False
    return public_replies_in_conversation(message) >= reply_limit()
