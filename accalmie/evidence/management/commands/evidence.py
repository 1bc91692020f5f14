from django.core.management.base import BaseCommand, CommandError

from accalmie.evidence.verify import verify_chain


class Command(BaseCommand):
    help = "Evidence archive: verify the hash chain (exit code 1 when it was altered)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check every record, its links and its images")
        verify.add_argument(
            "--require-images",
            action="store_true",
            help="also fail when a rendered image file is missing",
        )

    def handle(self, *args, action, **opts):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"evidence chain FAILED: {result.reason} "
                f"(first bad record: {result.first_bad_seq}; {result.checked} verified before it)"
            )
        if result.missing_images:
            shown = ", ".join(str(s) for s in result.missing_images[:20])
            more = "…" if len(result.missing_images) > 20 else ""
            message = (
                f"{len(result.missing_images)} rendered image(s) missing, records: {shown}{more}"
            )
            if opts["require_images"]:
                raise CommandError(message)
            self.stderr.write(f"warning: {message}")
        self.stdout.write(
            f"evidence chain OK: {result.checked} records checked; "
            f"head #{result.head_seq} sha256 {result.head_hash}"
        )
