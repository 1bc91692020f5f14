from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "accalmie.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from accalmie.core import periodic
        from accalmie.inbox.signals import messages_stored

        from .receivers import on_messages_stored
        from .report import weekly_clock
        from .rollup import refresh_recent
        from .tasks import alerts_clock

        messages_stored.connect(on_messages_stored, dispatch_uid="insights.spikes")
        periodic.register("insights.alerts", every=60, job=alerts_clock)
        periodic.register("insights.weekly_report", every=3600, job=weekly_clock)
        periodic.register("insights.rollup", every=600, job=refresh_recent)
