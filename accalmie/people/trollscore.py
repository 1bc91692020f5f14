"""Troll score: how much an author behaves like a troll, explained in words.

A plain weighted sum of four factors, each between 0 and 1 (no learning, so
an admin can read why a score is what it is):

==============  ======  ===================================================
factor          weight  value
==============  ======  ===================================================
abusive share   0.40    share of the author's messages categorised `abuse`
                        or `threat`. The strongest evidence: it is what the
                        author did, not who they are.
young account   0.25    0.5 ** (age in days / 30): 1 for a new account, ½ at
                        a month, under 0.02 after six months. Throwaway
                        accounts are young; unknown age counts 0.
few followers   0.15    1 − log10(followers + 1) / 3: 1 with none, 0.8 with
                        3, 0.17 with 300, 0 from 1,000. Weak on its own
                        (most customers have few followers); unknown counts 0.
burst           0.20    (most messages within any 10 minutes, among the
                        last 50, − 1) / 4, capped at 1: 0 for one message at
                        a time, 1 for five or more in ten minutes.
==============  ======  ===================================================

So the profile alone (young, no followers) reaches at most 0.40 and never
crosses the inbox threshold (0.6): behaviour — abuse or bursts — must add to
it. A verified brand (old, many followers, polite) stays near 0.

One more factor is added on top (the total is capped at 1):

==============  ======  ===================================================
linked to a     0.30    1 when the account is linked (same contact) to an
blocked or              account that was blocked or wrote abuse or threats;
abusive account         0.5 when ``people.detection`` strongly suggests it
                        (a proposal scoring 0.8 or more, not yet decided).
==============  ======  ===================================================

A young account with no followers that is linked to a blocked troll thus
reaches 0.70: ban evasion is itself behaviour.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

WEIGHTS = {"abusive": 0.40, "young": 0.25, "followers": 0.15, "burst": 0.20, "linked": 0.30}
ABUSIVE_CATEGORIES = ("abuse", "threat")
AGE_HALF_LIFE_DAYS = 30
BURST_WINDOW = timedelta(minutes=10)
BURST_LOOKBACK = 50  # the author's last messages searched for a burst
BURST_FULL = 5  # messages within the window that count as a full burst
LIKELY_TROLL = 0.6  # from here the inbox shows a badge

# Reason codes, stored on the author and put into words at display time.
REASON_TEXTS = {
    "young": ngettext_lazy("account %(days)d day old", "account %(days)d days old", "days"),
    "followers": ngettext_lazy("%(n)d follower", "%(n)d followers", "n"),
    # The plural follows n (French: "1 message abusif sur 5", "4 messages abusifs sur 5").
    "abusive": ngettext_lazy(
        "%(n)d of %(total)d messages abusive", "%(n)d of %(total)d messages abusive", "n"
    ),
    "burst": _("%(n)d messages within %(minutes)d minutes"),
    "linked": _("same person as @%(handle)s, a blocked or abusive account"),
    "linked_probably": _("probably the same person as @%(handle)s, a blocked or abusive account"),
}


@dataclass(frozen=True)
class AuthorStats:
    messages: int = 0
    abusive: int = 0
    burst: int = 0  # most messages within any BURST_WINDOW among the last BURST_LOOKBACK
    linked: str = ""  # handle of a blocked or abusive account this one is linked to
    link_confirmed: bool = False


def _factors(author, stats: AuthorStats) -> tuple[dict[str, float], list[dict]]:
    factors = dict.fromkeys(WEIGHTS, 0.0)
    reasons: list[dict] = []
    if stats.messages and stats.abusive:
        factors["abusive"] = stats.abusive / stats.messages
        reasons.append({"code": "abusive", "n": stats.abusive, "total": stats.messages})
    if stats.burst > 1:
        factors["burst"] = min(1.0, (stats.burst - 1) / (BURST_FULL - 1))
        if stats.burst >= 3:
            reasons.append(
                {"code": "burst", "n": stats.burst, "minutes": BURST_WINDOW.seconds // 60}
            )
    if stats.linked:
        factors["linked"] = 1.0 if stats.link_confirmed else 0.5
        code = "linked" if stats.link_confirmed else "linked_probably"
        reasons.append({"code": code, "handle": stats.linked})
    days = author.account_age_days
    if days is not None:
        factors["young"] = 0.5 ** (days / AGE_HALF_LIFE_DAYS)
        if factors["young"] >= 0.25:  # under two months
            reasons.append({"code": "young", "days": days})
    if author.followers is not None:
        factors["followers"] = max(0.0, 1 - math.log10(author.followers + 1) / 3)
        if factors["followers"] >= 0.5:  # under 31
            reasons.append({"code": "followers", "n": author.followers})
    return factors, reasons


def score_and_codes(author, stats: AuthorStats) -> tuple[float, list[dict]]:
    """The score (0–1, two decimals) and the reasons as codes with their values."""
    factors, reasons = _factors(author, stats)
    score = sum(WEIGHTS[k] * v for k, v in factors.items())
    return round(min(1.0, max(0.0, score)), 2), reasons


def describe(reasons: list[dict]) -> list[str]:
    """Stored reason codes as sentences in the active language (unknown codes skipped)."""
    out = []
    for reason in reasons or ():
        text = REASON_TEXTS.get(reason.get("code"))
        if text is not None:
            try:
                out.append(str(text % reason))
            except (KeyError, TypeError, ValueError):
                continue
    return out


def troll_score(author, stats: AuthorStats) -> tuple[float, list[str]]:
    """The score in [0, 1] and why, as short sentences (see the module docstring)."""
    score, reasons = score_and_codes(author, stats)
    return score, describe(reasons)


def author_stats(author_ids) -> dict[int, AuthorStats]:
    """Counts, abusive counts and the largest burst, in two queries per 500 authors."""
    from accalmie.inbox.models import Message

    ids = sorted(set(author_ids))
    out: dict[int, AuthorStats] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        counts = (
            Message.objects.filter(author_id__in=chunk)
            .values("author_id")
            .annotate(n=Count("id"), abusive=Count("id", filter=Q(category__in=ABUSIVE_CATEGORIES)))
            .values_list("author_id", "n", "abusive")
            .order_by()
        )
        times: dict[int, list] = {}
        recent = (
            Message.objects.filter(author_id__in=chunk)
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=F("author_id"), order_by=F("created_at").desc()
                )
            )
            .filter(rank__lte=BURST_LOOKBACK)
            .values_list("author_id", "created_at")
        )
        for author_id, created_at in recent:
            times.setdefault(author_id, []).append(created_at)
        for author_id, n, abusive in counts:
            out[author_id] = AuthorStats(n, abusive, _largest_burst(times.get(author_id, [])))
    for author_id, (handle, confirmed) in linked_bad_accounts(ids).items():
        base = out.get(author_id, AuthorStats())
        out[author_id] = AuthorStats(base.messages, base.abusive, base.burst, handle, confirmed)
    return out


def linked_bad_accounts(author_ids) -> dict[int, tuple[str, bool]]:
    """For each account linked to a blocked or abusive one: (its handle, confirmed?).

    "Bad" reads what the other account did (blocked, abuse or threats), never
    its troll score, so two linked accounts cannot raise each other in a loop.
    """
    from accalmie.channels.models import OutboundAction
    from accalmie.inbox.models import Message

    from .models import Author, LinkSuggestion

    ids = sorted(set(author_ids))
    found: dict[int, tuple[str, bool]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        others: dict[int, list[tuple[int, bool]]] = {}
        contacts = dict(
            Author.objects.filter(pk__in=chunk, contact__isnull=False).values_list(
                "pk", "contact_id"
            )
        )
        if contacts:
            for pk, contact_id in Author.objects.filter(
                contact_id__in=set(contacts.values())
            ).values_list("pk", "contact_id"):
                for mine, cid in contacts.items():
                    if cid == contact_id and mine != pk:
                        others.setdefault(mine, []).append((pk, True))
        from .detection import STRONG

        for a, c in LinkSuggestion.objects.filter(
            Q(author_id__in=chunk) | Q(candidate_id__in=chunk),
            state=LinkSuggestion.State.PROPOSED,
            score__gte=STRONG,
        ).values_list("author_id", "candidate_id"):
            if a in chunk:
                others.setdefault(a, []).append((c, False))
            if c in chunk:
                others.setdefault(c, []).append((a, False))
        if not others:
            continue
        other_ids = {pk for pairs in others.values() for pk, _ in pairs}
        bad = set(
            Message.objects.filter(author_id__in=other_ids, category__in=ABUSIVE_CATEGORIES)
            .values_list("author_id", flat=True)
            .distinct()
        ) | set(
            OutboundAction.objects.filter(
                author_id__in=other_ids,
                verb=OutboundAction.Verb.BLOCK,
                state=OutboundAction.State.SENT,
            ).values_list("author_id", flat=True)
        )
        handles = dict(Author.objects.filter(pk__in=bad).values_list("pk", "handle"))
        for mine, pairs in others.items():
            # A confirmed link is stronger evidence than a proposal: it wins.
            hits = sorted((not confirmed, pk) for pk, confirmed in pairs if pk in bad)
            if hits:
                unconfirmed, pk = hits[0]
                found[mine] = (handles[pk], not unconfirmed)
    return found


def _largest_burst(times) -> int:
    """Most timestamps within any BURST_WINDOW (a sliding window over sorted times)."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] > BURST_WINDOW:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def refresh_troll_scores(author_ids) -> dict[int, tuple[float, list[dict]]]:
    """Recomputes and saves the authors' scores; returns {id: (score, reason codes)}."""
    from .models import Author

    ids = set(author_ids)
    if not ids:
        return {}
    stats = author_stats(ids)
    authors = list(
        Author.objects.filter(pk__in=ids).only(
            "id", "followers", "account_created_at", "troll_score", "troll_reasons"
        )
    )
    results, changed = {}, []
    for author in authors:
        score, reasons = score_and_codes(author, stats.get(author.pk, AuthorStats()))
        results[author.pk] = (score, reasons)
        if score != author.troll_score or reasons != author.troll_reasons:
            author.troll_score, author.troll_reasons = score, reasons
            changed.append(author)
    if changed:
        _save(changed)
    return results


def _save(authors) -> None:
    """One parametrised UPDATE run for many rows (much cheaper than bulk_update's CASE)."""
    from .models import Author

    table = connection.ops.quote_name(Author._meta.db_table)
    reasons_field = Author._meta.get_field("troll_reasons")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET troll_score = %s, troll_reasons = %s WHERE id = %s",  # noqa: S608
            [
                (a.troll_score, reasons_field.get_db_prep_save(a.troll_reasons, connection), a.pk)
                for a in authors
            ],
        )
