from types import SimpleNamespace

import pytest

from accalmie.triage.rules import RuleError, parse_actions, parse_conditions


def facts(**kw):
    base = {
        "category": "abuse",
        "toxic": 0.9,
        "author.followers": 3,
        "language": "fr",
        "author.verified": False,
        "text": "Espèce de nul",
    }
    base.update(kw)
    return base


def test_conditions_parse_and_hold():
    conds = parse_conditions(
        "category = abuse\ntoxic >= 0.8\nauthor.followers < 50\nlanguage in fr,en\n"
        "# a comment\nauthor.verified = false\ntext contains NUL"
    )
    assert all(c.holds(facts()) for c in conds)
    assert not all(c.holds(facts(**{"author.followers": 5000})) for c in conds)
    assert not all(c.holds(facts(language="de")) for c in conds)


def test_missing_fact_never_matches():
    (c,) = parse_conditions("author.followers < 50")
    assert not c.holds(facts(**{"author.followers": None}))


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("colour = red", "unknown field"),
        ("toxic ~ 1", "unknown operator"),
        ("toxic >= high", "not a number"),
        ("category > abuse", "needs a number"),
        ("toxic", "field operator value"),
        ("", "at least one condition"),
    ],
)
def test_bad_conditions_are_explained(text, fragment):
    with pytest.raises(RuleError, match=fragment):
        parse_conditions(text)


def test_actions():
    acts = parse_actions(
        "assign camille\nlabel troll\npriority 90\nrequire_approval\nopen_incident",
        usernames={"camille"},
    )
    assert [(a.name, a.arg) for a in acts] == [
        ("assign", "camille"),
        ("label", "troll"),
        ("priority", "90"),
        ("require_approval", ""),
        ("open_incident", "high"),
    ]
    for bad in ["assign nobody", "priority 300", "label", "open_incident huge", "explode"]:
        with pytest.raises(RuleError):
            parse_actions(bad, usernames={"camille"}, statuses=["closed"])


def test_facts_for_reads_message_author_and_prediction():
    # facts_for reads a message, its author, and the model's prediction
    from accalmie.triage.rules import facts_for

    author = SimpleNamespace(
        handle="t",
        followers=2,
        following=1,
        posts=0,
        account_age_days=1,
        verified=False,
        troll_score=0.82,
    )
    msg = SimpleNamespace(
        category="abuse",
        language="fr",
        channel=SimpleNamespace(name="x", kind="x"),
        kind="reply",
        text="t",
        priority=0,
        author=author,
    )
    pred = SimpleNamespace(toxic=0.9, threat=0.1, negative=0.2, spam=0.0)
    assert facts_for(msg, pred)["author.account_age_days"] == 1
    assert facts_for(msg, pred)["author.troll_score"] == 0.82
