import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Network(models.TextChoices):
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    REDDIT = "reddit", "Reddit"
    YOUTUBE = "youtube", "YouTube"
    WEBHOOK = "webhook", _("Webhook (generic)")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Channel(models.Model):
    """A connected account on one network: where messages come from."""

    name = models.SlugField(_("name"), max_length=64, unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    kind = models.CharField(_("network"), max_length=16, choices=Network.choices)
    handle = models.CharField(_("brand account"), max_length=255, blank=True)
    is_active = models.BooleanField(pgettext_lazy("channel", "active"), default=True)
    # Only a hash is stored: the token is shown once, when it is made.
    webhook_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    cursor = models.CharField(max_length=512, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    rate_limited_until = models.DateTimeField(_("rate limited until"), null=True, blank=True)
    # The fetch loop (accalmie.channels.fetching): how often, and when next
    # (pushed back after errors and rate limits).
    poll_interval = models.PositiveIntegerField(_("poll every (seconds)"), default=60)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_errors = models.PositiveSmallIntegerField(default=0, editable=False)
    # Fernet token of the JSON credentials (accalmie.channels.crypto); never shown again.
    credentials_encrypted = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.display_name or self.name

    def set_credentials(self, credentials: dict) -> None:
        from .crypto import encrypt

        self.credentials_encrypted = encrypt(credentials)

    def get_credentials(self) -> dict:
        from .crypto import decrypt

        return decrypt(self.credentials_encrypted)

    @property
    def has_credentials(self) -> bool:
        return bool(self.credentials_encrypted)

    def token_matches(self, token: str) -> bool:
        if not self.webhook_token_hash or not token:
            return False
        return hmac.compare_digest(self.webhook_token_hash, hash_token(token))


class OutboundAction(models.Model):
    """One reply or moderation action to carry out on a network, at most once (the outbox).

    ``idempotency_key`` is unique: asking twice for the same action finds the
    first row. Delivery marks the row ``sending`` in its own committed
    transaction before calling the network, so a crash leaves evidence that a
    call may have gone out; the retry then asks the network (a deterministic
    record key, or ``find_reply``) instead of sending blindly.
    """

    class Verb(models.TextChoices):
        REPLY = "reply", _("Reply")
        HIDE = "hide", _("Hide")
        DELETE = "delete", _("Delete")
        BLOCK = "block", _("Block")
        MUTE = "mute", _("Mute")
        REPORT = "report", _("Report")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Uncertain: check on the network")

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="outbound")
    verb = models.CharField(_("action"), max_length=16, choices=Verb.choices)
    # The message acted on (replied to, hidden…); for block/mute, its author.
    message = models.ForeignKey(
        "inbox.Message", null=True, blank=True, on_delete=models.PROTECT, related_name="outbound"
    )
    author = models.ForeignKey(
        "people.Author", null=True, blank=True, on_delete=models.PROTECT, related_name="outbound"
    )
    payload = models.JSONField(default=dict, blank=True)  # text, reason, category…
    idempotency_key = models.CharField(max_length=128, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the last call to the network began: a row left `sending` long after
    # it is one whose worker died mid-call (the sweeper checks it).
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    result_network_id = models.CharField(max_length=255, blank=True)
    result_url = models.URLField(max_length=1000, blank=True)
    # Done by the recording connector (demo channels): nothing reached a network.
    simulated = models.BooleanField(_("simulated"), default=False)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            # a new message answering one of our replies reopens its case: looked up at ingest
            models.Index(fields=["result_network_id"], name="outbound_result_id"),
        ]
        verbose_name = _("outbound action")
        verbose_name_plural = _("outbox")

    def __str__(self) -> str:
        return f"{self.verb} via {self.channel.name} ({self.state})"
