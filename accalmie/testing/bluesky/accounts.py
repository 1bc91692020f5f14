"""Accounts and posts on the local Bluesky network, for tests and the bench."""

from __future__ import annotations

import secrets
import string
import time

PASSWORD = "devnet-password-1"  # noqa: S105 - a throwaway account on a loopback network


def unique_handle(prefix: str) -> str:
    """``<prefix><6 letters>.test``: handles on the devnet must end in .test."""
    return prefix + "".join(secrets.choice(string.ascii_lowercase) for _ in range(6)) + ".test"


def make_account(pds: str, handle: str, password: str = PASSWORD):
    """Creates the account on the PDS and returns a logged-in atproto Client."""
    from atproto import Client, models

    client = Client(base_url=pds)
    client.com.atproto.server.create_account(
        models.ComAtprotoServerCreateAccount.Data(
            handle=handle, email=f"{handle.split('.')[0]}@example.com", password=password
        )
    )
    # login() reads the profile from the AppView, which indexes a new account a
    # moment after the PDS creates it.
    wait_for(lambda: _try_login(client, handle, password), timeout=15, every=0.1)
    return client


def _try_login(client, handle: str, password: str) -> bool:
    from atproto_client.exceptions import BadRequestError

    try:
        client.login(handle, password)
    except BadRequestError:
        return False
    return True


def mention(client, brand_handle: str, brand_did: str, before: str, after: str = ""):
    """Posts ``before @brand after`` with a real mention facet."""
    from atproto import client_utils

    text = client_utils.TextBuilder().text(before).mention(f"@{brand_handle}", brand_did)
    if after:
        text = text.text(after)
    return client.send_post(text)


def reply_to(client, post, text: str, root=None):
    from atproto import models

    parent = models.create_strong_ref(post)
    root_ref = models.create_strong_ref(root) if root is not None else parent
    return client.send_post(
        text, reply_to=models.AppBskyFeedPost.ReplyRef(parent=parent, root=root_ref)
    )


def wait_for(predicate, timeout: float = 15.0, every: float = 0.1):
    """The first truthy value of ``predicate()``; TimeoutError after ``timeout`` s."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise TimeoutError(getattr(predicate, "__name__", "condition"))
        time.sleep(every)
