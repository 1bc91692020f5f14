"""What the reply panel on a message page needs, gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Draft
from .templates_store import suggested_templates

# At or above this troll score the editor reminds not to feed the troll.
TROLL_NOTICE_SCORE = 0.6


@dataclass
class Panel:
    can_write: bool
    reply_supported: bool
    reply_reason: str
    max_length: int
    dont_feed: bool
    drafts: list = field(default_factory=list)
    mine: Draft | None = None  # the draft this person is writing, if any
    suggested: list = field(default_factory=list)
    others: list = field(default_factory=list)


def panel_for(message, user) -> Panel:
    from . import actions

    capability = actions.reply_capability(message)
    drafts = list(
        message.drafts.select_related("author", "edited_by", "outbound")
        .prefetch_related("approvals__approver")
        .order_by("-created_at", "-id")[:10]
    )
    mine = next((d for d in drafts if d.author_id == user.pk and d.is_open), None)
    suggested, every = suggested_templates(message)
    author = message.author
    return Panel(
        can_write=user.has_perm(actions.WORK_PERMISSION),
        reply_supported=bool(capability.supported),
        reply_reason=str(capability.reason or ""),
        max_length=actions.max_reply_length(message),
        dont_feed=message.category == "abuse" or (author.troll_score or 0) >= TROLL_NOTICE_SCORE,
        drafts=drafts,
        mine=mine,
        suggested=suggested,
        others=[t for t in every if t not in suggested],
    )


def live_report(draft: Draft):
    """The draft's tone check in the reader's language (the stored one is the record)."""
    from . import actions

    return actions.tone_report(draft.message, draft.text)
