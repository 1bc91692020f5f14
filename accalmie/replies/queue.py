"""What waits for an approver, with what they need to decide."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Approval, Draft


@dataclass
class QueueItem:
    draft: Draft
    thread: list
    approvals: list
    still_needed: int


def waiting_queryset(user):
    """Drafts awaiting approval that ``user`` may decide on (not their own, not decided yet)."""
    decided = Approval.objects.filter(approver=user).values_list("draft_id", "version")
    drafts = (
        Draft.objects.filter(state=Draft.State.AWAITING_APPROVAL)
        .exclude(author=user)
        .select_related("message__author", "message__channel", "author", "edited_by")
        .order_by("submitted_at", "id")
    )
    done = set(decided)
    return [d for d in drafts if (d.pk, d.version) not in done]


def count_waiting(user) -> int:
    return len(waiting_queryset(user))


def waiting_for(user, *, limit: int = 100) -> list[QueueItem]:
    items = []
    for draft in waiting_queryset(user)[:limit]:
        approvals = list(draft.current_approvals().select_related("approver"))
        needed = max(1, draft.approvals_required) if draft.approval_mode == "all" else 1
        items.append(
            QueueItem(
                draft=draft,
                thread=list(draft.message.conversation(limit=6)),
                approvals=approvals,
                still_needed=max(0, needed - len(approvals)),
            )
        )
    return items
