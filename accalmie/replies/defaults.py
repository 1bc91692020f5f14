"""The default approval policies and reply templates, created when missing."""

from django.db import DEFAULT_DB_ALIAS


def ensure_defaults(sender=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    from .policy import ensure_default_policies
    from .templates_store import load_library

    if using != DEFAULT_DB_ALIAS:
        return
    ensure_default_policies()
    load_library()
