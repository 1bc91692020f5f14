from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accalmie.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .roles import sync_role_groups

        # Groups follow the code: every migrate brings them up to date. Not
        # limited to this app's signal: permissions of apps migrated after it
        # only exist once their own post_migrate has run.
        post_migrate.connect(sync_role_groups, dispatch_uid="accalmie.sync_role_groups")
