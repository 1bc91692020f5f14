"""Channel credentials encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256).

The key comes from ACCALMIE_CREDENTIALS_KEY (the deploy check refuses to start
a real install without one); the demo and the tests, which have none, derive
one from the secret key so they still never store a credential in clear.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    material = settings.CREDENTIALS_KEY or f"derived:{settings.SECRET_KEY}"
    key = base64.urlsafe_b64encode(hashlib.sha256(material.encode()).digest())
    return Fernet(key)


def encrypt(credentials: dict) -> str:
    if not credentials:
        return ""
    return _fernet().encrypt(json.dumps(credentials, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        # Never echo the token: say what to do instead.
        raise ValueError(
            "channel credentials cannot be decrypted: ACCALMIE_CREDENTIALS_KEY changed?"
        ) from exc
