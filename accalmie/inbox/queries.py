"""The inbox list: filters and keyset pagination, newest first.

Keyset (created_at, id) instead of OFFSET keeps page N as fast as page 1 at a
million rows; each filter has an index that ends with the same sort key.
"""

import base64
from dataclasses import dataclass, fields
from datetime import datetime

from django.db.models import Q, QuerySet

from .models import Category, Message, Status
from .search import search_messages

OWNER_CHOICES = ("me", "unassigned", "mine_or_unassigned")
OPEN = [Status.NEW, Status.ASSIGNED, Status.DRAFTING, Status.AWAITING_APPROVAL]


@dataclass
class InboxFilter:
    channel: str = ""
    status: str = ""
    owner: str = ""  # "me", "unassigned", "mine_or_unassigned" or a user id
    language: str = ""
    category: str = ""
    q: str = ""
    sort: str = ""  # "" newest first, "due" soonest deadline first (open messages only)

    @classmethod
    def from_params(cls, params) -> "InboxFilter":
        values = {f.name: (params.get(f.name) or "").strip()[:200] for f in fields(cls)}
        f = cls(**values)
        if f.status and f.status not in Status.values and f.status != "open":
            f.status = ""
        if f.category and f.category not in Category.values:
            f.category = ""
        if f.owner and f.owner not in OWNER_CHOICES and not f.owner.isdigit():
            f.owner = ""
        if f.sort not in ("", "due"):
            f.sort = ""
        return f

    @property
    def folds_spam(self) -> bool:
        """Spam is folded away unless asked for (by category, status or search)."""
        return not (self.category or self.status or self.q)

    def as_params(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def filtered(f: InboxFilter, user) -> QuerySet:
    qs = Message.objects.all()
    if f.channel:
        qs = qs.filter(channel__name=f.channel)
    if f.status == "open":
        qs = qs.filter(
            status__in=[Status.NEW, Status.ASSIGNED, Status.DRAFTING, Status.AWAITING_APPROVAL]
        )
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.owner == "me":
        qs = qs.filter(assignee=user)
    elif f.owner == "unassigned":
        qs = qs.filter(assignee__isnull=True)
    elif f.owner == "mine_or_unassigned":
        qs = qs.filter(Q(assignee=user) | Q(assignee__isnull=True))
    elif f.owner.isdigit():
        qs = qs.filter(assignee_id=int(f.owner))
    if f.language:
        qs = qs.filter(language=f.language)
    if f.category:
        qs = qs.filter(category=f.category)
    elif f.folds_spam:
        qs = qs.exclude(category=Category.SPAM)
    if f.sort == "due":
        qs = qs.filter(due_at__isnull=False, status__in=OPEN)
    if f.q:
        qs = search_messages(qs, f.q)
    return qs


def _sort_field(sort: str) -> str:
    return "due_at" if sort == "due" else "created_at"


def encode_cursor(message: Message, sort: str = "") -> str:
    stamp = getattr(message, _sort_field(sort))
    raw = f"{stamp.isoformat()}|{message.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return datetime.fromisoformat(stamp), int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


@dataclass
class Page:
    items: list[Message]
    next_cursor: str | None


def page(qs: QuerySet, cursor: str | None, size: int, sort: str = "") -> Page:
    """Newest first by (created_at, id); with sort="due", soonest deadline first by (due_at, id)."""
    field = _sort_field(sort)
    position = decode_cursor(cursor) if cursor else None
    if position:
        stamp, pk = position
        # The plain range term lets SQLite use the index as a range; the OR
        # alone makes it sort the whole table (measured: 4 s → 1 ms at 1M rows).
        if sort == "due":
            qs = qs.filter(due_at__gte=stamp).filter(Q(due_at__gt=stamp) | Q(id__gt=pk))
        else:
            qs = qs.filter(created_at__lte=stamp).filter(Q(created_at__lt=stamp) | Q(id__lt=pk))
    order = (field, "id") if sort == "due" else (f"-{field}", "-id")
    # Deferred join: find the page's ids on the narrow index first, then read
    # only those rows (a full-text match may have 100k candidates).
    ids = qs.order_by(*order).values("id")[: size + 1]
    items = list(
        Message.objects.filter(id__in=ids)
        .select_related("channel", "author", "assignee")
        .order_by(*order)
    )
    next_cursor = encode_cursor(items[size - 1], sort) if len(items) > size else None
    return Page(items=items[:size], next_cursor=next_cursor)


def newer_than(qs: QuerySet, last_id: int, up_to: int, limit: int = 100) -> list[Message]:
    """Messages stored after the one with id `last_id`: what the live inbox adds."""
    return list(
        qs.filter(id__gt=last_id, id__lte=up_to)
        .select_related("channel", "author", "assignee")
        .order_by("-created_at", "-id")[:limit]
    )
