"""The channel admin pages: admins only, credentials write-only and never logged, health,
the capability matrix and its reusable tag."""

import logging

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from accalmie.audit.models import AuditEntry, entries_for
from accalmie.channels.models import Channel
from accalmie.testing.factories import ChannelFactory

pytestmark = pytest.mark.django_db

SECRET = "s3cr3t-token-do-not-leak-9f8e7d"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _add_mastodon(client, name="masto-new", token=SECRET):
    return client.post(
        reverse("channels:add_kind", args=["mastodon"]),
        {
            "name": name,
            "display_name": "Rail Atlantique (Mastodon)",
            "handle": "@railatlantique",
            "cred_api_base_url": "https://mastodon.example",
            "cred_access_token": token,
        },
    )


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("channels:list"),
        lambda c: reverse("channels:add"),
        lambda c: reverse("channels:add_kind", args=["mastodon"]),
        lambda c: reverse("channels:detail", args=[c.pk]),
        lambda c: reverse("channels:credentials", args=[c.pk]),
        lambda c: reverse("channels:remove", args=[c.pk]),
    ],
)
def test_agents_get_403_and_strangers_the_login_page(client, agent, channel, url):
    assert client.get(url(channel)).status_code == 302
    client.force_login(agent)
    assert client.get(url(channel)).status_code == 403
    assert client.post(url(channel), {}).status_code in (403, 405)


def test_agent_cannot_remove_by_posting(client, agent, channel):
    client.force_login(agent)
    client.post(reverse("channels:remove", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.is_active


def test_admin_adds_a_channel_whose_secret_is_encrypted_never_shown_nor_logged(
    admin_client, caplog
):
    caplog.set_level(logging.DEBUG)
    response = _add_mastodon(admin_client)
    channel = Channel.objects.get(name="masto-new")
    assert response.status_code == 302 and response.url == reverse(
        "channels:detail", args=[channel.pk]
    )
    assert channel.kind == "mastodon" and channel.handle == "@railatlantique"
    assert channel.get_credentials() == {
        "api_base_url": "https://mastodon.example",
        "access_token": SECRET,
    }
    assert SECRET not in channel.credentials_encrypted  # encrypted at rest
    page = admin_client.get(response.url).content.decode()
    assert SECRET not in page and "•••• set" in page
    actions = {e.action: e for e in entries_for(channel)}
    assert {"channel.created", "channel.credentials_set"} <= set(actions)
    assert actions["channel.credentials_set"].data == {"fields": ["access_token", "api_base_url"]}
    assert not any(SECRET in str(e.data) for e in AuditEntry.objects.all())
    assert SECRET not in caplog.text
    # Replacing shows empty fields only, never the old values.
    form = admin_client.get(reverse("channels:credentials", args=[channel.pk])).content.decode()
    assert SECRET not in form and "mastodon.example" not in form


def test_duplicate_name_and_missing_secret_are_form_errors(admin_client):
    ChannelFactory(name="taken", kind="mastodon")
    response = _add_mastodon(admin_client, name="taken")
    assert response.status_code == 200 and "already exists" in response.content.decode()
    response = _add_mastodon(admin_client, name="fresh", token="")
    assert response.status_code == 200 and not Channel.objects.filter(name="fresh").exists()


def test_unknown_network_is_404(admin_client):
    assert admin_client.get("/channels/add/myspace/").status_code == 404


def test_replacing_credentials_replaces_them_whole(admin_client, caplog):
    _add_mastodon(admin_client)
    channel = Channel.objects.get(name="masto-new")
    caplog.set_level(logging.DEBUG)
    new_secret = "n3w-s3cret-aaaa"
    response = admin_client.post(
        reverse("channels:credentials", args=[channel.pk]),
        {"cred_api_base_url": "https://other.example", "cred_access_token": new_secret},
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.get_credentials() == {
        "api_base_url": "https://other.example",
        "access_token": new_secret,
    }
    assert new_secret not in caplog.text
    assert entries_for(channel).filter(action="channel.credentials_set").count() == 2


def test_remove_deactivates_and_wipes_credentials_after_confirming(admin_client, admin_user):
    _add_mastodon(admin_client)
    channel = Channel.objects.get(name="masto-new")
    confirm = admin_client.get(reverse("channels:remove", args=[channel.pk]))
    assert confirm.status_code == 200 and "masto-new" in confirm.content.decode()
    channel.refresh_from_db()
    assert channel.is_active  # a GET changes nothing
    admin_client.post(reverse("channels:remove", args=[channel.pk]))
    channel.refresh_from_db()
    assert not channel.is_active and not channel.has_credentials and channel.get_credentials() == {}
    entry = entries_for(channel).get(action="channel.removed")
    assert entry.actor == admin_user


def test_list_shows_health_with_the_error_escaped(admin_client):
    now = timezone.now()
    ChannelFactory(
        name="broken",
        kind="x",
        last_success_at=now - timezone.timedelta(hours=2),
        last_error_at=now,
        last_error='<img src=x onerror="alert(1)"> 401 Unauthorized',
    )
    ChannelFactory(
        name="limited", kind="reddit", rate_limited_until=now + timezone.timedelta(minutes=5)
    )
    ChannelFactory(name="fine", kind="mastodon", last_success_at=now)
    page = admin_client.get(reverse("channels:list")).content.decode()
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 401 Unauthorized" in page
    assert "health-error" in page and "health-limited" in page and "health-ok" in page


def test_generic_webhook_token_is_shown_once(admin_client):
    response = admin_client.post(
        reverse("channels:add_kind", args=["webhook"]),
        {"name": "hook", "display_name": "", "handle": ""},
    )
    assert response.status_code == 200
    channel = Channel.objects.get(name="hook")
    token = response.context["new_token"]
    assert token in response.content.decode() and channel.token_matches(token)
    assert (
        token
        not in admin_client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    )


def test_capability_matrix_says_what_each_network_allows_and_why_not(client, agent):
    client.force_login(agent)  # reading the matrix needs only view_channel
    response = client.get(reverse("channels:capabilities"))
    assert response.status_code == 200
    page = response.content.decode()
    for network in ("Bluesky", "Mastodon", "X", "Facebook", "Instagram", "Reddit", "YouTube"):
        assert f"<th>{network}</th>" in page
    assert "Enterprise" in page  # X: block
    assert "X has no API endpoint for reporting." in page
    assert "Instagram offers no blocking through the API." in page
    assert "bans its author" in page  # YouTube: reject + ban
    assert "server&#x27;s moderators" in page or "server's moderators" in page  # Mastodon: report


def test_capability_tag_disables_an_action_with_its_reason():
    html = Template(
        '{% include "channels/_action_button.html" with kind="x" verb="block" label="Block" %}'
        '{% include "channels/_action_button.html" with kind="mastodon" verb="block" label="Block" %}'
    ).render(Context({}))
    first, second = html.split("</button>", 1)
    assert "disabled" in first and "Enterprise" in first
    assert "disabled" not in second.split("<button", 1)[1].split(">", 1)[0]
    cell = Template(
        '{% load channel_capabilities %}{% capability "instagram" "hide" as cap %}{{ cap.state }}'
    )
    assert cell.render(Context({})) == "partly"


def test_optional_credentials_may_stay_empty_and_secrets_use_password_inputs():
    from accalmie.channels.forms import CredentialsForm

    data = {
        "cred_client_id": "a",
        "cred_client_secret": "b",
        "cred_username": "c",
        "cred_password": "d",
    }
    form = CredentialsForm(data, kind="reddit")
    assert form.is_valid(), form.errors
    assert form.credentials()["subreddit"] == ""
    html = str(CredentialsForm(kind="x"))
    assert html.count('type="password"') == 4  # keys, secrets and tokens are never echoed


def test_admin_connects_a_bluesky_account_leaving_optional_fields_empty(admin_client):
    response = admin_client.post(
        reverse("channels:add_kind", args=["bluesky"]),
        {
            "name": "bsky-rail",
            "handle": "railatlantique.bsky.social",
            "cred_service": "https://bsky.social",
            "cred_handle": "railatlantique.bsky.social",
            "cred_app_password": "abcd-efgh-ijkl-mnop",
            "cred_moderation_did": "",
            "cred_stream_url": "",
            "cred_plc_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    channel = Channel.objects.get(name="bsky-rail")
    assert channel.get_credentials() == {
        "service": "https://bsky.social",
        "handle": "railatlantique.bsky.social",
        "app_password": "abcd-efgh-ijkl-mnop",
    }


@pytest.fixture
def back_to_english():
    # A request in French leaves French active in this thread: later tests expect English.
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_matrix_and_admin_pages_in_french(client, admin_user, back_to_english):
    client.force_login(admin_user)
    client.post(reverse("set_language"), {"language": "fr"})
    page = client.get(reverse("channels:capabilities")).content.decode()
    assert "Le blocage par l’API est réservé à l’offre Enterprise de X." in page
    assert "non proposé" in page
    assert "Ajouter un canal" in client.get(reverse("channels:list")).content.decode()


def test_detail_shows_failures_in_a_row_and_the_next_poll(admin_client):
    channel = ChannelFactory(
        name="flaky", kind="mastodon", consecutive_errors=3, next_poll_at=timezone.now()
    )
    page = admin_client.get(reverse("channels:detail", args=[channel.pk])).content.decode()
    assert "3 failures in a row" in page and "Next poll" in page
