from django.conf import settings
from django.db import transaction

from accalmie.audit import record

from .models import Profile


def set_language(user, language: str, *, ip: str | None = None) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language: {language!r}")
    with transaction.atomic():
        profile, _ = Profile.objects.get_or_create(user=user)
        if profile.language != language:
            profile.language = language
            profile.save(update_fields=["language"])
            record(user, "account.language", profile, data={"language": language}, ip=ip)
