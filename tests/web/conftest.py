"""Browser tests: the app under uvicorn on a free localhost port (a thread, a fresh SQLite database seeded with
the demo organisation), driven by Debian's chromium through Playwright. No browser is ever downloaded.

Without chromium (or Playwright) these tests skip and say why; under ``CI=true`` they fail instead. Every page
a test opens is watched: a request to anything but the test server fails the test (nothing leaves localhost),
and so does a content-security-policy violation reported in the console.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
import uvicorn

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import demo, security
from charte.settings import load_settings
from charte.store import migrate
from charte.store.repositories import Store

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHARTE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = demo.DEMO_PASSWORD


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install 'charte[test]')"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no chromium at {CHROMIUM} (apt-get install chromium, or set CHARTE_CHROMIUM)"
    return None


def _require_browser() -> None:
    reason = _missing_browser()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


@dataclass
class Server:
    """The running application: its address and a way into its database."""

    url: str
    app: Any
    totp: dict[str, str] = field(default_factory=dict)

    def store(self) -> Store:
        return Store(self.app.state.sessionmaker())

    def run(self, work: Callable[[Store], Any]) -> Any:
        with self.app.state.sessionmaker() as session:
            result = work(Store(session))
            session.commit()
            return result

    def enable_totp(self, email: str) -> tuple[str, list[str]]:
        """Turn two-factor sign-in on for ``email`` (as its enrolment would): the secret and recovery codes."""

        def work(store: Store) -> tuple[str, list[str]]:
            user = store.users.by_email(email)
            assert user is not None
            secret = security.new_totp_secret()
            user.totp_secret, user.totp_enabled, user.totp_last_step = secret, True, None
            codes = security.new_recovery_codes()
            store.recovery_codes.replace(user.id, [security.recovery_hash(c) for c in codes])
            return secret, codes

        secret, codes = self.run(work)
        self.totp[email] = secret
        return secret, codes

    def totp_code(self, email: str) -> str:
        """A code for the current time step that was not used yet (a step is accepted once)."""
        totp = pyotp.TOTP(self.totp[email])
        step = int(time.time()) // 30
        last = self.run(lambda store: store.users.by_email(email).totp_last_step)  # type: ignore[union-attr]
        if last is not None and last >= step:
            time.sleep(30 - time.time() % 30 + 0.5)
        return totp.now()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'charte.db'}"
    migrate.upgrade(url)
    settings = load_settings(
        None,
        database_url=url,
        cookie_secure=False,  # plain http://127.0.0.1, as in `make demo`
        memory_connector=True,
        login_max_failures=100,
        login_max_failures_per_ip=1000,
    )
    app = create_app(settings)
    with app.state.sessionmaker() as session:
        demo.seed(Store(session), demo_policy_text())
        session.commit()
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, name="charte-web-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", app)
    uvicorn_server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module: Playwright's sync API keeps an event loop running in this thread while
    it is open, which would break the ``asyncio.run`` of tests collected after these."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that it must not: requests beyond the test server, CSP violations."""

    outside: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)


@pytest.fixture()
def new_page(browser: Any, server: Server) -> Iterator[Callable[..., Any]]:
    """``new_page(lang="en")``: a page in a fresh context (its own cookies) whose browser asks for ``lang``.
    Any request to another host is aborted and fails the test; so does a CSP violation."""
    contexts = []
    watch = Watch()
    local = urlsplit(server.url).netloc

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            watch.csp.append(message.text)

    def make(lang: str = "en", width: int = 1200, height: int = 760) -> Any:
        context = browser.new_context(
            base_url=server.url,
            locale={"en": "en-GB", "fr": "fr-FR"}.get(lang, lang),
            viewport={"width": width, "height": height},
        )
        context.route("**/*", guard)
        contexts.append(context)
        page = context.new_page()
        page.on("console", console)
        page.set_default_timeout(15_000)
        return page

    make.watch = watch  # type: ignore[attr-defined]  # for a test that expects a refusal (test_docs.py)
    yield make
    for context in contexts:
        context.close()
    assert not watch.outside, f"requests left localhost: {watch.outside}"
    assert not watch.csp, f"content security policy violations: {watch.csp}"


@pytest.fixture()
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


def sign_in(page: Any, email: str, password: str = PASSWORD, code: str = "", next_path: str = "/") -> None:
    """Sign in through the form (the page may be anywhere)."""
    page.goto(f"/sign-in?next={next_path}")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    if code:
        page.fill("#f-code", code)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()


def screenshot(page: Any, name: str) -> None:
    """``docs/screenshots/<name>.png`` of what the page shows, when ``CHARTE_SCREENSHOTS=1`` (``make
    screenshots``); otherwise nothing, so a test run leaves the working tree as it was."""
    if os.environ.get("CHARTE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = page.screenshot(full_page=False, animations="disabled")
    from PIL import Image  # Pillow comes with weasyprint (test extra): a 64-colour palette keeps PNGs small

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(SCREENSHOTS / f"{name}.png", optimize=True)
