import csv
import io

import numpy as np
import pytest

from accalmie.triage.ml import (
    CATEGORIES,
    Prediction,
    classify_csv,
    detect_language,
    load_model,
    patterns,
)
from accalmie.triage.ml import features as F
from accalmie.triage.ml.synthetic import generate


def cat(model, text, lang=None):
    return model.predict([text], [lang] if lang else None)[0]


# ---------------------------------------------------------------- language
@pytest.mark.parametrize(
    "text,lang",
    [
        ("Bonjour, ma commande n'est toujours pas arrivée", "fr"),
        ("Je vais te retrouver", "fr"),
        ("Merci pour votre aide !", "fr"),
        ("Hello, where is my order?", "en"),
        ("you are the worst company ever", "en"),
        ("Hola amigo, muchas gracias por todo lo que haces", "other"),
        ("Привет, как дела?", "other"),
        ("😀😀🔥", "other"),
        ("", "other"),
        ("   ", "other"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_detect_language_odd_input():
    assert detect_language("x" * 100_000) in ("fr", "en", "other")
    assert detect_language("中文 mixed avec du français et des mots") == "fr"
    assert detect_language(None) == "other"  # type: ignore[arg-type]


# -------------------------------------------------------------- categories
@pytest.mark.parametrize(
    "text",
    [
        "Je sais où tu bosses, attends-toi à la sortie",
        "je vais te buter sale chien",
        "Tes jours sont comptés, fais gaffe à toi",
        "Les journalistes méritent une balle dans la tête",
        "I know where you live. Watch your back.",
        "I'm going to kill you",
        "immigrants should be shot",
    ],
)
def test_threats(model, text):
    p = cat(model, text)
    assert p.category == "threat", p
    assert p.threat >= 0.5 and p.toxic >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "t'es qu'un gros connard",
        "bande d'enculés, allez vous faire foutre",
        "you stupid bitch, fuck off",
        "what a moron, shut up asshole",
    ],
)
def test_insults(model, text):
    p = cat(model, text)
    assert p.category == "abuse", p
    assert p.threat < p.toxic


@pytest.mark.parametrize(
    "text",
    [
        "Toujours pas reçu ma commande, c'est inadmissible",
        "Votre service client est injoignable depuis une semaine, je veux être remboursé",
        "Still haven't received my order, worst customer service ever",
        "My flight was delayed again and nobody answers, unacceptable",
    ],
)
def test_complaints(model, text):
    p = cat(model, text)
    assert p.category == "negative", p
    assert p.toxic < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "signification de 555 https://bit.ly/abc123",
        "Tu vois 7 11 partout ? Voici ce que ça veut dire",
        "Découvrez Votre Nombre D'Anges gratuitement",
        "Buy real followers cheap https://t.co/x1 https://t.co/x2",
        "Earn $500 a day with bitcoin, passive income, DM me",
        "angel number 444 meaning",
    ],
)
def test_spam(model, text):
    p = cat(model, text)
    assert p.category == "spam", p
    assert p.spam >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Comment je peux suivre ma commande ?",
        "Vous livrez en Belgique ?",
        "How do I reset my password?",
        "Do you ship to Canada?",
    ],
)
def test_questions(model, text):
    assert cat(model, text).category == "question"


@pytest.mark.parametrize(
    "text",
    [
        "Merci beaucoup, service au top !",
        "Bravo à toute l'équipe ❤️",
        "Thank you so much, amazing service!",
        "Love the new collection, great job",
    ],
)
def test_praise(model, text):
    assert cat(model, text).category == "praise"


def test_neutral_is_not_abuse(model):
    for t in ["On va au cinéma ce soir", "The meeting is moved to Tuesday", "je suis mort de rire"]:
        p = cat(model, t)
        assert p.category not in ("threat", "abuse", "spam"), p


def test_explanation_names_words(model):
    p = cat(model, "Je sais où tu bosses, attends-toi à la sortie")
    assert p.explanation.startswith("threat:")
    assert "(pattern)" in p.explanation
    p = cat(model, "t'es qu'un gros connard")
    assert "connard" in p.explanation


# -------------------------------------------------------------- prediction
def test_prediction_fields(model):
    preds = model.predict(["hello", "bonjour", ""], ["en", None, None])
    assert len(preds) == 3
    for p in preds:
        assert isinstance(p, Prediction)
        assert p.category in CATEGORIES
        for f in ("toxic", "threat", "negative", "spam"):
            v = getattr(p, f)
            assert isinstance(v, float) and 0.0 <= v <= 1.0
        assert p.model_version == model.version and p.model_version
        assert isinstance(p.explanation, str) and p.explanation
    assert preds[0].lang == "en" and preds[1].lang == "fr"
    assert model.predict([]) == []


def test_bad_input(model):
    texts = [
        "",
        " ",
        "x" * 100_000,
        "😀" * 5000,
        "🤬🤬🤬",
        "مرحبا hello 你好 bonjour Привет",
        "\x00\x01\ufffd\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
        "a\nb\r\nc\td",
        "@user",
        "https://t.co/abc",
        "\u202e reversed",
        "<script>alert(1)</script>",
    ]
    preds = model.predict(texts)
    assert len(preds) == len(texts)
    assert all(p.category in CATEGORIES for p in preds)
    assert preds[0].lang == "other" and preds[3].lang == "other"


def test_batch_independence_and_determinism(model):
    texts = ["je vais te tuer", "merci beaucoup", "where is my refund?", "signification de 444"]
    a = model.predict(texts)
    b = model.predict(list(reversed(texts)))[::-1]
    c = [model.predict([t])[0] for t in texts]
    for x, y, z in zip(a, b, c, strict=False):
        assert (x.category, x.toxic, x.threat, x.negative, x.spam) == (
            y.category,
            y.toxic,
            y.threat,
            y.negative,
            y.spam,
        )
        assert (x.category, x.toxic) == (z.category, z.toxic)


def test_not_constant(fast_model):
    texts = [r.text for r in generate(seed=3)][::4]
    preds = fast_model.predict(texts, explain=False)
    cats = {p.category for p in preds}
    assert {"threat", "abuse", "negative", "spam", "praise"} <= cats
    tox = np.array([p.toxic for p in preds])
    assert tox.std() > 0.1


def test_accurate_tier_runs(model):
    if model.accurate is None:
        pytest.skip("accurate tier not installed")
    p = model.predict(["Ce produit est vraiment décevant"], accurate="all")[0]
    assert "[accurate tier]" in p.explanation
    assert 0 <= p.negative <= 1


# -------------------------------------------------------------- patterns
@pytest.mark.parametrize(
    "kind,text",
    [
        ("threat", "je sais ou tu bosses"),
        ("threat", "il faut tous les tuer"),
        ("threat", "vous meritez de mourir"),
        ("threat", "i know where you live"),
        ("complaint", "toujours pas recu ma commande"),
        ("complaint", "service client injoignable"),
        ("spam", "signification de 555"),
        ("spam", "voir 7 11"),
        ("spam", "decouvrez votre nombre d'anges"),
        ("spam", "httpurl and again httpurl"),
        ("question", "comment faire ?"),
        ("praise", "merci beaucoup"),
    ],
)
def test_pattern_matches(kind, text):
    assert patterns.match_text(kind, text)


@pytest.mark.parametrize(
    "kind,text",
    [
        ("threat", "je vais tuer le temps"),
        ("threat", "on va au cinema"),
        ("spam", "rendez-vous a 7h"),
        ("spam", "voici le lien httpurl"),
        ("complaint", "merci pour tout"),
    ],
)
def test_pattern_non_matches(kind, text):
    assert not patterns.match_text(kind, text)


def test_patterns_do_not_cross_messages(fast_model):
    fast_model.predict(["je vais", "te tuer demain matin au parc"], explain=False)
    assert patterns.match_text("threat", "je vais\n te tuer") == []


# -------------------------------------------------------------- features
def test_features_batch_consistency():
    a = F.hash_batch(["Bonjour à tous", "hello world"])
    b = F.hash_batch(["hello world"])
    sa = sorted(a.idx[a.doc == 1].tolist())
    assert sa == sorted(b.idx.tolist())


# -------------------------------------------------------------- classify_csv
def test_classify_csv(tmp_path, model):
    src = tmp_path / "in.csv"
    rows = [
        ("1", "je vais te tuer", "fr"),
        ("2", "", ""),
        ("3", "x" * 100_000, ""),
        ("4", "signification de 555", ""),
        ("5", "Thanks a lot!", "en"),
        ("6", 'a,b,"c"\nd', ""),
    ]
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "lang"])
        w.writerows(rows)
    # append a row with invalid UTF-8
    with open(src, "ab") as fh:
        fh.write(b'7,"caf\xe9 \xff\xfe nul",\n')
    out = tmp_path / "out.csv"
    n = classify_csv(str(src), str(out))
    assert n == 7
    got = list(csv.DictReader(open(out, encoding="utf-8")))
    assert list(got[0].keys()) == ["id", "lang", "category", "toxic", "threat", "negative", "spam"]
    assert [r["id"] for r in got] == ["1", "2", "3", "4", "5", "6", "7"]
    assert got[0]["category"] == "threat" and got[0]["lang"] == "fr"
    assert got[3]["category"] == "spam"
    for r in got:
        assert r["category"] in CATEGORIES
        for f in ("toxic", "threat", "negative", "spam"):
            assert 0.0 <= float(r[f]) <= 1.0


def test_classify_csv_to_file_object_without_lang_column():
    buf = io.StringIO()
    src = io.StringIO("id,text\na,hello\nb,bonjour\n")
    assert classify_csv(src, buf) == 2
    lines = buf.getvalue().splitlines()
    assert lines[0] == "id,lang,category,toxic,threat,negative,spam"
    assert lines[1].startswith("a,en,") and lines[2].startswith("b,fr,")


def test_load_model_cached():
    assert load_model() is load_model()


# -------------------------------------------------------------- speed paths
ODD = [
    "a\n\nb",
    "\n",
    "",
    "  \t\x00\x01 x \r\n y\u2028z\x85w\xa0v\u3000u",
    "x" * 3000,
    "a\x0b\x0cb",
    "Bonjour  à   tous !",
    "@someone regarde https://t.co/x &amp; www.a.fr",
    "trèèèès bieeen",
]


def test_normalise_batch_is_per_message_normalisation():
    """The batch normalisation (one regex over the joined batch) equals normalising
    every message alone, white space and separators included."""
    for t in ODD:
        assert F.normalise_batch([t]) == F.normalise_batch([F.normalise_one(t)])
        assert "\n" not in F.normalise_batch([t])
    assert F.normalise_batch(ODD).count("\n") == len(ODD) - 1
    assert F.normalise_batch(ODD).split("\n") == [F.normalise_batch([t]) for t in ODD]


def test_linear_scores_layouts_agree(fast_model):
    hb = F.hash_batch(ODD + ["je vais te tuer", "merci"])
    a = F.linear_scores(hb, fast_model.WT, fast_model.b, transposed=True)
    b = F.linear_scores(hb, fast_model.W, fast_model.b)
    assert np.allclose(a, b)


def test_split_top_level_alternatives():
    assert patterns._split_top(r"a(?:b|c)|[|x]|d\|e") == ["a(?:b|c)", "[|x]", r"d\|e"]


def test_patterns_match_like_one_alternation():
    """Patterns run one by one find the same messages as one alternation per kind."""
    import re

    texts = [r.text for r in generate()][:3000] + ODD
    hb = F.hash_batch(texts)
    got = patterns.find_all(hb.joined, hb.doc_start, hb.n_docs, with_text=False)
    gated = patterns.find_all(hb.joined, hb.doc_start, hb.n_docs, with_text=True, hb=hb)
    for kind, pats in patterns._KINDS.items():
        assert ((gated[kind][0] > 0) == (got[kind][0] > 0)).all(), kind
        rx = re.compile("|".join(f"(?:{p})" for p in pats).replace(r"\s", r"[^\S\n]"), re.MULTILINE)
        want = np.zeros(hb.n_docs, dtype=bool)
        for m in rx.finditer(hb.joined):
            want[np.searchsorted(hb.doc_start, m.start(), side="right") - 1] = True
        assert ((got[kind][0] > 0) == want).all(), kind


def test_lead_keys():
    assert patterns._lead_keys(r"(?:je|on)\s+vais") == {"w:je", "w:on"}
    assert patterns._lead_keys(r"(?:inadmissible|honte)\b") == {"w:inadmissible", "w:honte"}
    assert patterns._lead_keys(r"(?:je|j')\s*vais") is None  # "jevais" is one word
    assert patterns._lead_keys(r"j'?(?:vais|v)") is None
    assert patterns._lead_keys(r"tues?\b") == {"p:tue"}
    assert patterns._lead_keys(r"didn'?t") == {"p:did"}
    assert patterns._lead_keys(r"(?:il\s+)?faut") is None
    assert patterns._lead_keys(r"\d+ ans") is None


def test_combiner_fast_path():
    """An artifact with a stacked combiner (train(combiner=True)) scores and categorises."""
    from accalmie.triage.ml.model import COMB_HEADS, TriageModel

    base = load_model(use_accurate=False)
    art = dict(base.art)
    art["combiner"] = {
        "fast": {h: {"coef": np.array([1.0, 3.0, 0.0, 0.0]), "intercept": 0.0} for h in COMB_HEADS},
        "full": {},
    }
    m = TriageModel(art, use_accurate=False)
    p = m.predict(["je vais te tuer", "merci beaucoup", ""], ["fr", None, None])
    assert p[0].category == "threat" and p[0].lang == "fr"
    for x in p:
        assert 0.0 <= x.toxic <= 1.0 and 0.0 <= x.negative <= 1.0 and x.threat <= x.toxic
