"""REST endpoints for the inbox: the same actions and permissions as the pages."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from accalmie.channels.models import Channel
from accalmie.core.http import client_ip

from . import actions, queries
from .importing import parse_text_payload
from .ingest import ingest_rows
from .models import Message

router = Router(auth=django_auth, tags=["inbox"])
webhook_router = Router(tags=["webhook"])

MAX_WEBHOOK_ITEMS = 1000


def require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise HttpError(403, "permission denied")


class AuthorOut(Schema):
    id: int
    network: str
    handle: str
    display_name: str
    followers: int | None
    following: int | None
    account_created_at: datetime | None


class MessageOut(Schema):
    id: int
    channel: str = Field(..., alias="channel.name")
    network_id: str
    kind: str
    text: str
    language: str
    url: str
    thread_key: str
    created_at: datetime
    received_at: datetime
    status: str
    category: str
    priority: int
    labels: list[str]
    owner: str | None = None
    due_at: datetime | None
    author: AuthorOut

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.assignee.get_username() if obj.assignee else None


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None


class InboxQuery(Schema):
    channel: str = ""
    status: str = ""
    owner: str = ""
    language: str = ""
    category: str = ""
    q: str = ""
    sort: str = Field("", description='"" newest first; "due" soonest deadline first')
    cursor: str = ""
    limit: int = Field(50, ge=1, le=200)


@router.get("/messages", response=MessagePage)
def list_messages(request, params: Query[InboxQuery]):
    require(request, "inbox.view_message")
    f = queries.InboxFilter.from_params(params.dict())
    page = queries.inbox_page(f, request.user, params.cursor or None, params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/messages/{message_id}", response=MessageOut)
def get_message(request, message_id: int):
    require(request, "inbox.view_message")
    return get_object_or_404(
        Message.objects.select_related("channel", "author", "assignee"), pk=message_id
    )


class AssignIn(Schema):
    to: int | None = Field(None, description="user id; null to unassign")


class StatusIn(Schema):
    status: str


def _run(action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "permission denied") from exc
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc


@router.post("/messages/{message_id}/assign", response=MessageOut)
def assign(request, message_id: int, body: AssignIn):
    require(request, "inbox.work_message")
    message = get_object_or_404(Message, pk=message_id)
    to = get_object_or_404(get_user_model(), pk=body.to) if body.to is not None else None
    _run(actions.assign_message, message, to=to, by=request.user, ip=client_ip(request))
    return get_message(request, message_id)


@router.post("/messages/{message_id}/status", response=MessageOut)
def set_status(request, message_id: int, body: StatusIn):
    require(request, "inbox.work_message")
    message = get_object_or_404(Message, pk=message_id)
    _run(actions.change_status, message, body.status, by=request.user, ip=client_ip(request))
    return get_message(request, message_id)


class ChannelOut(Schema):
    name: str
    display_name: str
    kind: str
    handle: str
    is_active: bool


@router.get("/channels", response=list[ChannelOut])
def list_channels(request):
    require(request, "channels.view_channel")
    return Channel.objects.all()


class RowErrorOut(Schema):
    row: int
    field: str
    message: str


class IngestOut(Schema):
    received: int
    created: int
    duplicates: int
    rejected: int
    errors: list[RowErrorOut]


@webhook_router.post(
    "/channels/{channel}/messages",
    response={200: IngestOut, 422: IngestOut},
    summary="Receive messages (webhook channel)",
    description=(
        "Body: one message, a JSON array of messages, or JSON lines, in the normalised schema "
        "(docs/message-schema.md). Authenticate with `Authorization: Bearer <channel token>`. "
        "The reply comes after the messages are stored; sending the same message again "
        "changes nothing. 422 when a row was refused (the others are stored)."
    ),
)
def receive(request, channel: str):
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    target = Channel.objects.filter(name=channel, is_active=True).first()
    if target is None or not target.token_matches(token):
        raise HttpError(401, "unknown channel or bad token")
    try:
        payload = parse_text_payload(request.body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HttpError(400, f"body is not UTF-8 JSON: {type(exc).__name__}") from exc
    items = payload if isinstance(payload, list) else [payload]
    if len(items) > MAX_WEBHOOK_ITEMS:
        raise HttpError(413, f"at most {MAX_WEBHOOK_ITEMS} messages per request")
    report = ingest_rows(target, enumerate(items, start=1))
    body = report.as_dict()
    return Status(422 if report.errors else 200, body)
