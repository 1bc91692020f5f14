from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accalmie.inbox.models import Category, Message


class Assessment(models.Model):
    """What the model read in a message: scores, category, why, and which model."""

    class Tier(models.TextChoices):
        FAST = "fast", _("fast tier")
        ACCURATE = "accurate", _("fast and accurate tiers")

    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, primary_key=True, related_name="assessment"
    )
    language = models.CharField(_("language"), max_length=8)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    toxic = models.FloatField(_("toxic"))
    threat = models.FloatField(_("threat"))
    negative = models.FloatField(_("negative"))
    spam = models.FloatField(_("spam"))
    explanation = models.TextField(_("why"), blank=True)
    model_version = models.CharField(_("model version"), max_length=64)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.FAST)
    assessed_at = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.category}"

    def scores(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in ("toxic", "threat", "negative", "spam")}


class Correction(models.Model):
    """A person's category for a message: kept as a label for retraining."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="corrections")
    previous = models.CharField(_("model said"), max_length=16, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.previous} → {self.category}"


class DeadlinePolicy(models.Model):
    """How fast a category must be answered, and how urgent it is."""

    category = models.CharField(_("category"), max_length=16, choices=Category.choices, unique=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    answer_within_minutes = models.PositiveIntegerField(
        _("answer within (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: no deadline. 0: at once."),
    )
    business_hours_only = models.BooleanField(
        _("count business hours only"),
        default=False,
        help_text=_("The clock stops outside business hours."),
    )

    class Meta:
        ordering = ["-priority"]
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return self.get_category_display()


class BusinessHours(models.Model):
    """When the team works; one row (the first) is used."""

    days = models.CharField(
        _("working days"),
        max_length=20,
        default="0,1,2,3,4",
        help_text=_("Weekday numbers, Monday = 0, separated by commas."),
    )
    opens = models.TimeField(_("opens"), default=time(9, 0))
    closes = models.TimeField(_("closes"), default=time(18, 0))

    class Meta:
        verbose_name = _("business hours")
        verbose_name_plural = _("business hours")

    def __str__(self) -> str:
        return f"{self.days} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def weekdays(self) -> set[int]:
        return {int(d) for d in self.days.split(",") if d.strip().isdigit()}


class RoutingRule(models.Model):
    """If every condition holds, do every action. Rules run in position order."""

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=100)
    is_active = models.BooleanField(pgettext_lazy("rule", "active"), default=True)
    conditions = models.TextField(_("conditions"), help_text=_("One per line."))
    actions = models.TextField(_("actions"), help_text=_("One per line."))
    stop = models.BooleanField(
        _("stop here"),
        default=False,
        help_text=_("Later rules are not tried when this one matches."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return self.name
