"""The tone check: reads a draft reply as the customer and their followers will.

``check_tone(text, ...)`` returns a ``ToneReport``: findings (each with a code,
a severity, a translated explanation quoting the offending words and the
character spans to highlight), the length against the network's limit, and
the question of the source (001 step 6), always asked: "Would you say this to
their face?". It never blocks: the approval policy reads ``has_problems``.

Pure and deterministic: the same draft, incoming message and network give
the same report. It runs as the agent types, so it is a handful of compiled
regular expressions over a folded copy of the draft plus the fast tier of the
triage model (one or two milliseconds a draft); see ADR 0011.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import tone_lexicon as L

log = logging.getLogger(__name__)

PROBLEM = "problem"
WARN = "warn"

# Every finding code, in the order a report lists them, with its severity.
SEVERITY = {
    "insult": PROBLEM,
    "repeats_insult": PROBLEM,
    "sarcasm": PROBLEM,
    "blame": PROBLEM,
    "empty_promise": PROBLEM,
    "personal_data": PROBLEM,
    "too_long": PROBLEM,
    "placeholder": PROBLEM,
    "apology_to_abuse": WARN,
    "apology_without_solution": WARN,
    "shouting": WARN,
}
CODES = tuple(SEVERITY)

# Replies longer than this are refused by the network (graphemes), used when the
# network's connector is not installed; the connector's own figure wins.
REPLY_LIMITS = {
    "bluesky": 300,
    "x": 280,
    "mastodon": 500,
    "instagram": 2200,
    "facebook": 8000,
    "reddit": 10000,
    "youtube": 10000,
}
# A draft that the triage model scores at least this toxic is flagged even when
# no word of the lexicon is in it.
TOXIC_THRESHOLD = 0.6
ABUSIVE_CATEGORIES = ("abuse", "threat")
MAX_QUOTES = 5
MAX_SPANS = 50  # per finding: enough to highlight, bounded for hostile drafts

# --------------------------------------------------------------------- folding


_SKIP_CATEGORIES = {"Mn", "Me", "Cf"}  # combining marks (zalgo), invisible format chars (RTL)
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(c: str) -> str:
    f = _FOLD_CACHE.get(c)
    if f is None:
        if unicodedata.category(c) in _SKIP_CATEGORIES:
            f = ""
        elif c in _APOSTROPHES:
            f = _APOSTROPHES[c]
        else:
            base = unicodedata.normalize("NFD", c)[0]
            low = base.lower()
            f = low if len(low) == 1 else c
        if len(_FOLD_CACHE) < 50_000:
            _FOLD_CACHE[c] = f
    return f


class Folded:
    """The draft in lower case without accents, combining marks or invisible
    characters, and the way back from its offsets to the draft's offsets."""

    def __init__(self, text: str):
        self.text = text
        if text.isascii():
            self.s = text.lower().replace("`", "'")
            self._pos: list[int] | None = None
            return
        out, pos = [], []
        for i, c in enumerate(text):
            f = _fold_char(c)
            if f:
                out.append(f)
                pos.append(i)
        self.s = "".join(out)
        self._pos = pos

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the folded string -> offsets in the draft."""
        if self._pos is None:
            return start, end
        if end <= start:
            at = self._pos[start] if start < len(self._pos) else len(self.text)
            return at, at
        return self._pos[start], self._pos[end - 1] + 1


def fold(text: str) -> str:
    return Folded(text).s


# ------------------------------------------------------------------- patterns


def _any(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _words(words: list[str]) -> str:
    # longest first, so "connards" is not cut to "connard"
    return "|".join(sorted(words, key=len, reverse=True))


_INSULT = re.compile(r"\b(?:" + _words(L.INSULT_WORDS) + r")\b")
_TARGETED = re.compile(
    "(?:"
    + "|".join(L.TARGETING)
    + ")(?:"
    + _words(L.TARGETED_WORDS + [w for w in L.INSULT_WORDS if "\\" not in w])
    + r")\b"
)
_SARCASM = _any(L.SARCASM)
_SCARE_QUOTES = re.compile(L.SCARE_QUOTES)
_BLAME = _any(L.BLAME)
_APOLOGY = _any(L.APOLOGY)
_ACK_TAIL = _any(L.ACKNOWLEDGEMENT_TAIL)
_NEXT_STEP = _any(L.NEXT_STEP)
_EMPTY_PROMISE = _any(L.EMPTY_PROMISE)
_EMAIL = re.compile(L.EMAIL)
_PHONE = re.compile(L.PHONE)
_BOOKING = re.compile(L.BOOKING)
_CARD = re.compile(L.CARD)
_PLACEHOLDER = re.compile(L.PLACEHOLDER)
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_CAPS_WORD = re.compile(r"[^\W\d_]{3,}")
_PUNCT = re.compile(r"!{2,}[!?1]*|[!?]*(?:\?!|!\?)[!?]*")

# Capitals that are names, not shouting.
ACRONYMS = frozenset(
    """SNCF TGV TER RER RATP OUIGO INOUI SMS FAQ URL PDF SAV PNR ETA API APP CGV CGU TTC HT
    USA UK EU UE CEO RGPD GDPR BLUESKY IOS IBAN SIRET CNIL DM MP""".split()
)

# Words of an abusive incoming message that a reply may innocently contain
# ("3 heures de retard", "our sales team"): not counted as repeating the insult.
REPEAT_FALSE_FRIENDS = frozenset(
    """retard retards sale sales ferme gueule chien chiens porc porcs singe singes betes bete
    animals fat trash pig pigs ass savage savages tare tares beauf boudin cochon cochons joke
    collabo voyou voyous parasite parasites terroriste terroristes islamiste islamistes""".split()
)


def _repeatable_insults() -> frozenset[str]:
    from accalmie.triage.ml.lexicons import INSULT

    words = {fold(w) for w in INSULT}
    words |= {w for w in L.INSULT_WORDS + L.TARGETED_WORDS if "\\" not in w}
    return frozenset(w for w in words if len(w) >= 3) - REPEAT_FALSE_FRIENDS


_REPEATABLE: frozenset[str] | None = None

# ----------------------------------------------------------------- the report


@dataclass
class Finding:
    """One thing to change in a draft.

    spans: (start, end) offsets in the draft, in Python characters (code points; a
    browser counting UTF-16 units must convert), sorted, none inside another.
    quotes: the draft's words at those spans, as shown in the explanation (five at most).
    """

    code: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    detail: dict = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return SEVERITY[self.code]

    @property
    def explanation(self) -> str:
        """In the active language, quoting the draft's words."""
        return explain(self)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "explanation": str(self.explanation),
            "spans": [[a, b] for a, b in self.spans],
            "quotes": list(self.quotes),
            **self.detail,
        }


@dataclass
class ToneReport:
    text: str
    language: str
    network: str | None
    length: int
    limit: int | None
    findings: list[Finding]

    @property
    def has_problems(self) -> bool:
        return any(f.severity == PROBLEM for f in self.findings)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    @property
    def question(self) -> str:
        return _("Would you say this to their face?")

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def marked_html(self) -> SafeString:
        return marked_html(self.text, self.findings)

    def as_dict(self) -> dict:
        """JSON-safe, for the API, the draft's stored report and the audit log."""
        return {
            "language": self.language,
            "network": self.network or "",
            "length": self.length,
            "limit": self.limit,
            "has_problems": self.has_problems,
            "findings": [f.as_dict() for f in self.findings],
            "question": str(self.question),
        }


def _q(word: str) -> str:
    return _("“%(word)s”") % {"word": word}


def explain(f: Finding) -> str:
    words = ", ".join(_q(w) for w in f.quotes)
    texts = {
        "insult": _(
            "Insults the reader: %(words)s. Do not sink to their level; everyone watching "
            "judges the brand by its calm."
        ),
        "repeats_insult": _(
            "Repeats the insult of the message you answer: %(words)s. Quoting it spreads it; "
            "answer the substance instead."
        ),
        "sarcasm": _(
            "Sounds sarcastic or mocking: %(words)s. Irony reads as contempt in writing, "
            "to the customer and to everyone watching."
        ),
        "blame": _(
            "Blames the customer: %(words)s. Say what you will do now, not what they should "
            "have done."
        ),
        "empty_promise": _(
            "Makes a promise you may not keep: %(words)s. Explain your plan to solve it "
            "instead; an empty promise is ammunition for the next attack."
        ),
        "personal_data": _(
            "Shows personal data in a public reply: %(words)s. Ask for it, or give it, in a "
            "private message."
        ),
        "placeholder": _("A template variable is not filled in: %(words)s."),
        "apology_to_abuse": _(
            "Apologises to an abusive message: %(words)s. Aggressive messages get no apology; "
            "acknowledge instead (“We fully understand your concern.”)."
        ),
        "apology_without_solution": _(
            "Apologises without a solution or a next step: %(words)s. Say what happens now "
            "(a check, a refund, a private message)."
        ),
        "shouting": _("Shouts: %(words)s. Capitals and stacked punctuation read as anger."),
    }
    if f.code == "insult" and "score" in f.detail:
        score = round(f.detail["score"] * 100)
        if f.quotes:
            return _(
                "Reads as hostile to the triage model (%(score)s%% toxic), mostly because "
                "of %(words)s. Re-read it as they will, before anyone else does."
            ) % {"score": score, "words": words}
        return _(
            "Reads as hostile to the triage model (%(score)s%% toxic). Re-read it as they "
            "will, before anyone else does."
        ) % {"score": score}
    if f.code == "too_long":
        return _(
            "Too long for %(network)s: %(length)s characters, the limit is %(limit)s. "
            "Shorten it, or move the conversation to a private channel."
        ) % {**f.detail, "network": network_label(f.detail.get("network"))}
    return texts[f.code] % {"words": words}


def network_label(network: str | None) -> str:
    from accalmie.channels.models import Network

    try:
        return str(Network(network).label)
    except ValueError:
        return str(network or "")


def reply_limit(network: str | None) -> int | None:
    """The longest reply the network accepts; None where unknown or unlimited."""
    if not network:
        return None
    from accalmie.channels.connectors.base import Connector, connector_class

    try:
        cls = connector_class(network)
    except Exception:  # a broken connector module must not break drafting
        log.exception("tone check: cannot load the %s connector", network)
        cls = Connector
    if cls is not Connector and cls.max_reply_length:
        return int(cls.max_reply_length)
    return REPLY_LIMITS.get(network)


# Graphemes, the way Bluesky counts (close enough for every network): a letter
# and its accents, an emoji and its skin tone or zero-width-joined parts, a flag.
def grapheme_count(text: str) -> int:
    if text.isascii():
        return len(text) - text.count("\r\n")
    n = 0
    join_next = False
    regional = 0
    prev = ""
    for c in text:
        cp = ord(c)
        if join_next:
            join_next = False
        elif cp == 0x200D:
            join_next = True
        elif (
            unicodedata.category(c) in ("Mn", "Me", "Mc")
            or 0xFE00 <= cp <= 0xFE0F
            or 0x1F3FB <= cp <= 0x1F3FF
            or 0xE0020 <= cp <= 0xE007F
            or (c == "\n" and prev == "\r")
        ):
            pass
        elif 0x1F1E6 <= cp <= 0x1F1FF:
            regional += 1
            if regional % 2:
                n += 1
        else:
            regional = 0
            n += 1
        prev = c
    return n


# -------------------------------------------------------------------- finders


class _Collector:
    """Gathers spans per code, turning folded offsets back into the draft's."""

    def __init__(self, folded: Folded):
        self.folded = folded
        self.found: dict[str, Finding] = {}

    def add(self, code: str, start: int, end: int, *, folded: bool = True, **detail) -> None:
        if folded:
            start, end = self.folded.span(start, end)
        text = self.folded.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        f = self.found.setdefault(code, Finding(code))
        f.detail.update(detail)
        if end <= start or len(f.spans) >= MAX_SPANS:
            return
        if any(a <= start and end <= b for a, b in f.spans):
            return
        # a longer match ("vous êtes un idiot") swallows the shorter one inside it ("idiot")
        f.spans = [(a, b) for a, b in f.spans if not (start <= a and b <= end)]
        f.spans.append((start, end))

    def add_all(self, code: str, pattern: re.Pattern, group: int = 0) -> bool:
        hit = False
        for m in pattern.finditer(self.folded.s):
            self.add(code, m.start(group), m.end(group))
            hit = True
        return hit

    def findings(self) -> list[Finding]:
        out = []
        for code in CODES:
            f = self.found.get(code)
            if f is not None:
                f.spans.sort()
                for a, b in f.spans:
                    quote = _clean_quote(self.folded.text[a:b])
                    if quote and quote not in f.quotes and len(f.quotes) < MAX_QUOTES:
                        f.quotes.append(quote)
                out.append(f)
        return out


def _clean_quote(s: str) -> str:
    s = "".join(c for c in s if unicodedata.category(c) not in _SKIP_CATEGORIES)
    s = " ".join(s.split())
    return s if len(s) <= 40 else s[:39] + "…"


def _find_insults(c: _Collector, p) -> None:
    found = c.add_all("insult", _INSULT)
    found = c.add_all("insult", _TARGETED) or found
    if not found and p is not None and p.toxic >= TOXIC_THRESHOLD:
        c.found["insult"] = Finding("insult", detail={"score": float(p.toxic)})
        # point at the words that weigh most in the model's score, when it names any
        for word in _model_words(c.folded.text, p.lang):
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", c.folded.s):
                c.add("insult", m.start(), m.end(), score=float(p.toxic))


# Words the model may name that say nothing about the tone.
_PLAIN_WORDS = frozenset(
    """les des une vous votre vos nous notre nos pour par avec dans sur que qui est sont pas
    ces cette elle ils the and you your our for with that this are was have not but they
    httpurl user""".split()
)
_NAMED = re.compile(r"'([^'\n]{3,40})'")


def _model_words(text: str, language: str) -> list[str]:
    """The words the triage model's explanation gives for its toxic reading (folded)."""
    try:
        from accalmie.triage.pipeline import model

        p = model().predict([text], [language], accurate=False, explain=True)[0]
    except Exception:  # only a nicety: the finding stands without the words
        log.exception("tone check: the triage model's explanation failed")
        return []
    return [w for w in _NAMED.findall(p.explanation) if w not in _PLAIN_WORDS][:3]


def _predict(text: str, language: str | None):
    """The fast tier of the triage model; None if it cannot run (never breaks a draft)."""
    try:
        from accalmie.triage.pipeline import model

        return model().predict([text], [language], accurate=False, explain=False)[0]
    except Exception:  # the tone check must keep working without the model
        log.exception("tone check: the triage model failed")
        return None


def _find_repeated_insults(c: _Collector, incoming: str) -> None:
    global _REPEATABLE
    if _REPEATABLE is None:
        _REPEATABLE = _repeatable_insults()
    folded = fold(incoming)
    theirs = {re.escape(w) for w in _WORD.findall(folded) if w in _REPEATABLE}
    # and the insults of several words ("bras cassés"), however they are spaced
    theirs |= {
        r"\s+".join(map(re.escape, m.group().split()))
        for m in _INSULT.finditer(folded)
        if " " in m.group()
    }
    if not theirs:
        return
    pattern = re.compile(r"\b(?:" + _words(sorted(theirs)) + r")\b")
    c.add_all("repeats_insult", pattern)


def _find_sarcasm(c: _Collector, incoming: str | None) -> None:
    c.add_all("sarcasm", _SARCASM)
    if not incoming:
        return
    theirs = " " + " ".join(_WORD.findall(fold(incoming))) + " "
    for m in _SCARE_QUOTES.finditer(c.folded.s):
        inner = " ".join(_WORD.findall(m.group(1)))
        # their own words (at most four) handed back in quotes
        if inner and len(inner.split()) <= 4 and f" {inner} " in theirs:
            c.add("sarcasm", m.start(), m.end())


def _in_tag(text: str, at: int) -> bool:
    """Whether the word at ``at`` is part of a #hashtag or an @handle."""
    start, stop = at, max(0, at - 64)  # a tag is short; bounded, so hostile text stays fast
    while start > stop and not text[start - 1].isspace():
        start -= 1
    return text[start : at + 1][:1] in ("#", "@")


def _find_shouting(c: _Collector, text: str) -> None:
    caps = [
        m
        for m in _CAPS_WORD.finditer(text)
        if m.group().isupper() and m.group() not in ACRONYMS and not _in_tag(text, m.start())
    ]
    loud = len(caps) >= 3
    runs: list[list[re.Match]] = []
    for m in caps:
        gap = text[runs[-1][-1].end() : m.start()] if runs else None
        if gap is not None and not any(ch.isalnum() for ch in gap):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        if loud or len(run) >= 2:
            c.add("shouting", run[0].start(), run[-1].end(), folded=False)
    for m in _PUNCT.finditer(text):
        c.add("shouting", m.start(), m.end(), folded=False)


def _find_apologies(c: _Collector, incoming_category: str | None) -> None:
    s = c.folded.s
    apologies = [m for m in _APOLOGY.finditer(s) if not _ACK_TAIL.match(s, m.end())]
    if not apologies:
        return
    if incoming_category in ABUSIVE_CATEGORIES:
        code = "apology_to_abuse"
    elif not _NEXT_STEP.search(s):
        code = "apology_without_solution"
    else:
        return
    for m in apologies:
        c.add(code, m.start(), m.end())


def _contact_key(value: str) -> str:
    """An email lower-cased, a phone number as its digits: how the brand's own are compared."""
    value = value.strip().lower()
    return value if "@" in value else "".join(ch for ch in value if ch.isdigit())


def _find_personal_data(c: _Collector) -> None:
    from django.conf import settings

    # the brand's own customer-service numbers and addresses are meant to be public
    own = {_contact_key(v) for v in getattr(settings, "ACCALMIE_PUBLIC_CONTACTS", ())}
    s = c.folded.s
    patterns = [(_EMAIL, 0)] if "@" in s else []
    if any(ch.isdigit() for ch in s):
        patterns += [(_PHONE, 0), (_CARD, 0), (_BOOKING, 1)]
    for pattern, group in patterns:
        for m in pattern.finditer(s):
            if _contact_key(m.group(group)) not in own:
                c.add("personal_data", m.start(group), m.end(group))


# ---------------------------------------------------------------------- entry


def check_tone(
    text: str,
    *,
    language: str | None = None,
    network: str | None = None,
    incoming: str | None = None,
    incoming_category: str | None = None,
    public: bool = True,
) -> ToneReport:
    """Reads a draft reply and explains what would hurt (see the module's docstring).

    language: the draft's ('fr'/'en'), detected when not given.
    network: the channel kind the reply goes to (its length limit).
    incoming / incoming_category: the message answered (its insults, whether it is abusive;
      the category is predicted from the text when not given).
    public: whether the reply is seen by everyone (personal data is then flagged).
    """
    text = _valid_unicode(text)
    incoming = _valid_unicode(incoming) if incoming else None
    # one pass of the triage model's fast tier: the draft's toxicity and, when not
    # given, its language (detecting it apart would hash the draft twice)
    p = _predict(text, language or None) if text.strip() else None
    if not language:
        language = p.lang if p is not None else "other"
    if incoming and not incoming_category:
        theirs = _predict(incoming, None)
        incoming_category = theirs.category if theirs is not None else None
    folded = Folded(text)
    c = _Collector(folded)
    if text.strip():
        _find_insults(c, p)
        if incoming:
            _find_repeated_insults(c, incoming)
        _find_sarcasm(c, incoming)
        c.add_all("blame", _BLAME)
        c.add_all("empty_promise", _EMPTY_PROMISE)
        if public:
            _find_personal_data(c)
        c.add_all("placeholder", _PLACEHOLDER)
        _find_apologies(c, incoming_category)
        _find_shouting(c, text)
    length = grapheme_count(text)
    limit = reply_limit(network)
    if limit is not None and length > limit:
        c.found["too_long"] = Finding(
            "too_long",
            detail={"length": length, "limit": limit, "network": network},
        )
    return ToneReport(
        text=text,
        language=language,
        network=network,
        length=length,
        limit=limit,
        findings=c.findings(),
    )


def _valid_unicode(text) -> str:
    """The text with lone surrogates (which no encoder accepts) made U+FFFD."""
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def marked_html(text: str, findings: list[Finding]) -> SafeString:
    """The draft, escaped, with each finding's spans in <mark>: escape first, then mark,
    so nothing the draft contains can become markup."""
    marks: list[tuple[int, int, str]] = sorted(
        (a, b, f.severity) for f in findings for a, b in f.spans if 0 <= a < b <= len(text)
    )
    merged: list[list] = []
    for a, b, sev in marks:
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
            if sev == PROBLEM:
                merged[-1][2] = PROBLEM
        else:
            merged.append([a, b, sev])
    out, at = [], 0
    for a, b, sev in merged:
        out.append(escape(text[at:a]))
        out.append(f'<mark class="tone-mark tone-{sev}">{escape(text[a:b])}</mark>')
        at = b
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the draft went through escape()
