import pytest
from django.urls import reverse

from accalmie.testing.factories import AuthorFactory, MessageFactory, UserFactory
from accalmie.testing.hostile import MARK

pytestmark = pytest.mark.django_db
URL = "/replies/tone/"


def test_url_name():
    assert reverse("replies:tone_check") == URL


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_login_required(client):
    response = client.post(URL, {"text": "hello"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_role_that_cannot_work_messages_is_refused(client, legal):
    client.force_login(legal)
    assert client.post(URL, {"text": "hello"}).status_code == 403


def test_get_is_not_allowed(agent_client):
    assert agent_client.get(URL).status_code == 405


def test_partial_lists_findings_marks_them_and_asks_the_question(agent_client):
    response = agent_client.post(URL, {"text": "Bravo pour votre retard, vous auriez dû lire !!!"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sounds sarcastic or mocking" in html and "Blames the customer" in html
    assert '<mark class="tone-mark tone-problem">vous auriez dû</mark>' in html
    assert "Would you say this to their face?" in html
    assert 'data-code="sarcasm"' in html


def test_clean_draft(agent_client):
    html = agent_client.post(URL, {"text": "Merci pour votre message !"}).content.decode()
    assert "The tone check found nothing to change." in html
    assert "<mark" not in html
    assert "Would you say this to their face?" in html


def test_message_gives_network_limit_and_the_insult_to_look_for(agent_client, channel):
    author = AuthorFactory()
    message = MessageFactory(
        channel=channel, author=author, text="Bande de connards, 3h de retard", category="abuse"
    )
    text = "Nous ne sommes pas des connards. " * 10
    response = agent_client.post(URL, {"text": text, "message": message.pk})
    html = response.content.decode()
    assert "Repeats the insult of the message you answer" in html
    assert "Too long for Bluesky" in html
    assert f"{len(text)} characters of 300 allowed on this network" in html


def test_unknown_message_is_404(agent_client):
    assert agent_client.post(URL, {"text": "x", "message": 999999}).status_code == 404


def test_json_when_asked(agent_client, channel):
    message = MessageFactory(channel=channel, text="Vous êtes nuls", category="abuse")
    response = agent_client.post(
        URL,
        {"text": "Toutes nos excuses, nous allons vérifier.", "message": message.pk},
        HTTP_ACCEPT="application/json",
    )
    data = response.json()
    assert data["has_problems"] is False
    assert [f["code"] for f in data["findings"]] == ["apology_to_abuse"]
    assert data["findings"][0]["spans"] == [[0, 18]]
    assert data["limit"] == 300 and data["network"] == "bluesky"


def test_direct_message_may_carry_personal_data(agent_client, channel):
    message = MessageFactory(channel=channel, kind="direct", text="Mon numéro ?")
    data = agent_client.post(
        URL,
        {"text": "Votre réservation QX7K2M9 est annulée.", "message": message.pk},
        HTTP_ACCEPT="application/json",
    ).json()
    assert "personal_data" not in [f["code"] for f in data["findings"]]


def test_in_french(client):
    user = UserFactory(role="agent")
    client.force_login(user)
    html = client.post(
        URL, {"text": "Vous auriez dû lire."}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Le diriez-vous en face ?" in html
    assert "Reproche au client" in html


@pytest.mark.parametrize(
    "text",
    [
        f"<script>{MARK}=1</script> vous auriez dû",
        f'"><img src=x onerror="{MARK}=1"> bravo pour',
        "</mark><mark>idiot</mark> {{ 7*7 }} {% debug %}",
        "\u202eOK\u202c " + "Z\u0336a\u0337l\u0338g\u0335o " * 2000,
    ],
)
def test_hostile_drafts_are_escaped(agent_client, text):
    response = agent_client.post(URL, {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html and "<img" not in html
    assert "</mark><mark>idiot" not in html
    if "</mark>" in text:
        assert "&lt;/mark&gt;&lt;mark&gt;" in html


def test_huge_draft_is_cut_not_refused(agent_client):
    response = agent_client.post(URL, {"text": "a" * 50_000}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["length"] == 20_000


def test_empty_editor_claims_nothing(agent_client):
    # An empty editor has not been checked: "nothing to change" would read as approval.
    html = agent_client.post(URL, {"text": "   "}).content.decode()
    assert "The tone check found nothing to change." not in html
    assert "<mark" not in html
