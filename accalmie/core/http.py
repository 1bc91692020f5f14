from contextlib import contextmanager


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


@contextmanager
def refusals_as_messages(request):
    """An action's refusal (permission, validation) becomes a message on the next page."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        yield
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", None) or [str(exc)]))
