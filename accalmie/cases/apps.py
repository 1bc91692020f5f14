from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "accalmie.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from accalmie.core import periodic
        from accalmie.inbox.signals import messages_stored

        from .aftercare import reopen_on_new_activity, watch_cases_set_by_hand
        from .escalation import escalate_overdue

        messages_stored.connect(reopen_on_new_activity, dispatch_uid="cases.reopen")
        periodic.register("cases.escalate", every=60, job=escalate_overdue)
        periodic.register("cases.watch", every=60, job=watch_cases_set_by_hand)
