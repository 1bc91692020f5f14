from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "accalmie.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from accalmie.channels.signals import outbound_delivered, outbound_failed

        from .actions import record_outcome

        outbound_delivered.connect(record_outcome, dispatch_uid="moderation.outcome.delivered")
        outbound_failed.connect(record_outcome, dispatch_uid="moderation.outcome.failed")
