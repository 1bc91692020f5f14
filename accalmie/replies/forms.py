from django import forms
from django.utils.translation import gettext_lazy as _

from accalmie.accounts.roles import ROLES
from accalmie.inbox.models import Category

from .models import POLICY_ACTIONS, ApprovalPolicy, ReplyTemplate


class ReplyTemplateForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReplyTemplate
        fields = ["key", "language", "title", "body", "categories", "move", "active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ApprovalPolicyForm(forms.ModelForm):
    actions = forms.MultipleChoiceField(
        label=_("actions covered"), choices=POLICY_ACTIONS, widget=forms.CheckboxSelectMultiple
    )
    roles = forms.MultipleChoiceField(
        label=_("only for these roles"),
        choices=[(r, r) for r in ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("empty: anyone"),
    )
    categories = forms.MultipleChoiceField(
        label=_("only for these categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("empty: any"),
    )

    class Meta:
        model = ApprovalPolicy
        fields = [
            "name",
            "active",
            "actions",
            "roles",
            "categories",
            "min_followers",
            "on_tone_problem",
            "mode",
            "required_approvals",
        ]

    def clean_required_approvals(self):
        n = self.cleaned_data["required_approvals"]
        if n < 1 or n > 10:
            raise forms.ValidationError(_("Between 1 and 10."))
        return n
