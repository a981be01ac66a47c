"""The web UI's pages and JSON API, through FastAPI's test client, on a small corpus we wrote."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import INDEPENDENT, ORIGINAL, SPUN, UNRELATED
from fastapi.testclient import TestClient

from newstrace.model import Alteration, Article
from newstrace.pipeline import Corpus
from newstrace.text import content_hash
from newstrace.web import create_app
from newstrace.web.queries import fts_query, lag_histogram, make_snippet, query_terms
from newstrace.web.views import diff_segments, safe_href


def art(url: str, title: str, text: str, published: str | None, site: str, lang: str = "en") -> Article:
    return Article(
        url=url,
        title=title,
        text=text,
        site=site,
        published=published,
        lang=lang,
        content_hash=content_hash(text),
    )


def build_db(path: Path) -> Path:
    """Origin, its spun copy, a verbatim mirror of the spun copy, independent coverage, an unrelated
    story; linked. Ids: 1 origin, 2 spun, 3 independent, 4 unrelated, 5 mirror."""
    with Corpus(path) as c:
        c.add(
            [
                art(
                    "https://origin.example/flood",
                    "Storm surge floods Port Averly",
                    ORIGINAL,
                    "2025-01-05",
                    "origin.example",
                ),
                art(
                    "https://farm.example/flood-copy",
                    "Storm surge inundates Port Averly",
                    SPUN,
                    "2025-01-06",
                    "farm.example",
                ),
                art(
                    "https://other.example/cost",
                    "Port Averly counts the cost",
                    INDEPENDENT,
                    "2025-01-06",
                    "other.example",
                ),
                art(
                    "https://chess.example/final",
                    "Teenager wins chess title",
                    UNRELATED,
                    "2025-01-04",
                    "chess.example",
                ),
                art(
                    "https://mirror.example/a",
                    "Storm surge inundates Port Averly",
                    SPUN,
                    "2025-01-08",
                    "mirror.example",
                ),
            ]
        )
        c.link()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


# --- pages -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search",
        "/search?q=storm",
        "/sites",
        "/network",
        "/trace",
        "/api",
        "/article/1",
        "/article/2",
        "/article/5",
        "/site/farm.example",
    ],
)
def test_pages_render_with_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert "<script" not in r.text  # the UI needs no script at all
    assert not re.search(r'(src|href)="(https?:)?//', r.text.replace('href="https://', 'href="X')), (
        "nothing may load from another origin"
    )
    # a keyboard user can skip the menu; headings do not skip a level (h2 to h4)
    assert '<a class="skip-link" href="#main">' in r.text and '<main class="wrap" id="main"' in r.text
    levels = [int(h) for h in re.findall(r"<h([1-6])\b", r.text)]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_overview_counts_and_timeline(client: TestClient) -> None:
    o = client.get("/api/overview").json()
    assert o["articles"] == 5 and o["sites"] == 5
    assert o["by_relation"] == {"spun_copy": 1, "verbatim_copy": 1}
    assert o["copies"] == 2
    assert o["most_copied"][0]["id"] == 1 and o["most_copied"][0]["reach"] == 2
    assert {s["site"] for s in o["top_copiers"]} == {"farm.example", "mirror.example"}
    assert o["timeline"] == [["2025-01-06", 1], ["2025-01-08", 1]]
    page = client.get("/").text
    assert "Copies per day" in page and "<svg" in page and "Storm surge floods Port Averly" in page


def test_search_fts_and_filters(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "storm surge"}).json()
    assert {x["id"] for x in r["results"]} == {1, 2, 5}
    hit = next(x for x in r["results"] if x["id"] == 2)
    assert hit["relation"] == "spun_copy" and "\x02" in hit["snippet"]
    assert [
        x["id"]
        for x in client.get("/api/search", params={"q": "storm", "relation": "spun_copy"}).json()["results"]
    ] == [2]
    assert [x["id"] for x in client.get("/api/search", params={"relation": "origin"}).json()["results"]] == [
        1
    ]
    assert [
        x["id"] for x in client.get("/api/search", params={"site": "chess.example"}).json()["results"]
    ] == [4]
    ids = {
        x["id"]
        for x in client.get(
            "/api/search", params={"date_from": "2025-01-06", "date_to": "2025-01-06"}
        ).json()["results"]
    }
    assert ids == {2, 3}
    assert client.get("/api/search", params={"q": "storm", "lang": "fr"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "averl*"}).json()["total"] == 4
    page = client.get("/search", params={"q": "inundated"}).text
    assert "<mark>inundated</mark>" in page


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"unbalanced',
        "AND",
        "storm OR",
        "(",
        ")",
        "*",
        "NEAR(storm",
        "title:storm",
        "-storm",
        "^storm",
        "storm AND NOT",
        "'; DROP TABLE articles; --",
        "\x00",
        "{}[]",
        "Ä ø 東京",
        "x" * 3000,
        '"" "',
        "NOT",
    ],
)
def test_search_never_fails_on_fts_syntax(client: TestClient, q: str) -> None:
    assert client.get("/search", params={"q": q}).status_code == 200
    r = client.get("/api/search", params={"q": q[:500]})
    assert r.status_code == 200, r.text


def test_fts_query_quotes_every_term() -> None:
    assert fts_query('storm "port averly" flood*') == '"storm" "port averly" "flood"*'
    assert fts_query('say "hi"" there') == '"say" "hi" "there"'
    assert fts_query("AND OR ( )") == '"AND" "OR"'
    assert fts_query("  * - ") is None
    assert query_terms("a* b")[0] == ("a", True)
    snip = make_snippet("The storm surge flooded Port Averly.", query_terms("flood* averly"))
    assert snip == "The storm surge \x02flooded\x03 Port \x02Averly\x03."


def test_article_page_shows_chain_and_highlighted_spin(client: TestClient) -> None:
    page = client.get("/article/5").text  # the mirror: origin -> spun copy -> mirror
    assert "Provenance chain" in page and "origin.example" in page and "farm.example" in page
    assert page.index("Storm surge floods Port Averly") < page.index("this article")
    page2 = client.get("/article/2").text
    assert re.search(r"<del[^>]*>flooded</del>", page2) and re.search(r"<ins[^>]*>inundated</ins>", page2)
    assert re.search(r'<ins class="ins num">15</ins>', page2), "a changed number is marked"
    assert "spun copy" in page2 and "1 day later" in page2
    assert "Direction <strong>by date</strong>." in page2
    origin = client.get("/article/1").text
    assert "Copies made of this article" in origin and 'href="/article/2"' in origin
    assert "Same story, written independently" in origin and 'href="/article/3"' in origin


def test_article_api_has_trace_shape(client: TestClient) -> None:
    j = client.get("/api/articles/2").json()
    assert j["article"]["id"] == 2 and "text" not in j["article"]
    tr = j["trace"]
    assert tr["origin"]["id"] == 1 and tr["chain"][0]["relation"] == "spun_copy"
    assert {p["kind"] for p in tr["chain"][0]["alignment"]["pairs"]} & {"edited", "paraphrased"}
    assert tr["copies"][0]["copy_id"] == 5
    assert client.get("/api/articles/2", params={"with_text": True}).json()["article"]["text"] == SPUN


def test_alterations_are_marked(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.pipeline as pipeline

    alts = [
        Alteration(
            "number_changed",
            "12 million crowns",
            "15 million crowns",
            [["equal", "", ""], ["replace", "12", "15"], ["equal", "million crowns", "million crowns"]],
        ),
        Alteration("number_changed", "$41.3 billion", "$41 billion", [],
                   "41,300,000,000 USD -> 41,000,000,000 USD", note="rounded"),
        Alteration(
            "quote_altered",
            "We have never seen the water come in this fast",
            "We have never seen the water come in this quickly",
            [],
            "similarity 0.9",
        ),
    ]
    monkeypatch.setattr(pipeline, "_alterations", lambda cmp, settings: alts)
    page = TestClient(create_app(db)).get("/article/2").text
    assert (
        "Quotes, numbers and names that differ" in page and "number changed" in page
        and "quote altered" in page
    )
    assert re.search(r"<del[^>]*>12</del>", page) and re.search(r"<ins[^>]*>quickly</ins>", page)
    assert "3 altered quotes" in page
    # a rounded number is marked as such; the others carry no note
    assert page.count('class="alt-note"') == 1 and '<span class="alt-note">rounded</span>' in page


def test_an_altered_quote_is_shown_as_written_and_added_quotes_apart(db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The altered-quote box showed the stored word diff, without punctuation ("directly we've
    found the next best thing water"): a misquote. Quotes only in the copy were counted with the
    altered ones ("9 altered quotes" for 7 added and 2 dropped)."""
    import newstrace.pipeline as pipeline

    alts = [
        Alteration("quote_altered", "We have not seen it directly, but we found the next thing: water.",
                   "We have not seen it directly, but we found proof of life: water.",
                   [["equal", "We have not seen it directly but we found",
                     "We have not seen it directly but we found"],
                    ["replace", "the next thing", "proof of life"], ["equal", "water", "water"]]),
        Alteration("quote_added", None, "The council will not pay for it."),
        Alteration("quote_added", None, "We will appeal."),
        Alteration("quote_dropped", "The harbour is safe.", None),
    ]
    monkeypatch.setattr(pipeline, "_alterations", lambda cmp, settings: alts)
    page = TestClient(create_app(db)).get("/article/2").text
    assert "directly, but we found" in page and "water." in page
    assert re.search(r"<ins[^>]*>proof of life:?</ins>", page), page[page.find("quote altered"):][:800]
    assert "1 altered quote, number or name" in page
    assert "2 quotes not in the source (from a fuller source, or words put in someone's mouth); 1 of the " \
           "source's quotes left out (maybe cut) — see below." in page


def test_a_chain_says_which_step_altered_what(client: TestClient) -> None:
    """The mirror's chain has two steps: the farm's spin altered its source, the mirror copied the
    farm word for word. The count at the top says where its alterations are, not 'between the
    source and the copy' (the mirror and its source differ in nothing)."""
    page = client.get("/article/5").text
    m = re.search(r'<p class="verdict-alt">(\d+) altered [^<]*along the chain \((\d+) from '
                  r'origin\.example to farm\.example\) — see below, under each step\.</p>', page)
    assert m and m.group(1) == m.group(2), re.findall(r'<p class="verdict-alt">[^<]*', page)
    assert "mirror.example" not in m.group(0)
    one_step = client.get("/article/2").text
    assert "altered quotes, numbers or names — see below.</p>" in one_step


def test_a_copy_of_a_copy_shows_the_changes_to_the_origin_it_carries(client: TestClient) -> None:
    """The mirror takes the farm's spun copy word for word: its own step changed nothing, yet it
    prints the farm's altered quote, name and number. Its step lists them as carried, with the
    origin's words and the step that changed them, and the verdict says so."""
    page = client.get("/article/5").text
    assert re.search(r'<p class="verdict-carried">It prints 3 changes that earlier copies made to the '
                     r"origin&#39;s quotes, numbers or names \(3 by farm\.example at step 1\); it made "
                     r"none itself\.</p>", page), re.findall(r'<p class="verdict[^<]*', page)
    carried = page[page.index("Carried from earlier steps"):]
    assert carried.count('<span class="alt-made">made at step 1 by farm.example</span>') == 3
    assert '<span class="side-label">origin</span>' in carried and "this copy matches its source" \
        in carried.lower()
    assert re.search(r'<ins class="ins[^"]*">15</ins>', carried), "the origin's 12, the mirror's 15"
    # the chain is spun, then verbatim: not "word for word" of the origin
    assert "word for word" not in page
    one_step = client.get("/article/2").text
    assert "Carried from earlier steps" not in one_step and "verdict-carried" not in one_step
    tr = client.get("/api/articles/5").json()["trace"]
    assert tr["chain"][1]["alterations"] == [] and tr["chain"][0]["inherited"] == []
    assert [(a["kind"], a["step"]) for a in tr["from_origin"]] == \
        [(a["kind"], 1) for a in tr["chain"][0]["alterations"]] and len(tr["from_origin"]) == 3
    assert tr["chain"][1]["inherited"] == tr["from_origin"]


def test_carried_changes_are_escaped(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a copy carries is a hostile page's text like the rest: escaped, never markup."""
    import newstrace.pipeline as pipeline
    from newstrace.model import CarriedAlteration

    evil = Alteration("quote_altered", "<b>We wait</b>", "<script>alert(1)</script>",
                      speaker="<img src=x onerror=alert(2)>")
    monkeypatch.setattr(pipeline, "carry_alterations",
                        lambda steps: [[]] * (len(steps) - 1) + [[CarriedAlteration(evil, 1, [2])]])
    page = TestClient(create_app(db)).get("/article/5").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<b>We wait" not in page
    assert "&lt;script&gt;alert(1)" in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "made at step 1 by farm.example, changed again at step 2 by mirror.example" in page


def test_site_profile_and_labels(client: TestClient) -> None:
    p = client.get("/api/sites/farm.example").json()
    assert p["articles"] == 1 and p["copies"] == 1 and p["share_copies"] == 1.0
    assert p["source_sites"] == [{"site": "origin.example", "copies": 1, "undetermined": 0, "outlet": None}]
    assert p["copied_by"] == [{"site": "mirror.example", "copies": 1, "undetermined": 0}]
    assert dict(p["lag_histogram"])["1 day"] == 1
    assert {lb["label"] for lb in p["labels"]} >= {"copier", "spinner", "copied source"}
    # what its copy changed in the origin: a word inside a quote, a number, a name
    alt = p["alterations"]
    assert alt["copies_altered"] == 1 and alt["copies_quote_altered"] == 1
    assert alt["copies_by_kind"] == {"name_changed": 1, "number_changed": 1, "quote_altered": 1}
    num = next(x for x in alt["examples"] if x["kind"] == "number_changed")
    assert (num["source"], num["copy"], num["copy_id"]) == ("12 million crowns", "15 million crowns", 2)
    assert {"alters quotes", "alters numbers"} <= {lb["label"] for lb in p["labels"]}
    origin = client.get("/api/sites/origin.example").json()  # copied, but it changed nothing
    assert origin["alterations"]["copies_altered"] == 0
    assert not {"alters quotes", "alters numbers"} & {lb["label"] for lb in origin["labels"]}
    page = client.get("/site/farm.example").text
    assert "Lag between source and copy" in page and "copier" in page and "<svg" in page
    assert "What its copies changed" in page and '<ins class="ins">15 million crowns</ins>' in page
    assert 'href="/article/2"' in page.split("What its copies changed", 1)[1]
    assert client.get("/site/nope.example").status_code == 404
    assert client.get("/api/sites/nope.example").status_code == 404
    sites = client.get("/api/sites").json()
    by_altered = client.get("/api/sites?sort=altered").json()
    assert by_altered[0]["site"] == "farm.example"  # its one copy alters a quote, a number, a name
    by_share = [s["share_copies"] for s in client.get("/api/sites?sort=share").json()]
    assert by_share == sorted(by_share, reverse=True)
    assert client.get("/api/sites?sort=nonsense").status_code == 422
    page = client.get("/sites?sort=altered").text
    assert "altering copies ▾" in page and 'href="/sites?sort=copies"' in page
    altering = {s["site"]: s["copies_altered"] for s in sites}
    assert altering["farm.example"] == 1 and altering["mirror.example"] == 0  # a verbatim copy of farm's
    assert ">altering copies</a></th>" in client.get("/sites").text
    assert {s["site"] for s in sites} == {
        "origin.example",
        "farm.example",
        "other.example",
        "chess.example",
        "mirror.example",
    }


def test_network(client: TestClient) -> None:
    n = client.get("/api/network").json()
    assert {x["site"] for x in n["nodes"]} == {"origin.example", "farm.example", "mirror.example"}
    assert {(e["source"], e["target"], e["weight"]) for e in n["edges"]} == {
        ("origin.example", "farm.example", 1),
        ("farm.example", "mirror.example", 1),
    }
    page = client.get("/network").text
    assert f'href="/site/{quote("farm.example", safe="")}"' in page and "marker-end" in page


def test_network_names_a_copy_without_a_site_without_linking_it(tmp_path: Path) -> None:
    with Corpus(tmp_path / "n.db") as c:
        c.add([art("https://origin.example/flood", "Flood", ORIGINAL, "2025-01-05", "origin.example"),
               dataclasses.replace(art("https://x.example/f", "Flood", SPUN, "2025-01-06", ""), url=None,
                                   site=None)])
        c.link()
    page = TestClient(create_app(tmp_path / "n.db")).get("/network").text
    assert "(unknown site)" in page and "/site/%28unknown" not in page


def test_trace_form_with_pasted_text(client: TestClient) -> None:
    text = "Port Averly flood, retold\n\n" + SPUN.replace("Sunday evening", "Sunday night")
    r = client.post("/trace", data={"mode": "text", "text": text})
    assert r.status_code == 200, r.text[:400]
    assert "Traced on the fly" in r.text and "origin.example" in r.text and "<ins" in r.text
    j = client.post("/api/trace", data={"mode": "text", "text": text}).json()
    assert j["stored"] is False and j["origin"]["id"] == 1
    # its alterations are where a stored edge keeps them too, in the evidence
    step = j["chain"][-1]
    assert step["evidence"].get("alterations") == step["alterations"]
    # the independent report of the flood is listed as the same story on the page as in the JSON
    assert [r["id"] for r in j["same_story"]] == [3]
    section = r.text.split("<h2>Same story, written independently</h2>", 1)
    assert len(section) == 2 and "Port Averly counts the cost" in section[1].split("</section>", 1)[0]


def test_trace_form_gives_back_a_pasted_text_it_refused(client: TestClient) -> None:
    """After "too short", the text box came back empty: what was pasted was lost."""
    r = client.post("/trace", data={"mode": "text", "text": "Short\n\nA line <b>too</b> short & plain."})
    assert r.status_code >= 400 and "too short" in r.text
    assert ">Short\n\nA line &lt;b&gt;too&lt;/b&gt; short &amp; plain.</textarea>" in r.text  # escaped


def test_trace_form_redirects_known_url(client: TestClient) -> None:
    r = client.post(
        "/trace", data={"mode": "url", "url": "https://farm.example/flood-copy"}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/article/2"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost/",
        "http://10.0.0.1/a",
        "http://[::1]/",
        "file:///etc/passwd",
        "/etc/passwd",
        "javascript:alert(1)",
        "ftp://x.example/",
    ],
)
def test_trace_url_refuses_private_and_non_http(client: TestClient, url: str) -> None:
    r = client.post("/api/trace", data={"mode": "url", "url": url})
    assert r.status_code in (422, 503), r.text
    page = client.post("/trace", data={"mode": "url", "url": url})
    assert page.status_code in (422, 503) and 'role="alert"' in page.text


def test_trace_upload(client: TestClient) -> None:
    pytest.importorskip("newstrace.extract")
    paras = "".join(f"<p>{p}</p>" for p in SPUN.split("\n\n"))
    html = (
        f"<html><head><title>Storm surge inundates Port Averly</title></head><body><article>"
        f"<h1>Storm surge inundates Port Averly</h1>{paras}</article></body></html>"
    )
    r = client.post(
        "/api/trace", data={"mode": "file"}, files={"file": ("copy.html", html.encode(), "text/html")}
    )
    assert r.status_code == 200, r.text
    assert r.json()["origin"]["id"] == 1
    page = client.post(
        "/trace", data={"mode": "file"}, files={"file": ("copy.html", html.encode(), "text/html")}
    )
    assert page.status_code == 200 and "origin.example" in page.text


def test_an_uploaded_stored_page_is_that_article_even_gzipped(client: TestClient) -> None:
    # a page saved as .html.gz (as `ingest` reads them) of an article already stored: its stored
    # trace, not "a verbatim copy of itself"
    paras = "".join(f"<p>{p}</p>" for p in SPUN.split("\n\n"))
    html = f"<html><body><article><h1>Storm surge inundates Port Averly</h1>{paras}</article></body></html>"
    data = gzip.compress(html.encode())
    upload = {"file": ("copy.html.gz", data, "application/gzip")}
    r = client.post("/api/trace", data={"mode": "file"}, files=upload)
    assert r.status_code == 200, r.text
    j = r.json()
    assert j["stored"] is True and j["article"]["id"] in (2, 5) and j["origin"]["id"] == 1
    assert not any(step["copy"]["id"] == step["source"]["id"] for step in j["chain"])
    cut = {"file": ("x.html.gz", data[:40], "text/html")}
    broken = client.post("/api/trace", data={"mode": "file"}, files=cut)
    assert broken.status_code == 422 and "not readable gzip" in broken.json()["detail"]


def test_upload_and_text_limits(db: Path) -> None:
    small = TestClient(create_app(db, max_upload_bytes=10_000))
    r = small.post(
        "/api/trace", data={"mode": "file"}, files={"file": ("big.html", b"<p>x</p>" * 20_000, "text/html")}
    )
    assert r.status_code == 413
    r = small.post(
        "/trace", data={"mode": "file"}, files={"file": ("big.html", b"<p>x</p>" * 5_000, "text/html")}
    )
    assert r.status_code == 413
    r = small.post("/api/trace", data={"mode": "text", "text": "word " * 300_000})
    assert r.status_code == 413


def test_errors_and_openapi(client: TestClient) -> None:
    r = client.get("/article/999")
    assert r.status_code == 404 and "Not found" in r.text and r.headers["content-security-policy"]
    assert client.get("/api/articles/999").json() == {"detail": "No article with id 999"}
    assert client.get("/article/abc").status_code == 422
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/overview",
        "/api/search",
        "/api/articles/{article_id}",
        "/api/sites",
        "/api/sites/{name}",
        "/api/network",
        "/api/trace",
    ):
        assert path in spec["paths"], path
    assert "/api/search" in client.get("/api").text


def test_static_assets(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "@import" not in r.text and "url(http" not in r.text


def test_safe_href_and_diff() -> None:
    assert safe_href("https://a.example/x?y=1") == "https://a.example/x?y=1"
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:x",
        "data:text/html,<script>",
        "vbscript:x",
        "//evil.example/",
        'https://a.example/"onmouseover=x',
        "http://a b",
        None,
        42,
    ]:
        assert safe_href(bad) is None, bad
    left, right = diff_segments("Asked for 12 million crowns.", "Requested 15 million crowns.")
    assert ("del num", "12") in left and ("ins num", "15") in right
    assert lag_histogram([0.2, 1.5, 3, 40, -1]) == [  # a copy dated before its source is in no bin
        ("same day", 1),
        ("1 day", 1),
        ("2–3 days", 1),
        ("4–7 days", 0),
        ("1–4 weeks", 0),
        ("over 4 weeks", 1),
    ]


def test_report_command(db: Path, tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from newstrace.web.commands import register

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    register(app)
    out = tmp_path / "r.html"
    res = CliRunner().invoke(
        app, ["report", "5", "https://farm.example/flood-copy", "--db", str(db), "--html", str(out)]
    )
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert html.count('class="report-item"') == 2
    assert "<script" not in html and "<link" not in html and not re.search(r'\ssrc="', html)
    assert "default-src 'none'" in html and "<style>" in html and "<svg" in html
    assert re.search(r"<ins[^>]*>inundated</ins>", html) and "origin.example" in html
    assert 'href="/' not in html, "no links back to a server that the reader does not have"
    # the summary table says what the copies altered, the finding an editor looks for first
    summary = html.split("<h2>Summary</h2>", 1)[1].split("</table>", 1)[0]
    assert re.search(r"<strong>\d+ altered quotes?, numbers? or names?\.</strong>", summary), summary
    bad = CliRunner().invoke(app, ["report", "1", "--db", str(tmp_path / "missing.db"), "--html", str(out)])
    assert bad.exit_code == 2
    bad = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert bad.exit_code == 2


def test_serve_on_a_port_in_use_is_one_error_line(db: Path) -> None:
    """The port is bound before the server is announced: a port in use is one line and exit 1, not
    "serving on ..." followed by the server's own log."""
    import socket

    from typer.testing import CliRunner

    from newstrace.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", str(port)])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        f"error: 127.0.0.1:{port}: cannot listen there (Address already in use)"]


def test_load_script_small_run(db: Path, tmp_path: Path) -> None:
    """bench/web_load.py against the real server: a short run must have no errors."""
    import json
    import subprocess
    import sys

    from conftest import ROOT

    out = tmp_path / "load.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "web_load.py"),
            "--db",
            str(db),
            "--requests",
            "30",
            "--concurrency",
            "10",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    rep = json.loads(out.read_text())
    assert rep["pages"]["errors"] == 0 and rep["pages"]["requests"] == 30 and rep["pages"]["p95_ms"] > 0
    assert rep["baseline_health"]["errors"] == 0 and "bench/web_load.py" in rep["command"]


def test_svg_charts_escape_and_are_deterministic() -> None:
    from newstrace.web import svg
    from newstrace.web.app import network_href

    nodes = [
        {"site": "<b>a</b>", "articles": 3, "copies_made": 0, "copied_by_others": 2},
        {"site": "b.example", "articles": 1, "copies_made": 2, "copied_by_others": 0},
        {"site": "(unknown site)", "articles": 1, "copies_made": 1, "copied_by_others": 0},
    ]
    edges = [
        {"source": "<b>a</b>", "target": "b.example", "weight": 2, "by_relation": {"spun_copy": 2}},
        {"source": "<b>a</b>", "target": "(unknown site)", "weight": 1, "by_relation": {"verbatim_copy": 1}},
    ]
    one = svg.network(nodes, edges, network_href)
    assert one == svg.network(nodes, edges, network_href)
    assert "<b>" not in one and "&lt;b&gt;a&lt;/b&gt;" in one
    assert one.count("<a ") == 2 and 'href="/site/%3Cb%3Ea%3C%2Fb%3E"' in one
    assert "<script" not in svg.timeline([("<script>", 1)])
    weekly = svg.timeline([("2024-01-01", 2), ("2024-12-30", 1)])
    monthly = svg.timeline([("2020-01-05", 2), ("2024-12-30", 1)])
    assert "Copies per week" in weekly and "Copies per month" in monthly
    assert "No dated copies" in svg.timeline([("not a date", 3)])
    assert svg.dateline([("a", "2025-01-01"), ("<x>", "2025-01-03")]).count("&lt;x&gt;") == 2
    daily = svg.timeline([("2024-01-01", 1), ("2024-01-02", 2)])
    assert "2024-01-01: 1 copy that day" in daily and "2024-01-02: 2 copies that day" in daily


def test_site_labels_read_as_sentences() -> None:
    from newstrace.web.queries import site_labels

    prof: dict[str, Any] = {
        "articles": 5, "copies": 3, "copies_by_relation": {"spun_copy": 3}, "lags": [], "copied_by_others": 1,
        "source_sites": [], "state_media_copies": 0,
        "settled": {"copies": 3, "copies_by_relation": {"spun_copy": 3}, "state_media_copies": 0,
                    "state_media_kinds": [], "copied_by_others": 1},
        "alterations": {"copies_by_kind": {"number_changed": 1, "quote_altered": 2},
                        "by_kind": {"number_changed": 2, "quote_altered": 2}, "copies_quote_altered": 2},
    }
    why = {lb["label"]: lb["why"] for lb in site_labels(prof)}
    assert why["copier"] == "3 of its 5 articles are copies"
    assert why["copied source"] == "1 copy made of its articles"
    assert why["alters quotes"] == "2 quotes altered (words or speaker) in 2 of its 3 copies"
    assert why["alters numbers"] == "2 numbers changed in 1 of its 3 copies"
    prof.update(articles=1, copies=1, copied_by_others=0)
    prof["settled"].update(copies=1, copied_by_others=0)
    assert {lb["label"]: lb["why"] for lb in site_labels(prof)}["copier"] == "its only article is a copy"
    # beside "2 copies" of which one has a guessed direction, the label says what it counts
    prof.update(articles=2, copies=2, copies_undetermined=1)
    assert {lb["label"]: lb["why"] for lb in site_labels(prof)}["copier"] == \
        "1 of its 2 articles is a copy whose direction is settled"


def test_a_rounded_number_or_an_article_added_to_a_quote_labels_no_site() -> None:
    from newstrace.web.queries import alteration_summary, site_labels

    def edge(cid: int, *alts: dict[str, Any]) -> tuple[Any, ...]:
        return (cid, "spun_copy", None, None, None, json.dumps({"alterations": list(alts)}), "t", 1)

    rounded = {"kind": "number_changed", "source": "158,000 homes", "copy": "160,000 households",
               "note": "rounded"}
    converted = {"kind": "number_changed", "source": "5 miles", "copy": "8 km", "note": "converted"}
    changed = {"kind": "number_changed", "source": "$6 billion", "copy": "$8 billion", "note": None}
    alt = alteration_summary([edge(2, rounded), edge(3, converted)])
    assert alt["by_kind"] == {"number_changed": 2} and alt["numbers_close"] == 2
    assert alt["copies_number_changed"] == 0
    prof: dict[str, Any] = {
        "articles": 4, "copies": 2, "lags": [], "source_sites": [],
        "settled": {"copies": 2, "copies_by_relation": {"spun_copy": 2}, "state_media_copies": 0,
                    "copied_by_others": 0},
        "alterations": alt,
    }
    assert "alters numbers" not in {lb["label"] for lb in site_labels(prof)}
    prof["alterations"] = alteration_summary([edge(2, rounded), edge(3, changed, converted)])
    why = {lb["label"]: lb["why"] for lb in site_labels(prof)}
    assert why["alters numbers"] == "1 number changed in 1 of its 2 copies"
    # nor is a quote that only gained or lost an article ("minor"); a shortened one is an alteration
    minor = {"kind": "quote_altered", "source": "accelerate development",
             "copy": "accelerate the development", "note": "minor"}
    cut = {"kind": "quote_altered", "source": "A. B.", "copy": "A.", "note": "shortened"}
    prof["alterations"] = alteration_summary([edge(2, minor), edge(3, minor)])
    assert prof["alterations"]["quotes_minor"] == 2 and prof["alterations"]["copies_quote_altered"] == 0
    assert "alters quotes" not in {lb["label"] for lb in site_labels(prof)}
    prof["alterations"] = alteration_summary([edge(2, minor), edge(3, cut)])
    why = {lb["label"]: lb["why"] for lb in site_labels(prof)}
    assert why["alters quotes"] == "1 quote altered (words or speaker) in 1 of its 2 copies"


def test_search_refuses_bad_filters_and_finds_nothing_without_words(client: TestClient) -> None:
    for params in ({"date_from": "abc"}, {"date_to": "2025-13-45"}, {"date_from": "20250105"},
                   {"relation": "bogus"}):
        r = client.get("/api/search", params=params)
        assert r.status_code == 422 and next(iter(params)) in r.json()["detail"], params
        page = client.get("/search", params=params)
        assert page.status_code == 422 and 'role="alert"' in page.text and "0 articles" in page.text
    for q in ("🔔", '"', "-", "\\\""):  # nothing to search for is not "everything matches"
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200 and r.json()["total"] == 0, q
    assert client.get("/api/search", params={"q": "🔔"}).json()["note"]
    assert "Nothing searched" in client.get("/search", params={"q": "🔔"}).text
    assert client.get("/api/search", params={"q": "storm\x00 surge"}).json()["total"] == 3
    assert client.get("/api/search", params={"lang": "%"}).json()["total"] == 0  # no LIKE wildcards
    assert client.get("/api/search", params={"lang": "_n"}).json()["total"] == 0
    assert client.get("/api/search", params={"lang": "EN"}).json()["total"] == 5
    r = client.get("/search", params={"q": "storm", "page": 2})
    assert 'href="/api/search?q=storm&amp;page=2"' in r.text


def test_head_requests_and_out_of_range_ids(client: TestClient) -> None:
    for path in ("/", "/article/1", "/api/search?q=storm", "/static/style.css"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-length"] == get.headers["content-length"]
        assert "frame-ancestors 'none'" in head.headers["content-security-policy"]
    for path in ("/article/9223372036854775808", "/api/articles/-9223372036854775809",
                 "/api/articles/99999999999999999999999", "/article/0"):
        assert client.get(path).status_code == 404, path


def test_an_unexpected_error_is_a_500_with_the_security_headers(db: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.web import queries

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "overview", broken)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    r = c.get("/api/overview")
    assert r.status_code == 500 and "boom" not in r.text
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    big = TestClient(create_app(db, max_upload_bytes=10_000)).post(
        "/api/trace", data={"mode": "file"}, files={"file": ("big.html", b"<p>x</p>" * 20_000, "text/html")})
    assert big.status_code == 413 and big.headers["x-frame-options"] == "DENY"


def test_pasted_text_over_the_limit_gets_the_form_back(client: TestClient) -> None:
    r = client.post("/trace", data={"mode": "text", "text": "word " * 240_000})  # 1.2 MB
    assert r.status_code == 413 and "larger than 1 MB" in r.text and "<form" in r.text


def test_a_replaced_version_is_history_not_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "versions.db"
    with Corpus(path) as c:
        c.add([art("https://origin.example/flood", "Storm surge floods Port Averly", ORIGINAL, "2025-01-05",
                   "origin.example"),
               art("https://late.example/x", "Storm surge floods Port Averly", ORIGINAL, "2025-01-07",
                   "late.example")])
        c.link()
        c.add([art("https://late.example/x", "Teenager wins chess title", UNRELATED, "2025-01-08",
                   "late.example")])  # the page now holds other content
        c.link()
    client = TestClient(create_app(path))
    o = client.get("/api/overview").json()
    assert o["copies"] == sum(o["by_relation"].values()) == 0
    assert client.get("/api/articles/1").json()["trace"]["copies"] == []
    old = client.get("/api/articles/2").json()
    assert old["superseded_by"] == 3 and client.get("/api/articles/3").json()["superseded_by"] is None
    assert 'href="/article/3"' in client.get("/article/2").text


def _linked_client(db: Path, articles: list[Article]) -> TestClient:
    with Corpus(db) as c:
        c.add(articles)
        c.link()
    return TestClient(create_app(db))


def test_on_a_platform_of_many_authors_a_same_story_article_is_independent_coverage(tmp_path: Path) -> None:
    # medium.com/@a and medium.com/@b are two authors: not the site's own related pages
    client = _linked_client(tmp_path / "medium.db", [
        art("https://medium.com/@ana/flood", "Storm surge floods Port Averly", ORIGINAL, "2025-01-05",
            "medium.com"),
        art("https://medium.com/@ben/cost", "Port Averly counts the cost", INDEPENDENT, "2025-01-06",
            "medium.com"),
    ])
    data = client.get("/api/articles/1").json()
    assert (data["same_site"], [s["id"] for s in data["same_story"]]) == ([], [2])


def test_a_site_is_found_whatever_its_case_or_www(client: TestClient) -> None:
    for name in ("Farm.EXAMPLE", "www.farm.example"):
        r = client.get(f"/api/sites/{name}")
        assert r.status_code == 200 and r.json()["site"] == "farm.example", name
    assert client.get("/api/sites/nofarm.example").status_code == 404


def test_the_sites_own_page_under_another_address_is_not_independent_coverage(tmp_path: Path) -> None:
    client = _linked_client(tmp_path / "amp.db", [
        art("https://origin.example/flood", "Storm surge floods Port Averly", ORIGINAL, "2025-01-05",
            "origin.example"),
        art("https://origin.example/amp/flood", "Storm surge floods Port Averly", ORIGINAL,
            "2025-01-05", "origin.example"),
        art("https://other.example/cost", "Port Averly counts the cost", INDEPENDENT, "2025-01-06",
            "other.example"),
    ])
    data = client.get("/api/articles/1").json()
    assert [s["id"] for s in data["same_site"]] == [2]
    assert [s["id"] for s in data["same_story"]] == [3]
    page = client.get("/article/1").text
    own = page.index("On the same site")
    independent = page.index("written independently")
    assert own < page.index("/article/2") < independent < page.index("/article/3")


def test_the_network_lays_out_each_connected_part_apart() -> None:
    """One force layout of all sites drifted two small pairs to the corners and crushed the largest
    part into a knot of overlapping names in the middle."""
    import numpy as np

    from newstrace.web.svg import packed_layout

    star = [(0, i, 1.0) for i in range(1, 9)]  # a site copied by eight others
    pairs = [(9, 10, 1.0), (11, 12, 1.0)]
    pos = packed_layout(13, star + pairs)
    assert pos.min() >= 0 and pos.max() <= 1
    big, small = pos[:9], pos[9:]
    lo, hi = big.min(0), big.max(0)
    assert (hi - lo).min() > 0.35, "the largest part takes a good share of the drawing (0.31 before)"
    inside = ((small >= lo) & (small <= hi)).all(1)
    assert not inside.any(), "no site of another part is drawn inside the largest part's box"
    spread = min(np.linalg.norm(big[i] - big[j]) for i in range(9) for j in range(i + 1, 9))
    assert spread > 0.05, "its sites are not drawn on top of each other"
