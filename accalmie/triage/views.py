from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accalmie.core.http import client_ip, refusals_as_messages
from accalmie.inbox.models import Message

from . import actions, rules
from .models import DeadlinePolicy, RoutingRule


@login_required
@permission_required("triage.add_correction", raise_exception=True)
@require_POST
def correct(request, pk: int):
    message = get_object_or_404(Message, pk=pk)
    with refusals_as_messages(request):
        actions.correct_category(
            message, request.POST.get("category", ""), by=request.user, ip=client_ip(request)
        )
    return redirect("inbox:detail", pk=pk)


class RuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["name", "position", "is_active", "conditions", "actions", "stop"]
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
            "actions": forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        }
        help_texts = {
            "conditions": gettext_lazy(
                "One per line, all must hold: e.g. “category = abuse”, "
                "“toxic >= 0.8”, “author.followers < 50”, “language in fr,en”."
            ),
            "actions": gettext_lazy(
                "One per line: “assign USERNAME”, “label WORD”, “priority 0-100”, "
                "“require_approval”, “open_incident low|medium|high|critical”, "
                "“status closed”."
            ),
        }


@login_required
@permission_required("triage.view_routingrule", raise_exception=True)
def rule_list(request):
    return render(
        request,
        "triage/rules.html",
        {
            "rules": RoutingRule.objects.all(),
            "policies": DeadlinePolicy.objects.all(),
            "fields": sorted(rules.FIELDS),
            "actions": sorted(rules.ACTIONS),
        },
    )


@login_required
@permission_required("triage.change_routingrule", raise_exception=True)
def rule_edit(request, pk: int | None = None):
    rule = get_object_or_404(RoutingRule, pk=pk) if pk else RoutingRule()
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_rule(form.instance, by=request.user, ip=client_ip(request))
        except rules.RuleError as exc:
            form.add_error(None, str(exc))
        else:
            flash.success(request, _("Rule saved."))
            return redirect("triage:rules")
    return render(request, "triage/rule_form.html", {"form": form, "rule": rule})


@login_required
@permission_required("triage.delete_routingrule", raise_exception=True)
@require_POST
def rule_delete(request, pk: int):
    actions.delete_rule(
        get_object_or_404(RoutingRule, pk=pk), by=request.user, ip=client_ip(request)
    )
    flash.success(request, _("Rule deleted."))
    return redirect("triage:rules")
