import pytest
from django.utils import translation

from accalmie.triage.templatetags.triage_tags import explanation_text


@pytest.mark.parametrize(
    ("stored", "english", "french"),
    [
        (
            "negative: 'delai', 'rembourser' (pattern) [accurate tier]",
            "Complaint: 'delai', 'rembourser' (expression) · confirmed by the accurate model",
            "Réclamation : 'delai', 'rembourser' (expression) · confirmé par le modèle précis",
        ),
        (
            "other (not toxic): no strong signal",
            "other (not toxic): no strong signal",
            "autre (non toxique) : aucun signal net",
        ),
        ("abuse: 'idiots'", "Abuse: 'idiots'", "Abus : 'idiots'"),
    ],
)
def test_the_stored_explanation_reads_in_the_readers_language(stored, english, french):
    assert explanation_text(stored) == english
    with translation.override("fr"):
        assert explanation_text(stored) == french


def test_anything_else_is_shown_as_stored():
    assert explanation_text("<b>odd</b>") == "<b>odd</b>"  # autoescaped by the template
    assert explanation_text("") == ""
