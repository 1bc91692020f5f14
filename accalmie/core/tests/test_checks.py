import pytest
from django.core.checks import run_checks

from accalmie.core import checks


@pytest.fixture
def production(settings, monkeypatch):
    monkeypatch.setattr(checks, "production_mode", lambda: True)
    settings.SECRET_KEY = "k" * 50
    settings.CREDENTIALS_KEY = "c" * 40
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["accalmie.example.org"]
    return settings


def ids():
    return {
        e.id for e in run_checks(include_deployment_checks=True) if e.id.startswith("accalmie.")
    }


def test_safe_production_settings_pass(production):
    assert ids() == set()


def test_default_secret_key_is_refused(production):
    production.SECRET_KEY = production.INSECURE_SECRET_KEY
    assert "accalmie.E001" in ids()


def test_debug_on_public_host_is_refused(production):
    production.DEBUG = True
    assert "accalmie.E002" in ids()


def test_debug_on_localhost_is_allowed(production):
    production.DEBUG = True
    production.ALLOWED_HOSTS = ["localhost"]
    assert ids() == set()


def test_wildcard_hosts_and_missing_credentials_key_are_refused(production):
    production.ALLOWED_HOSTS = ["*"]
    production.CREDENTIALS_KEY = ""
    assert {"accalmie.E003", "accalmie.E004"} <= ids()


def test_serve_refuses_to_start_with_unsafe_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCALMIE_")}
    env.update(ACCALMIE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="accalmie.settings")
    r = subprocess.run(
        [sys.executable, "-m", "accalmie.cli", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode != 0
    assert "accalmie.E001" in r.stderr and "accalmie.E004" in r.stderr
