from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accalmie.channels.models import Network


class Contact(models.Model):
    """One person as the brand knows them: one or several accounts (R12, R14).

    Accounts are linked by hand or by a detection a person confirms; an
    author without a contact is simply not linked yet.
    """

    name = models.CharField(_("name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class Author(models.Model):
    """One account on one network, as its profile was last seen."""

    network = models.CharField(_("network"), max_length=16, choices=Network.choices)
    network_id = models.CharField(_("network id"), max_length=255)
    handle = models.CharField(_("handle"), max_length=255)
    display_name = models.CharField(_("display name"), max_length=255, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    following = models.PositiveIntegerField(_("following"), null=True, blank=True)
    posts = models.PositiveIntegerField(_("posts"), null=True, blank=True)
    account_created_at = models.DateTimeField(_("account created"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    url = models.URLField(_("profile link"), max_length=500, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    # Kept by accalmie.people.trollscore.refresh_troll_scores at ingest.
    troll_score = models.FloatField(_("troll score"), default=0)
    troll_reasons = models.JSONField(_("troll score reasons"), default=list, blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "network_id"], name="author_unique_per_network"
            )
        ]
        indexes = [models.Index(fields=["handle"])]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return f"@{self.handle}"

    @property
    def account_age_days(self) -> int | None:
        if self.account_created_at is None:
            return None
        return max(0, (timezone.now() - self.account_created_at).days)

    @property
    def likely_troll(self) -> bool:
        from .trollscore import LIKELY_TROLL

        return self.troll_score >= LIKELY_TROLL

    @property
    def troll_reason_texts(self) -> list[str]:
        """The stored reasons as sentences in the active language."""
        from .trollscore import describe

        return describe(self.troll_reasons)
