"""Settings for the test suite: ACCALMIE_TEST_DB=sqlite (default) or postgres."""

import os
import tempfile

os.environ.setdefault("ACCALMIE_DATA_DIR", tempfile.mkdtemp(prefix="accalmie-test-"))

import dj_database_url  # noqa: E402

from accalmie.settings import *  # noqa: E402,F403

TESTING = True
if os.environ.get("ACCALMIE_TEST_DB", "sqlite") == "postgres":
    from accalmie.testing.postgres import postgres_url

    DATABASES = {"default": dj_database_url.parse(postgres_url())}
    DATABASES["default"]["TEST"] = {"NAME": f"test_accalmie_{os.getpid()}"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
