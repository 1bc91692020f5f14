import json

import pytest
from django.utils import translation

from accalmie.demo.corpus import ANGRY_CUSTOMER_TEXT
from accalmie.replies.template_library import LIBRARY, all_templates, render
from accalmie.replies.tone import (
    CODES,
    PROBLEM,
    check_tone,
    grapheme_count,
    marked_html,
    reply_limit,
)
from accalmie.testing import hostile

TROLL_FR = "Bande de connards, encore 3h de retard, vous êtes des nuls et des incompétents"
TROLL_EN = "You morons, 3 hours late again, what a bunch of idiots and losers"

# (draft, keyword arguments, expected code, words the finding must point at)
FRENCH = [
    ("Espèce d'idiot, lisez nos conditions.", {}, "insult", "Espèce d'idiot"),
    ("Franchement, vous êtes vraiment nul.", {}, "insult", "vous êtes vraiment nul"),
    ("Ta gueule, on a répondu.", {}, "insult", "Ta gueule"),
    (
        "Nous ne sommes pas des connards, merci.",
        {"incoming": TROLL_FR},
        "repeats_insult",
        "connards",
    ),
    (
        "Nous ne sommes pas des incompétents : le train a eu un souci.",
        {"incoming": TROLL_FR},
        "repeats_insult",
        "incompétents",
    ),
    ("Bravo pour votre patience légendaire.", {}, "sarcasm", "Bravo pour"),
    ("Quelle surprise, encore vous.", {}, "sarcasm", "Quelle surprise"),
    ("Comme d'habitude, rien ne vous va 🙄", {}, "sarcasm", "🙄"),
    (
        "Votre « scandale » est un retard de 5 minutes.",
        {"incoming": "C'est un scandale, 5 minutes de retard !"},
        "sarcasm",
        "« scandale »",
    ),
    ("Vous auriez dû réserver plus tôt.", {}, "blame", "Vous auriez dû"),
    ("C'est de votre faute, pas la nôtre.", {}, "blame", "C'est de votre faute"),
    ("Vous n'avez pas lu les conditions de vente.", {}, "blame", "Vous n'avez pas lu"),
    (
        "Comme nous l'avons déjà dit, le train est parti à l'heure.",
        {},
        "blame",
        "Comme nous l'avons déjà dit",
    ),
    ("NOUS AVONS DÉJÀ RÉPONDU à votre demande.", {}, "shouting", "NOUS AVONS DÉJÀ RÉPONDU"),
    ("Merci de patienter !!!", {}, "shouting", "!!!"),
    ("Vraiment ?! Encore ?", {}, "shouting", "?!"),
    (
        "Nous sommes désolés, nous allons vérifier.",
        {"incoming_category": "abuse"},
        "apology_to_abuse",
        "Nous sommes désolés",
    ),
    (
        "Toutes nos excuses pour ce désagrément.",
        {"incoming_category": "threat"},
        "apology_to_abuse",
        "Toutes nos excuses",
    ),
    ("Nous sommes désolés pour ce retard.", {}, "apology_without_solution", "Nous sommes désolés"),
    ("Nous nous excusons pour la gêne.", {}, "apology_without_solution", "Nous nous excusons"),
    ("On règle ça aujourd'hui, promis.", {}, "empty_promise", "On règle ça aujourd'hui"),
    (
        "Désolés, nous allons vérifier : ça n'arrivera plus jamais.",
        {},
        "empty_promise",
        "ça n'arrivera plus jamais",
    ),
    ("Je vous garantis une place demain.", {}, "empty_promise", "Je vous garantis"),
    (
        "Écrivez à marie.dupont@example.com pour la suite.",
        {},
        "personal_data",
        "marie.dupont@example.com",
    ),
    ("Appelez Marie au 06 12 34 56 78.", {}, "personal_data", "06 12 34 56 78"),
    ("Votre réservation QX7K2M9 est bien annulée.", {}, "personal_data", "QX7K2M9"),
    ("Bonjour {author_name}, nous regardons.", {}, "placeholder", "{author_name}"),
    ("Si vous lisiez nos messages, vous sauriez.", {}, "blame", "Si vous lisiez"),
    ("C'est pas notre problème si vous ratez le train.", {}, "blame", "C'est pas notre problème"),
    ("Calmez-vous, monsieur.", {}, "sarcasm", "Calmez-vous"),
    ("Tout sera réparé dès demain matin.", {}, "empty_promise", "sera réparé dès demain"),
    ("Pas de temps pour les gens comme vous.", {}, "insult", "les gens comme vous"),
]

ENGLISH = [
    ("You idiot, read our terms.", {}, "insult", "You idiot"),
    ("Honestly, you're pathetic.", {}, "insult", "you're pathetic"),
    ("Shut up and wait for your train.", {}, "insult", "Shut up"),
    ("We are not idiots, thank you.", {"incoming": TROLL_EN}, "repeats_insult", "idiots"),
    ("Calling us morons won't help.", {"incoming": TROLL_EN}, "repeats_insult", "morons"),
    ("Sure, because trains run on wishes.", {}, "sarcasm", "Sure, because"),
    ("What a surprise, you again lol", {}, "sarcasm", "lol"),
    ("As usual, nothing pleases you 😂", {}, "sarcasm", "😂"),
    (
        'Your "disaster" was a five-minute delay.',
        {"incoming": "What a disaster, five minutes late!"},
        "sarcasm",
        '"disaster"',
    ),
    ("You should have booked earlier.", {}, "blame", "You should have"),
    ("That's your own fault, not ours.", {}, "blame", "That's your own fault"),
    ("You didn't read the booking page.", {}, "blame", "You didn't read"),
    ("As we already said, the train left on time.", {}, "blame", "As we already said"),
    ("We HAVE ALREADY ANSWERED your request.", {}, "shouting", "HAVE ALREADY ANSWERED"),
    ("Please wait!!", {}, "shouting", "!!"),
    (
        "We're sorry, we will look into it.",
        {"incoming_category": "abuse"},
        "apology_to_abuse",
        "sorry",
    ),
    (
        "We apologise for the trouble.",
        {"incoming_category": "threat"},
        "apology_to_abuse",
        "apologise",
    ),
    ("We're so sorry about the delay.", {}, "apology_without_solution", "sorry"),
    ("Our apologies for the inconvenience.", {}, "apology_without_solution", "apologies"),
    ("We'll fix it today.", {}, "empty_promise", "We'll fix it today"),
    ("Sorry, we'll check: it will never happen again.", {}, "empty_promise", "never happen again"),
    ("Seats are guaranteed tomorrow.", {}, "empty_promise", "guaranteed"),
    ("Email john.smith@example.org for the rest.", {}, "personal_data", "john.smith@example.org"),
    ("Call John on +44 20 7946 0958.", {}, "personal_data", "+44 20 7946 0958"),
    ("Your booking ZX81QK22 is cancelled.", {}, "personal_data", "ZX81QK22"),
    ("Hello {author_name}, we're checking.", {}, "placeholder", "{author_name}"),
    ("Calm down, it's just a train.", {}, "sarcasm", "Calm down"),
    ("Nobody forced you to take our train.", {}, "blame", "Nobody forced you"),
    ("We don't have time for trolls like you.", {}, "insult", "trolls like you"),
    ("It will be fixed by tomorrow.", {}, "empty_promise", "will be fixed by tomorrow"),
]


def _check(draft, kwargs, code, words):
    report = check_tone(draft, **kwargs)
    finding = report.finding(code)
    assert finding is not None, (draft, report.codes)
    assert words in [draft[a:b] for a, b in finding.spans] or any(
        words in draft[a:b] for a, b in finding.spans
    ), (draft, finding.spans)
    assert any(words.strip('«»" ') in q for q in finding.quotes)
    return report, finding


@pytest.mark.parametrize(("draft", "kwargs", "code", "words"), FRENCH)
def test_french_drafts_with_findings(draft, kwargs, code, words):
    _check(draft, kwargs, code, words)


@pytest.mark.parametrize(("draft", "kwargs", "code", "words"), ENGLISH)
def test_english_drafts_with_findings(draft, kwargs, code, words):
    _check(draft, kwargs, code, words)


def test_the_draft_language_is_detected_unless_given():
    assert check_tone(CLEAN_FRENCH[0]).language == "fr"
    assert check_tone(CLEAN_ENGLISH[0]).language == "en"
    assert check_tone("ok", language="fr").language == "fr"


def test_every_finding_is_exercised_in_both_languages():
    spans_codes = {"too_long"}  # no words to point at: tested below
    for cases in (FRENCH, ENGLISH):
        assert {c for _d, _k, c, _w in cases} | spans_codes == set(CODES)


CLEAN_FRENCH = [
    "Bonjour Camille, nous sommes désolés pour ce retard. Pouvez-vous nous écrire en message "
    "privé avec votre numéro de réservation ? Léa",
    "Merci pour votre message ! Le train 8514 part de la voie 3.",
    "Nous comprenons votre agacement. Nous vérifions avec l'équipe et revenons vers vous.",
    "Bonne nouvelle : le trafic reprend sur la ligne SNCF et les TGV repartent.",
    "Nous sommes désolés que vous vous sentiez ainsi.",
    "Votre dossier RA-1234 est suivi par notre service client.",
    "Désolés pour ce contretemps : nous vous proposons un remboursement.",
    "Bonjour, le TER 86412 a été supprimé suite à un incident technique. Vous pouvez demander "
    "un remboursement via notre formulaire.",
    "Nous ne pouvons pas commenter ce dossier en public. Écrivez-nous en message privé.",
    "Nous sommes navrés pour ce désagrément. Un geste commercial vous sera proposé en privé.",
    "Relisez votre e-mail de confirmation : l'heure de départ y figure.",
    "Pas de souci, bon voyage à vous !",
]
CLEAN_ENGLISH = [
    "Hello Sam, we're sorry about the delay. Could you send us your booking number in a private "
    "message? Lea",
    "Thanks for your message! Train 8514 leaves from platform 3.",
    "We understand your frustration. We're checking with the team and will get back to you.",
    "Sorry you feel this way. We're here if you want to talk it through.",
    "Your case RA-1234 is being handled by our customer service team.",
    "Good news: the service has resumed and the app works again.",
    "Hi Tom, thanks for flagging this. The lift at Nantes station is being repaired; in the "
    "meantime staff can help you at platform 2.",
    "Absolutely, you can change your ticket for free until departure.",
    "Good question! Bikes are allowed on all regional trains, free of charge.",
]


@pytest.mark.parametrize("draft", CLEAN_FRENCH + CLEAN_ENGLISH)
def test_clean_drafts_have_no_finding(draft):
    report = check_tone(draft, network="bluesky", incoming="Encore en retard, c'est pénible")
    assert report.findings == [], [f.as_dict() for f in report.findings]
    assert not report.has_problems


SAMPLE = {
    "author_name": "Marie-Hélène de La Tour d'Auvergne",
    "case_ref": "RA-1234567",
    "agent_first_name": "Alexandrine",
    "answer": "Le train 8514 part à 9 h 12 de la voie 3.",
}


@pytest.mark.parametrize("template", all_templates(), ids=lambda t: f"{t.key}-{t.language}")
def test_every_template_of_the_library_passes_clean(template):
    body = render(template.body, **SAMPLE)
    for category in template.categories:
        report = check_tone(body, incoming_category=category, network="mastodon")
        assert report.findings == [], (category, [f.as_dict() for f in report.findings])
    assert check_tone(body).language == template.language


def test_unfilled_template_variable_is_a_problem():
    report = check_tone(render("Bonjour {author_name}, {answer}", author_name="Léa"))
    finding = report.finding("placeholder")
    assert finding.quotes == ["{answer}"] and report.has_problems


def test_acknowledgement_is_not_an_apology_to_an_aggressive_message():
    # 000 tip 8: aggressive messages get no apology, but these phrasings are fine
    for draft in (
        "Nous sommes désolés que vous vous sentiez ainsi.",
        "We're sorry you feel this way.",
    ):
        assert check_tone(draft, incoming_category="abuse").findings == []


def test_apology_with_a_next_step_passes_unless_the_message_is_abusive():
    draft = "Sorry for the delay, please DM us your booking number."
    assert check_tone(draft, incoming_category="negative").findings == []
    assert check_tone(draft, incoming_category="abuse").codes == ["apology_to_abuse"]


def test_incoming_category_is_predicted_when_not_given():
    draft = "Nous sommes désolés, nous allons vérifier."
    assert check_tone(draft, incoming=TROLL_FR).codes == ["apology_to_abuse"]
    assert check_tone(draft, incoming="Mon train avait du retard ce matin.").codes == []


def test_a_reply_too_long_for_the_network():
    draft = "Merci pour votre patience. " * 12  # 324 characters
    bluesky = check_tone(draft, network="bluesky")
    assert bluesky.limit == 300 and bluesky.length == len(draft)
    finding = bluesky.finding("too_long")
    assert finding.severity == PROBLEM
    assert "300" in finding.explanation and str(len(draft)) in finding.explanation
    assert "Bluesky" in finding.explanation
    assert check_tone(draft, network="mastodon").findings == []
    assert check_tone(draft).limit is None


def test_network_limits():
    assert reply_limit("bluesky") == 300
    assert reply_limit("x") == 280
    assert reply_limit("mastodon") == 500
    assert reply_limit(None) is None
    assert reply_limit("no-such-network") is None


def test_graphemes_are_counted_as_people_see_them():
    assert grapheme_count("abc") == 3
    assert grapheme_count("e\u0301te\u0301") == 3  # é written as e + accent
    assert grapheme_count("👍🏽") == 1  # skin tone
    assert grapheme_count("👩\u200d👩\u200d👧") == 1  # family joined by ZWJ
    assert grapheme_count("🇫🇷🇬🇧") == 2  # two flags
    assert grapheme_count("❤️") == 1  # variation selector


def test_shouting_ignores_acronyms_and_single_capitals():
    assert check_tone("Le TGV et le TER SNCF circulent. Merci !").findings == []
    assert check_tone("The FAQ explains it: see the PDF.").findings == []
    assert check_tone("Merci ! #GREVE #INFOTRAFIC @SNCF_MAG").findings == []
    report = check_tone("Le train est ANNULÉ, vraiment ANNULÉ, c'est INCROYABLE")
    assert report.finding("shouting").quotes == ["ANNULÉ", "INCROYABLE"]


def test_insult_found_by_the_triage_model_alone():
    # no word of the tone lexicon, but the triage model reads it as abuse
    draft = "ferme-la sale clown de merde"
    report = check_tone(draft, language="fr")
    finding = report.finding("insult")
    assert finding is not None and report.has_problems
    assert finding.detail["score"] >= 0.6
    # the words the model weighs most are pointed at and quoted
    assert finding.spans and all(draft[a:b] in finding.quotes for a, b in finding.spans)
    assert "mostly because of" in finding.explanation


def test_spans_survive_accents_zalgo_and_invisible_characters():
    draft = "\u202eOK\u202c vous e\u0301tes un i\u0301\u0336d\u0338iot"
    report = check_tone(draft)
    (start, end) = report.finding("insult").spans[0]
    assert draft[start:end].startswith("vous") and draft[start:end].endswith("iot")


def test_report_is_deterministic_and_json_safe():
    draft = "Bravo pour votre retard, vous auriez dû partir plus tôt !!! 😂"
    one = check_tone(draft, network="x", incoming=TROLL_FR).as_dict()
    two = check_tone(draft, network="x", incoming=TROLL_FR).as_dict()
    assert one == two
    data = json.loads(json.dumps(one))
    assert data["has_problems"] is True
    assert data["question"] == "Would you say this to their face?"
    assert [f["code"] for f in data["findings"]] == ["sarcasm", "blame", "shouting"]
    assert all(f["spans"] and f["explanation"] for f in data["findings"])


def test_the_question_is_always_asked_in_the_reader_language():
    assert check_tone("").question == "Would you say this to their face?"
    with translation.override("fr"):
        report = check_tone("Vous auriez dû lire.")
        assert report.question == "Le diriez-vous en face ?"
        assert report.finding("blame").explanation.startswith("Reproche au client")


@pytest.mark.parametrize(
    "text",
    [
        *hostile.SAMPLES,
        "Z\u0336\u0353\u0330a\u0337\u0326l\u0335g\u0334o\u0338" * 400,
        "\u202e\u0645\u0631\u062d\u0628\u0627 idiot \u202c" * 300,
        "a" * 10_000,
        "A@" * 5_000,
        "1 " * 5_000,
        "<script>alert(1)</script><b onclick=x>{author_name}</b>" * 150,
        "\x00\x01\ud7ff\ufffe\U0010ffff",
        "",
        None,
    ],
)
def test_hostile_drafts_never_crash(text):
    report = check_tone(text, network="bluesky", incoming=text)
    html = str(marked_html(report.text, report.findings))
    assert "<script" not in html and "<b " not in html
    json.dumps(report.as_dict())
    for f in report.findings:
        for a, b in f.spans:
            assert 0 <= a < b <= len(report.text)


def test_marks_are_inserted_after_escaping():
    draft = "<b>Bravo pour</b> & vous auriez dû"
    report = check_tone(draft)
    html = str(report.marked_html())
    assert html.startswith("&lt;b&gt;<mark")
    assert "Bravo pour</mark>&lt;/b&gt; &amp; " in html
    assert '<mark class="tone-mark tone-problem">vous auriez dû</mark>' in html


def test_shared_hostile_corpus_never_crashes():
    for text in hostile.shared_corpus(limit=400):
        report = check_tone(text, network="x", incoming=text)
        assert "<script" not in str(report.marked_html())
        json.dumps(report.as_dict())


def _library(key, language):
    return next(t for t in LIBRARY if t.key == key and t.language == language)


def test_journey_angry_customer_empty_promise_then_rewritten():
    # JOURNEYS.md 2: "apology + solution", filled in, flags "it will never happen again"
    for language, promise in (
        ("fr", "Cela ne se reproduira plus."),
        ("en", "It will never happen again."),
    ):
        body = render(_library("apologise-delay", language).body, **SAMPLE)
        draft = body.replace(SAMPLE["agent_first_name"], promise)
        report = check_tone(draft, incoming=ANGRY_CUSTOMER_TEXT, network="bluesky")
        assert report.codes == ["empty_promise"]
        assert check_tone(body, incoming=ANGRY_CUSTOMER_TEXT, network="bluesky").findings == []


TROLL_DEMO = "le CM de rail atlantique c'est vraiment le roi des guignols 🤡🤡 bande de bras cassés"


def test_journey_troll_answers_that_feed_it():
    # JOURNEYS.md 3: the agent should not reply; if they do, the check says why not
    report = check_tone(
        "Nous ne sommes pas des guignols, ni des bras  cassés 🙄", incoming=TROLL_DEMO
    )
    assert report.finding("repeats_insult").quotes == ["guignols", "bras cassés"]
    assert report.finding("sarcasm").quotes == ["🙄"]
    sorry = check_tone("Désolés, on fait de notre mieux.", incoming=TROLL_DEMO)
    assert sorry.codes == ["apology_to_abuse"]
    calm = render(_library("acknowledge-concern", "fr").body, **SAMPLE)
    assert check_tone(calm, incoming=TROLL_DEMO).findings == []


def test_the_brand_own_public_contacts_are_not_personal_data(settings):
    draft = "Appelez le 09 70 60 99 70 ou écrivez à Service@rail.example, pas à jo@mail.example."
    assert check_tone(draft).finding("personal_data").quotes == [
        "09 70 60 99 70",
        "Service@rail.example",
        "jo@mail.example",
    ]
    settings.ACCALMIE_PUBLIC_CONTACTS = ["09.70.60.99.70", "service@rail.example"]
    assert check_tone(draft).finding("personal_data").quotes == ["jo@mail.example"]


PIECES = [
    "vous êtes ",
    "idiot",
    "bravo pour ",
    "Désolé",
    "!!!",
    "ANNULÉ ",
    "« ",
    " »",
    "<b>",
    "&amp;",
    "\u0301",
    "\u202e",
    "\u200d",
    "👍🏽",
    "🇫🇷",
    "jo@mail.example ",
    "06 12 34 56 78",
    "{author_name}",
    "you should have ",
    "'",
    '"',
    " ",
    "\n",
    "é",
]


def test_fuzzed_drafts_keep_spans_quotes_and_marks_consistent():
    import html
    import random
    import re

    rng = random.Random(20261121)
    for _ in range(300):
        draft = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        report = check_tone(draft, incoming=draft, incoming_category="abuse")
        for f in report.findings:
            for a, b in f.spans:
                assert 0 <= a < b <= len(draft)
            assert len(f.quotes) <= 5
        marked = str(report.marked_html())
        assert html.unescape(re.sub(r"</?mark[^>]*>", "", marked)) == draft
