"""Telling the team about a spike alert: a plain-text email and a signed webhook POST.

The messages behind the alert are attacker-written: the email is plain text,
the subject is one flattened line, and the webhook body is JSON (the receiver
gets data, never markup).
"""

import hashlib
import hmac
import json

import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accalmie.accounts.roles import ADMIN, AGENT, APPROVER
from accalmie.incidents.notify import language_of, printable

EXCERPTS = 10
WEBHOOK_TIMEOUT = 10.0


def alert_url(alert) -> str:
    base = getattr(settings, "ACCALMIE_BASE_URL", "").rstrip("/")
    return base + reverse("insights:alert", args=[alert.pk])


def team():
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[AGENT, APPROVER, ADMIN])
        .exclude(email="")
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )


def email_for(alert, user, messages) -> EmailMessage:
    with translation.override(language_of(user)):
        subject = _("[Accalmie] Spike of negative messages: %(where)s") % {
            "where": printable(alert.label, one_line=True)
        }
        lines = [
            _("Negative or abusive messages are arriving much faster than usual."),
            "",
            _("Where: %(scope)s %(where)s")
            % {"scope": alert.get_scope_display(), "where": printable(alert.label, one_line=True)},
            _("Peak: %(n)d in 10 minutes (usually %(usual).1f)")
            % {"n": alert.peak, "usual": alert.baseline},
            _("Since: %(when)s") % {"when": alert.started_at.isoformat()},
            "",
            _("The first messages, as written:"),
        ]
        for m in messages[:EXCERPTS]:
            lines.append("> " + printable(m.text, one_line=True)[:280])
        lines += ["", _("Open the alert: %(url)s") % {"url": alert_url(alert)}]
    subject = printable(subject, one_line=True)[:120]
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def send_email(alert) -> int:
    messages = list(alert.messages.order_by("created_at")[:EXCERPTS])
    sent = 0
    for user in team():
        sent += email_for(alert, user, messages).send()
    return sent


def webhook_body(alert) -> bytes:
    messages = alert.messages.select_related("channel").order_by("created_at")[:50]
    data = {
        "event": "spike_alert",
        "alert": alert.pk,
        "scope": alert.scope,
        "where": alert.label,
        "channel": alert.channel.name if alert.channel else None,
        "started_at": alert.started_at.isoformat(),
        "last_burst_at": alert.last_burst_at.isoformat(),
        "peak_in_10_min": alert.peak,
        "usual_in_10_min": alert.baseline,
        "url": alert_url(alert),
        "messages": [
            {
                "id": m.pk,
                "network_id": m.network_id,
                "channel": m.channel.name,
                "url": m.url,
                "created_at": m.created_at.isoformat(),
                "category": m.category,
                "text": m.text[:500],
            }
            for m in messages
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(alert, url: str, secret: str) -> int:
    """POSTs the alert; raises on a network error or a non-2xx answer (the caller retries)."""
    body = webhook_body(alert)
    headers = {"Content-Type": "application/json", "User-Agent": "Accalmie"}
    if secret:
        headers["X-Accalmie-Signature"] = signature(secret, body)
    response = httpx.post(url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT)
    response.raise_for_status()
    return response.status_code
