"""What a case carries beside its Message row: the playbook's manual step,
hand-offs, the monitoring window, follow-ups, escalations, and the policy.

The Message is the case (docs/adr/0002); nothing here copies its status,
owner or deadline.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accalmie.inbox.models import Message


class Department(models.Model):
    """Where a root cause lies and where a case can be handed off; admins keep the list."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class CasePolicy(models.Model):
    """The team's after-care and escalation settings; one row (pk 1)."""

    class Escalation(models.TextChoices):
        FLAG = "flag", _("Flag to approvers")
        REASSIGN = "reassign", _("Re-assign to the escalation owner")

    reply_limit = models.PositiveSmallIntegerField(
        _("public replies per conversation"),
        default=2,
        help_text=_("Past it, move to a private channel or close the public conversation."),
    )
    monitoring_days = models.PositiveSmallIntegerField(_("monitoring window (days)"), default=7)
    follow_up_days = models.PositiveSmallIntegerField(_("follow-up after (days)"), default=21)
    escalate_after_minutes = models.PositiveIntegerField(
        _("escalate when unanswered after assignment (minutes)"),
        null=True,
        blank=True,
        default=120,
        help_text=_("Empty: escalate only when the deadline passes."),
    )
    escalation = models.CharField(
        _("on escalation"), max_length=12, choices=Escalation.choices, default=Escalation.FLAG
    )
    escalate_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escalation owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case policy")
        verbose_name_plural = _("case policy")

    def __str__(self) -> str:
        return str(_("Case policy"))

    @classmethod
    def current(cls) -> "CasePolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class RootCause(models.Model):
    """Playbook step 1: what went wrong, and which department it belongs to."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="root_cause")
    what = models.TextField(_("what went wrong"))
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    noted_at = models.DateTimeField(_("noted"), auto_now=True)

    class Meta:
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self) -> str:
        return f"{self.department}: {self.what[:60]}"


class Handoff(models.Model):
    """A case passed to another department for an answer, with a due date."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="handoffs")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"))
    due_at = models.DateTimeField(_("due"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["done_at", "due_at"], name="handoff_open_due")]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")

    def __str__(self) -> str:
        return f"{self.department} ({self.due_at:%Y-%m-%d})"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.done_at is None and self.due_at < timezone.now()


class Monitoring(models.Model):
    """Playbook step 7: the window in which new activity reopens a resolved case (R18)."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="monitoring")
    started_at = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("watch until"), db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring window")
        verbose_name_plural = _("monitoring windows")

    def __str__(self) -> str:
        return f"{self.message_id} until {self.until:%Y-%m-%d}"


class FollowUp(models.Model):
    """A reminder to check back with a real customer weeks later (R17)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        # the inbox strip asks "my pending follow-ups due by now" on every page
        indexes = [models.Index(fields=["owner", "done_at", "due_at"], name="followup_owner_due")]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.message_id} on {self.due_at:%Y-%m-%d}"


class Escalation(models.Model):
    """A case its owner did not answer in time; once per case, so the job is safe twice."""

    class Reason(models.TextChoices):
        LATE = "late", _("deadline passed")
        SLOW = "slow", _("no answer since assignment")

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="escalation")
    reason = models.CharField(_("reason"), max_length=8, choices=Reason.choices)
    escalated_at = models.DateTimeField(_("escalated"), auto_now_add=True)
    previous_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reassigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("seen"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-escalated_at"]
        indexes = [models.Index(fields=["acknowledged_at", "escalated_at"], name="escalation_open")]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.reason}"
