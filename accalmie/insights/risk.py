"""The pre-publication risk check (R19): how likely is this post to become a target?

Each signal adds points and one reason in words; the score is their sum, at
most 100. The signals follow the source's tip 3 ("don't be an easy target"):

* an open invitation to the public (#AskJPM, "posez vos questions", "tell us
  your story"): the #AskJPM case, where the questions became the attack;
* negative wording in the brand's own voice;
* telling the audience what to do (imperatives at the start of a sentence);
* touching a current controversy (the list admins keep);
* the brand's inbox right now: a spike alert this week, or negative messages
  running well above their usual level.

Reasons are stored as codes with their facts, and put into words when shown,
so the same check reads in French for one person and English for another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Alert, Controversy, Scope, VolumeBucket

POINTS = {
    "open_question": 40,
    "negative": 8,  # per word, at most NEGATIVE_MAX
    "imperative": 15,
    "controversy": 25,
    "storm_alert": 20,
    "storm_volume": 15,
}
NEGATIVE_MAX = 24
HIGH, MEDIUM = 60, 30

OPEN_HASHTAG = re.compile(
    r"#(ask\w*|demandez\w*|posez\w*|questions?\w*|ama|dites\w*|racontez\w*|tellus\w*|"
    r"share\w*story|vosquestions\w*|parlezen\w*)",
    re.IGNORECASE,
)
OPEN_PHRASES = (
    "posez vos questions",
    "posez-nous vos questions",
    "posez nous vos questions",
    "vos questions",
    "demandez-nous",
    "demandez nous",
    "racontez-nous",
    "racontez nous",
    "partagez votre experience",
    "partagez vos experiences",
    "dites-nous ce que vous pensez",
    "ask us anything",
    "ask me anything",
    "ask our",
    "your questions",
    "tell us your story",
    "tell us about your",
    "share your story",
    "share your experience",
    "what do you think of us",
)
NEGATIVE_WORDS = (
    "probleme",
    "retard",
    "desole",
    "erreur",
    "panne",
    "annul",
    "greve",
    "hausse",
    "pire",
    "jamais",
    "deteste",
    "echec",
    "problem",
    "sorry",
    "fail",
    "cancel",
    "delay",
    "never",
    "worst",
    "hate",
    "broken",
    "strike",
)
IMPERATIVES = (
    "posez",
    "dites",
    "partagez",
    "racontez",
    "votez",
    "envoyez",
    "montrez",
    "commentez",
    "likez",
    "rejoignez",
    "achetez",
    "reservez",
    "venez",
    "donnez",
    "n'hesitez",
    "tell",
    "share",
    "ask",
    "vote",
    "show",
    "send",
    "join",
    "buy",
    "book",
    "comment",
    "retweet",
    "tag",
    "give",
    "come",
)
DEFAULT_CONTROVERSIES = (
    ("grève, greve, strike, mouvement social", "Strike / grève"),
    ("retard, retards, delay, delays, late", "Delays / retards"),
    (
        "hausse des prix, augmentation, price rise, fare increase, tarif, tarifs",
        "Price rise / hausse des prix",
    ),
)


def fold(text: str) -> str:
    """Lower case without accents, so "Grève" and "greve" meet."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


@dataclass
class Check:
    score: int
    reasons: list[dict] = field(default_factory=list)

    @property
    def level(self) -> str:
        return "high" if self.score >= HIGH else "medium" if self.score >= MEDIUM else "low"


def check(text: str, now: datetime | None = None) -> Check:
    now = now or timezone.now()
    folded = fold(text)
    words = re.findall(r"[\w']+", folded)
    reasons: list[dict] = []

    tags = [m.group(0) for m in OPEN_HASHTAG.finditer(text or "")]
    phrases = [p for p in OPEN_PHRASES if p in folded]
    if tags or phrases:
        reasons.append(
            {"code": "open_question", "points": POINTS["open_question"], "words": tags + phrases}
        )

    negative = sorted({w for w in words for n in NEGATIVE_WORDS if w.startswith(n)})
    if negative:
        points = min(NEGATIVE_MAX, POINTS["negative"] * len(negative))
        reasons.append({"code": "negative", "points": points, "words": negative})

    sentence_starts = [
        fold(s).split()[0].strip("!?.,:;\"'«»")
        for s in re.split(r"[.!?\n]+", text or "")
        if s.strip() and not s.strip().startswith(("#", "@"))
    ]
    orders = sorted({w for w in sentence_starts if w in IMPERATIVES})
    if orders:
        reasons.append({"code": "imperative", "points": POINTS["imperative"], "words": orders})

    touched = []
    for controversy in Controversy.objects.filter(is_active=True):
        hits = [
            t
            for t in controversy.term_list()
            if re.search(r"\b" + re.escape(fold(t)) + r"\b", folded)
        ]
        if hits:
            touched.append({"note": controversy.note or controversy.terms, "words": hits})
    if touched:
        reasons.append(
            {
                "code": "controversy",
                "points": POINTS["controversy"],
                "words": sorted({w for t in touched for w in t["words"]}),
                "notes": [t["note"] for t in touched],
            }
        )
    reasons += inbox_weather(now)
    return Check(score=min(100, sum(r["points"] for r in reasons)), reasons=reasons)


def inbox_weather(now: datetime) -> list[dict]:
    """The brand's inbox now: spike alerts this week, negative volume against its usual level."""
    reasons = []
    alerts = Alert.objects.filter(last_burst_at__gte=now - timedelta(days=7))
    count = alerts.count()
    if count:
        reasons.append(
            {
                "code": "storm_alert",
                "points": POINTS["storm_alert"],
                "n": count,
                "peak": max(a.peak for a in alerts[:20]),
            }
        )
    channels = VolumeBucket.objects.filter(scope=Scope.CHANNEL)
    last_day = (
        channels.filter(minute__gte=now - timedelta(days=1), minute__lte=now).aggregate(
            n=Sum("hits")
        )["n"]
        or 0
    )
    week_before = (
        channels.filter(
            minute__gte=now - timedelta(days=8), minute__lt=now - timedelta(days=1)
        ).aggregate(n=Sum("hits"))["n"]
        or 0
    )
    usual = week_before / 7
    if last_day >= 20 and last_day >= 2 * usual:
        reasons.append(
            {
                "code": "storm_volume",
                "points": POINTS["storm_volume"],
                "n": last_day,
                "usual": round(usual, 1),
            }
        )
    return reasons


def explain(reason: dict) -> str:
    """One reason in the reader's language."""
    words = ", ".join(f"“{w}”" for w in reason.get("words", []))
    code = reason["code"]
    if code == "open_question":
        return _(
            "Open invitation to the public (%(words)s): like #AskJPM, the questions can "
            "become the attack."
        ) % {"words": words}
    if code == "negative":
        return _("Negative wording in the brand's own voice (%(words)s).") % {"words": words}
    if code == "imperative":
        return _("Tells the audience what to do (%(words)s): it invites answers in kind.") % {
            "words": words
        }
    if code == "controversy":
        return _("Touches a current controversy (%(notes)s: %(words)s).") % {
            "notes": "; ".join(reason.get("notes", [])),
            "words": words,
        }
    if code == "storm_alert":
        return _(
            "A storm is in progress: %(n)d spike alert(s) this week, up to %(peak)d negative "
            "messages in 10 minutes."
        ) % {"n": reason["n"], "peak": reason["peak"]}
    if code == "storm_volume":
        return _(
            "The inbox is already heated: %(n)d negative messages in the last 24 hours "
            "(usually %(usual)s a day)."
        ) % {"n": reason["n"], "usual": reason["usual"]}
    return code


def ensure_default_controversies() -> int:
    if Controversy.objects.exists():
        return 0
    Controversy.objects.bulk_create(
        [Controversy(terms=terms, note=note) for terms, note in DEFAULT_CONTROVERSIES]
    )
    return len(DEFAULT_CONTROVERSIES)
