"""In a real browser: an admin adds a channel with its credentials, sees it with its
health and the capability matrix; the secret is nowhere in the pages afterwards."""

import pytest

from accalmie.channels.models import Channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "browser-s3cret-token-77aa"


def test_admin_adds_a_channel_and_the_secret_is_never_shown(login, live_server, admin_user):
    page = login("admin-a")
    page.click("nav >> text=Channels")
    page.wait_for_url("**/channels/")
    page.click("text=Add a channel")
    page.click(".network-choice >> text=Mastodon")
    page.wait_for_url("**/channels/add/mastodon/")
    assert page.get_attribute("input[name=cred_access_token]", "type") == "password"
    page.fill("input[name=name]", "masto-rail")
    page.fill("input[name=display_name]", "Rail Atlantique on Mastodon")
    page.fill("input[name=handle]", "@railatlantique")
    page.fill("input[name=cred_api_base_url]", "https://mastodon.example")
    page.fill("input[name=cred_access_token]", SECRET)
    page.click("form.channel-form button[type=submit]")
    page.wait_for_url("**/channels/*/")
    detail = page.content()
    assert SECRET not in detail and "•••• set" in page.inner_text("main")
    assert "Mastodon cannot hide someone else" in page.inner_text("main")

    channel = Channel.objects.get(name="masto-rail")
    assert channel.get_credentials()["access_token"] == SECRET

    page.click("main >> text=Channels")
    page.wait_for_url("**/channels/")
    row = page.locator("tr.channel-row", has_text="masto-rail")
    assert "not fetched yet" in row.inner_text()
    assert SECRET not in page.content()

    page.click("text=What each network allows")
    page.wait_for_url("**/channels/capabilities/")
    x_block = page.locator("tr[data-network=x] td[data-verb=block]").inner_text()
    assert "not offered" in x_block and "Enterprise" in x_block
    assert "partly" in page.locator("tr[data-network=mastodon] td[data-verb=report]").inner_text()
    assert "✔ offered" in page.locator("tr[data-network=mastodon] td[data-verb=block]").inner_text()

    page.goto(f"{live_server.url}/channels/{channel.pk}/credentials/")
    assert page.input_value("input[name=cred_access_token]") == ""
    assert SECRET not in page.content()
