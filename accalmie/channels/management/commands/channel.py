from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accalmie.channels.actions import create_channel, rotate_webhook_token
from accalmie.channels.models import Channel, Network


class Command(BaseCommand):
    help = "Manage channels: add, list, token (issue a new webhook token)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a channel and print its webhook token")
        add.add_argument("name")
        add.add_argument("--kind", default="webhook", choices=Network.values)
        add.add_argument("--display-name", default="")
        add.add_argument("--handle", default="")
        sub.add_parser("list", help="list channels")
        tok = sub.add_parser("token", help="issue a new webhook token (the old one stops working)")
        tok.add_argument("name")

    def handle(self, *args, action, **opts):
        if action == "add":
            try:
                channel, token = create_channel(
                    name=opts["name"],
                    kind=opts["kind"],
                    display_name=opts["display_name"],
                    handle=opts["handle"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            self.stdout.write(f"channel {channel.name} ({channel.kind}) created")
            self.stdout.write(f"webhook: POST /api/v1/channels/{channel.name}/messages")
            self.stdout.write(f"token (shown once): {token}")
        elif action == "list":
            for c in Channel.objects.all():
                self.stdout.write(
                    f"{c.name}\t{c.kind}\t{c.handle}\t{'active' if c.is_active else 'off'}"
                )
        elif action == "token":
            channel = Channel.objects.filter(name=opts["name"]).first()
            if channel is None:
                raise CommandError(f"no channel named {opts['name']!r}")
            self.stdout.write(f"token (shown once): {rotate_webhook_token(channel)}")
