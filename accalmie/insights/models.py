"""What the insights area keeps: volume counts for spike alerts, the alerts, the
controversies and planned posts of the risk check, and the weekly report's record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Scope(models.TextChoices):
    CHANNEL = "channel", _("Channel")
    THREAD = "thread", _("Post")
    HASHTAG = "hashtag", _("Hashtag")


class VolumeBucket(models.Model):
    """Negative or abusive messages of one scope in one minute (by the time they were posted).

    Kept incrementally by the ingest hook with one upsert per (scope, key,
    minute): the spike detector reads a few hundred of these rows, never the
    messages themselves.
    """

    scope = models.CharField(max_length=8, choices=Scope.choices)
    key = models.CharField(max_length=255)  # channel id, "channel id:thread", "#hashtag"
    minute = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "minute"], name="bucket_unique")
        ]
        indexes = [models.Index(fields=["minute"], name="bucket_minute")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.minute:%Y-%m-%d %H:%M}: {self.hits}"


class Alert(models.Model):
    """A burst of negative or abusive messages, one row while the burst lasts.

    A post's spike and its channel's spike in the same minutes are the same
    alert: ``scopes`` lists every scope that fired, ``messages`` holds the
    messages behind it, and the counts grow instead of a new alert being made.
    """

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("alert", "Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CLOSED = "closed", pgettext_lazy("alert", "Over")

    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    key = models.CharField(max_length=255)
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("where"), max_length=255, blank=True)  # a hashtag, a post id
    scopes = models.JSONField(default=list)  # [[scope, key], …]
    started_at = models.DateTimeField(_("started"))
    last_burst_at = models.DateTimeField(_("last burst"))
    peak = models.PositiveIntegerField(_("peak in 10 minutes"), default=0)
    baseline = models.FloatField(_("usual level in 10 minutes"), default=0)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    messages = models.ManyToManyField("inbox.Message", related_name="+", blank=True)

    class Meta:
        ordering = ["-last_burst_at", "-id"]
        indexes = [models.Index(fields=["state", "-last_burst_at"], name="alert_state_recent")]
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.label}"


class AlertDelivery(models.Model):
    """One notification of one alert by one means; retried until sent (at most once)."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        WEBHOOK = "webhook", _("Webhook")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "kind"], name="delivery_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.state}"


class InsightsSettings(models.Model):
    """The workspace's one row of insights settings (admins)."""

    webhook_url = models.URLField(_("alert webhook URL"), blank=True)
    webhook_secret = models.CharField(
        _("webhook signing secret"),
        max_length=200,
        blank=True,
        help_text=_("Each POST carries X-Accalmie-Signature: sha256=HMAC of the body."),
    )
    email_alerts = models.BooleanField(_("email spike alerts to the team"), default=True)
    transparency_enabled = models.BooleanField(_("public transparency page"), default=True)

    class Meta:
        verbose_name = _("insights settings")
        verbose_name_plural = _("insights settings")
        permissions = [
            ("view_dashboard", _("Can see the whole team's dashboard")),
            ("decide_plannedpost", _("Can approve or reject planned posts")),
        ]

    def __str__(self) -> str:
        return str(_("insights settings"))

    @classmethod
    def load(cls) -> "InsightsSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Controversy(models.Model):
    """A current subject the audience is angry about; a post touching it is riskier."""

    terms = models.CharField(
        _("terms"), max_length=500, help_text=_("Comma-separated words, in any language.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("controversy")
        verbose_name_plural = _("controversies")

    def __str__(self) -> str:
        return self.terms

    def term_list(self) -> list[str]:
        return [t.strip().lower() for t in self.terms.split(",") if t.strip()]


class PlannedPost(models.Model):
    """A post or campaign the brand plans to publish, checked for risk and approved."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    text = models.TextField(_("text"))
    networks = models.JSONField(_("networks"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planned_posts"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    score = models.PositiveSmallIntegerField(_("risk"), default=0)
    reasons = models.JSONField(default=list, blank=True)  # [[code, points, words], …]
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("planned post")
        verbose_name_plural = _("planned posts")

    def __str__(self) -> str:
        return self.text[:60]


class ReportSubscription(models.Model):
    """A person who receives the weekly PDF report by email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscription"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)


class WeeklyReport(models.Model):
    """One row per ISO week sent: the job that finds the row there sends nothing."""

    week = models.CharField(max_length=8, unique=True)  # "2026-W47"
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.week


class RollupDay(models.Model):
    """A local day whose figures are computed (even an empty one), and when."""

    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.day} @ {self.computed_at:%H:%M}"


class DailyFigures(models.Model):
    """The dashboard's figures of one local day for one (channel, owner, category).

    Computed from the messages by ``insights.rollup`` (on demand and every ten
    minutes for the last days), so the dashboard reads a few thousand small
    rows instead of aggregating hundreds of thousands of messages per view.
    Times are histograms {minutes: count}: exact to the minute up to three
    hours, then 5-minute and hourly steps.
    """

    day = models.DateField()
    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(max_length=16, blank=True)
    messages = models.PositiveIntegerField(default=0)
    needing = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    hours = models.JSONField(default=list)  # 24 counts, local hours
    first_response = models.JSONField(default=dict)
    resolution = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["day", "channel"], name="figures_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel_id} {self.assignee_id} {self.category}"


class DailyHistogram(models.Model):
    """One day's time histograms for one group (everything, a channel, an owner, a category).

    Kept beside ``DailyFigures`` so the unfiltered dashboard merges one row per
    day and group instead of one per (channel, owner, category).
    """

    day = models.DateField()
    dimension = models.CharField(max_length=8)  # all | channel | agent | category
    value = models.CharField(max_length=32, blank=True)  # an id, a category, "" for none
    first_response = models.JSONField(default=dict)
    resolution = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["day", "dimension"], name="histogram_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.value}"
