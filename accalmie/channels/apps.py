from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "accalmie.channels"
    label = "channels"
