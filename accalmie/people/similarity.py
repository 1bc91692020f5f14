"""How alike two handles, names, bios or writing styles are (no new dependency).

Handles are compared after undoing the usual disguises of a returning troll:
leetspeak (``tra1nhater42``), separators (``trainhater_42``), the network's
suffix (``.bsky.social``, ``@instance``) and a trailing number.
"""

import re
import unicodedata
from difflib import SequenceMatcher

LEET = str.maketrans(
    {"1": "i", "0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_SEPARATORS = re.compile(r"[\s_.\-]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_NOT_WORD = re.compile(r"[^\w]+")
_URL = re.compile(r"https?://\S+")
_MENTION = re.compile(r"@[\w.\-]+")


def _fold(text: str) -> str:
    """Lower case without accents (é → e), keeping emoji and other symbols."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def handle_forms(handle: str) -> tuple[str, str]:
    """(normalised handle, the same without its trailing number).

    Digits are kept where they spell a letter inside the handle but a
    trailing number is a suffix (``trainhater42`` → ``trainhater``).
    """
    h = _fold(handle).lstrip("@")
    h = h.split("@", 1)[0]  # mastodon: user@instance
    for suffix in (".bsky.social", ".bsky.app"):
        h = h.removesuffix(suffix)
    h = _SEPARATORS.sub("", h)
    digits = _TRAILING_DIGITS.search(h)
    suffix = digits.group(0) if digits else ""
    stem = h[: len(h) - len(suffix)] if suffix else h
    stem = stem.translate(LEET)
    return stem + suffix, stem


def name_form(name: str) -> str:
    """A display name or bio as letters only, leetspeak undone."""
    return _NOT_WORD.sub("", _fold(name).translate(LEET))


def jaro_winkler(a: str, b: str, prefix_weight: float = 0.1) -> float:
    """Jaro-Winkler similarity in [0, 1] (1: identical)."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    reach = max(len(a), len(b)) // 2 - 1
    a_hit = [False] * len(a)
    b_hit = [False] * len(b)
    matches = 0
    for i, ch in enumerate(a):
        for j in range(max(0, i - reach), min(len(b), i + reach + 1)):
            if not b_hit[j] and b[j] == ch:
                a_hit[i] = b_hit[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    a_seq = [c for c, hit in zip(a, a_hit, strict=True) if hit]
    b_seq = [c for c, hit in zip(b, b_hit, strict=True) if hit]
    transpositions = sum(x != y for x, y in zip(a_seq, b_seq, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_weight * (1 - jaro)


def handle_similarity(a: str, b: str) -> float:
    """The closer of the two forms (with and without the trailing number)."""
    (a_full, a_stem), (b_full, b_stem) = handle_forms(a), handle_forms(b)
    full = jaro_winkler(a_full, b_full)
    # A bare number is no evidence (``42`` vs ``44``): the stem must carry it.
    stem = jaro_winkler(a_stem, b_stem) if len(a_stem) >= 4 and len(b_stem) >= 4 else 0.0
    return max(full, stem)


def name_similarity(a: str, b: str) -> float:
    a, b = name_form(a), name_form(b)
    if len(a) < 3 or len(b) < 3:
        return 0.0
    return jaro_winkler(a, b)


def text_similarity(a: str, b: str) -> float:
    """Plain ratio of matching characters (bios: order matters, short texts)."""
    a, b = _fold(a).strip(), _fold(b).strip()
    if len(a) < 8 or len(b) < 8:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def style_text(texts) -> str:
    """The text a writing-style vector is built from: links and @mentions left out."""
    return "\n".join(_MENTION.sub(" ", _URL.sub(" ", t)) for t in texts)


def style_similarities(docs: dict[int, str], pairs) -> dict[tuple[int, int], float]:
    """Cosine of character 2–4-gram TF-IDF vectors for each (id, id) pair asked.

    The vocabulary and weights are fitted on the documents given (the
    accounts being compared), so words everybody uses weigh less.
    """
    pairs = [p for p in pairs if docs.get(p[0], "").strip() and docs.get(p[1], "").strip()]
    if not pairs:
        return {}
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted({i for p in pairs for i in p})
    index = {pk: n for n, pk in enumerate(ids)}
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    matrix = vectorizer.fit_transform([docs[i] for i in ids])  # rows are L2-normalised
    return {(a, b): float(matrix[index[a]].multiply(matrix[index[b]]).sum()) for a, b in pairs}


class Forms:
    """One account's normalised handle, name and bio, computed once per run.

    Comparing many accounts is mostly saying "not alike": the characters the
    two forms share give an upper bound of each similarity, so most pairs
    are dismissed with two set differences, before Jaro-Winkler or the bio
    matcher run.
    """

    __slots__ = ("handle", "stem", "name", "bio", "_sets")

    def __init__(self, handle: str, name: str, bio: str):
        self.handle, self.stem = handle_forms(handle)
        self.name = name_form(name)
        self.bio = _fold(bio).strip()
        self._sets: dict[str, frozenset] = {}

    def chars(self, attr: str) -> frozenset:
        if attr not in self._sets:
            self._sets[attr] = frozenset(getattr(self, attr))
        return self._sets[attr]


def _jw_bound(a: str, b: str, common: int) -> float:
    """The highest Jaro-Winkler two strings with this many letters in common can reach."""
    if not a or not b:
        return 0.0
    jaro = (common / len(a) + common / len(b) + 1) / 3
    return jaro + 0.4 * (1 - jaro)


def _common(x: Forms, y: Forms, attr: str) -> int:
    """At most how many characters the two forms can match.

    Each kind of character one form has and the other lacks leaves at least
    one of its characters unmatched.
    """
    a, b = x.chars(attr), y.chars(attr)
    return min(
        len(getattr(x, attr)) - len(a - b),
        len(getattr(y, attr)) - len(b - a),
    )


def jw_above(x: Forms, y: Forms, attr: str, floor: float, min_len: int = 1) -> float:
    """Jaro-Winkler of one form of two accounts, or 0 when it cannot reach ``floor``."""
    a, b = getattr(x, attr), getattr(y, attr)
    if len(a) < min_len or len(b) < min_len:
        return 0.0
    if a == b:
        return 1.0
    if _jw_bound(a, b, _common(x, y, attr)) < floor:
        return 0.0
    return jaro_winkler(a, b)


def bio_above(x: Forms, y: Forms, floor: float) -> float:
    """The bios' matching ratio, or 0 when it cannot reach ``floor``."""
    a, b = x.bio, y.bio
    if len(a) < 8 or len(b) < 8:
        return 0.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0
    if 2 * _common(x, y, "bio") / (len(a) + len(b)) < floor:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
