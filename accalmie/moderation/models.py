"""The code of conduct, and moderation requests that cite it (R5).

A negative comment is answered, not removed: hiding or deleting needs a rule
of the code of conduct and a written reason, both kept on the request, and
goes through the same approval policy as replies.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accalmie.channels.models import Channel, OutboundAction
from accalmie.inbox.models import Message
from accalmie.people.models import Author


class ConductRule(models.Model):
    """One rule of the brand's code of conduct, in French and English."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=120)
    title_fr = models.CharField(_("title (French)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("code of conduct rule")
        verbose_name_plural = _("code of conduct")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return (self.title_fr if _is_french() else self.title_en) or self.title_en or self.code

    @property
    def description(self) -> str:
        return (self.description_fr if _is_french() else self.description_en) or self.description_en


def _is_french() -> bool:
    return (get_language() or "").startswith("fr")


class Action(models.TextChoices):
    HIDE = "hide", _("Hide")
    DELETE = "delete", _("Delete")
    BLOCK = "block", _("Block the author")
    MUTE = "mute", _("Mute the author")
    REPORT = "report", _("Report to the network")


# Verbs that take a message off the brand's page: R5 asks a rule and a reason.
REMOVING = {Action.HIDE, Action.DELETE}
# Verbs that act on the person rather than the message.
ON_AUTHOR = {Action.BLOCK, Action.MUTE}


class ModerationRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        REJECTED = "rejected", _("Rejected")
        QUEUED = "queued", _("Approved, being sent")
        DONE = "done", _("Done on the network")
        FAILED = "failed", _("Failed on the network")

    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, related_name="moderation_requests"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="moderation_requests")
    rule = models.ForeignKey(
        ConductRule,
        verbose_name=_("code of conduct rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    approval_reasons = models.JSONField(_("why approval is needed"), default=list, blank=True)
    approvals_mode = models.CharField(max_length=3, default="any")  # any | all
    approvals_needed = models.PositiveSmallIntegerField(default=1)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    outbound = models.OneToOneField(
        OutboundAction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["state", "requested_at"], name="moderation_state")]
        verbose_name = _("moderation request")
        verbose_name_plural = _("moderation requests")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.pk}"

    @property
    def idempotency_key(self) -> str:
        return f"moderation-{self.pk}"


class ModerationDecision(models.Model):
    request = models.ForeignKey(
        ModerationRequest, on_delete=models.CASCADE, related_name="decisions"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField()
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "by"], name="one_decision_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {'+' if self.approved else '-'} {self.by_id}"
