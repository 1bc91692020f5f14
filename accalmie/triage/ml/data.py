"""Loading the labelled training files into one schema.

Every row becomes a :class:`Row` with optional labels per head (``None`` =
not annotated on that axis, so the row does not train that head).  The files
are read from ``data_dir`` at training time and never copied into the project.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass

csv.field_size_limit(10**8)


@dataclass
class Row:
    text: str
    lang: str
    source: str
    toxic: int | None = None
    threat: int | None = None
    negative: int | None = None
    spam: int | None = None
    praise: int | None = None
    weight: float = 1.0


# name, rows, lang, labels, repository@commit, terms  (from the data README)
SOURCES = [
    (
        "davidson_en.csv",
        "en",
        "hate / offensive / neither",
        "t-davidson/hate-speech-and-offensive-language @cb50f7e9",
        "MIT",
    ),
    (
        "mlma_fr.csv, mlma_en.csv",
        "fr/en",
        "multi-label hostility",
        "HKUST-KnowComp/MLMA_hate_speech @47983698",
        "MIT",
    ),
    ("ftr_fr_racism.csv", "fr", "racist 1/0", "NataliaVanetik/FTR-dataset @324f4e87", "MIT"),
    (
        "jigsaw_en.csv",
        "en",
        "toxic, severe_toxic, obscene, threat, insult, identity_hate",
        "Jigsaw toxic comments (English originals kept in AxelDlv00/ToxiFrench @b93ad5bc)",
        "CC0 / CC-BY-SA 3.0",
    ),
    (
        "olid_en.csv",
        "en",
        "offensive 1/0 (OffensEval 2019 train)",
        "cardiffnlp/tweeteval @4fbd22cd",
        "research; original task terms",
    ),
    (
        "hateval_en.csv",
        "en",
        "hateful 1/0 (HatEval 2019 train)",
        "cardiffnlp/tweeteval @4fbd22cd",
        "research; original task terms",
    ),
    (
        "deft2017_fr_sentiment.csv",
        "fr",
        "negative / neutral / positive",
        "cardiffnlp/xlm-t @874214d6 (DEFT 2017)",
        "research use",
    ),
    (
        "complaints_en.csv",
        "en",
        "complaint 1/0, domain",
        "danielpreotiuc/complaints-social-media @54e3402c",
        "none stated",
    ),
]


def _read(path: str) -> list[dict]:
    with open(path, encoding="utf-8", errors="replace", newline="") as fh:
        return list(csv.DictReader(fh))


def load_train(data_dir: str) -> list[Row]:
    rows: list[Row] = []
    p = lambda name: os.path.join(data_dir, name)  # noqa: E731

    if os.path.exists(p("davidson_en.csv")):
        for r in _read(p("davidson_en.csv")):
            t = 0 if r["label"] == "neither" else 1
            rows.append(
                Row(
                    r["text"],
                    "en",
                    "davidson",
                    toxic=t,
                    threat=0 if t == 0 else None,
                    negative=1 if t else None,
                    weight=0.6,
                )
            )
    for lang in ("fr", "en"):
        f = p(f"mlma_{lang}.csv")
        if not os.path.exists(f):
            continue
        for r in _read(f):
            s = set(r["sentiment"].split("_"))
            if s == {"normal"}:
                t = 0
            elif "normal" in s:
                continue  # annotators disagreed
            else:
                t = 1
            rows.append(
                Row(
                    r["text"],
                    lang,
                    f"mlma_{lang}",
                    toxic=t,
                    threat=0 if t == 0 else None,
                    negative=1 if t else None,
                )
            )
    if os.path.exists(p("ftr_fr_racism.csv")):
        for r in _read(p("ftr_fr_racism.csv")):
            t = int(r["label"] == "1")
            # label 0 may still hold insults: weak negative for toxicity.
            rows.append(
                Row(
                    r["tweet"],
                    "fr",
                    "ftr",
                    toxic=t,
                    threat=None,
                    negative=1 if t else None,
                    weight=1.0 if t else 0.3,
                )
            )
    if os.path.exists(p("jigsaw_en.csv")):
        for r in _read(p("jigsaw_en.csv")):
            t = int(
                r["toxic"] == "1"
                or r["threat"] == "1"
                or r["insult"] == "1"
                or r["identity_hate"] == "1"
                or r["severe_toxic"] == "1"
            )
            rows.append(
                Row(
                    r["text"],
                    "en",
                    "jigsaw",
                    toxic=t,
                    threat=int(r["threat"] == "1"),
                    negative=1 if t else None,
                    weight=1.5,
                )
            )
    if os.path.exists(p("olid_en.csv")):
        for r in _read(p("olid_en.csv")):
            t = int(r["offensive"] == "1")
            rows.append(
                Row(r["text"], "en", "olid", toxic=t, threat=None, negative=1 if t else None)
            )
    if os.path.exists(p("hateval_en.csv")):
        for r in _read(p("hateval_en.csv")):
            t = int(r["hateful"] == "1")
            rows.append(
                Row(r["text"], "en", "hateval", toxic=t, threat=None, negative=1 if t else None)
            )
    if os.path.exists(p("deft2017_fr_sentiment.csv")):
        for r in _read(p("deft2017_fr_sentiment.csv")):
            s = r["sentiment"]
            rows.append(
                Row(
                    r["text"],
                    "fr",
                    "deft2017",
                    toxic=0,
                    threat=0,
                    negative=int(s == "negative"),
                    praise=int(s == "positive"),
                    weight=2.0,
                )
            )
    if os.path.exists(p("complaints_en.csv")):
        for r in _read(p("complaints_en.csv")):
            rows.append(
                Row(
                    r["text"],
                    "en",
                    "complaints",
                    toxic=0,
                    threat=0,
                    negative=int(r["complaint"] == "1"),
                    weight=2.0,
                )
            )
    return rows


def load_dev(csv_path: str) -> list[dict]:
    return _read(csv_path)
