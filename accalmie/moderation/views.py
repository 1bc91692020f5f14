from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accalmie.core.http import client_ip, refusals_as_messages
from accalmie.inbox.models import Message

from . import actions
from .models import ConductRule, ModerationRequest

view_inbox = permission_required("inbox.view_message", raise_exception=True)


@login_required
@view_inbox
@require_GET
def code(request):
    rules = ConductRule.objects.all()
    if not request.user.has_perm("moderation.change_conductrule"):
        rules = rules.filter(is_active=True)
    return render(request, "moderation/code.html", {"rules": rules})


@login_required
@permission_required(actions.REQUEST_PERMISSION, raise_exception=True)
@require_POST
def request_action(request, pk: int):
    message = get_object_or_404(Message.objects.select_related("channel", "author"), pk=pk)
    rule_pk = request.POST.get("rule", "")
    rule = ConductRule.objects.filter(pk=rule_pk).first() if rule_pk.isdigit() else None
    with refusals_as_messages(request):
        req = actions.request_moderation(
            message,
            action=request.POST.get("action", ""),
            rule=rule,
            reason=request.POST.get("reason", ""),
            by=request.user,
            ip=client_ip(request),
        )
        if req.state == ModerationRequest.State.PENDING:
            messages.success(request, _("Sent for approval."))
        else:
            messages.success(request, _("Approved: the action is being sent."))
    return redirect("inbox:detail", pk=pk)


def _next(request, req):
    if request.POST.get("next") == "message":
        return redirect("inbox:detail", pk=req.message_id)
    if request.POST.get("next") == "approvals":  # decided from the approvals queue: stay there
        return redirect("replies:approvals")
    return redirect("moderation:pending")


@login_required
@require_POST
def approve(request, pk: int):
    req = get_object_or_404(ModerationRequest, pk=pk)
    with refusals_as_messages(request):
        actions.approve_moderation(
            req, by=request.user, comment=request.POST.get("comment", ""), ip=client_ip(request)
        )
        messages.success(request, _("Approved: the action is being sent."))
    return _next(request, req)


@login_required
@require_POST
def reject(request, pk: int):
    req = get_object_or_404(ModerationRequest, pk=pk)
    with refusals_as_messages(request):
        actions.reject_moderation(
            req, by=request.user, comment=request.POST.get("comment", ""), ip=client_ip(request)
        )
        messages.success(request, _("Request rejected; its author is told why."))
    return _next(request, req)


@login_required
@permission_required("replies.approve_draft", raise_exception=True)
@require_GET
def pending(request):
    return render(request, "moderation/pending.html")
