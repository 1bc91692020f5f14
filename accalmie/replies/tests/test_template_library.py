from collections import Counter

import pytest

from accalmie.replies.template_library import (
    LIBRARY,
    MOVES,
    MOVES_FOR_CATEGORY,
    all_templates,
    render,
    suggest,
    variables,
)
from accalmie.replies.tone import grapheme_count
from accalmie.triage.ml import CATEGORIES

# The longest values a template is filled with in practice (display names run long).
LONGEST = {
    "author_name": "M" * 40,
    "case_ref": "RA-99999999",
    "agent_first_name": "A" * 16,
    "network": "Bluesky",
    "answer": "",
}


def test_every_template_exists_in_french_and_english():
    by_key = Counter(t.key for t in LIBRARY)
    assert len(by_key) >= 24
    assert set(by_key.values()) == {2}
    for key in by_key:
        fr, en = (t for t in LIBRARY if t.key == key)
        assert (fr.language, en.language) == ("fr", "en")
        assert (fr.move, fr.categories, fr.over_300) == (en.move, en.categories, en.over_300)
        assert variables(fr.body) == variables(en.body), key


def test_moves_and_categories_are_known_and_all_covered():
    assert {t.move for t in LIBRARY} == set(MOVES)
    assert all(set(t.categories) <= set(CATEGORIES) for t in LIBRARY)
    for category, moves in MOVES_FOR_CATEGORY.items():
        assert set(moves) <= set(MOVES)
        if moves:
            assert suggest(LIBRARY, category=category, language="fr"), category


def test_the_sources_phrasings_are_quoted_verbatim():
    bodies = " ".join(t.body for t in LIBRARY if t.language == "fr")
    for phrase in (  # 000 tip 8 (R9)
        "Nous sommes désolés que vous vous sentiez ainsi.",
        "Nous comprenons parfaitement votre préoccupation.",
        "Merci d'avoir porté ce problème à notre attention",
        "Ceci n'est pas associé à nos idées de marque.",
    ):
        assert phrase in bodies


def test_bodies_fit_bluesky_unless_marked_long():
    for t in LIBRARY:
        length = grapheme_count(render(t.body, **LONGEST))
        assert (length > 300) == t.over_300, (t.key, t.language, length)
    assert any(t.over_300 for t in LIBRARY)


def test_only_known_variables():
    assert {v for t in LIBRARY for v in variables(t.body)} <= set(LONGEST)


def test_all_templates_gives_what_the_store_loads():
    rows = all_templates()
    assert len({(t.key, t.language) for t in rows}) == len(rows)
    for t in rows:
        assert t.key and t.title and t.body and t.language in ("fr", "en")


def test_render_fills_known_values_and_leaves_missing_ones_visible():
    body = "Bonjour {author_name}, dossier {case_ref}. {agent_first_name}"
    assert (
        render(body, author_name="Léa", case_ref="RA-1")
        == "Bonjour Léa, dossier RA-1. {agent_first_name}"
    )
    assert render(body, author_name="   ", case_ref=None).startswith(
        "Bonjour {author_name}, dossier {case_ref}"
    )


@pytest.mark.parametrize(
    "value",
    [
        "{case_ref}",
        "{0.__class__.__mro__}",
        "%(author_name)s %s {}",
        "{{author_name}}",
        "{author_name.__init__.__globals__}",
    ],
)
def test_values_cannot_inject_variables_or_format_strings(value):
    once = render("Hi {author_name} ({case_ref})", author_name=value, case_ref="RA-7")
    assert once.endswith("(RA-7)")
    assert "{" not in once.replace("(RA-7)", "")
    # rendering again does not find a variable inside the value
    assert render(once, case_ref="X", author_name="Y") == once


def test_values_are_one_line_of_plain_text():
    out = render("Hi {author_name}!", author_name="Eve\r\nFAKE LOG\x00\u2028" + "x" * 500)
    assert "\n" not in out and "\x00" not in out and "\u2028" not in out
    assert len(out) <= len("Hi !") + 80


def test_braces_that_are_not_variables_stay():
    assert render("{ not a var } {Author} {x-y}", x="1") == "{ not a var } {Author} {x-y}"


def test_suggest_ranks_by_move_for_the_category():
    negative = suggest(LIBRARY, category="negative", language="fr")
    assert negative[0].move == "apologise_and_solve"
    assert all(t.language == "fr" and "negative" in t.categories for t in negative)
    abuse = suggest(LIBRARY, category="abuse", language="en")
    assert abuse[0].move == "acknowledge_without_apology"
    assert not any(t.move == "apologise_and_solve" for t in abuse)
    assert suggest(LIBRARY, category="praise", language="en")[0].move == "praise_thanks"
    assert suggest(LIBRARY, category="question", language="fr")[0].move == "question_answer"
    assert suggest(LIBRARY, category="threat", language="fr")[0].move == (
        "acknowledge_without_apology"
    )
    assert suggest(LIBRARY, category="spam", language="fr") == []


def test_suggest_is_stable_limited_and_falls_back_to_english():
    one = suggest(LIBRARY, category="negative", language="de", limit=3)
    assert len(one) == 3 and all(t.language == "en" for t in one)
    assert one == suggest(LIBRARY, category="negative", language="de", limit=3)


def test_suggest_takes_rows_or_dicts():
    rows = [
        {"key": "b", "language": "fr", "move": "close_public", "categories": ["negative"]},
        {"key": "a", "language": "fr", "move": "apologise_and_solve", "categories": ["negative"]},
        {"key": "c", "language": "fr", "move": "praise_thanks", "categories": []},
        {"key": "d", "language": "fr", "move": "praise_thanks", "categories": ["praise"]},
    ]
    assert [r["key"] for r in suggest(rows, category="negative", language="fr")] == ["a", "b", "c"]
