from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accalmie.inbox.models import Message

from .plan import step_label


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}


class Incident(models.Model):
    """A threat or persistent harassment handled beyond a reply (R11).

    Opened by triage rules (threats by default) or by a person. ``message`` is
    the message that opened it; ``messages`` holds it and every message added
    since. The action plan is copied onto it as ``steps`` when it opens.
    """

    title = models.CharField(_("title"), max_length=200)
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="incidents")
    messages = models.ManyToManyField(
        Message, verbose_name=_("messages"), related_name="incident_links", blank=True
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    is_open = models.BooleanField(pgettext_lazy("incident", "open"), default=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_by_rule = models.CharField(_("opened by rule"), max_length=120, blank=True)
    # Set once the plan is copied and the team told; a rule-opened incident
    # gets this from the ingest signal, a hand-opened one from its action.
    prepared_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        permissions = [("work_incident", "Can tick steps, add notes, close incidents")]

    def __str__(self) -> str:
        return self.title


class ActionPlanStep(models.Model):
    """One step of the action plan admins define; copied onto each new incident.

    The default steps carry a ``code`` and are shown in the reader's language;
    steps an admin adds are shown as written.
    """

    class Auto(models.TextChoices):
        NONE = "", _("ticked by hand")
        EVIDENCE = "evidence", _("ticked when the evidence record exists")

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40, blank=True)
    title = models.CharField(_("step"), max_length=200)
    auto = models.CharField(_("ticked"), max_length=16, choices=Auto.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("action plan step")
        verbose_name_plural = _("action plan")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return step_label(self.code, self.title)


class IncidentStep(models.Model):
    """A step of one incident's plan: who ticked it, when, with what note."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(max_length=40, blank=True)
    title = models.CharField(_("step"), max_length=200)
    auto = models.CharField(max_length=16, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("incident step")
        verbose_name_plural = _("incident steps")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return step_label(self.code, self.title)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class IncidentNote(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("incident note")
        verbose_name_plural = _("incident notes")

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.text[:40]}"


class IncidentNotice(models.Model):
    """Who was told about an incident, how, and when (and when they read it)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        IN_APP = "in_app", _("In the app")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.EmailField(_("address"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("incident notice")
        verbose_name_plural = _("incident notices")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "user", "channel"], name="incident_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} → {self.user or self.address} ({self.channel})"
