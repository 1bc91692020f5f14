from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accalmie.inbox.models import Message


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Incident(models.Model):
    """A threat or persistent harassment handled beyond a reply (R11).

    Opened by triage rules (threats by default) or by a person; the action
    plan, notifications and dossier come with the incidents issue.
    """

    title = models.CharField(_("title"), max_length=200)
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="incidents")
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    is_open = models.BooleanField(pgettext_lazy("incident", "open"), default=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_by_rule = models.CharField(_("opened by rule"), max_length=120, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.title
