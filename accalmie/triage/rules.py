"""Routing rules: a line per condition, a line per action, checked when saved.

category = threat            toxic >= 0.8              author.followers < 50
language in fr,en            channel = x-main          text contains remboursement
author.account_age_days < 30 author.verified = false   spam > 0.5
author.troll_score >= 0.6

assign approver              label troll               priority 90
require_approval             open_incident high        status closed
"""

import operator
from dataclasses import dataclass

from django.utils.translation import gettext as _

NUMERIC = {
    "toxic",
    "threat",
    "negative",
    "spam",
    "priority",
    "author.followers",
    "author.following",
    "author.posts",
    "author.account_age_days",
    "author.troll_score",
}
TEXTUAL = {"category", "language", "channel", "network", "author.handle", "text", "kind"}
BOOLEAN = {"author.verified"}
FIELDS = NUMERIC | TEXTUAL | BOOLEAN
OPERATORS = {
    "=": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
ACTIONS = {"assign", "label", "priority", "require_approval", "open_incident", "status"}
SEVERITIES = ("low", "medium", "high", "critical")


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: object

    def holds(self, facts: dict) -> bool:
        actual = facts.get(self.field)
        if actual is None:
            return False
        if self.op == "in":
            return str(actual).lower() in self.value
        if self.op == "contains":
            return self.value in str(actual).lower()
        if self.field in TEXTUAL:
            actual = str(actual).lower()
        return OPERATORS[self.op](actual, self.value)


@dataclass(frozen=True)
class Action:
    name: str
    arg: str = ""


def _lines(text: str):
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield n, line


def parse_conditions(text: str) -> list[Condition]:
    out = []
    for n, line in _lines(text):
        parts = line.split(None, 2)
        if len(parts) != 3:
            raise RuleError(_("line %(n)d: write “field operator value”") % {"n": n})
        field, op, raw = parts[0].lower(), parts[1].lower(), parts[2].strip()
        if field not in FIELDS:
            raise RuleError(
                _("line %(n)d: unknown field “%(f)s” (known: %(known)s)")
                % {"n": n, "f": field, "known": ", ".join(sorted(FIELDS))}
            )
        if op not in OPERATORS and op not in ("in", "contains"):
            raise RuleError(_("line %(n)d: unknown operator “%(op)s”") % {"n": n, "op": op})
        value: object
        if op == "in":
            value = frozenset(v.strip().lower() for v in raw.split(",") if v.strip())
        elif op == "contains":
            value = raw.lower()
        elif field in NUMERIC:
            try:
                value = float(raw)
            except ValueError:
                raise RuleError(
                    _("line %(n)d: “%(v)s” is not a number") % {"n": n, "v": raw}
                ) from None
        elif field in BOOLEAN:
            if raw.lower() not in ("true", "false", "yes", "no", "1", "0"):
                raise RuleError(_("line %(n)d: write true or false") % {"n": n})
            value = raw.lower() in ("true", "yes", "1")
        else:
            value = raw.lower()
        if op in (">=", "<=", ">", "<") and field not in NUMERIC:
            raise RuleError(_("line %(n)d: “%(op)s” needs a number field") % {"n": n, "op": op})
        out.append(Condition(field, op, value))
    if not out:
        raise RuleError(_("a rule needs at least one condition"))
    return out


def parse_actions(text: str, *, usernames=None, statuses=None) -> list[Action]:
    out = []
    for n, line in _lines(text):
        name, _sep, arg = line.partition(" ")
        name, arg = name.lower(), arg.strip()
        if name not in ACTIONS:
            raise RuleError(
                _("line %(n)d: unknown action “%(a)s” (known: %(known)s)")
                % {"n": n, "a": name, "known": ", ".join(sorted(ACTIONS))}
            )
        if name == "assign" and usernames is not None and arg not in usernames:
            raise RuleError(_("line %(n)d: no teammate called “%(u)s”") % {"n": n, "u": arg})
        if name == "priority" and not (arg.isdigit() and 0 <= int(arg) <= 100):
            raise RuleError(_("line %(n)d: priority is a number from 0 to 100") % {"n": n})
        if name == "label" and not arg:
            raise RuleError(_("line %(n)d: which label?") % {"n": n})
        if name == "open_incident":
            arg = arg or "high"
            if arg not in SEVERITIES:
                raise RuleError(
                    _("line %(n)d: severity is one of %(s)s") % {"n": n, "s": ", ".join(SEVERITIES)}
                )
        if name == "status" and statuses is not None and arg not in statuses:
            raise RuleError(
                _("line %(n)d: status is one of %(s)s") % {"n": n, "s": ", ".join(statuses)}
            )
        out.append(Action(name, arg))
    if not out:
        raise RuleError(_("a rule needs at least one action"))
    return out


def facts_for(message, assessment) -> dict:
    author = message.author
    return {
        "category": message.category,
        "language": message.language,
        "channel": message.channel.name,
        "network": message.channel.kind,
        "kind": message.kind,
        "text": message.text,
        "priority": message.priority,
        "toxic": assessment.toxic if assessment else None,
        "threat": assessment.threat if assessment else None,
        "negative": assessment.negative if assessment else None,
        "spam": assessment.spam if assessment else None,
        "author.handle": author.handle,
        "author.followers": author.followers,
        "author.following": author.following,
        "author.posts": author.posts,
        "author.account_age_days": author.account_age_days,
        "author.verified": author.verified,
        "author.troll_score": author.troll_score,
    }
