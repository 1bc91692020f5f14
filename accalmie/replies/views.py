"""Thin views: parse, declare the permission, call one action, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accalmie.core.http import client_ip, refusals_as_messages
from accalmie.inbox.models import Message

from . import actions, queue
from .forms import ApprovalPolicyForm, ReplyTemplateForm
from .models import ApprovalPolicy, Draft, ReplyTemplate
from .templates_store import SAMPLE_VARIABLES, render_body, variables_for

work = permission_required("inbox.work_message", raise_exception=True)
decide = permission_required("replies.approve_draft", raise_exception=True)


def _back(request, draft: Draft):
    if request.POST.get("back") == "queue":
        return redirect("replies:approvals")
    return redirect(reverse("inbox:detail", args=[draft.message_id]) + "#reply")


@login_required
@work
@require_POST
def compose(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    draft = None
    if request.POST.get("draft"):
        draft = get_object_or_404(Draft, pk=request.POST["draft"], message=message)
    template = None
    if request.POST.get("template"):
        template = ReplyTemplate.objects.filter(pk=request.POST["template"]).first()
    ip = client_ip(request)
    with refusals_as_messages(request):
        draft = actions.save_draft(
            message,
            by=request.user,
            text=request.POST.get("text", ""),
            template=template,
            draft=draft,
            ip=ip,
        )
        if request.POST.get("do") == "submit":
            draft = actions.submit_draft(draft, by=request.user, ip=ip)
            if draft.state == Draft.State.AWAITING_APPROVAL:
                messages.success(request, _("Sent for approval."))
            else:
                messages.success(request, _("Reply queued for sending."))
        else:
            messages.success(request, _("Draft saved."))
    return redirect(reverse("inbox:detail", args=[message.pk]) + "#reply")


@login_required
@work
@require_GET
def compose_text(request, pk: int):
    """The textarea filled with a template's text for this message (htmx)."""
    message = get_object_or_404(Message.objects.select_related("author"), pk=pk)
    template = ReplyTemplate.objects.filter(pk=request.GET.get("template") or 0).first()
    text = request.GET.get("text", "")
    if template is not None:
        text = render_body(template.body, variables_for(message, request.user))
    return render(
        request,
        "replies/_compose_text.html",
        {
            "message": message,
            "text": text,
            "template": template,
            "max_length": actions.max_reply_length(message),
        },
    )


@login_required
@decide
@require_GET
def approvals(request):
    return render(
        request,
        "replies/approvals.html",
        {"items": queue.waiting_for(request.user)},
    )


@login_required
@decide
@require_POST
def approve(request, pk: int):
    draft = get_object_or_404(Draft, pk=pk)
    with refusals_as_messages(request):
        draft = actions.approve_draft(draft, by=request.user, ip=client_ip(request))
        messages.success(
            request,
            _("Approved: the reply is being sent.")
            if draft.state in (Draft.State.QUEUED, Draft.State.SENT)
            else _("Approved: another approver must approve too."),
        )
    return _back(request, draft)


@login_required
@decide
@require_POST
def reject(request, pk: int):
    draft = get_object_or_404(Draft, pk=pk)
    with refusals_as_messages(request):
        actions.reject_draft(
            draft, by=request.user, comment=request.POST.get("comment", ""), ip=client_ip(request)
        )
        messages.success(request, _("Rejected: the draft went back to its author."))
    return _back(request, draft)


@login_required
@decide
@require_POST
def edit(request, pk: int):
    draft = get_object_or_404(Draft, pk=pk)
    text, ip = request.POST.get("text", ""), client_ip(request)
    with refusals_as_messages(request):
        if request.POST.get("approve"):
            actions.edit_and_approve(draft, by=request.user, text=text, ip=ip)
            messages.success(request, _("Edited and approved."))
        else:
            actions.edit_draft_as_approver(draft, by=request.user, text=text, ip=ip)
            messages.success(request, _("Edited: the tone check ran again."))
    return _back(request, draft)


@login_required
@work
@require_POST
def withdraw(request, pk: int):
    draft = get_object_or_404(Draft, pk=pk)
    with refusals_as_messages(request):
        actions.withdraw_draft(draft, by=request.user, ip=client_ip(request))
        messages.success(request, _("Draft withdrawn."))
    return _back(request, draft)


@login_required
@work
@require_POST
def retry(request, pk: int):
    draft = get_object_or_404(Draft, pk=pk)
    with refusals_as_messages(request):
        actions.retry_sending(draft, by=request.user, ip=client_ip(request))
        messages.success(request, _("Sending again."))
    return _back(request, draft)


# -- library and policies (admins) -------------------------------------------


@login_required
@permission_required("replies.view_replytemplate", raise_exception=True)
@require_GET
def templates(request):
    return render(
        request,
        "replies/templates.html",
        {"templates": ReplyTemplate.objects.select_related("updated_by")},
    )


@login_required
@permission_required("replies.change_replytemplate", raise_exception=True)
@require_http_methods(["GET", "POST"])
def template_edit(request, pk: int | None = None):
    template = get_object_or_404(ReplyTemplate, pk=pk) if pk else ReplyTemplate()
    form = ReplyTemplateForm(request.POST or None, instance=template)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("preview"):
            preview = render_body(form.cleaned_data["body"], SAMPLE_VARIABLES)
        else:
            with refusals_as_messages(request):
                actions.save_reply_template(
                    form.save(commit=False), by=request.user, ip=client_ip(request)
                )
                messages.success(request, _("Template saved."))
                return redirect("replies:templates")
    elif template.pk:
        preview = render_body(template.body, SAMPLE_VARIABLES)
    return render(
        request,
        "replies/template_form.html",
        {"form": form, "template": template, "preview": preview, "sample": SAMPLE_VARIABLES},
    )


@login_required
@permission_required("replies.view_approvalpolicy", raise_exception=True)
@require_GET
def policies(request):
    return render(
        request,
        "replies/policies.html",
        {"policies": ApprovalPolicy.objects.select_related("updated_by")},
    )


@login_required
@permission_required("replies.change_approvalpolicy", raise_exception=True)
@require_http_methods(["GET", "POST"])
def policy_edit(request, pk: int | None = None):
    rule = get_object_or_404(ApprovalPolicy, pk=pk) if pk else ApprovalPolicy(actions=["reply"])
    form = ApprovalPolicyForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        with refusals_as_messages(request):
            actions.save_approval_policy(
                form.save(commit=False), by=request.user, ip=client_ip(request)
            )
            messages.success(request, _("Policy saved."))
            return redirect("replies:policies")
    return render(request, "replies/policy_form.html", {"form": form, "rule": rule})
