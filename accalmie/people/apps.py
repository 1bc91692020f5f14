from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "accalmie.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from accalmie.core import periodic
        from accalmie.inbox.signals import messages_stored

        from .pileons import close_quiet_pileons
        from .receivers import on_messages_stored

        messages_stored.connect(on_messages_stored, dispatch_uid="people.messages_stored")
        periodic.register("people.close_pileons", every=600, job=close_quiet_pileons)
