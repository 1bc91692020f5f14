import hashlib
import hmac

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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.display_name or self.name

    def token_matches(self, token: str) -> bool:
        if not self.webhook_token_hash or not token:
            return False
        return hmac.compare_digest(self.webhook_token_hash, hash_token(token))
