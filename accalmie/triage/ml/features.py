"""Vectorised hashed n-gram features (the fast tier's featuriser).

All texts of a batch are normalised and joined into one string, turned into a
numpy array of code points, and every character n-gram (1..5), word and word
bigram is hashed with a polynomial rolling hash computed with whole-array
numpy operations (uint64 arithmetic wraps modulo 2**64 by design).  There is
no Python loop per n-gram, which is what makes the fast tier fast.

The same function builds the training matrix and scores messages, so training
and inference always see identical features.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

MAX_CHARS = 2000  # characters of a message used for features (the start of it)
N_BITS = 20
N_FEATURES = 1 << N_BITS
CHAR_NS = (1, 2, 3, 4, 5)

_P = np.uint64(1000003)
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_MASK = np.uint64(N_FEATURES - 1)
_SEP = "\x01"

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|io|ly|fr|xyz|info|biz|me|co|gl|to|site|online|shop|link|click)(?:/\S*)?\b"
)
_MENTION = re.compile(r"@\w+")
_REPEAT = re.compile(r"(\D)\1{2,}")
_WS = re.compile(r"[\s\x00-\x08\x0b-\x1f\x7f" + _SEP + r"]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_HTMLENT = re.compile(r"&(?:amp|lt|gt|quot|#\d+);")


def normalise_one(text: str) -> str:
    """The per-message part of normalisation (also used for explanations)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_CHARS]
    text = _WS.sub(" ", text)
    return text


# _WS without the newline: used on a whole batch joined by newlines, it does per
# message what normalise_one does (a run of white space cannot cross a newline).
_WS_CHARS = sorted(
    {chr(c) for c in range(0x3100) if chr(c).isspace() or c < 0x20 or c == 0x7F} - {"\n"}
)
_WS_NO_NL = re.compile(
    "[%s]{2,}|[%s]"
    % (re.escape("".join(_WS_CHARS)), re.escape("".join(c for c in _WS_CHARS if c != " ")))
)


def normalise_batch(texts: list[str]) -> str:
    """Normalise a batch into one string, messages separated by '\\n'."""
    big = "\n".join(
        [
            (t if type(t) is str else ("" if t is None else str(t)))[:MAX_CHARS].replace("\n", " ")
            for t in texts
        ]
    )
    big = _WS_NO_NL.sub(" ", big).lower()
    big = _HTMLENT.sub(" ", big)
    big = _URL.sub(" httpurl ", big)
    big = _MENTION.sub(" @user ", big)
    big = unicodedata.normalize("NFKD", big)
    big = _COMBINING.sub("", big)
    big = _REPEAT.sub(r"\1\1", big)
    big = _FR_DELAY.sub(r"\1 delai", big)
    big = _FR_DELAYED.sub("delai", big)
    return big


# A false friend: "retard" is a slur in the English training data and the
# commonest word of a French rail or delivery complaint ("3 heures de retard").
# After a French determiner or preposition, and as the French participle
# ("retardé", accents already stripped), it becomes "delai" at training and at
# reading time alike, so the English slur's weight no longer lands on it.
_FR_DELAY = re.compile(
    r"\b(de|d|en|du|des|le|les|l|mon|ma|mes|ton|son|ses|notre|nos|votre|vos|leur|leurs|au|aux"
    r"|gros|pas|sans|avec|ce|cet|ces|un|quel|enorme|nouveau)(?:\s+|')retards?\b"
)
_FR_DELAYED = re.compile(r"\bretarde(?:e|es|s)?\b")


# Which code points count as word characters (letters and digits).
_WORDTAB = np.zeros(0x3100, dtype=bool)
for _cp in range(0x3100):
    _ch = chr(_cp)
    _WORDTAB[_cp] = _ch.isalnum()
del _cp, _ch


@dataclass
class Hashed:
    """The hashed n-grams of a batch, one entry per occurrence."""

    doc: np.ndarray  # int64 document index of each n-gram
    idx: np.ndarray  # int64 feature index in [0, N_FEATURES)
    val: np.ndarray  # float32 value (1/sqrt(n-grams in doc))
    word: np.ndarray  # int64 global word index the n-gram belongs to (-1: none)
    n_docs: int
    # per word (global index): document, start and end offsets in the joined array
    word_doc: np.ndarray
    word_start: np.ndarray
    word_end: np.ndarray
    joined: str
    doc_start: np.ndarray
    widx: np.ndarray  # feature index of each word (for lexicon look-ups)
    n_letters: np.ndarray  # per doc: letters
    n_latin: np.ndarray  # per doc: Latin-script letters
    pfx: np.ndarray | None = (
        None  # per word: key of its first 3 characters (the whole word if shorter)
    )
    langs: list | None = None  # per doc: language, set by TriageModel.fast_scores
    comb_x: dict | None = None  # per combined head: the combiner's fast inputs (TriageModel)


def _mix(h: np.ndarray, salt: int) -> np.ndarray:
    h = h ^ np.uint64(salt)
    h = h * _MIX1
    h = h ^ (h >> np.uint64(29))
    h = h * _MIX2
    h = h ^ (h >> np.uint64(32))
    return (h & _MASK).astype(np.int64)


LEX_NAMES = ("insult", "negative", "positive", "violence", "identity")
LEX_FEATURE = {name: N_FEATURES - 1 - k for k, name in enumerate(LEX_NAMES)}
LEX_VALUE = 2.0  # a lexicon hit weighs like a few n-grams
_LEX_TABLE: np.ndarray | None = None


def single_word_index(words: list[str]) -> dict[str, int]:
    """Feature index of each word that normalises to exactly one word."""
    hb = hash_batch(words, lexicons=False)
    per_doc = np.bincount(hb.word_doc, minlength=len(words))
    out = {}
    for j, d in enumerate(hb.word_doc.tolist()):
        if per_doc[d] == 1:
            out[words[d]] = int(hb.widx[j])
    return out


def _lex_table() -> np.ndarray:
    global _LEX_TABLE
    if _LEX_TABLE is None:
        from .lexicons import LEXICONS

        tab = np.zeros(N_FEATURES, dtype=np.uint8)
        for bit, name in enumerate(LEX_NAMES):
            for _w, i in single_word_index(LEXICONS[name]).items():
                tab[i] |= 1 << bit
        _LEX_TABLE = tab
    return _LEX_TABLE


def hash_batch(texts: list[str], lexicons: bool = True) -> Hashed:
    n_docs = len(texts)
    joined = normalise_batch(texts)
    # Pad with a space on each side of every message so boundaries become n-grams.
    joined = " " + joined.replace("\n", " \n ") + " "
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    L = cp.shape[0]
    is_sep = cp == 10
    doc_of = np.cumsum(is_sep)  # doc index of every position (separator belongs to next)
    doc_start = np.concatenate(([0], np.flatnonzero(is_sep) + 1))
    c = cp.astype(np.uint64)
    sep_cum = np.concatenate(([0], np.cumsum(is_sep)))

    # word characters
    isw = np.zeros(L, dtype=bool)
    small = cp < _WORDTAB.shape[0]
    isw[small] = _WORDTAB[cp[small]]
    # code points beyond the table: CJK and others are letters; emoji are not words
    big = ~small
    if big.any():
        isw[big] = (cp[big] >= 0x3400) & (cp[big] < 0x1F000)
    prev = np.concatenate(([False], isw[:-1]))
    nxt = np.concatenate((isw[1:], [False]))
    wstart = np.flatnonzero(isw & ~prev)
    wend = np.flatnonzero(isw & ~nxt) + 1
    word_id = np.cumsum(isw & ~prev) - 1  # valid where isw
    word_id = np.where(isw, word_id, -1)

    docs, idxs, words = [], [], []
    lexval: list[tuple[int, int]] = []  # (offset, length) of lexicon entries
    # character n-grams
    h = np.zeros(L, dtype=np.uint64)
    for n in range(1, max(CHAR_NS) + 1):
        m = L - n + 1
        if m <= 0:
            break
        h = h[:m] * _P + c[n - 1 : n - 1 + m]
        if n not in CHAR_NS:
            continue
        ok = (sep_cum[n : n + m] - sep_cum[:m]) == 0
        if n == 1:
            ok &= cp[:m] != 32  # a lone space says nothing
        else:
            # skip n-grams that are only spaces/punctuation on both ends? keep all
            pass
        pos = np.flatnonzero(ok)
        docs.append(doc_of[pos])
        idxs.append(_mix(h[pos], n))
        # the word an n-gram belongs to: the first word character inside it
        wi = word_id[pos]
        if n > 1:
            wi2 = word_id[np.minimum(pos + 1, L - 1)]
            wi = np.where(wi >= 0, wi, wi2)
        words.append(wi)

    # words: substring hash via prefix hashes
    nw = wstart.shape[0]
    if nw:
        wlen = np.minimum(wend - wstart, 40)
        # hash words by their first <=40 chars (one vectorised step per character position)
        wh = np.zeros(nw, dtype=np.uint64)
        ph = None
        for k in range(int(wlen.max())):
            live = wlen > k
            wh[live] = wh[live] * _P + c[wstart[live] + k]
            if k == 2:
                ph = wh.copy()
        if ph is None:
            ph = wh.copy()
        ph = np.where(wlen < 3, wh, ph)
        pfx = _mix(ph, 303)
        wdoc = doc_of[wstart]
        widx = _mix(wh, 101)
        docs.append(wdoc)
        idxs.append(widx)
        words.append(np.arange(nw))
        if nw > 1:
            same = wdoc[1:] == wdoc[:-1]
            bi = np.flatnonzero(same)
            bh = wh[bi] * np.uint64(0x100000001B3) + wh[bi + 1]
            docs.append(wdoc[bi])
            idxs.append(_mix(bh, 202))
            words.append(bi)  # explanation credits the first word
        if lexicons:
            lt = _lex_table()[widx]
            for bit, name in enumerate(LEX_NAMES):
                hit = np.flatnonzero(lt & (1 << bit))
                if hit.size:
                    docs.append(wdoc[hit])
                    idxs.append(np.full(hit.size, LEX_FEATURE[name], dtype=np.int64))
                    words.append(hit)
                    lexval.append((sum(a.size for a in docs[:-1]), hit.size))
    else:
        wdoc = np.zeros(0, dtype=np.int64)
        widx = np.zeros(0, dtype=np.int64)
        pfx = np.zeros(0, dtype=np.int64)
    letter = isw & ((cp > 57) | (cp < 48))  # word characters that are not ASCII digits
    n_letters = np.bincount(doc_of[letter], minlength=n_docs + 1)[:n_docs]
    n_latin = np.bincount(doc_of[letter & (cp < 0x250)], minlength=n_docs + 1)[:n_docs]

    doc = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
    idx = np.concatenate(idxs) if idxs else np.zeros(0, dtype=np.int64)
    word = np.concatenate(words) if words else np.zeros(0, dtype=np.int64)
    counts = np.bincount(doc, minlength=n_docs).astype(np.float32)
    scale = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    val = scale[doc]
    for off, ln in lexval:
        val[off : off + ln] = LEX_VALUE * scale[doc[off : off + ln]]
    return Hashed(
        doc=doc,
        idx=idx,
        val=val,
        word=word,
        n_docs=n_docs,
        word_doc=wdoc,
        word_start=wstart,
        word_end=wend,
        joined=joined,
        doc_start=doc_start,
        widx=widx,
        n_letters=n_letters,
        n_latin=n_latin,
        pfx=pfx,
    )


def prefix_keys(words: list[str]) -> np.ndarray:
    """The ``pfx`` key of each word (each must normalise to exactly one word)."""
    hb = hash_batch(words, lexicons=False)
    if hb.word_doc.shape[0] != len(words) or (hb.word_doc != np.arange(len(words))).any():
        raise ValueError("prefix_keys: every entry must be exactly one word")
    return hb.pfx


def to_csr(hb: Hashed):
    from scipy.sparse import csr_matrix

    X = csr_matrix((hb.val, (hb.doc, hb.idx)), shape=(hb.n_docs, N_FEATURES), dtype=np.float32)
    X.sum_duplicates()
    return X


def featurise(texts: list[str], batch: int = 5000):
    from scipy.sparse import vstack

    parts = [to_csr(hash_batch(texts[i : i + batch])) for i in range(0, len(texts), batch)]
    if not parts:
        from scipy.sparse import csr_matrix

        return csr_matrix((0, N_FEATURES), dtype=np.float32)
    return vstack(parts).tocsr()


def linear_scores(hb: Hashed, W: np.ndarray, b: np.ndarray, transposed: bool = False) -> np.ndarray:
    """Decision values (n_docs, n_heads) of linear heads W (N_FEATURES, heads),
    or W (heads, N_FEATURES) C-contiguous with ``transposed=True`` (faster: one
    gather per head from a contiguous row)."""
    WT = W if transposed else np.ascontiguousarray(W.T)
    n_heads = WT.shape[0]
    out = np.empty((hb.n_docs, n_heads), dtype=np.float64)
    for k in range(n_heads):
        out[:, k] = np.bincount(hb.doc, weights=WT[k][hb.idx] * hb.val, minlength=hb.n_docs) + b[k]
    return out
