from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accalmie.audit.models import entries_for
from accalmie.core.http import client_ip, refusals_as_messages
from accalmie.inbox.models import Message

from . import actions
from .models import SEVERITY_RANK, Incident, IncidentNotice, IncidentStep, Severity

view_incidents = permission_required("incidents.view_incident", raise_exception=True)
work_incidents = permission_required("incidents.work_incident", raise_exception=True)


def _unread_for(user):
    return IncidentNotice.objects.filter(
        incident=OuterRef("pk"), user=user, channel=IncidentNotice.Channel.IN_APP, read_at=None
    )


@login_required
@view_incidents
def incident_list(request):
    rank = Case(
        *[When(severity=s, then=Value(r)) for s, r in SEVERITY_RANK.items()],
        output_field=IntegerField(),
    )
    incidents = (
        Incident.objects.select_related("message__author", "message__channel")
        .annotate(
            steps_total=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
            unread=Exists(_unread_for(request.user)),
            rank=rank,
        )
        .order_by("-is_open", "rank", "-opened_at")
    )
    show = request.GET.get("show", "open")
    if show != "all":
        incidents = incidents.filter(is_open=True)
    return render(
        request,
        "incidents/list.html",
        {
            "incidents": incidents[:200],
            "show": show,
            "unread_count": IncidentNotice.objects.filter(
                user=request.user, channel=IncidentNotice.Channel.IN_APP, read_at=None
            ).count(),
        },
    )


@login_required
@view_incidents
def incident_detail(request, pk: int):
    incident = get_object_or_404(
        Incident.objects.select_related("message__author__contact", "opened_by", "closed_by"),
        pk=pk,
    )
    actions.mark_notices_read(incident, by=request.user)
    messages = list(
        incident.messages.select_related("author__contact", "channel").order_by("created_at")
    ) or [incident.message]
    authors = list({m.author_id: m.author for m in messages}.values())
    from accalmie.evidence.models import Dossier

    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "messages_in": messages,
            "authors": authors,
            "steps": incident.steps.select_related("done_by"),
            "notices": incident.notices.select_related("user"),
            "notes": incident.notes.select_related("author"),
            "timeline": entries_for(incident),
            "severities": Severity.choices,
            "dossiers": Dossier.objects.filter(incident=incident).select_related("requested_by")[
                :10
            ],
        },
    )


@login_required
@work_incidents
@require_POST
def tick_step(request, pk: int, step_pk: int):
    step = get_object_or_404(IncidentStep, pk=step_pk, incident_id=pk)
    with refusals_as_messages(request):
        actions.tick_step(
            step,
            by=request.user,
            done=request.POST.get("done") == "1",
            note=request.POST.get("note", ""),
            ip=client_ip(request),
        )
    return redirect("incidents:detail", pk=pk)


@login_required
@work_incidents
@require_POST
def change_severity(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    with refusals_as_messages(request):
        actions.change_severity(
            incident, request.POST.get("severity", ""), by=request.user, ip=client_ip(request)
        )
    return redirect("incidents:detail", pk=pk)


@login_required
@work_incidents
@require_POST
def add_note(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    with refusals_as_messages(request):
        actions.add_note(
            incident, request.POST.get("text", ""), by=request.user, ip=client_ip(request)
        )
    return redirect("incidents:detail", pk=pk)


@login_required
@work_incidents
@require_POST
def add_message(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    message = get_object_or_404(Message, pk=request.POST.get("message") or 0)
    with refusals_as_messages(request):
        actions.add_message(incident, message, by=request.user, ip=client_ip(request))
    if request.POST.get("back") == "message":
        return redirect("inbox:detail", pk=message.pk)
    return redirect("incidents:detail", pk=pk)


@login_required
@work_incidents
@require_POST
def close(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    with refusals_as_messages(request):
        if request.POST.get("reopen") == "1":
            actions.reopen_incident(incident, by=request.user, ip=client_ip(request))
        else:
            actions.close_incident(incident, by=request.user, ip=client_ip(request))
    return redirect("incidents:detail", pk=pk)


@login_required
@permission_required("incidents.add_incident", raise_exception=True)
@require_POST
def open_for_message(request, message_pk: int):
    message = get_object_or_404(Message, pk=message_pk)
    with refusals_as_messages(request):
        incident = actions.open_incident(
            message,
            by=request.user,
            severity=request.POST.get("severity", Severity.HIGH),
            ip=client_ip(request),
        )
        if request.user.has_perm("incidents.view_incident"):
            return redirect("incidents:detail", pk=incident.pk)
    return redirect("inbox:detail", pk=message.pk)
