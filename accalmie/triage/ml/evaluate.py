"""Evaluation report, CSV classification and the speed bench."""

from __future__ import annotations

import csv
import io
import os
import statistics
import time

import numpy as np

from .data import load_dev

csv.field_size_limit(10**8)

TOXIC_LABELS = {"toxic", "threat"}


def _auc(y, s):
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y)
    if y.size == 0 or y.min() == y.max():
        return None
    return float(roc_auc_score(y, s))


def _f1(y, yhat):
    from sklearn.metrics import f1_score

    y = np.asarray(y)
    if y.size == 0 or y.max() == 0:
        return None
    return float(f1_score(y, yhat, zero_division=0))


def _fmt(x):
    return "  -  " if x is None else f"{x:.3f}"


def _metrics(rows, preds):
    """[(task, n, positives, auc, f1)] for one subset."""
    lab = [r["label"] for r in rows]
    tox = np.array([p.toxic for p in preds])
    thr = np.array([p.threat for p in preds])
    neg = np.array([p.negative for p in preds])
    cat = [p.category for p in preds]
    out = []
    y = [int(l in TOXIC_LABELS) for l in lab]
    out.append(
        (
            "toxic-or-threat vs rest",
            len(y),
            sum(y),
            _auc(y, tox),
            _f1(y, [int(c in ("threat", "abuse")) for c in cat]),
        )
    )
    y = [int(l == "threat") for l in lab]
    out.append(
        ("threat vs rest", len(y), sum(y), _auc(y, thr), _f1(y, [int(c == "threat") for c in cat]))
    )
    idx = [i for i, l in enumerate(lab) if l in ("negative", "other")]
    y = [int(lab[i] == "negative") for i in idx]
    out.append(
        (
            "negative vs other (non-abusive)",
            len(y),
            sum(y),
            _auc(y, neg[idx]) if idx else None,
            _f1(y, [int(cat[i] == "negative") for i in idx]),
        )
    )
    return out


def _table(title, rows, preds):
    lines = [f"{title}", f"  {'task':34s} {'n':>6s} {'pos':>6s} {'ROC-AUC':>8s} {'F1':>6s}"]
    for task, n, pos, auc, f1 in _metrics(rows, preds):
        if n and pos:
            lines.append(f"  {task:34s} {n:6d} {pos:6d} {_fmt(auc):>8s} {_fmt(f1):>6s}")
    return lines


TARGETS = {
    "toxic-or-threat vs rest": {"fr": 0.90, "en": 0.92},
    "threat vs rest": {"fr": 0.90, "en": 0.90},
    "negative vs other (non-abusive)": {"fr": 0.85, "en": 0.85},
}


def _tier_note(model, accurate) -> str:
    if model.accurate is None or accurate is False:
        return ", fast tier only"
    if accurate == "all":
        return ", accurate tier on every message"
    return f", accurate tier on the most uncertain (at most {model.max_share:.0%})"


def evaluate(csv_path: str, model=None, accurate: bool | None = None) -> str:
    """Printable report: ROC-AUC and F1 per label, overall, per language and per source.

    The CSV has columns id,text,lang,label,source.  F1 is measured on the
    categories (threat / abuse / negative) the model assigns.
    """
    return _evaluate(csv_path, model, accurate)[0]


def dev_aucs(csv_path: str, model=None, accurate: bool | None = None) -> dict:
    """{lang: {task: ROC-AUC}} for one labelled CSV (the figures the targets are about)."""
    return _evaluate(csv_path, model, accurate)[1]


def _evaluate(csv_path: str, model=None, accurate: bool | None = None):
    from .model import load_model

    model = model or load_model()
    rows = load_dev(csv_path)
    texts = [r.get("text") or "" for r in rows]
    t0 = time.time()
    preds = model.predict(
        texts, [r.get("lang") or None for r in rows], accurate=accurate, explain=False
    )
    dt = time.time() - t0
    lines = [
        f"Evaluation of {os.path.basename(csv_path)} with {model.version} "
        f"({len(rows)} rows, {dt:.1f}s{_tier_note(model, accurate)})"
    ]
    lines += _table("all", rows, preds)
    aucs = {}
    for v in sorted({r.get("lang") or "?" for r in rows}):
        sub = [i for i, r in enumerate(rows) if (r.get("lang") or "?") == v]
        aucs[v] = {
            task: auc
            for task, n, pos, auc, f1 in _metrics([rows[i] for i in sub], [preds[i] for i in sub])
        }
    for key in ("lang", "source"):
        for v in sorted({r.get(key) or "?" for r in rows}):
            sub = [i for i, r in enumerate(rows) if (r.get(key) or "?") == v]
            lines += _table(f"{key}={v}", [rows[i] for i in sub], [preds[i] for i in sub])
    return "\n".join(lines) + "\n", aucs


def classify_csv(in_path, out_path_or_file, model=None, batch: int = 2000) -> int:
    """Classify a CSV of ``id,text[,lang]`` into ``id,lang,category,toxic,threat,negative,spam``.

    One output row per input row, same order.  Invalid UTF-8 is replaced, empty
    or huge texts are classified like any other; a row without ``text`` gets an
    empty text.  Returns the number of rows written.
    """
    from .model import load_model

    model = model or load_model()
    close_out = False
    if isinstance(out_path_or_file, (str, os.PathLike)):
        out = open(out_path_or_file, "w", encoding="utf-8", newline="")
        close_out = True
    else:
        out = out_path_or_file
    n = 0
    try:
        if isinstance(in_path, (str, os.PathLike)):
            fh = open(in_path, encoding="utf-8", errors="replace", newline="")
        else:
            fh = in_path
        with fh:
            text = fh.read().replace("\x00", "\ufffd")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["id", "lang", "category", "toxic", "threat", "negative", "spam"])
        buf: list[dict] = []

        def flush():
            nonlocal n
            if not buf:
                return
            preds = model.predict(
                [r.get("text") or "" for r in buf],
                [(r.get("lang") or "").strip().lower() or None for r in buf],
                explain=False,
            )
            for r, p in zip(buf, preds, strict=False):
                w.writerow(
                    [
                        r.get("id") or "",
                        p.lang,
                        p.category,
                        f"{p.toxic:.4f}",
                        f"{p.threat:.4f}",
                        f"{p.negative:.4f}",
                        f"{p.spam:.4f}",
                    ]
                )
            n += len(buf)
            buf.clear()

        for r in reader:
            # a row with too many fields keeps the extras under None: join them back into text
            extra = r.pop(None, None)
            if extra and isinstance(r.get("text"), str):
                r["text"] = ",".join([r["text"], *extra])
            buf.append(r)
            if len(buf) >= batch:
                flush()
        flush()
    finally:
        if close_out:
            out.close()
    return n


def _sample_texts(n: int) -> list[str]:
    from .synthetic import generate

    base = [r.text for r in generate(seed=7)]
    extra = [
        "Bonjour, je n'ai toujours pas reçu ma commande passée il y a deux semaines, que se passe-t-il ?",
        "Honestly the new update is great, thanks for listening to your users!",
        "@user lol what are you even talking about, this thread is wild",
        "Le service client ne répond jamais, c'est la troisième fois que j'écris.",
    ]
    pool = base + extra
    rng = np.random.default_rng(0)
    return [pool[i] for i in rng.integers(0, len(pool), n)]


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(
    n: int = 20000, runs: int = 5, batch: int = 1000, texts: list[str] | None = None, model=None
) -> dict:
    """Messages per second of the fast tier (one core) and of both tiers; resident memory.

    Medians of ``runs`` runs, batches of ``batch`` messages.  "fast" = language,
    scores and category; "with explanations" adds the explanation string.  The fast tier is measured with BLAS limited to
    one thread; the two tiers with the accurate tier on its own (one BLAS thread), on the
    messages the fast tier is unsure of.
    """
    from .model import load_model

    try:
        from threadpoolctl import threadpool_limits
    except Exception:  # pragma: no cover
        threadpool_limits = None
    model = model or load_model()
    texts = texts or _sample_texts(n)
    model.predict(texts[:batch])  # warm up (loads the encoder)

    def run(accurate, explain=True):
        t = time.perf_counter()
        for i in range(0, len(texts), batch):
            model.predict(texts[i : i + batch], accurate=accurate, explain=explain)
        return len(texts) / (time.perf_counter() - t)

    def one_core(fn):
        if threadpool_limits:
            with threadpool_limits(1):
                return fn()
        return fn()

    fast = [one_core(lambda: run(False, explain=False)) for _ in range(runs)]
    fast_x = [one_core(lambda: run(False, explain=True)) for _ in range(runs)]
    both = (
        [run(None, explain=False) for _ in range(max(1, runs // 2 + 1))]
        if model.accurate is not None
        else []
    )
    share = 0.0
    if model.accurate is not None:
        _, s, _, _, tier2 = model.scores(texts[:batch])
        share = float(np.mean(tier2))
    return {
        "messages": len(texts),
        "fast_msgs_per_s": round(statistics.median(fast), 0),
        "fast_with_explanations_msgs_per_s": round(statistics.median(fast_x), 0),
        "both_tiers_msgs_per_s": round(statistics.median(both), 0) if both else None,
        "share_to_accurate_tier": round(share, 3),
        "rss_mb": round(_rss_mb(), 1),
        "runs": runs,
    }
