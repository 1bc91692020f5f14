"""The four roles are Django groups whose permissions are defined here, once.

`agent` reads, assigns to self and works messages; `approver` also assigns to
teammates (and approves, later); `admin` manages everything; `legal` reads.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

AGENT, APPROVER, ADMIN, LEGAL = "agent", "approver", "admin", "legal"
ROLES = (AGENT, APPROVER, ADMIN, LEGAL)

_READ = [
    "inbox.view_message",
    "people.view_author",
    "channels.view_channel",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    AGENT: _READ
    + ["inbox.work_message", "triage.add_correction", "incidents.add_incident"]
    + ["people.link_accounts"],
    APPROVER: _READ
    + [
        "inbox.work_message",
        "inbox.assign_to_others",
        "triage.add_correction",
        "replies.approve_draft",
        "incidents.add_incident",
        "people.link_accounts",
    ],
    # Incidents and dossiers are seen and worked by legal (and admins) only;
    # agents and approvers may escalate a message into one (ADR 0015).
    LEGAL: _READ
    + [
        "audit.view_auditentry",
        "incidents.view_incident",
        "incidents.add_incident",
        "incidents.work_incident",
        "evidence.view_evidencerecord",
        "evidence.view_dossier",
        "evidence.add_dossier",
    ],
    ADMIN: ["*"],  # every permission of every app
}

# Insights: agents see their own figures and check planned posts; approvers see
# the whole team's dashboard and approve planned posts (never their own).
ROLE_PERMISSIONS[AGENT] += ["insights.add_plannedpost"]
ROLE_PERMISSIONS[APPROVER] += [
    "insights.add_plannedpost",
    "insights.view_dashboard",
    "insights.decide_plannedpost",
]


def sync_role_groups(sender=None, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        if codes == ["*"]:
            perms = list(Permission.objects.using(using).all())
        else:
            perms = []
            for code in codes:
                app_label, codename = code.split(".")
                perm = (
                    Permission.objects.using(using)
                    .filter(content_type__app_label=app_label, codename=codename)
                    .first()
                )
                if perm is not None:  # the app may not be migrated yet
                    perms.append(perm)
        group.permissions.set(perms)


def role_of(user) -> str | None:
    names = {g.name for g in user.groups.all()}
    return next((r for r in (ADMIN, APPROVER, LEGAL, AGENT) if r in names), None)
