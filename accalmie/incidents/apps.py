from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "accalmie.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from accalmie.core import periodic
        from accalmie.inbox.signals import messages_stored

        from .receivers import prepare_rule_incidents, retry_unsent_emails

        messages_stored.connect(prepare_rule_incidents, dispatch_uid="incidents.prepare")
        periodic.register("incidents.retry_emails", every=600, job=retry_unsent_emails)
