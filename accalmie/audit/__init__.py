"""Who did what, when, from where. Call :func:`record` inside the action's transaction."""


def record(actor, action: str, target, *, data: dict | None = None, ip: str | None = None):
    from .models import AuditEntry

    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        ip=ip,
    )
