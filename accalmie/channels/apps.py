from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "accalmie.channels"
    label = "channels"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from accalmie.core import periodic

        from . import fetching, outbox, streaming

        # The fetch loop checks every second which channels are due (each has
        # its own interval); the outbox sweep retries and recovers; the
        # streams supervisor keeps live feeds open (worker only).
        periodic.register("channels.poll", every=1, job=fetching.schedule_polls)
        periodic.register("channels.outbox", every=5, job=outbox.sweep)
        periodic.register("channels.streams", every=5, job=streaming.ensure_streams)
