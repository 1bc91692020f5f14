"""System checks that refuse unsafe production settings (STYLE.md §6).

Registered as deployment checks, which ``accalmie serve`` and ``accalmie worker``
run (see ``run_startup_checks``): outside the demo and the tests they stop with
an error rather than start with a guessable secret key, DEBUG on public hosts,
or no key to encrypt channel credentials. Other commands (import, classify…)
are not held up by them.
"""

from django.conf import settings
from django.core import checks

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def production_mode() -> bool:
    return not settings.DEMO_MODE and not getattr(settings, "TESTING", False)


@checks.register(checks.Tags.security, deploy=True)
def refuse_unsafe_settings(app_configs=None, **kwargs):
    if not production_mode():
        return []
    errors = []
    if settings.SECRET_KEY == settings.INSECURE_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        errors.append(
            checks.Error(
                "ACCALMIE_SECRET_KEY is unset, the default, or shorter than 32 characters.",
                hint='Generate one: python -c "import secrets; print(secrets.token_urlsafe(50))"',
                id="accalmie.E001",
            )
        )
    public_hosts = set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS
    if settings.DEBUG and public_hosts:
        errors.append(
            checks.Error(
                "ACCALMIE_DEBUG=1 with public hosts in ACCALMIE_ALLOWED_HOSTS "
                f"({', '.join(sorted(public_hosts))}) would leak tracebacks and settings.",
                hint="Unset ACCALMIE_DEBUG for a public install.",
                id="accalmie.E002",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        errors.append(
            checks.Error(
                "ACCALMIE_ALLOWED_HOSTS must name the hosts, not '*'.",
                id="accalmie.E003",
            )
        )
    if len(settings.CREDENTIALS_KEY) < 32:
        errors.append(
            checks.Error(
                "ACCALMIE_CREDENTIALS_KEY is missing or shorter than 32 characters; "
                "channel credentials could not be encrypted at rest.",
                hint='Generate one: python -c "import secrets; print(secrets.token_urlsafe(32))"',
                id="accalmie.E004",
            )
        )
    return errors


def run_startup_checks() -> None:
    from django.core.management import call_command

    call_command("check", deploy=production_mode(), fail_level="ERROR")
