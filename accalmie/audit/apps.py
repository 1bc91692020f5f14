from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "accalmie.audit"
    label = "audit"
