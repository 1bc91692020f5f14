"""The default action plan (R11), in both languages.

Default steps are stored with a code and shown through this table, so a
French reader sees French even though the row was created in English.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

EVIDENCE = "evidence"

# code, label, auto-tick
DEFAULT_STEPS = [
    ("capture-evidence", _("Capture the evidence"), EVIDENCE),
    ("inform-legal", _("Inform legal"), ""),
    ("inform-hr", _("Inform HR"), ""),
    ("police-report", _("Consider a police report"), ""),
    ("check-employee", _("Check on the targeted employee"), ""),
    ("block-author", _("Block the author"), ""),
    ("monitor", _("Monitor for 14 days"), ""),
]
LABELS = {code: label for code, label, _auto in DEFAULT_STEPS}


def step_label(code: str, title: str) -> str:
    return LABELS.get(code) or title


def active_plan():
    """The admins' active steps; the default plan is written the first time it is needed.

    Seeded lazily rather than by a data migration so that a test database
    flushed between tests, or a fresh workspace, always has a plan. An admin
    who wants fewer steps deactivates them (an empty table means "never set").
    """
    from .models import ActionPlanStep

    if not ActionPlanStep.objects.exists():
        with translation.override("en"):  # the stored title; readers see LABELS
            ActionPlanStep.objects.bulk_create(
                ActionPlanStep(position=i, code=code, title=str(label), auto=auto)
                for i, (code, label, auto) in enumerate(DEFAULT_STEPS, start=1)
            )
    return list(ActionPlanStep.objects.filter(is_active=True))
