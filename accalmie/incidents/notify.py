"""Telling legal and admins about an incident: who, and the plain-text email.

The email quotes attacker-written text: it is sent as plain text only, and
anything going into a header (the subject) is flattened to one short line of
printable characters, so no text can add a header or a second part.
"""

import os
import unicodedata
from datetime import UTC

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accalmie.accounts.roles import ADMIN, LEGAL

from .titles import shown_title

SUBJECT_MAX = 120
EXCERPT_MAX = 1000


def recipients():
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[LEGAL, ADMIN])
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )


def printable(text: str, *, one_line: bool = False) -> str:
    """Control and format characters (bidi overrides included) dropped; breaks kept unless one line."""
    out = []
    for c in text or "":
        if c in "\n\t" and not one_line:
            out.append(c)
        elif unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(" " if one_line else "\ufffd")
        else:
            out.append(c)
    text = "".join(out)
    return " ".join(text.split()) if one_line else text


def language_of(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.language if profile else "") or settings.LANGUAGE_CODE


def incident_url(incident) -> str:
    # Emails need an absolute link; the server's own address is not known to a task.
    base = (
        getattr(settings, "ACCALMIE_BASE_URL", "") or os.environ.get("ACCALMIE_BASE_URL", "")
    ).rstrip("/")
    return base + reverse("incidents:detail", args=[incident.pk])


def email_for(incident, user) -> EmailMessage:
    message = incident.message
    with translation.override(language_of(user)):
        subject = _("[Accalmie] Incident (%(severity)s): %(title)s") % {
            "severity": incident.get_severity_display(),
            "title": shown_title(incident),
        }
        subject = printable(subject, one_line=True)[:SUBJECT_MAX]
        text = printable(message.text)
        if len(text) > EXCERPT_MAX:
            text = text[:EXCERPT_MAX] + "…"
        body = "\n".join(
            [
                _("An incident was opened and needs your attention."),
                "",
                _("Severity: %(severity)s") % {"severity": incident.get_severity_display()},
                _("Author: @%(handle)s on %(network)s")
                % {
                    "handle": printable(message.author.handle, one_line=True),
                    "network": message.channel.get_kind_display(),
                },
                _("Received: %(when)s")
                % {"when": message.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")},
                "",
                _("The message, as written (quoted, never a link to follow blindly):"),
                "",
                *("> " + line for line in text.splitlines() or [""]),
                "",
                _("Open the incident and its action plan: %(url)s")
                % {"url": incident_url(incident)},
            ]
        )
    return EmailMessage(subject=subject, body=body, to=[user.email])
