"""Drafts: writing, submitting, approving, rejecting, sending (filled in below)."""


def on_outbound_delivered(sender=None, action=None, **kwargs):  # pragma: no cover - placeholder
    return None


def on_outbound_failed(sender=None, action=None, **kwargs):  # pragma: no cover - placeholder
    return None
