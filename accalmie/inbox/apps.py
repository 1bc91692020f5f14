from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "accalmie.inbox"
    label = "inbox"
