"""Attacker-written text through import, inbox, search, detail, API and CSV."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accalmie.inbox.models import Message
from accalmie.testing.hostile import MARK, SAMPLES, shared_corpus

pytestmark = pytest.mark.django_db


def hostile_payload(i: int, s: str) -> dict:
    return {
        "network_id": f"h{i}",
        "text": s,
        "created_at": timezone.now().isoformat(),
        "author": {"handle": f"troll{i}", "display_name": s, "bio": s},
        "lang": "en",
    }


def import_file(tmp_path, strings) -> None:
    from django.core.management import call_command

    f = tmp_path / "hostile.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        for i, s in enumerate(strings):
            # ensure_ascii keeps lone surrogates writable; the importer must cope
            fh.write(json.dumps(hostile_payload(i, s)) + "\n")
    call_command(
        "import_messages",
        str(f),
        channel="bsky-main",
        no_progress=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def check_pages(client, strings):
    inbox = client.get("/")
    assert inbox.status_code == 200
    for m in Message.objects.all():
        r = client.get(reverse("inbox:detail", args=[m.pk]))
        assert r.status_code == 200
        html = r.content.decode()
        if "<" in m.text:
            assert m.text not in html, f"unescaped: {m.text[:60]!r}"
        if "<" in m.author.display_name and len(m.author.display_name) < 255:
            assert m.author.display_name not in html
    for s in strings[:60]:
        q = s[:200].encode("utf-8", "replace").decode()  # a URL cannot carry lone surrogates
        assert client.get("/", {"q": q}).status_code == 200
        assert client.get("/api/v1/messages", {"q": q}).status_code == 200


def test_own_samples_are_stored_and_inert(client, agent, channel, tmp_path):
    import_file(tmp_path, SAMPLES)
    assert Message.objects.count() == len(SAMPLES)  # nothing rejected, nothing lost
    client.force_login(agent)
    check_pages(client, SAMPLES)
    r = client.get("/api/v1/messages", {"limit": 200})
    texts = {m["text"] for m in r.json()["items"]}
    assert f"<script>{MARK}=1</script>" in texts  # the API returns data, as JSON
    body = b"".join(client.get(reverse("inbox:export")).streaming_content).decode()
    for row in csv.reader(io.StringIO(body)):
        assert not row[-1].startswith(("=", "+", "-", "@")), row[-1][:40]


def test_shared_hostile_corpora_when_present(client, agent, channel, tmp_path):
    strings = shared_corpus()
    if not strings:
        pytest.skip("../shared/data/hostile is not here")
    import_file(tmp_path, strings)
    assert Message.objects.count() > 0.95 * len(strings)
    client.force_login(agent)
    check_pages(client, strings)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_nothing_executes_in_the_browser(login, live_server, agent, channel, tmp_path):
    import_file(tmp_path, SAMPLES)
    page = login("agent-a")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = ["/", "/?q=script", "/?q=" + "onerror"] + [
        reverse("inbox:detail", args=[pk]) for pk in Message.objects.values_list("pk", flat=True)
    ]
    for path in pages:
        page.goto(live_server.url + path)
        assert page.evaluate(f"typeof {MARK}") == "undefined", path
    assert dialogs == []
    # The layout holds: the 10 kB word does not push the page sideways.
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
