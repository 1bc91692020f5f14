from django.conf import settings
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
        permissions = [("link_accounts", "Can link accounts into one contact")]

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


class Tag(models.TextChoices):
    """The tags offered first; any other short word is a free tag."""

    CUSTOMER = "customer", _("customer")
    VIP = "vip", _("VIP")
    TROLL = "troll", _("troll")
    JOURNALIST = "journalist", _("journalist")
    EMPLOYEE = "employee", _("employee")
    PARTNER = "partner", _("partner")


class ContactTag(models.Model):
    """One tag on one contact: a row (indexed by name) so filtering by tag is one index scan."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=40, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "name"], name="contact_tag_unique")
        ]
        ordering = ["name"]
        verbose_name = _("contact tag")
        verbose_name_plural = _("contact tags")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return Tag(self.name).label if self.name in Tag.values else self.name


class ContactNote(models.Model):
    """A note the team shares about a person; ``@username`` tells a teammate."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:60]


class ContactDetail(models.Model):
    """A way to reach the person that they gave us, and how we got it."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone")
        BOOKING = "booking", _("booking reference")
        OTHER = "other", _("other")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="details")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=255)
    obtained_via = models.CharField(_("obtained via"), max_length=255, blank=True)
    obtained_on = models.DateField(_("obtained on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("contact detail")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class Notification(models.Model):
    """A line in a teammate's in-app notifications (a mention, an incident…).

    Kept generic on purpose: ``kind`` says what happened, ``text`` is the
    sentence shown (already in the recipient's words), ``url`` where to go.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text[:60]


class LinkSuggestion(models.Model):
    """ "Probably the same person": a newer account and an older blocked or abusive one.

    Proposed by ``people.detection``, decided by a person. A pair is stored
    once (whatever its state), so a rejected suggestion is never proposed again.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="suggestions")
    candidate = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PROPOSED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "candidate"], name="link_suggestion_pair")
        ]
        indexes = [models.Index(fields=["state", "author"])]
        ordering = ["-score", "-id"]
        verbose_name = _("link suggestion")
        verbose_name_plural = _("link suggestions")

    def __str__(self) -> str:
        return f"{self.author} ~ {self.candidate} ({self.score:.2f})"

    @property
    def reason_texts(self) -> list[str]:
        from .detection import describe

        return describe(self.reasons)


class PileOn(models.Model):
    """Many accounts hitting one post within minutes, shown as one event (the #AskJPM case)."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="pileons"
    )
    thread_key = models.CharField(max_length=255)
    started_at = models.DateTimeField(_("started"))
    last_at = models.DateTimeField(_("last message"))
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    author_count = models.PositiveIntegerField(_("accounts"), default=0)
    suspicious_share = models.FloatField(_("young or low-follower share"), default=0)
    hostile_share = models.FloatField(_("hostile share"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default="open")
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_at", "-id"]
        indexes = [models.Index(fields=["channel", "thread_key", "state"])]
        verbose_name = _("pile-on")
        verbose_name_plural = _("pile-ons")

    def __str__(self) -> str:
        return f"pile-on {self.channel_id}:{self.thread_key}"

    def messages(self):
        from accalmie.inbox.models import Message

        return Message.objects.filter(
            channel_id=self.channel_id,
            thread_key=self.thread_key,
            created_at__gte=self.started_at,
            created_at__lte=self.last_at,
        )
