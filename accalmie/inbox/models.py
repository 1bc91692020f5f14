from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accalmie.channels.models import Channel
from accalmie.people.models import Author


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    DRAFTING = "drafting", _("Drafting")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    REPLIED = "replied", _("Replied")
    RESOLVED = "resolved", _("Resolved")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


# States a person may set by hand; the others are reached through the reply
# and approval flow, which must not be skipped from a drop-down.
MANUAL_STATUSES = [
    Status.NEW,
    Status.ASSIGNED,
    Status.DRAFTING,
    Status.RESOLVED,
    Status.MONITORING,
    Status.CLOSED,
]
OPEN_STATUSES = [Status.NEW, Status.ASSIGNED, Status.DRAFTING, Status.AWAITING_APPROVAL]


class Category(models.TextChoices):
    THREAT = "threat", _("Threat")
    ABUSE = "abuse", _("Abuse")
    NEGATIVE = "negative", _("Complaint")
    QUESTION = "question", _("Question")
    PRAISE = "praise", _("Praise")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Other")


class Kind(models.TextChoices):
    MENTION = "mention", _("Mention")
    REPLY = "reply", _("Reply")
    COMMENT = "comment", _("Comment")
    QUOTE = "quote", _("Quote")
    DIRECT = "direct", _("Direct message")


def _keyset(*fields):
    return [*fields, "-created_at", "-id"]


class Message(models.Model):
    """A message addressed to the brand, stored once, and the unit of work in the inbox.

    Workflow state (status, owner, deadline) lives on the row itself so the
    inbox is one indexed scan at a million rows (docs/adr/0002).
    """

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="messages")
    network_id = models.CharField(_("network id"), max_length=255)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MENTION)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    in_reply_to = models.CharField(_("in reply to"), max_length=255, blank=True)
    thread_key = models.CharField(_("thread"), max_length=255)
    raw = models.JSONField(_("payload as received"))
    created_at = models.DateTimeField(_("posted"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_messages",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    due_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    labels = models.JSONField(_("labels"), default=list, blank=True)
    needs_approval = models.BooleanField(_("replies need approval"), default=False)
    # Set by the reply flow: the first public answer confirmed sent, and when
    # the case was resolved. The dashboard's response times read these.
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "network_id"], name="message_unique_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=_keyset(), name="msg_newest"),
            models.Index(fields=_keyset("channel"), name="msg_channel_newest"),
            models.Index(fields=_keyset("status"), name="msg_status_newest"),
            models.Index(fields=_keyset("assignee"), name="msg_assignee_newest"),
            models.Index(fields=_keyset("language"), name="msg_language_newest"),
            models.Index(fields=_keyset("category"), name="msg_category_newest"),
            models.Index(fields=["author", "-created_at"], name="msg_author_newest"),
            models.Index(fields=["due_at", "id"], name="msg_due_first"),
            models.Index(fields=["channel", "thread_key", "created_at"], name="msg_thread"),
        ]
        permissions = [
            ("work_message", _("Can assign messages to self and change their status")),
            ("assign_to_others", _("Can assign messages to teammates")),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.channel.name}:{self.network_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def thread(self):
        return (
            Message.objects.filter(channel_id=self.channel_id, thread_key=self.thread_key)
            .select_related("author", "assignee")
            .order_by("created_at", "id")
        )

    def conversation(self, limit: int = 100):
        """This author's messages in the thread, what they answer, and the replies to them.

        Under a busy post (a Facebook page post, a strike announcement) the
        thread holds many people's comments; the conversation is this one.
        """
        ancestors, parent = [], self.in_reply_to
        while parent and len(ancestors) < 20:
            ancestors.append(parent)
            parent = (
                Message.objects.filter(channel_id=self.channel_id, network_id=parent)
                .values_list("in_reply_to", flat=True)
                .first()
            )
        mine = self.thread().filter(author_id=self.author_id).values_list("network_id", flat=True)
        return self.thread().filter(
            models.Q(author_id=self.author_id)
            | models.Q(network_id__in=ancestors)
            | models.Q(in_reply_to__in=list(mine))
        )[:limit]
