import csv
from dataclasses import replace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Max
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accalmie.audit.models import entries_for
from accalmie.channels.models import Channel
from accalmie.core.csv import safe_row
from accalmie.core.http import client_ip, refusals_as_messages

from . import actions, queries
from .models import MANUAL_STATUSES, Category, Message, Status

SPAM_COUNT_CAP = 1000
view_inbox = permission_required("inbox.view_message", raise_exception=True)


def _context(request, f: queries.InboxFilter, page):
    return {
        "filter": f,
        "page": page,
        "channels": Channel.objects.all(),
        "statuses": Status.choices,
        "categories": Category.choices,
        "languages": [("fr", _("French")), ("en", _("English")), ("other", _("Other languages"))],
        "teammates": actions.teammates(),
        "filter_query": f.as_params(),
        "spam_count_capped": SPAM_COUNT_CAP,
        "urgent": (
            # open threats stay in sight above the stream, whatever arrived since
            Message.objects.filter(category=Category.THREAT, status__in=queries.OPEN)
            .select_related("channel", "author", "assignee")
            .order_by("-created_at", "-id")[:5]
            # a sort is not a filter: "due first" still shows them on top (older
            # overdue complaints would otherwise push a fresh threat down the list)
            if not replace(f, sort="").as_params()
            else []
        ),
        "latest_id": Message.objects.aggregate(m=Max("id"))["m"] or 0,
        "spam_count": (
            # bounded: counting 100k spam rows of one channel cost 150 ms at 1M
            queries.filtered(queries.InboxFilter(channel=f.channel, category="spam"), request.user)
            .values("id")[:SPAM_COUNT_CAP]
            .count()
            if f.folds_spam
            else 0
        ),
    }


@login_required
@view_inbox
@require_GET
def inbox(request):
    f = queries.InboxFilter.from_params(request.GET)
    page = queries.inbox_page(f, request.user, request.GET.get("cursor"), settings.INBOX_PAGE_SIZE)
    template = (
        "inbox/_rows.html" if request.htmx and request.GET.get("cursor") else "inbox/list.html"
    )
    return render(request, template, _context(request, f, page))


@login_required
@view_inbox
@require_GET
def inbox_new(request):
    """Rows stored since the newest one on screen, polled by the live inbox."""
    f = queries.InboxFilter.from_params(request.GET)
    try:
        last_id = int(request.GET.get("after", "0"))
    except ValueError:
        last_id = 0
    latest_id = Message.objects.aggregate(m=Max("id"))["m"] or 0
    items = queries.newer_than(queries.filtered(f, request.user), last_id, latest_id)
    return render(
        request,
        "inbox/_new_rows.html",
        {"items": items, "filter": f, "latest_id": max(latest_id, last_id)},
    )


@login_required
@view_inbox
@require_GET
def message_detail(request, pk: int):
    message = get_object_or_404(
        Message.objects.select_related("channel", "author", "assignee", "assessment"), pk=pk
    )
    author = message.author
    assessment = getattr(message, "assessment", None)
    score_names = {
        "toxic": _("toxic"),
        "threat": _("threat"),
        "negative": _("negative"),
        "spam": _("spam"),
    }
    scores = [(score_names[k], v) for k, v in assessment.scores().items()] if assessment else []
    return render(
        request,
        "inbox/detail.html",
        {
            "message": message,
            "thread": message.conversation(),
            "thread_size": message.thread().count(),
            "author": author,
            "author_message_count": author.messages.count(),
            "author_recent": author.messages.select_related("channel")
            .exclude(pk=message.pk)
            .order_by("-created_at")[:5],
            "history": entries_for(message)[:50],
            "teammates": actions.teammates(),
            "manual_statuses": [(s.value, s.label) for s in MANUAL_STATUSES],
            "manual_status_values": [s.value for s in MANUAL_STATUSES],
            "scores": scores,
            "categories": Category.choices,
        },
    )


@login_required
@permission_required("inbox.work_message", raise_exception=True)
@require_POST
def assign(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    target = request.POST.get("to", "")
    if target == "me":
        to = request.user
    elif target == "":
        to = None
    else:
        to = get_object_or_404(get_user_model(), pk=target)
    with refusals_as_messages(request):
        actions.assign_message(message, to=to, by=request.user, ip=client_ip(request))
    return redirect("inbox:detail", pk=message.pk)


@login_required
@permission_required("inbox.work_message", raise_exception=True)
@require_POST
def set_status(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.change_status(
            message, request.POST.get("status", ""), by=request.user, ip=client_ip(request)
        )
    return redirect("inbox:detail", pk=message.pk)


class _Echo:
    def write(self, value):
        return value


EXPORT_LIMIT = 100_000


@login_required
@view_inbox
@require_GET
def export_csv(request):
    """The filtered inbox as CSV; cells a spreadsheet would run as formulas are defused."""
    f = queries.InboxFilter.from_params(request.GET)
    qs = (
        queries.filtered(f, request.user)
        .select_related("channel", "author", "assignee")
        .order_by("-created_at", "-id")[:EXPORT_LIMIT]
    )
    writer = csv.writer(_Echo())
    header = [
        "id",
        "posted",
        "channel",
        "author",
        "language",
        "category",
        "status",
        "owner",
        "answer_by",
        "url",
        "text",
    ]

    def rows():
        yield writer.writerow(header)
        for m in qs.iterator(chunk_size=2000):
            yield writer.writerow(
                safe_row(
                    [
                        m.pk,
                        m.created_at.isoformat(),
                        m.channel.name,
                        m.author.handle,
                        m.language,
                        m.category,
                        m.status,
                        m.assignee.get_username() if m.assignee else "",
                        m.due_at.isoformat() if m.due_at else "",
                        m.url,
                        m.text,
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="accalmie-inbox.csv"'
    return response


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
