from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

register = template.Library()


def _duration(minutes: int) -> str:
    if minutes < 60:
        return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours}
    return ngettext("%(n)d day", "%(n)d days", hours // 24) % {"n": hours // 24}


@register.filter
def due_label(due_at) -> str:
    """ "answer within 42 min" or "late by 5 min", from the deadline."""
    if not due_at:
        return ""
    minutes = int((due_at - timezone.now()).total_seconds() // 60)
    if minutes >= 0:
        return _("answer within %(d)s") % {"d": _duration(minutes)}
    return _("late by %(d)s") % {"d": _duration(-minutes)}


@register.filter
def due_state(due_at) -> str:
    if not due_at:
        return "none"
    minutes = (due_at - timezone.now()).total_seconds() / 60
    return "late" if minutes < 0 else "soon" if minutes < 15 else "ok"


@register.filter
def age_label(dt) -> str:
    if not dt:
        return ""
    days = (timezone.now() - dt).days
    if days >= 365:
        years = days // 365
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


# Labels the application sets itself (cases: escalation, playbook) are stored as
# codes; a team's own labels (routing rules) are shown as they typed them.
SYSTEM_LABELS = {
    "escalated": gettext_lazy("escalated"),
    "playbook": pgettext_lazy("label", "playbook"),
}


@register.filter
def label_text(label) -> str:
    return str(SYSTEM_LABELS.get(label, label))
