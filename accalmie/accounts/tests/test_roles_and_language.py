import pytest
from django.contrib.auth.models import Group

from accalmie.accounts.roles import ROLES

pytestmark = pytest.mark.django_db


def test_roles_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    agent = set(Group.objects.get(name="agent").permissions.values_list("codename", flat=True))
    assert {"view_message", "work_message"} <= agent and "assign_to_others" not in agent
    legal = set(Group.objects.get(name="legal").permissions.values_list("codename", flat=True))
    assert "work_message" not in legal and "view_message" in legal


def test_language_choice_is_remembered_on_the_account(client, agent):
    client.force_login(agent)
    r = client.post("/language/", {"language": "fr", "next": "/"})
    assert r.status_code == 302
    client.cookies.clear()  # another device: no cookie, the account remembers
    client.force_login(agent)
    r = client.get("/")
    assert r.context["LANGUAGE_CODE"] == "fr"
    assert "Boîte de réception".encode() in r.content


def test_open_redirect_is_refused(client, agent):
    client.force_login(agent)
    r = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert r["Location"] == "/"


def test_admin_works_for_admins_only(client, admin_user, agent):
    client.force_login(admin_user)
    assert client.get("/admin/inbox/message/").status_code == 200
    assert client.get("/admin/channels/channel/add/").status_code == 200
    client.force_login(agent)
    assert client.get("/admin/").status_code == 302
