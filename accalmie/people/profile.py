"""What the contact page reads about accounts: influence, follow status, profile history."""

import json

from django.utils.translation import gettext_lazy as _

INFLUENCE = [
    (1_000, _("under 1k followers")),
    (10_000, _("1k–10k followers")),
    (100_000, _("10k–100k followers")),
]
PROFILE_FIELDS = {
    "handle": _("handle"),
    "display_name": _("display name"),
    "bio": _("bio"),
    "followers": _("followers"),
    "following": _("following"),
    "posts": _("posts"),
    "verified": _("verified"),
    "url": _("profile link"),
}


def influence(followers: int | None) -> str:
    if followers is None:
        return str(_("unknown"))
    for limit, label in INFLUENCE:
        if followers < limit:
            return str(label)
    return str(_("over 100k followers"))


def follow_status(raw: dict | None) -> dict[str, bool | None]:
    """Whether the brand follows them and they follow the brand, when the network said.

    Only Bluesky's profile view carries it (``viewer.following`` /
    ``viewer.followedBy``, set to a record URI or absent); elsewhere it is unknown.
    """
    viewer = None
    # The normalised row's author, or the network's own payload kept under "raw"
    # (connectors store the Bluesky notification there).
    for payload in (raw or {}, (raw or {}).get("raw")):
        author = payload.get("author") if isinstance(payload, dict) else None
        if isinstance(author, dict) and isinstance(author.get("viewer"), dict):
            viewer = author["viewer"]
            break
    if viewer is None:
        return {"brand_follows": None, "follows_brand": None}
    return {
        "brand_follows": bool(viewer.get("following")),
        "follows_brand": bool(viewer.get("followedBy") or viewer.get("followed_by")),
    }


HISTORY_LIMIT = 100  # snapshots shown (a busy account changes follower count daily)


def profile_history(author_ids, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The latest profile snapshots in the evidence archive, newest first, with what changed."""
    from accalmie.evidence.chain import AUTHOR_TYPE
    from accalmie.evidence.models import EvidenceRecord, Kind

    records = list(
        EvidenceRecord.objects.filter(
            kind=Kind.PROFILE, subject_type=AUTHOR_TYPE, subject_id__in=list(author_ids)
        )
        .order_by("-seq")
        .only("seq", "subject_id", "captured_at", "canonical", "hash")[: limit + 1]
    )
    records.reverse()
    previous: dict[int, dict] = {}
    out = []
    for r in records:
        data = json.loads(r.canonical).get("data", {})
        before = previous.get(r.subject_id)
        changes = [
            {"field": label, "before": (before or {}).get(key), "after": data.get(key)}
            for key, label in PROFILE_FIELDS.items()
            if before is None or before.get(key) != data.get(key)
        ]
        previous[r.subject_id] = data
        out.append(
            {
                "seq": r.seq,
                "captured_at": r.captured_at,
                "handle": data.get("handle", ""),
                "first": before is None,
                "changes": changes,
                "hash": r.hash,
            }
        )
    out.reverse()
    # With more than the limit, the oldest one read only serves to compare with.
    return out[:limit]
