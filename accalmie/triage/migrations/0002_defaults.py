"""Default answer deadlines, business hours, and the threat rule (editable by admins)."""

from django.db import migrations

POLICIES = [
    # category, priority, minutes (None: no deadline), business hours only
    ("threat", 100, 0, False),
    ("abuse", 60, 120, False),
    ("negative", 50, 60, True),
    ("question", 40, 60, True),
    ("other", 10, None, False),
    ("praise", 5, None, False),
    ("spam", 0, None, False),
]
RULES = [
    ("Threats open an incident", 10,
     "category = threat", "open_incident high\npriority 100\nrequire_approval"),
    ("Spam is folded away", 90, "category = spam", "status closed\nlabel spam"),
]


def forwards(apps, schema_editor):
    DeadlinePolicy = apps.get_model("triage", "DeadlinePolicy")
    BusinessHours = apps.get_model("triage", "BusinessHours")
    RoutingRule = apps.get_model("triage", "RoutingRule")
    for category, priority, minutes, business in POLICIES:
        DeadlinePolicy.objects.get_or_create(
            category=category,
            defaults={"priority": priority, "answer_within_minutes": minutes,
                      "business_hours_only": business},
        )
    if not BusinessHours.objects.exists():
        BusinessHours.objects.create()
    for name, position, conditions, actions in RULES:
        RoutingRule.objects.get_or_create(
            name=name, defaults={"position": position, "conditions": conditions, "actions": actions}
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
