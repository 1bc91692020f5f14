"""Ban evasion: proposing that a newer account is an older blocked or abusive one.

A person confirms or rejects each proposal (``people.actions``); nothing is
linked automatically. For each account checked, the candidates are the
accounts on the same network that were blocked (a ``block`` sent through the
outbox), tagged ``troll``, wrote abuse or threats, or score as likely trolls.

Each pair is scored with a logistic sum of evidence (weights in ``WEIGHTS``,
each feature between 0 and 1):

===========  ======  =======================================================
feature      weight  value
===========  ======  =======================================================
handle       3.5     Jaro-Winkler of the handles once leetspeak, separators,
                     network suffix and trailing number are undone; 0 up to
                     0.85, 1 when identical
name         1.5     the same for display names
style        3.0     cosine of character 2–4-gram TF-IDF of their messages;
                     0 up to 0.1, 1 from 0.6
targets      1.0     threads and @mentions in common / the fewer of the two
timing       1.5     the newer account created (or first seen) after the
                     other was blocked, or after its last abusive message:
                     1 within three days, down to 0 at fourteen
bio          1.0     ratio of matching characters of the bios, 0 up to 0.5
young        0.5     the newer account is under 30 days old
===========  ======  =======================================================

``probability = 1 / (1 + exp(-(BIAS + Σ weight × feature)))`` with
``BIAS = -6``: a twin handle alone stays near 0.08; twin handle and name with
the same style and timing passes 0.9. A pair is proposed from ``PROPOSE_AT``
and only if the profiles resemble (handle, name or bio) and the newer
account came back (timing) or is young: two strangers who both insult the
brand under the same post are not one person, and neither is a customer of
five years whose name happens to look like a troll's.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import similarity
from .models import Author, ContactTag, LinkSuggestion, Tag

WEIGHTS = {
    "handle": 3.5,
    "name": 1.5,
    "style": 3.0,
    "targets": 1.0,
    "timing": 1.5,
    "bio": 1.0,
    "young": 0.5,
}
BIAS = -6.0
PROPOSE_AT = 0.6
STRONG = 0.8  # from here a proposal counts in the troll score
ABUSIVE_CATEGORIES = ("abuse", "threat")
LIKELY_TROLL = 0.6
YOUNG_DAYS = 30
TIMING_FULL = timedelta(days=3)
TIMING_NONE = timedelta(days=14)
MAX_CANDIDATES = 500  # per network, the most recently seen
STYLE_MESSAGES = 20  # each account's latest messages read for its style
RESEMBLANCE = ("handle", "name", "bio")
SIMILAR = 0.85  # Jaro-Winkler under which handles or names count as unrelated
EVASION = ("timing", "young")

REASON_TEXTS = {
    "handle": _("similar handles: @%(a)s and @%(b)s"),
    "name": _("similar display names: “%(a)s” and “%(b)s”"),
    "style": _("the same writing style (%(pct)d%% alike)"),
    "targets": ngettext_lazy(
        "the same target (%(n)d thread or person in common)",
        "the same targets (%(n)d threads or people in common)",
        "n",
    ),
    "after_block_hours": ngettext_lazy(
        "created %(n)d hour after the other was blocked",
        "created %(n)d hours after the other was blocked",
        "n",
    ),
    "after_block_days": ngettext_lazy(
        "created %(n)d day after the other was blocked",
        "created %(n)d days after the other was blocked",
        "n",
    ),
    "after_abuse_hours": ngettext_lazy(
        "created %(n)d hour after the other's last abusive message",
        "created %(n)d hours after the other's last abusive message",
        "n",
    ),
    "after_abuse_days": ngettext_lazy(
        "created %(n)d day after the other's last abusive message",
        "created %(n)d days after the other's last abusive message",
        "n",
    ),
    "bio": _("similar bios (%(pct)d%% alike)"),
    "young": ngettext_lazy("a new account (%(n)d day old)", "a new account (%(n)d days old)", "n"),
}


def describe(reasons: list[dict]) -> list[str]:
    """Stored reason codes as sentences in the active language (unknown codes skipped)."""
    out = []
    for reason in reasons or ():
        code = reason.get("code")
        if code == "timing":
            hours = int(reason.get("hours", 0))
            unit = "hours" if hours < 48 else "days"
            code = f"after_{reason.get('after', 'abuse')}_{unit}"
            reason = {"n": hours if unit == "hours" else hours // 24}
        text = REASON_TEXTS.get(code)
        if text is None:
            continue
        try:
            out.append(str(text % reason))
        except (KeyError, TypeError, ValueError):
            continue
    return out


@dataclass
class Profile:
    """What the scoring reads about one account (loaded once per run)."""

    author: Author
    texts: list[str] = field(default_factory=list)
    targets: set[str] = field(default_factory=set)
    blocked_at: datetime | None = None
    last_abuse_at: datetime | None = None

    @property
    def born(self) -> datetime:
        return self.author.account_created_at or self.author.first_seen_at


def blocked_at(author_ids) -> dict[int, datetime]:
    """When each account was blocked on its network (a block sent through the outbox)."""
    from accalmie.channels.models import OutboundAction

    rows = (
        OutboundAction.objects.filter(
            author_id__in=list(author_ids),
            verb=OutboundAction.Verb.BLOCK,
            state=OutboundAction.State.SENT,
        )
        .values("author_id")
        .annotate(at=Max("sent_at"))
    )
    return {r["author_id"]: r["at"] for r in rows if r["at"]}


def candidate_ids(network: str) -> list[int]:
    """Blocked, troll-tagged, abusive or likely-troll accounts on this network."""
    from accalmie.channels.models import OutboundAction

    bad = (
        Q(troll_score__gte=LIKELY_TROLL)
        | Q(pk__in=_abusive_author_ids())
        | Q(
            pk__in=OutboundAction.objects.filter(
                verb=OutboundAction.Verb.BLOCK, state=OutboundAction.State.SENT
            ).values("author_id")
        )
        | Q(contact__in=ContactTag.objects.filter(name=Tag.TROLL).values("contact_id"))
    )
    return list(
        Author.objects.filter(bad, network=network)
        .order_by("-last_seen_at")
        .values_list("pk", flat=True)[:MAX_CANDIDATES]
    )


def _abusive_author_ids():
    from accalmie.inbox.models import Message

    return Message.objects.filter(category__in=ABUSIVE_CATEGORIES).values("author_id")


def _load(author_ids) -> dict[int, Profile]:
    from accalmie.channels.models import Channel
    from accalmie.inbox.models import Message

    ids = list(author_ids)
    profiles = {a.pk: Profile(a) for a in Author.objects.filter(pk__in=ids)}
    brand = {
        similarity.handle_forms(h)[0]
        for h in Channel.objects.exclude(handle="").values_list("handle", flat=True)
    }
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = (
            Message.objects.filter(author_id__in=chunk)
            .order_by("author_id", "-created_at")
            .values_list("author_id", "text", "thread_key", "category", "created_at")
        )
        for author_id, text, thread_key, category, created_at in rows:
            p = profiles[author_id]
            if len(p.texts) < STYLE_MESSAGES:
                p.texts.append(text)
                if thread_key:
                    p.targets.add(f"thread:{thread_key}")
                for handle in similarity._MENTION.findall(text):
                    form = similarity.handle_forms(handle)[0]
                    if form not in brand:
                        p.targets.add(f"@{form}")
            if category in ABUSIVE_CATEGORIES and (
                p.last_abuse_at is None or created_at > p.last_abuse_at
            ):
                p.last_abuse_at = created_at
    for author_id, at in blocked_at(ids).items():
        profiles[author_id].blocked_at = at
    return profiles


def _ramp(value: float, zero: float, one: float) -> float:
    return max(0.0, min(1.0, (value - zero) / (one - zero)))


def _resemblance(
    new: Author, old: Author, forms: dict[int, similarity.Forms]
) -> tuple[dict[str, float], list[dict]]:
    x, y = _forms(new, forms), _forms(old, forms)
    features, reasons = {}, []
    handle = similarity.jw_above(x, y, "handle", SIMILAR)
    # A bare number is no evidence (``42`` vs ``44``): the stem must carry it.
    handle = max(handle, similarity.jw_above(x, y, "stem", SIMILAR, min_len=4))
    features["handle"] = _ramp(handle, SIMILAR, 1.0)
    if features["handle"] >= 0.3:
        reasons.append({"code": "handle", "a": new.handle, "b": old.handle})
    features["name"] = _ramp(similarity.jw_above(x, y, "name", SIMILAR, min_len=3), SIMILAR, 1.0)
    if features["name"] >= 0.3:
        reasons.append({"code": "name", "a": new.display_name, "b": old.display_name})
    bio = similarity.bio_above(x, y, 0.5)
    features["bio"] = _ramp(bio, 0.5, 1.0)
    if features["bio"] >= 0.3:
        reasons.append({"code": "bio", "pct": round(bio * 100)})
    return features, reasons


def _forms(author: Author, cache: dict[int, similarity.Forms]) -> similarity.Forms:
    if author.pk not in cache:
        cache[author.pk] = similarity.Forms(author.handle, author.display_name, author.bio)
    return cache[author.pk]


def _behaviour(new: Profile, old: Profile) -> tuple[dict[str, float], list[dict]]:
    """Targets, timing and age (writing style is added by the caller, only where it can matter)."""
    features, reasons = {}, []
    shared = new.targets & old.targets
    if shared:
        features["targets"] = len(shared) / min(len(new.targets), len(old.targets))
        reasons.append({"code": "targets", "n": len(shared)})
    # Timing: after the block if there was one, else after the last abuse.
    after, since = ("block", old.blocked_at) if old.blocked_at else ("abuse", old.last_abuse_at)
    if since is not None and new.born >= since:
        gap = new.born - since
        features["timing"] = 1.0 - _ramp(
            gap.total_seconds(), TIMING_FULL.total_seconds(), TIMING_NONE.total_seconds()
        )
        if features["timing"] > 0:
            reasons.append(
                {"code": "timing", "after": after, "hours": int(gap.total_seconds() // 3600)}
            )
    age = new.author.account_age_days
    if age is not None and age < YOUNG_DAYS:
        features["young"] = 1.0
        reasons.append({"code": "young", "n": age})
    return features, reasons


def probability(features: dict[str, float]) -> float:
    z = BIAS + sum(WEIGHTS[k] * v for k, v in features.items())
    return 1 / (1 + math.exp(-z))


@dataclass
class Scored:
    author_id: int  # the newer account
    candidate_id: int  # the older, blocked or abusive one
    score: float
    reasons: list[dict]


def _misbehaved_at(author_ids) -> dict[int, datetime]:
    """When each account was blocked, else when it last wrote abuse (one query each)."""
    from accalmie.inbox.models import Message

    out = dict(
        Message.objects.filter(author_id__in=author_ids, category__in=ABUSIVE_CATEGORIES)
        .values("author_id")
        .annotate(at=Max("created_at"))
        .values_list("author_id", "at")
    )
    out.update(blocked_at(author_ids))
    return out


def _could_have_come_back(new: Author, since: datetime | None) -> bool:
    """The evasion gate, cheap: the newer account is young, or was born soon after."""
    age = new.account_age_days
    if age is not None and age < YOUNG_DAYS:
        return True
    born = new.account_created_at or new.first_seen_at
    return since is not None and born is not None and since <= born <= since + TIMING_NONE


def score_pairs(author_ids) -> list[Scored]:
    """Every resembling (newer, older) pair between these accounts and the candidates."""
    authors = list(Author.objects.filter(pk__in=list(author_ids)).select_related("contact"))
    pool: dict[str, list[Author]] = {}
    bad: dict[str, set[int]] = {}
    pairs: dict[tuple[int, int], tuple[dict, list]] = {}
    forms: dict[int, similarity.Forms] = {}
    since: dict[int, datetime] = {}  # when each candidate was blocked, or last abusive
    for author in authors:
        if author.network not in pool:
            pool[author.network] = list(Author.objects.filter(pk__in=candidate_ids(author.network)))
            bad[author.network] = {a.pk for a in pool[author.network]}
            since.update(_misbehaved_at([a.pk for a in pool[author.network]]))
        for other in pool[author.network]:
            if other.pk == author.pk or (
                author.contact_id and author.contact_id == other.contact_id
            ):
                continue
            new, old = _order(author, other)
            # Evasion runs one way: the older account is the blocked or abusive one.
            if old.pk not in bad[author.network] or (new.pk, old.pk) in pairs:
                continue
            if not _could_have_come_back(new, since.get(old.pk)):
                continue
            features, reasons = _resemblance(new, old, forms)
            if any(features[k] > 0 for k in RESEMBLANCE):
                pairs[(new.pk, old.pk)] = (features, reasons)
    if not pairs:
        return []
    decided = set(
        LinkSuggestion.objects.filter(
            Q(author_id__in=[p[0] for p in pairs]) | Q(candidate_id__in=[p[0] for p in pairs])
        ).values_list("author_id", "candidate_id")
    )
    pairs = {k: v for k, v in pairs.items() if k not in decided and (k[1], k[0]) not in decided}
    profiles = _load({pk for pair in pairs for pk in pair})
    scored: dict[tuple[int, int], tuple[dict, list]] = {}
    for (new_id, old_id), (features, reasons) in pairs.items():
        more, more_reasons = _behaviour(profiles[new_id], profiles[old_id])
        if not any(more.get(k, 0) > 0 for k in EVASION):
            continue
        features = {**features, **more}
        # Writing style is the slow part: skipped where even a perfect match could not propose.
        if probability({**features, "style": 1.0}) < PROPOSE_AT:
            continue
        scored[(new_id, old_id)] = (features, reasons + more_reasons)
    styles = similarity.style_similarities(
        {pk: similarity.style_text(p.texts) for pk, p in profiles.items()}, list(scored)
    )
    out = []
    for (new_id, old_id), (features, reasons) in scored.items():
        style = styles.get((new_id, old_id), 0.0)
        features["style"] = _ramp(style, 0.1, 0.6)
        if features["style"] >= 0.3:
            reasons = [*reasons, {"code": "style", "pct": round(style * 100)}]
        out.append(Scored(new_id, old_id, round(probability(features), 2), _ordered(reasons)))
    return out


_REASON_ORDER = ["handle", "name", "bio", "style", "targets", "timing", "young"]


def _ordered(reasons: list[dict]) -> list[dict]:
    return sorted(reasons, key=lambda r: _REASON_ORDER.index(r["code"]))


def _order(a: Author, b: Author) -> tuple[Author, Author]:
    """(newer, older) by account creation, or first seen when the network does not say."""

    def born(x):
        return x.account_created_at or x.first_seen_at or timezone.now()

    return (a, b) if (born(a), a.pk) > (born(b), b.pk) else (b, a)


def suggest_links(author_ids) -> list[LinkSuggestion]:
    """Stores a proposal for every pair scoring from PROPOSE_AT; returns the new ones.

    Safe twice: a pair already stored (proposed, confirmed or rejected) is skipped.
    """
    from .trollscore import refresh_troll_scores

    proposals = [
        LinkSuggestion(
            author_id=s.author_id, candidate_id=s.candidate_id, score=s.score, reasons=s.reasons
        )
        for s in score_pairs(author_ids)
        if s.score >= PROPOSE_AT
    ]
    if not proposals:
        return []
    LinkSuggestion.objects.bulk_create(proposals, ignore_conflicts=True)
    strong = {p.author_id for p in proposals if p.score >= STRONG}
    strong |= {p.candidate_id for p in proposals if p.score >= STRONG}
    refresh_troll_scores(strong)
    return proposals


def worth_checking(messages) -> list[int]:
    """The authors of a stored batch worth a look: new here or young, on a network with candidates.

    Cheap (a query per network at most), so it can run inside ingest; the
    scoring itself is queued.
    """
    now = timezone.now()
    by_network = defaultdict(set)
    for m in messages:
        a = m.author
        age = a.account_age_days
        if (age is not None and age < YOUNG_DAYS) or a.first_seen_at >= now - timedelta(hours=1):
            by_network[a.network].add(a.pk)
    out: list[int] = []
    for network, ids in by_network.items():
        if candidate_ids(network):
            out.extend(sorted(ids))
    return out


def open_suggestions_for(author_ids):
    """Proposals that involve any of these accounts, either side, best first."""
    return (
        LinkSuggestion.objects.filter(state=LinkSuggestion.State.PROPOSED)
        .filter(Q(author_id__in=author_ids) | Q(candidate_id__in=author_ids))
        .select_related("author", "candidate")
    )


def detect_backlog(since=None) -> list[LinkSuggestion]:
    """Scores every account seen since then (all by default), e.g. after a bulk import."""
    qs = Author.objects.all() if since is None else Author.objects.filter(last_seen_at__gte=since)
    ids = list(qs.values_list("pk", flat=True))
    proposed: list[LinkSuggestion] = []
    for start in range(0, len(ids), 1000):
        proposed += suggest_links(ids[start : start + 1000])
    return proposed
