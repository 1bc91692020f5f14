from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accalmie.core.http import client_ip, refusals_as_messages
from accalmie.inbox.models import OPEN_STATUSES, Message

from . import actions
from .models import Department, Escalation, FollowUp, Handoff

work = permission_required("inbox.work_message", raise_exception=True)
view_inbox = permission_required("inbox.view_message", raise_exception=True)
DUE_SOON_LIMIT = 200


def _back(message_pk: int):
    return redirect("inbox:detail", pk=message_pk)


def _department(request):
    pk = request.POST.get("department", "")
    return Department.objects.filter(pk=pk).first() if pk.isdigit() else None


def _due_at(value: str):
    parsed = parse_datetime(value or "")
    if parsed is None:
        raise ValidationError(_("Give a due date."))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@login_required
@work
@require_POST
def start_playbook(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.start_playbook(message, by=request.user, ip=client_ip(request))
    return _back(pk)


@login_required
@work
@require_POST
def root_cause(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.note_root_cause(
            message,
            what=request.POST.get("what", ""),
            department=_department(request),
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(request, _("Root cause noted."))
    return _back(pk)


@login_required
@work
@require_POST
def hand_off(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.hand_off(
            message,
            department=_department(request),
            note=request.POST.get("note", ""),
            due_at=_due_at(request.POST.get("due_at", "")),
            by=request.user,
            ip=client_ip(request),
        )
        messages.success(request, _("Handed off."))
    return _back(pk)


@login_required
@work
@require_POST
def complete_hand_off(request, pk: int):
    handoff = get_object_or_404(Handoff, pk=pk)
    with refusals_as_messages(request):
        actions.complete_hand_off(handoff, by=request.user, ip=client_ip(request))
    return _back(handoff.message_id)


@login_required
@work
@require_POST
def resolve(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.resolve_case(
            message, by=request.user, note=request.POST.get("note", ""), ip=client_ip(request)
        )
        messages.success(request, _("Resolved: the case is monitored for new activity."))
    return _back(pk)


@login_required
@work
@require_POST
def close(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.close_conversation(
            message, by=request.user, note=request.POST.get("note", ""), ip=client_ip(request)
        )
    return _back(pk)


@login_required
@work
@require_POST
def complete_follow_up(request, pk: int):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    with refusals_as_messages(request):
        actions.complete_follow_up(
            follow_up, by=request.user, note=request.POST.get("note", ""), ip=client_ip(request)
        )
    if request.POST.get("next") == "message":
        return _back(follow_up.message_id)
    return redirect("cases:my_queue")


@login_required
@work
@require_POST
def acknowledge(request, pk: int):
    escalation = get_object_or_404(Escalation, pk=pk)
    with refusals_as_messages(request):
        actions.acknowledge_escalation(escalation, by=request.user, ip=client_ip(request))
    return redirect("cases:my_queue")


@login_required
@view_inbox
@require_GET
def my_queue(request):
    """My follow-ups and reminders: what after-care asks of me, due first."""
    now = timezone.now()
    me = request.user
    escalations = Escalation.objects.filter(
        acknowledged_at__isnull=True, message__status__in=OPEN_STATUSES
    ).select_related("message__author", "message__channel", "previous_owner", "reassigned_to")
    if not me.has_perm("inbox.assign_to_others"):
        escalations = escalations.filter(Q(previous_owner=me) | Q(reassigned_to=me))
    return render(
        request,
        "cases/my_queue.html",
        {
            "now": now,
            "follow_ups": FollowUp.objects.filter(owner=me, done_at__isnull=True)
            .select_related("message__author", "message__channel")
            .order_by("due_at")[:100],
            "handoffs": Handoff.objects.filter(by=me, done_at__isnull=True)
            .select_related("message__author", "department")
            .order_by("due_at")[:100],
            "escalations": escalations[:100],
        },
    )


@login_required
@view_inbox
@require_GET
def due_soon(request):
    """Cases about to be late (or late) across the team, and overdue hand-offs."""
    try:
        minutes = max(0, min(int(request.GET.get("within", "30")), 7 * 24 * 60))
    except ValueError:
        minutes = 30
    now = timezone.now()
    cases = (
        Message.objects.filter(
            status__in=OPEN_STATUSES, due_at__lte=now + timedelta(minutes=minutes)
        )
        .select_related("author", "channel", "assignee")
        .order_by("due_at", "id")[:DUE_SOON_LIMIT]
    )
    return render(
        request,
        "cases/due_soon.html",
        {
            "cases": cases,
            "within": minutes,
            "now": now,
            "limit": DUE_SOON_LIMIT,
            "handoffs": Handoff.objects.filter(done_at__isnull=True, due_at__lt=now)
            .select_related("message__author", "department", "by")
            .order_by("due_at")[:100],
        },
    )
