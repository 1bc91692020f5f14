from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "accalmie.people"
    label = "people"
