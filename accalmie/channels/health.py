"""A channel's health in words an admin can act on (the list and detail pages)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Health:
    state: str  # ok, error, limited, inactive, waiting
    label: str
    rate_limited_until: datetime | None
    # The cursor moves only after a batch is stored, i.e. with each success.
    cursor_age_seconds: float | None


def health_of(channel, now: datetime | None = None) -> Health:
    now = now or timezone.now()
    limited = (
        channel.rate_limited_until
        if channel.rate_limited_until and channel.rate_limited_until > now
        else None
    )
    age = (now - channel.last_success_at).total_seconds() if channel.last_success_at else None
    if not channel.is_active:
        state, label = "inactive", _("inactive")
    elif limited:
        state, label = "limited", _("rate limited")
    elif channel.last_error_at and (
        not channel.last_success_at or channel.last_error_at > channel.last_success_at
    ):
        state, label = "error", _("failing")
    elif channel.last_success_at:
        state, label = "ok", _("working")
    else:
        state, label = "waiting", _("not fetched yet")
    return Health(state=state, label=label, rate_limited_until=limited, cursor_age_seconds=age)
