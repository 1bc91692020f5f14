"""Turns the metrics of a period into what the dashboard, the CSV and the PDF show."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accalmie.channels.models import Channel
from accalmie.inbox.models import Category

from . import charts, metrics, rollup

AGE_LABELS = {
    "lt1h": gettext_lazy("under 1 h"),
    "1to4h": gettext_lazy("1–4 h"),
    "4to24h": gettext_lazy("4–24 h"),
    "1to3d": gettext_lazy("1–3 days"),
    "gt3d": gettext_lazy("over 3 days"),
}
VERB_LABELS = {
    "hide": gettext_lazy("hidden"),
    "delete": gettext_lazy("deleted"),
    "block": gettext_lazy("blocked"),
    "mute": gettext_lazy("muted"),
    "report": gettext_lazy("reported"),
}
OPEN_CAP = 2000  # filtered views count open cases up to this, then say "2000+"
PERIODS = {
    "today": gettext_lazy("Today"),
    "7d": gettext_lazy("7 days"),
    "30d": gettext_lazy("30 days"),
}


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        if rest:
            return _("%(h)d h %(m)02d") % {"h": hours, "m": rest}
        return ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def period_bounds(name: str, now: datetime, start: str = "", end: str = ""):
    """(start, end, name) of a named period; 'custom' reads ISO dates, end day included."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if name == "today":
        return midnight, now, name
    if name == "30d":
        return midnight - timedelta(days=29), now, name
    if name == "custom":
        try:
            first = datetime.fromisoformat(start).date()
            last = datetime.fromisoformat(end).date() if end else local.date()
        except ValueError:
            return midnight - timedelta(days=6), now, "7d"
        tz = timezone.get_current_timezone()
        lo = datetime.combine(first, datetime.min.time(), tz)
        hi = datetime.combine(last, datetime.min.time(), tz) + timedelta(days=1)
        if hi <= lo or hi - lo > timedelta(days=366):
            return midnight - timedelta(days=6), now, "7d"
        return lo, hi, name
    return midnight - timedelta(days=6), now, "7d"


def _names(ids, model, label):
    found = {o.pk: label(o) for o in model.objects.filter(pk__in=[i for i in ids if i])}
    return {i: found.get(i, _("unassigned") if i is None else str(i)) for i in ids}


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _duration_rows(by_group: dict, names: dict) -> list[dict]:
    rows = [
        {
            "label": names.get(k, str(k)),
            "n": v["n"],
            "p50": v["p50"],
            "p90": v["p90"],
            "p50_text": human_duration(v["p50"]),
            "p90_text": human_duration(v["p90"]),
        }
        for k, v in by_group.items()
    ]
    return sorted(rows, key=lambda r: str(r["label"]))


def build(p: metrics.Period, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    categories = dict(Category.choices)
    f = rollup.figures(p.start, p.end, p.channel_id, p.agent_id, now)
    rates = dict(f["totals"])
    rates["answered_pct"] = metrics._pct(rates["answered"], rates["needing"])
    rates["on_time_pct"] = metrics._pct(rates["on_time"], rates["needing"])
    times = {}
    for what in ("first_response", "resolution"):
        by = f["durations"][what]
        overall = by["all"].get(None)
        groups = {g: by[g] for g in ("channel", "agent", "category")}
        channel_names = _names(groups["channel"].keys(), Channel, str)
        agent_names = _names(groups["agent"].keys(), get_user_model(), _person)
        times[what] = {
            "overall": overall,
            "p50_text": human_duration(overall and overall["p50"]),
            "p90_text": human_duration(overall and overall["p90"]),
            "by_channel": _duration_rows(groups["channel"], channel_names),
            "by_agent": _duration_rows(groups["agent"], agent_names),
            "by_category": _duration_rows(
                groups["category"],
                {k: categories.get(k, _("uncategorised")) for k in groups["category"]},
            ),
        }
    columns: dict = {}
    mix: dict[str, int] = {}
    one_day = p.end - p.start <= timedelta(days=1)
    for (day, hour), counts in f["volume"].items():
        if (day, hour) not in columns:
            if not p.by_hour:
                label = formats.date_format(day, "SHORT_DATE_FORMAT")
            elif one_day:
                label = _("%(h)d h") % {"h": hour}
            else:
                label = formats.date_format(day, "D") + f" {hour}h"
            columns[(day, hour)] = [label, {}]
        column = columns[(day, hour)][1]
        for category, n in counts.items():
            column[category] = column.get(category, 0) + n
            mix[category] = mix.get(category, 0) + n
    series = [(k, str(v)) for k, v in Category.choices] + [("", _("uncategorised"))]
    series = [(k, v) for k, v in series if mix.get(k)]
    total = sum(mix.values())
    mix_rows = [
        {"key": k, "label": v, "n": mix[k], "pct": round(100 * mix[k] / total, 1)}
        for k, v in series
    ]
    cap = OPEN_CAP if (p.channel_id or p.agent_id) else None
    ages = metrics.open_by_age(p, now=now, cap=cap)
    age_rows = [
        {
            "label": AGE_LABELS[k],
            "n": min(ages[k], cap) if cap else ages[k],
            "shown": f"{cap}+" if cap and ages[k] > cap else str(ages[k]),
        }
        for k, _lo, _hi in metrics.AGE_BUCKETS
    ]
    abuse = metrics.abuse_handled(p)
    abuse_rows = [{"label": VERB_LABELS[v], "n": n} for v, n in abuse.items()]
    incidents = metrics.incidents_opened(p)
    fr = times["first_response"]
    return {
        "rates": rates,
        "times": times,
        "volume_columns": [c for _k, c in sorted(columns.items())],
        "mix": mix_rows,
        "total": total,
        "ages": age_rows,
        "open_total": sum(r["n"] for r in age_rows),
        "open_capped": any(r["shown"].endswith("+") for r in age_rows),
        "abuse": abuse_rows,
        "abuse_total": sum(abuse.values()),
        "incidents": incidents,
        "charts": {
            "volume": charts.stacked_columns(
                _("Messages over time, by category"),
                [(label, counts) for label, counts in (c for _k, c in sorted(columns.items()))],
                series,
            ),
            "first_response": charts.paired_hbars(
                _("First response time by channel (median and 90th percentile)"),
                [
                    (r["label"], r["p50"], r["p90"], f"{r['p50_text']} / {r['p90_text']}")
                    for r in fr["by_channel"]
                ],
                (_("median"), _("90th percentile")),
            ),
            "first_response_agent": charts.paired_hbars(
                _("First response time by agent (median and 90th percentile)"),
                [
                    (r["label"], r["p50"], r["p90"], f"{r['p50_text']} / {r['p90_text']}")
                    for r in fr["by_agent"]
                ],
                (_("median"), _("90th percentile")),
            ),
            "ages": charts.hbars(
                _("Open cases by age"), [(str(r["label"]), r["n"], r["shown"]) for r in age_rows]
            ),
            "abuse": charts.hbars(
                _("Abuse handled"), [(str(r["label"]), r["n"], str(r["n"])) for r in abuse_rows]
            ),
        },
    }


def csv_rows(data: dict) -> list[list]:
    """One figure per row: section, group, measure, value (seconds for times)."""
    rows = [["section", "group", "measure", "value"]]
    r = data["rates"]
    for key in ("needing", "answered", "on_time", "answered_pct", "on_time_pct"):
        rows.append(["answers", "all", key, r[key]])
    for what, t in data["times"].items():
        if t["overall"]:
            for key in ("n", "p50", "p90"):
                rows.append(
                    [
                        what,
                        "all",
                        key + ("_seconds" if key != "n" else ""),
                        _round(t["overall"][key]),
                    ]
                )
        for group in ("by_channel", "by_agent", "by_category"):
            for row in t[group]:
                label = f"{group[3:]}:{row['label']}"
                rows.append([what, label, "n", row["n"]])
                rows.append([what, label, "p50_seconds", _round(row["p50"])])
                rows.append([what, label, "p90_seconds", _round(row["p90"])])
    for row in data["mix"]:
        rows.append(["category_mix", row["key"] or "uncategorised", "messages", row["n"]])
    for label, counts in data["volume_columns"]:
        for key, n in sorted(counts.items()):
            rows.append(["volume", label, key or "uncategorised", n])
    for row in data["ages"]:
        rows.append(["open_by_age", str(row["label"]), "cases", row["n"]])
    for row in data["abuse"]:
        rows.append(["abuse_handled", str(row["label"]), "actions", row["n"]])
    rows.append(["incidents", "all", "opened", data["incidents"]["total"]])
    return rows


def _round(value):
    return round(value, 1) if isinstance(value, float) else value


def transparency(days: int = 30, now: datetime | None = None) -> dict:
    """Public-safe figures: counts and times per channel, no person, no message."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    cache_key = f"insights:transparency:{days}:{get_language()}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    now = now or timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    f = rollup.figures(midnight - timedelta(days=days - 1), now, now=now)
    overall = f["durations"]["first_response"]["all"].get(None)
    medians = f["durations"]["first_response"]["channel"]
    rates = f["totals"]
    channels = {c.pk: c for c in Channel.objects.filter(pk__in=f["channels"].keys())}
    rows = []
    for pk, row in f["channels"].items():
        channel = channels.get(pk)
        if not row["needing"]:
            continue
        rows.append(
            {
                "label": (channel.display_name or channel.get_kind_display()) if channel else "—",
                "network": channel.get_kind_display() if channel else "",
                "needing": row["needing"],
                "answered": row["answered"],
                "pct": metrics._pct(row["answered"], row["needing"]),
                "median": human_duration((medians.get(pk) or {}).get("p50")),
            }
        )
    data = {
        "days": days,
        "needing": rates["needing"],
        "answered": rates["answered"],
        "answered_pct": metrics._pct(rates["answered"], rates["needing"]),
        "median": human_duration(overall and overall["p50"]),
        "rows": sorted(rows, key=lambda r: str(r["label"])),
        "updated": now,
    }
    cache.set(cache_key, data, 300)
    return data
