import pytest

from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request that switched the thread's
    language (a French user's page) must not leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def agent(db):
    return UserFactory(role="agent", username="agent-a")


@pytest.fixture
def approver(db):
    return UserFactory(role="approver", username="approver-a")


@pytest.fixture
def legal(db):
    return UserFactory(role="legal", username="legal-a")


@pytest.fixture
def admin_user(db):
    return UserFactory(role="admin", username="admin-a", is_superuser=True)


@pytest.fixture
def channel(db):
    return ChannelFactory(name="bsky-main", kind="bluesky")


@pytest.fixture
def message(channel):
    return MessageFactory(channel=channel)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by fixtures next to it are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def login(page, live_server):
    def do(username: str, password: str = "pw"):
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return do
