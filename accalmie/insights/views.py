import csv

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from accalmie.channels.models import Channel
from accalmie.core.csv import safe_row
from accalmie.core.http import client_ip, refusals_as_messages

from . import actions, dashboard, metrics, risk
from .models import Alert, InsightsSettings, PlannedPost, ReportSubscription, Scope

VIEW = "inbox.view_message"


def _period_from(request) -> tuple[metrics.Period, dict]:
    """The period and filters asked for; people without the team view see their own figures."""
    now = timezone.now()
    q = request.GET
    start, end, name = dashboard.period_bounds(
        q.get("period", "7d"), now, q.get("start", ""), q.get("end", "")
    )
    channel_id = int(q["channel"]) if q.get("channel", "").isdigit() else None
    agent_id = int(q["agent"]) if q.get("agent", "").isdigit() else None
    whole_team = request.user.has_perm("insights.view_dashboard")
    if not whole_team:
        agent_id = request.user.pk
    filters = {
        "period": name,
        "start": q.get("start", ""),
        "end": q.get("end", ""),
        "channel": channel_id,
        "agent": agent_id,
        "whole_team": whole_team,
    }
    return metrics.Period(start, end, channel_id, agent_id), filters


@login_required
@permission_required(VIEW, raise_exception=True)
def dashboard_view(request):
    period, filters = _period_from(request)
    data = dashboard.build(period)
    agents = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=["agent", "approver", "admin"])
        .distinct()
        .order_by("first_name", "username")
        if filters["whole_team"]
        else []
    )
    return render(
        request,
        "insights/dashboard.html",
        {
            "d": data,
            "f": filters,
            "p": period,
            "periods": dashboard.PERIODS,
            "channels": Channel.objects.order_by("name"),
            "agents": agents,
            "query": request.GET.urlencode(),
            "subscribed": ReportSubscription.objects.filter(user=request.user).exists(),
            "alerts": Alert.objects.select_related("channel").order_by("-last_burst_at")[:5],
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def export_csv(request):
    period, _filters = _period_from(request)
    data = dashboard.build(period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(period.start).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="accalmie-dashboard-{stamp}.csv"'
    writer = csv.writer(response)
    for row in dashboard.csv_rows(data):
        writer.writerow(safe_row(row))
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def subscribe(request):
    with refusals_as_messages(request):
        on = request.POST.get("on") == "1"
        actions.set_report_subscription(
            request.user, subscribed=on, by=request.user, ip=client_ip(request)
        )
        flash.success(
            request, _("You will receive the weekly report.") if on else _("Weekly report stopped.")
        )
    return redirect("insights:dashboard")


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def send_now(request):
    with refusals_as_messages(request):
        actions.request_report_now(by=request.user, ip=client_ip(request))
        flash.success(
            request, _("The report is on its way to %(email)s.") % {"email": request.user.email}
        )
    return redirect("insights:dashboard")


# --------------------------------------------------------------------------- alerts


@login_required
@permission_required(VIEW, raise_exception=True)
def alert_list(request):
    alerts = Alert.objects.select_related("channel", "acknowledged_by").annotate(
        n=Count("messages")
    )[:100]
    return render(request, "insights/alerts.html", {"alerts": alerts})


@login_required
@permission_required(VIEW, raise_exception=True)
def alert_detail(request, pk: int):
    alert = get_object_or_404(Alert.objects.select_related("channel"), pk=pk)
    shown = alert.messages.select_related("author", "channel").order_by("created_at")[:200]
    labels = dict(Scope.choices)
    scope_labels = list(dict.fromkeys(labels.get(s[0], s[0]) for s in alert.scopes))
    return render(
        request,
        "insights/alert.html",
        {"alert": alert, "shown": shown, "scope_labels": scope_labels},
    )


@login_required
@require_POST
def alert_acknowledge(request, pk: int):
    alert = get_object_or_404(Alert, pk=pk)
    with refusals_as_messages(request):
        actions.acknowledge_alert(alert, by=request.user, ip=client_ip(request))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("insights:alerts")


# --------------------------------------------------------------------------- risk check


@login_required
@permission_required("insights.add_plannedpost", raise_exception=True)
def risk_check(request):
    result, text, networks = None, "", []
    if request.method == "POST":
        text = request.POST.get("text", "")
        networks = [
            n
            for n in request.POST.getlist("networks")
            if n in dict(Channel._meta.get_field("kind").choices)
        ]
        save = request.POST.get("save") == "1"
        try:
            result, post = actions.check_post(
                text, networks, by=request.user, save=save, ip=client_ip(request)
            )
        except (PermissionDenied, ValidationError) as exc:
            flash.error(request, "; ".join(getattr(exc, "messages", None) or [str(exc)]))
            post = None
        if post is not None:
            flash.success(request, _("Planned post saved as a draft."))
            return redirect("insights:planned", pk=post.pk)
    posts = PlannedPost.objects.select_related("author").filter(
        Q(author=request.user) | Q(state=PlannedPost.State.SUBMITTED)
    )[:30]
    return render(
        request,
        "insights/risk.html",
        {
            "result": result,
            "reasons": [(r["points"], risk.explain(r)) for r in (result.reasons if result else [])],
            "text": text,
            "networks": networks,
            "network_choices": Channel._meta.get_field("kind").choices,
            "posts": posts,
        },
    )


@login_required
@permission_required("insights.add_plannedpost", raise_exception=True)
def planned_detail(request, pk: int):
    post = get_object_or_404(PlannedPost.objects.select_related("author", "decided_by"), pk=pk)
    if post.author_id != request.user.pk and not request.user.has_perm(actions.DECIDE_PERMISSION):
        raise Http404
    return render(
        request,
        "insights/planned.html",
        {
            "post": post,
            "reasons": [(r["points"], risk.explain(r)) for r in post.reasons],
            "level": risk.Check(post.score).level,
            "can_decide": request.user.has_perm(actions.DECIDE_PERMISSION)
            and post.author_id != request.user.pk,
        },
    )


@login_required
@require_POST
def planned_submit(request, pk: int):
    post = get_object_or_404(PlannedPost, pk=pk)
    with refusals_as_messages(request):
        actions.submit_post(post, by=request.user, ip=client_ip(request))
    return redirect("insights:planned", pk=pk)


@login_required
@require_POST
def planned_decide(request, pk: int):
    post = get_object_or_404(PlannedPost, pk=pk)
    with refusals_as_messages(request):
        actions.decide_post(
            post,
            approve=request.POST.get("decision") == "approve",
            by=request.user,
            note=request.POST.get("note", ""),
            ip=client_ip(request),
        )
    return redirect("insights:planned", pk=pk)


# --------------------------------------------------------------------------- public


@xframe_options_exempt  # meant to be embedded on the brand's site
def transparency(request):
    if not InsightsSettings.load().transparency_enabled:
        raise Http404
    data = dashboard.transparency()
    return render(
        request, "insights/transparency.html", {"t": data, "embed": request.GET.get("embed") == "1"}
    )
