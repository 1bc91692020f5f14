import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from accalmie.audit.models import AuditEntry
from accalmie.channels.models import OutboundAction
from accalmie.replies import actions
from accalmie.replies.models import ApprovalPolicy, Draft, ReplyTemplate
from accalmie.replies.templates_store import load_library
from accalmie.testing.factories import AuthorFactory, MessageFactory
from accalmie.testing.hostile import MARK, SAMPLES

from .test_actions import GOOD

pytestmark = pytest.mark.django_db


def test_library_is_loaded_once(db):
    n = ReplyTemplate.objects.count()
    assert n >= 20 and set(ReplyTemplate.objects.values_list("language", flat=True)) == {"fr", "en"}
    assert load_library() == 0 and ReplyTemplate.objects.count() == n
    # Every move of the shipped library has a name in the interface.
    named = {value for value, _label in ReplyTemplate._meta.get_field("move").choices}
    assert set(ReplyTemplate.objects.values_list("move", flat=True)) <= named


def test_panel_suggests_templates_and_shows_limit(client, agent, complaint):
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[complaint.pk])).content.decode()
    assert 'id="reply"' in html and "compose-text" in html
    suggested = ReplyTemplate.objects.filter(language="fr", move="apologise_and_solve").first()
    assert escape(suggested.title) in html
    assert "characters of 300 allowed" in html


def test_template_fills_variables(client, agent, complaint):
    agent.first_name = "Léa"
    agent.save()
    template = ReplyTemplate.objects.filter(language="fr", body__contains="{author_name}").first()
    client.force_login(agent)
    html = client.get(
        reverse("replies:compose_text", args=[complaint.pk]), {"template": template.pk}
    ).content.decode()
    assert "Camille" in html and "{author_name}" not in html
    assert "characters of 300 allowed" in html


def test_dont_feed_the_troll_notice(client, agent, testnet):
    troll = MessageFactory(
        channel=testnet,
        category="abuse",
        author=AuthorFactory(troll_score=0.8),
        text="bande de nuls",
    )
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[troll.pk])).content.decode()
    assert "dont-feed" in html and "reply-anyway" in html


def test_unsupported_network_disables_the_editor(client, agent, db):
    from accalmie.testing.factories import ChannelFactory

    message = MessageFactory(channel=ChannelFactory(name="m", kind="mutenet"))
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[message.pk])).content.decode()
    assert "reply-unsupported" in html and "compose-text" not in html


def test_compose_submit_and_approve_through_the_pages(client, agent, approver, complaint):
    client.force_login(agent)
    r = client.post(reverse("replies:compose", args=[complaint.pk]), {"text": GOOD, "do": "submit"})
    assert r.status_code == 302
    draft = Draft.objects.get()
    assert draft.state == "awaiting_approval"
    # An agent has no queue and cannot approve, even by posting.
    assert client.get(reverse("replies:approvals")).status_code == 403
    assert client.post(reverse("replies:approve", args=[draft.pk])).status_code == 403
    client.force_login(approver)
    html = client.get(reverse("replies:approvals")).content.decode()
    assert f"approval-{draft.pk}" in html and "tone-report" in html and "troll-score" in html
    client.post(reverse("replies:approve", args=[draft.pk]), {"back": "queue"})
    draft.refresh_from_db()
    assert draft.state == "queued" and OutboundAction.objects.count() == 1
    assert f"approval-{draft.pk}" not in client.get(reverse("replies:approvals")).content.decode()


def test_queue_hides_own_drafts(client, approver, approver2, testnet):
    threat = MessageFactory(channel=testnet, category="threat")
    draft = actions.submit_draft(actions.save_draft(threat, by=approver, text=GOOD), by=approver)
    client.force_login(approver)
    assert f"approval-{draft.pk}" not in client.get(reverse("replies:approvals")).content.decode()
    client.force_login(approver2)
    assert f"approval-{draft.pk}" in client.get(reverse("replies:approvals")).content.decode()


def test_reject_without_comment_is_refused_with_a_message(client, agent, approver, complaint):
    draft = actions.submit_draft(actions.save_draft(complaint, by=agent, text=GOOD), by=agent)
    client.force_login(approver)
    r = client.post(reverse("replies:reject", args=[draft.pk]), {"comment": ""}, follow=True)
    draft.refresh_from_db()
    assert draft.state == "awaiting_approval" and b"flash" in r.content


@pytest.mark.parametrize("sample", SAMPLES[:10])
def test_hostile_text_is_escaped_everywhere(client, agent, approver, testnet, sample):
    message = MessageFactory(
        channel=testnet,
        category="negative",
        text=sample,
        author=AuthorFactory(display_name=sample, handle="h.bsky.social"),
    )
    draft = actions.save_draft(message, by=agent, text=f"Bonjour {sample}")
    actions.submit_draft(draft, by=agent)
    client.force_login(agent)
    page = client.get(reverse("inbox:detail", args=[message.pk])).content.decode()
    client.force_login(approver)
    queue = client.get(reverse("replies:approvals")).content.decode()
    for html in (page, queue):
        assert "<script>" + MARK not in html and 'onerror="' + MARK not in html


def test_templates_page_edit_preview_and_audit(client, admin_user, agent):
    client.force_login(agent)
    assert client.get(reverse("replies:templates")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("replies:templates")).status_code == 200
    data = {
        "key": "custom-thanks",
        "language": "en",
        "title": "Thanks",
        "body": "Thanks {author_name}, ref {case_ref}. {agent_first_name}",
        "categories": ["praise"],
        "move": "praise_thanks",
        "active": "on",
    }
    r = client.post(reverse("replies:template_new"), {**data, "preview": "1"})
    assert b"Thanks Camille, ref RA-1234. L" in r.content
    assert not ReplyTemplate.objects.filter(key="custom-thanks").exists()
    client.post(reverse("replies:template_new"), data)
    t = ReplyTemplate.objects.get(key="custom-thanks")
    assert t.updated_by == admin_user and t.categories == ["praise"]
    assert AuditEntry.objects.filter(action="template.created", target_id=str(t.pk)).exists()


def test_policies_page_edit_and_audit(client, admin_user, approver, agent, complaint):
    client.force_login(approver)
    assert client.get(reverse("replies:policy_new")).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse("replies:policies")).status_code == 200
    rule = ApprovalPolicy.objects.get(key="agent-replies")
    client.post(
        reverse("replies:policy_edit", args=[rule.pk]),
        {
            "name": rule.name,
            "actions": ["reply"],
            "roles": ["agent"],
            "mode": "all",
            "required_approvals": 3,
        },
    )
    rule.refresh_from_db()
    assert rule.active is False and rule.mode == "all" and rule.required_approvals == 3
    assert AuditEntry.objects.filter(action="policy.changed", actor=admin_user).exists()
    # Inactive now: an agent's plain reply needs no approval any more.
    draft = actions.submit_draft(actions.save_draft(complaint, by=agent, text=GOOD), by=agent)
    assert draft.state == "queued"


def test_uncertain_send_offers_no_blind_retry(client, approver, complaint):
    from accalmie.replies import actions as reply_actions

    draft = reply_actions.submit_draft(
        reply_actions.save_draft(complaint, by=approver, text=GOOD), by=approver
    )
    OutboundAction.objects.filter(pk=draft.outbound_id).update(
        state="uncertain", error="worker stopped mid-call"
    )
    reply_actions.on_outbound_failed(action=OutboundAction.objects.get())
    client.force_login(approver)
    html = client.get(reverse("inbox:detail", args=[complaint.pk])).content.decode()
    assert "send-failed" in html and "worker stopped mid-call" in html
    assert reverse("replies:retry", args=[draft.pk]) not in html
    with pytest.raises(ValidationError):
        reply_actions.retry_sending(Draft.objects.get(pk=draft.pk), by=approver)
    assert OutboundAction.objects.get().state == "uncertain"


def test_approver_decides_from_the_case_page(client, agent, approver, complaint):
    draft = actions.submit_draft(actions.save_draft(complaint, by=agent, text=GOOD), by=agent)
    detail = reverse("inbox:detail", args=[complaint.pk])
    approve = reverse("replies:approve", args=[draft.pk])
    client.force_login(agent)
    assert approve not in client.get(detail).content.decode()
    client.force_login(approver)
    assert approve in client.get(detail).content.decode()
    r = client.post(approve)
    assert r.status_code == 302 and r["Location"].startswith(detail)
    draft.refresh_from_db()
    assert draft.state == "queued"


def test_queue_author_card_reads_in_french(client, agent, approver, complaint):
    complaint.author.followers = 304
    complaint.author.save()
    actions.submit_draft(actions.save_draft(complaint, by=agent, text=GOOD), by=agent)
    client.force_login(approver)
    html = client.get(reverse("replies:approvals"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Abonnés : 304" in html and "Score de troll :" in html


def test_the_nav_counts_what_waits_for_the_approver(client, agent, approver, message):
    from accalmie.replies.templatetags.replies_tags import waiting_for_me

    assert waiting_for_me(approver) == 0
    assert waiting_for_me(agent) == 0  # agents approve nothing
    draft = actions.save_draft(message, text="Bonjour, nous regardons votre dossier.", by=agent)
    actions.submit_draft(draft, by=agent)
    assert waiting_for_me(approver) == 1
    client.force_login(approver)
    page = client.get(reverse("inbox:list")).content.decode()
    assert 'class="badge count"' in page
