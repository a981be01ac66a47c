"""End to end in a real browser: Debian's chromium driven by Playwright against the real server.

The server runs uvicorn on 127.0.0.1 (a free port) over a database the fixtures build. Each test
checks that no console error occurs and that no request leaves the server's origin; screenshots
of every page go to build/screenshots/ for review."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SPUN

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "build" / "screenshots"


@contextmanager
def running_server(db: Path) -> Iterator[str]:
    """uvicorn serving ``create_app(db)`` on loopback in a thread; yields the base URL."""
    import uvicorn

    from newstrace.web import create_app
    from newstrace.web.security import LOOPBACK_HOSTS

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db, trusted_hosts=list(LOOPBACK_HOSTS))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught errors, dialogs, every request URL."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

    def check(self, base: str) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        outside = [u for u in self.requests if not (u.startswith(base + "/") or u == base)]
        assert not outside, f"requests left {base}: {outside}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_web_api import build_db

    db = build_db(tmp_path_factory.mktemp("browser") / "browser.db")
    with running_server(db) as base:
        yield base


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_browse_search_article_site_network_trace(browser: Any, site: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    watch = Watch()
    watch.attach(page)

    # Overview
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator("svg.timeline rect.bar").count() >= 2
    shot(page, "01-overview")

    # Search from the masthead, then open the spun copy
    page.fill("form.quicksearch input[name=q]", "inundated")
    page.press("form.quicksearch input[name=q]", "Enter")
    page.wait_for_url("**/search?q=inundated")
    assert page.locator("li.result").count() == 2
    assert page.locator("li.result mark", has_text="inundated").count() >= 1
    shot(page, "02-search")
    page.click('li.result a[href="/article/2"]')
    page.wait_for_url("**/article/2")

    # Article: chain and side by side with the spun words highlighted
    assert "spun copy" in page.locator("section.verdict").inner_text()
    assert page.locator("ol.chain li.chain-node").count() == 2
    sbs = page.locator("table.sbs")
    assert sbs.locator("del", has_text="flooded").first.is_visible()
    assert sbs.locator("ins", has_text="inundated").first.is_visible()
    assert sbs.locator("ins.num", has_text="15").first.is_visible()
    shot(page, "03-article")
    identical = sbs.locator("tr.row-identical")
    if identical.count():
        page.click("label.only-changed-label")
        assert not identical.first.is_visible(), "the checkbox hides unchanged sentences"
        page.click("label.only-changed-label")

    # Site page from the article's site link
    page.click('dl.meta a.site[href="/site/farm.example"]')
    page.wait_for_url("**/site/farm.example")
    assert page.locator("h1").inner_text() == "farm.example"
    assert page.locator("svg.histogram rect.bar").count() == 6
    assert page.locator("ul.labels", has_text="copier").count() == 1
    shot(page, "04-site")

    # Network: a click on a node opens that site's page
    page.click('nav.mainnav a[href="/network"]')
    page.wait_for_url("**/network")
    nodes = page.locator("svg.network a.node")
    assert nodes.count() == 3 and page.locator("svg.network path.edge").count() == 2
    shot(page, "05-network")
    page.locator('svg.network a.node[href="/site/origin.example"] circle').click()
    page.wait_for_url("**/site/origin.example")
    assert page.locator("h1").inner_text() == "origin.example"

    # Trace form: paste a copy's text
    page.click('nav.mainnav a[href="/trace"]')
    page.wait_for_url("**/trace")
    shot(page, "06-trace-form")
    page.fill("#t-text", "Flood in Port Averly\n\n" + SPUN.replace("Sunday evening", "late on Sunday"))
    page.click("form.trace-card.wide button[type=submit]")
    page.wait_for_load_state()
    assert "Traced on the fly" in (page.locator(".kicker").first.text_content() or "")
    assert "origin.example" in page.locator("ol.chain").inner_text()
    assert page.locator("table.sbs ins").count() > 0
    shot(page, "07-trace-result")

    # The API page and a JSON twin open too
    page.click('nav.mainnav a[href="/api"]')
    assert page.locator("section.endpoint").count() >= 7
    shot(page, "08-api")
    watch.check(site)
    ctx.close()


def test_hostile_articles_never_execute(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    from test_web_security import build_hostile_db, hostile_pages

    db = tmp_path_factory.mktemp("hostile-browser") / "h.db"
    ids = build_hostile_db(db, big=False)
    with running_server(db) as base:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        watch = Watch()
        watch.attach(page)
        for path in hostile_pages(ids):
            resp = page.goto(base + path)
            assert resp is not None and resp.status == 200, path
            page.mouse.move(300, 300)
            page.hover("h1") if page.locator("h1").count() else None
            assert page.evaluate("window.__pwned") is None, f"script ran on {path}"
        page.goto(f"{base}/article/{ids['copy']}")
        assert "<script>" in page.locator("h1.article-title").inner_text(), "the title is shown as text"
        shot(page, "09-hostile-article")
        # Links made from hostile URLs: none is javascript:/data:, every one is http(s) or local
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
        watch.check(base)
        ctx.close()


def test_report_opens_offline(browser: Any, tmp_path: Path) -> None:
    from test_web_api import build_db

    from newstrace.pipeline import Corpus
    from newstrace.web.report import write_report

    db = build_db(tmp_path / "r.db")
    with Corpus(db) as c:
        out = write_report(c, ["5", "1"], tmp_path / "report.html")
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
    page = ctx.new_page()
    watch = Watch()
    watch.attach(page)
    page.goto(out.as_uri())
    assert page.locator("article.report-item").count() == 2
    assert page.locator("table.sbs ins", has_text="inundated").count() >= 1
    shot(page, "10-report")
    assert watch.requests == [out.as_uri()], watch.requests
    assert not watch.errors
    ctx.close()
