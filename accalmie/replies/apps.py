from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "accalmie.replies"
    label = "replies"
    verbose_name = _("Replies")

    def ready(self) -> None:
        from . import receivers
        from .defaults import ensure_defaults

        # Default policies and templates are created when missing (by key), on
        # every migrate and after a test flush; edits by admins are kept.
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="accalmie.replies.defaults")
        receivers.connect()
