def client_ip(request) -> str | None:
    """The address the request came from, for the audit log.

    X-Forwarded-For is only trusted when an operator says a proxy sets it.
    """
    from django.conf import settings

    if getattr(settings, "ACCALMIE_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45] or None
    return request.META.get("REMOTE_ADDR") or None
