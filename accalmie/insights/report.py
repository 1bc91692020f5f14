"""The weekly PDF report: last ISO week's dashboard, emailed once to who opted in.

``weekly_clock`` runs every hour; a ``WeeklyReport`` row per ISO week, created
in the same transaction as the sending, makes a second run (or a second
worker) send nothing. A failed send rolls the row back: the next hour retries.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accalmie.incidents.notify import language_of

from . import dashboard, metrics
from .models import ReportSubscription, WeeklyReport

SEND_FROM_HOUR = 7  # Monday, local time


def last_week(now: datetime) -> tuple[str, datetime, datetime]:
    """("2026-W47", Monday 00:00, next Monday 00:00) of the week before ``now``'s, local time."""
    local = timezone.localtime(now)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    start = monday - timedelta(days=7)
    year, week, _day = start.isocalendar()
    return f"{year}-W{week:02d}", start, monday


def render_pdf(p: metrics.Period, title: str, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        data = dashboard.build(p)
        html = render_to_string(
            "insights/report_pdf.html",
            {"d": data, "title": title, "start": p.start, "end": p.end - timedelta(seconds=1)},
        )
    return HTML(string=html).write_pdf()


def _email(user, pdf: bytes, title: str, filename: str) -> EmailMessage:
    with translation.override(language_of(user)):
        subject = _("[Accalmie] %(title)s") % {"title": title}
        body = _(
            "The team's report is attached: complaints answered and on time, response times, "
            "volume, open cases, abuse handled and incidents."
        )
    mail = EmailMessage(subject=subject, body=body, to=[user.email])
    mail.attach(filename, pdf, "application/pdf")
    return mail


def _title(start, end, language) -> str:
    with translation.override(language):
        return _("Weekly report %(start)s – %(end)s") % {
            "start": start.date().isoformat(),
            "end": (end - timedelta(days=1)).date().isoformat(),
        }


def send_weekly(week: str | None = None, now: datetime | None = None) -> int:
    """Sends last week's report to every subscriber once; returns how many were sent."""
    now = now or timezone.now()
    label, start, end = last_week(now)
    if week and week != label:
        return 0
    users = [
        s.user
        for s in ReportSubscription.objects.select_related("user__profile").filter(
            user__is_active=True
        )
        if s.user.email
    ]
    try:
        with transaction.atomic():
            row, created = WeeklyReport.objects.get_or_create(week=label)
            if not created:
                return 0
            pdfs: dict[str, bytes] = {}
            for user in users:
                lang = language_of(user)
                title = _title(start, end, lang)
                if lang not in pdfs:
                    pdfs[lang] = render_pdf(metrics.Period(start, end), title, lang)
                _email(user, pdfs[lang], title, f"accalmie-{label}.pdf").send()
            row.recipients = len(users)
            row.save(update_fields=["recipients"])
    except IntegrityError:  # another worker sent it at the same moment
        return 0
    return len(users)


def send_to_one(user_id: int, days: int = 7) -> int:
    """“Send me this report now”: the last seven days, to one person, whenever asked."""
    user = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if user is None or not user.email:
        return 0
    now = timezone.now()
    lang = language_of(user)
    start = now - timedelta(days=days)
    title = _title(start, now + timedelta(days=1), lang)
    # people without the team view get their own figures, as on the page
    mine = None if user.has_perm("insights.view_dashboard") else user.pk
    pdf = render_pdf(metrics.Period(start, now, agent_id=mine), title, lang)
    return _email(user, pdf, title, f"accalmie-{now.date().isoformat()}.pdf").send()


def weekly_clock(now: datetime | None = None) -> int:
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.weekday() == 0 and local.hour < SEND_FROM_HOUR:
        return 0
    return send_weekly(now=now)
