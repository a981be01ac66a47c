"""Every page shows text from hostile websites: plant hostile articles and check that nothing
executes, nothing links to ``javascript:``, and nothing breaks (pages 200, huge bodies clipped)."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ORIGINAL, SPUN
from fastapi.testclient import TestClient

from newstrace.model import Article
from newstrace.pipeline import Corpus
from newstrace.text import content_hash
from newstrace.web import create_app
from newstrace.web.security import LOOPBACK_HOSTS

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
EVIL_SITE = f'<b onmouseover="{PWN}">evil</b>.example/../"><svg onload={PWN}>'
EVIL_TITLE = f'{SCRIPT}{IMG}</title><iframe src="javascript:{PWN}"></iframe>{{{{7*7}}}}'
BIG_BYTES = 50_000_000
HOSTILE_URLS = [
    f"javascript:{PWN}",
    f"JaVaScRiPt:{PWN}",
    f" javascript:{PWN}",
    f"java\nscript:{PWN}",
    f"data:text/html,{SCRIPT}",
    f"vbscript:{PWN}",
    f'https://ok.example/"onmouseover="{PWN}',
]


def art(
    url: str | None, title: str, text: str, site: str | None, published: str | None = "2025-02-01", **kw: str
) -> Article:
    return Article(
        url=url, title=title, text=text, site=site, published=published, content_hash=content_hash(text), **kw
    )  # type: ignore[arg-type]


def hostile_text(base: str) -> str:
    paras = base.split("\n\n")
    paras.insert(1, f'{SCRIPT} {IMG} Officials said the <b>barriers</b> & "gates" held {{{{ 7*7 }}}}.')
    paras.append(f'<a href="javascript:{PWN}">Source link</a> \x02 \x03 </textarea></style></svg> ]]> -->')
    return "\n\n".join(paras)


def build_hostile_db(path: Path, *, big: bool = True) -> dict[str, int]:
    """A hostile origin and its hostile spun copy (linked), articles with hostile URLs and metadata,
    and (``big``) one 50 MB body, added after linking as a crawler might store it. Returns ids by role."""
    with Corpus(path) as c:
        ids = c.add(
            [
                art(
                    f"javascript:{PWN}//origin",
                    EVIL_TITLE,
                    hostile_text(ORIGINAL),
                    EVIL_SITE,
                    "2025-02-01",
                    author=SCRIPT,
                    lang='en"><script>' + PWN,
                ),
                art(
                    f"data:text/html;charset=utf-8,{SCRIPT}",
                    "Copy " + EVIL_TITLE,
                    hostile_text(SPUN),
                    f"farm{SCRIPT}.example",
                    "2025-02-02",
                ),
            ]
        )
        extra = c.add(
            [
                art(
                    u,
                    f"Article {i} {IMG}",
                    f"Unrelated text number {i} about gardens and tulips. " * 5,
                    "urls.example",
                    f"<script>{PWN}</script>",
                )
                for i, u in enumerate(HOSTILE_URLS)
            ]
        )
        c.link()
        if not big:
            return {"origin": ids[0], "copy": ids[1], "big": 0, "first_url": extra[0], "last_url": extra[-1]}
        para = (
            f"{SCRIPT} {IMG} Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
        )
        big = (para * (BIG_BYTES // len(para) + 1))[:BIG_BYTES]
        big_id = c.add([art("https://big.example/huge", "A huge page", big, "big.example")])[0]
    return {"origin": ids[0], "copy": ids[1], "big": big_id, "first_url": extra[0], "last_url": extra[-1]}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    return path, build_hostile_db(path)


@pytest.fixture(scope="module")
def client(hostile: tuple[Path, dict[str, int]]) -> TestClient:
    return TestClient(create_app(hostile[0]))


def hostile_pages(ids: dict[str, int]) -> list[str]:
    pages = [
        "/",
        "/search",
        "/search?q=script",
        "/search?q=lorem",
        "/search?q=officials+barriers",
        "/sites",
        "/network",
        f"/site/{quote(EVIL_SITE, safe='')}",
        f"/site/{quote('farm' + SCRIPT + '.example', safe='')}",
        "/site/urls.example",
    ]
    pages += [f"/article/{i}" for i in range(1, ids["last_url"] + 1)]
    return pages


class _Tags(HTMLParser):
    """Every element and attribute as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "style",
    "body",
    "header",
    "nav",
    "main",
    "footer",
    "div",
    "span",
    "a",
    "form",
    "input",
    "button",
    "label",
    "select",
    "option",
    "textarea",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "section",
    "article",
    "details",
    "summary",
    "strong",
    "em",
    "code",
    "mark",
    "del",
    "ins",
    "br",
    "svg",
    "g",
    "defs",
    "marker",
    "path",
    "line",
    "rect",
    "circle",
    "text",
}


def assert_inert(html: str) -> None:
    """No markup from the articles survives: only the elements our templates use, no event-handler
    attribute, no link or source with a script-capable scheme."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}= on <{tag}>"
            if name in ("href", "src", "action", "xlink:href", "formaction"):
                v = (value or "").strip().lower()
                assert re.match(r"^(/|#|https?://|\?)", v) or v == "", f"{name}={value!r} on <{tag}>"


def test_the_link_found_the_hostile_copy(client: TestClient, hostile: tuple[Path, dict[str, int]]) -> None:
    j = client.get(f"/api/articles/{hostile[1]['copy']}").json()
    assert j["trace"]["chain"] and j["trace"]["origin"]["id"] == hostile[1]["origin"]
    # the copying site's page shows what the copy changed: hostile text inside the alterations too
    page = client.get(f"/site/{quote('farm' + SCRIPT + '.example', safe='')}").text
    assert "What its copies changed" in page


def test_every_page_is_escaped(client: TestClient, hostile: tuple[Path, dict[str, int]]) -> None:
    for path in hostile_pages(hostile[1]):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert_inert(r.text)


def test_article_page_escapes_and_unlinks(client: TestClient, hostile: tuple[Path, dict[str, int]]) -> None:
    ids = hostile[1]
    page = client.get(f"/article/{ids['copy']}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    assert "{{ 7*7 }}" in page  # shown as text, never evaluated
    assert 'class="ext unsafe"' not in page or "data:text/html" in page
    for i in range(ids["first_url"], ids["last_url"] + 1):
        p = client.get(f"/article/{i}").text
        assert 'class="ext unsafe"' in p, f"article {i}: its non-http URL must be shown as text"
        assert 'class="ext" href' not in p


def test_hostile_site_names_route_and_escape(client: TestClient) -> None:
    r = client.get(f"/api/sites/{quote(EVIL_SITE, safe='')}")
    assert r.status_code == 200 and r.json()["site"] == EVIL_SITE
    net = client.get("/network").text
    assert_inert(net)
    assert quote(EVIL_SITE, safe="") in net, "the node links to the site page by its encoded name"


def test_huge_body_is_clipped_and_fast(client: TestClient, hostile: tuple[Path, dict[str, int]]) -> None:
    big = hostile[1]["big"]
    t0 = time.perf_counter()
    r = client.get(f"/article/{big}")
    elapsed = time.perf_counter() - t0
    assert r.status_code == 200 and elapsed < 10, elapsed
    assert len(r.content) < 300_000 and "The text is cut here for display" in r.text
    assert f"{BIG_BYTES:,}" in r.text
    t0 = time.perf_counter()
    s = client.get("/search", params={"q": "lorem ipsum"})
    assert s.status_code == 200 and time.perf_counter() - t0 < 10 and len(s.content) < 300_000
    assert_inert(s.text)
    j = client.get(f"/api/articles/{big}").json()
    assert "text" not in j["article"]


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ["/", "/api/overview", "/static/style.css", "/article/99999", "/api/articles/99999"]:
        h = client.get(path).headers
        assert "script-src 'self' 'nonce-" in h["content-security-policy"], path
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "object-src 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "same-origin"
    n1 = client.get("/").headers["content-security-policy"]
    n2 = client.get("/").headers["content-security-policy"]
    assert n1 != n2, "a fresh nonce per response"


def test_host_and_origin_checks(hostile: tuple[Path, dict[str, int]]) -> None:
    c = TestClient(
        create_app(hostile[0], trusted_hosts=list(LOOPBACK_HOSTS)), base_url="http://127.0.0.1:8000"
    )
    assert c.get("/").status_code == 200
    assert c.get("/", headers={"host": "localhost:8000"}).status_code == 200
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400  # DNS rebinding
    assert (
        c.post(
            "/trace", data={"mode": "text", "text": "x"}, headers={"origin": "https://evil.example"}
        ).status_code
        == 403
    )
    assert c.post("/trace", data={"mode": "text", "text": "x"}, headers={"origin": "null"}).status_code == 403
    assert (
        c.post(
            "/api/trace", data={"mode": "text", "text": "x"}, headers={"sec-fetch-site": "cross-site"}
        ).status_code
        == 403
    )
    same = c.post(
        "/trace", data={"mode": "text", "text": "too short"}, headers={"origin": "http://127.0.0.1:8000"}
    )
    assert same.status_code == 422


def test_upload_limit_without_content_length(hostile: tuple[Path, dict[str, int]]) -> None:
    c = TestClient(create_app(hostile[0], max_upload_bytes=50_000))

    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"a" * 10_000

    r = c.post("/api/trace", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_hostile_upload_and_text_are_escaped(client: TestClient) -> None:
    text = "Officials " + SCRIPT + "\n\n" + hostile_text(SPUN)
    r = client.post("/trace", data={"mode": "text", "text": text})
    assert r.status_code == 200
    assert_inert(r.text)
    html = (
        f"<html><head><title>{SCRIPT}</title></head><body><article><h1>{IMG}</h1>"
        + "".join(f"<p>{p}</p>" for p in SPUN.split("\n\n"))
        + f"<script>{PWN}</script></article></body></html>"
    )
    r = client.post(
        "/trace", data={"mode": "file"}, files={"file": (f"{SCRIPT}.html", html.encode(), "text/html")}
    )
    assert r.status_code in (200, 422, 503)
    assert_inert(r.text)


def test_report_of_hostile_articles_is_inert(hostile: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    from newstrace.web.report import write_report

    with Corpus(hostile[0]) as c:
        out = write_report(c, [str(hostile[1]["copy"]), str(hostile[1]["first_url"])], tmp_path / "r.html")
    html = out.read_text(encoding="utf-8")
    assert_inert(html)
    assert "&lt;script&gt;" in html and "default-src 'none'" in html
