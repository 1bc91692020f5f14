"""Reply templates, drafts and their approvals, and the approval policies admins set."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accalmie.inbox.models import Category

LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Outbound verbs a policy can cover: the reply, and the moderation actions.
POLICY_ACTIONS = [
    ("reply", _("Reply")),
    ("hide", _("Hide")),
    ("delete", _("Delete")),
    ("block", _("Block")),
    ("mute", _("Mute")),
    ("report", _("Report")),
]


# The moves of the template library (replies/template_library.py), in words.
MOVES = [
    ("apologise_and_solve", _("Apologise and give a solution")),
    ("acknowledge_without_apology", _("Acknowledge without apology")),
    ("thank_for_raising", _("Thank for raising it")),
    ("move_to_private", _("Move to a private channel")),
    ("close_public", _("Close the public conversation")),
    ("follow_up", _("Follow up")),
    ("praise_thanks", _("Thank for praise")),
    ("question_answer", _("Answer a question")),
    ("hand_off", _("Hand off to a department")),
]


def _labels(values, choices) -> list:
    names = dict(choices)
    return [names.get(v, v) for v in values or []]


class ReplyTemplate(models.Model):
    """One phrasing of one move (apologise + solution, move private…) in one language."""

    key = models.SlugField(_("key"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Variables: {author_name}, {case_ref}, {agent_first_name}."),
    )
    # Message categories this template fits (empty: any).
    categories = models.JSONField(_("categories"), default=list, blank=True)
    move = models.CharField(_("move"), max_length=64, blank=True, choices=MOVES)
    active = models.BooleanField(pgettext_lazy("template", "active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language", "key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="template_key_language")
        ]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def category_labels(self) -> list:
        return _labels(self.categories, Category.choices)


class Draft(models.Model):
    """A reply being written, checked, approved and sent: one per attempt at answering."""

    class State(models.TextChoices):
        EDITING = "editing", _("Being written")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        QUEUED = "queued", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    message = models.ForeignKey("inbox.Message", on_delete=models.CASCADE, related_name="drafts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    text = models.TextField(_("text"))
    template = models.ForeignKey(
        ReplyTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.EDITING
    )
    # Bumped by every edit after submission: approvals count for one version only.
    version = models.PositiveIntegerField(default=1)
    tone_report = models.JSONField(_("tone check"), default=dict, blank=True)
    approval_reasons = models.JSONField(default=list, blank=True)
    approval_mode = models.CharField(max_length=3, default="any")
    approvals_required = models.PositiveSmallIntegerField(default=0)
    rejection_comment = models.TextField(_("comment"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outbound = models.ForeignKey(
        "channels.OutboundAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    sent_network_id = models.CharField(max_length=255, blank=True)
    sent_url = models.URLField(max_length=1000, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "submitted_at"])]
        permissions = [
            ("approve_draft", _("Can approve or reject replies and moderation actions")),
        ]
        verbose_name = _("draft reply")
        verbose_name_plural = _("draft replies")

    def __str__(self) -> str:
        return f"draft {self.pk} v{self.version} ({self.state})"

    @property
    def idempotency_key(self) -> str:
        return f"draft-{self.pk}-v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.EDITING, self.State.REJECTED)

    @property
    def safe_sent_url(self) -> str:
        """The reply's link, only when it is a web address (it comes from the network)."""
        return self.sent_url if self.sent_url.startswith(("https://", "http://")) else ""

    def current_approvals(self):
        return self.approvals.filter(version=self.version, decision=Approval.Decision.APPROVE)


class Approval(models.Model):
    """One approver's decision on one version of a draft."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField()
    decision = models.CharField(max_length=8, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "approver", "version"], name="one_decision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision} v{self.version} by {self.approver_id}"


class ApprovalPolicy(models.Model):
    """When an action needs an approver's yes. Every condition set must hold (AND)."""

    class Mode(models.TextChoices):
        ANY = "any", _("any one approver")
        ALL = "all", _("several distinct approvers")

    # Defaults are recognised by key, so seeding is idempotent and their names translate.
    key = models.SlugField(max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(pgettext_lazy("policy", "active"), default=True)
    actions = models.JSONField(
        _("actions covered"), default=list, help_text=_("reply, hide, delete, block, mute, report")
    )
    roles = models.JSONField(
        _("only for these roles"), default=list, blank=True, help_text=_("empty: anyone")
    )
    categories = models.JSONField(
        _("only for these categories"), default=list, blank=True, help_text=_("empty: any")
    )
    min_followers = models.PositiveIntegerField(
        _("only when the author has at least this many followers"), null=True, blank=True
    )
    on_tone_problem = models.BooleanField(
        _("only when the tone check finds a problem"), default=False
    )
    mode = models.CharField(_("approvers"), max_length=3, choices=Mode.choices, default=Mode.ANY)
    required_approvals = models.PositiveSmallIntegerField(
        _("approvals required (several approvers)"), default=2
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("approval policy")
        verbose_name_plural = _("approval policies")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        from .policy import DEFAULT_NAMES

        return DEFAULT_NAMES.get(self.key, self.name)

    @property
    def needed(self) -> tuple[str, int]:
        if self.mode == self.Mode.ALL:
            return ("all", max(1, self.required_approvals))
        return ("any", 1)

    def category_labels(self) -> list:
        return _labels(self.categories, Category.choices)

    def action_labels(self) -> list:
        return _labels(self.actions, POLICY_ACTIONS)
