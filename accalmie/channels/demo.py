"""The demo's network channels have no real account: they get the recording connector."""

from .models import Channel, Network


def simulate_network_channels() -> int:
    """Gives every network channel without credentials ``{"simulated": true}``.

    Replies and moderation then complete end to end in the demo, each outbox
    row marked ``simulated``; nothing is ever sent. Channels that already have
    credentials (a real account) are left alone.
    """
    count = 0
    for channel in Channel.objects.exclude(kind=Network.WEBHOOK).filter(credentials_encrypted=""):
        channel.set_credentials({"simulated": True})
        channel.save(update_fields=["credentials_encrypted"])
        count += 1
    return count
