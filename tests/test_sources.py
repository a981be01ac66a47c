"""Readers: files, folders, encodings, WARC, JSONL, text, URLs and feeds, and every bad input.

All fixtures are invented here and written to ``tmp_path``; the web tests serve them from a local
``http.server`` on 127.0.0.1 (nothing leaves the machine).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newstrace.errors import SourceError
from newstrace.model import Page
from newstrace.settings import Settings
from newstrace.sources import iter_pages
from newstrace.sources.decode import decode_text
from newstrace.sources.warc import dechunk
from newstrace.sources.web import is_public_address

SETTINGS = Settings()

PARAGRAPHS = [
    (
        "The harbour council of Port Elsen voted on Tuesday to extend the evening ferry timetable through "
        "the winter, after a petition signed by more than 1,400 residents."
    ),
    (
        "Councillor Mara Quist said the late crossings would cost the town about 86,000 crowns a year, "
        "money she expects to recover from higher summer fares."
    ),
    "The first extended sailing leaves the north pier at 22:40 on 3 November.",
]


def article_html(
    title: str = "Port Elsen keeps its late ferries",
    extra_head: str = "",
    paragraphs: list[str] | None = None,
    charset: str | None = "utf-8",
) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (
        f'<!DOCTYPE html><html lang="en"><head>{meta}<title>{title}</title>{extra_head}</head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
        f"{body}</article><footer>Port Elsen Courier</footer></body></html>"
    )


def pages_and_errors(
    inputs: list[str], settings: Settings = SETTINGS, **kw: bool
) -> tuple[list[Page], list[SourceError]]:
    items = list(iter_pages(inputs, settings, **kw))
    assert all(isinstance(x, Page | SourceError) for x in items)
    return [x for x in items if isinstance(x, Page)], [x for x in items if isinstance(x, SourceError)]


# --- HTML files ---------------------------------------------------------------------------------------
def test_html_file_is_read_as_one_page(tmp_path: Path) -> None:
    path = tmp_path / "ferry.html"
    path.write_text(article_html(), encoding="utf-8")
    pages, errors = pages_and_errors([str(path)])
    assert errors == []
    [page] = pages
    assert page.kind == "html" and page.origin == str(path) and page.url is None
    assert "harbour council of Port Elsen" in (page.html or "")


def test_html_gz_and_misnamed_gzip_are_decompressed(tmp_path: Path) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(article_html().encode()))
    (tmp_path / "b.html").write_bytes(gzip.compress(article_html().encode()))  # server-compressed save
    (tmp_path / "c.html.gz").write_text(article_html(), encoding="utf-8")  # already decompressed
    pages, errors = pages_and_errors([str(tmp_path)])
    assert errors == []
    assert [Path(p.origin).name for p in pages] == ["a.html.gz", "b.html", "c.html.gz"]
    assert all("ferry timetable" in (p.html or "") for p in pages)


def test_saved_from_url_comment_gives_the_url(tmp_path: Path) -> None:
    url = "https://www.courier-demo.co.uk/news/ferries"
    html = f"<!DOCTYPE html>\n<!-- saved from url=({len(url):04d}){url} -->\n" + article_html()
    (tmp_path / "saved.htm").write_text(html, encoding="utf-8")
    singlefile = (
        f"<!DOCTYPE html> <html><!--\n Page saved with SingleFile \n url: {url}?x=1 \n-->" + article_html()
    )
    (tmp_path / "single.html").write_text(singlefile, encoding="utf-8")
    pages, _ = pages_and_errors([str(tmp_path)])
    assert [p.url for p in pages] == [url, url + "?x=1"]


def test_folder_is_walked_sorted_recursively_and_skips_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b.html").write_text(article_html(), encoding="utf-8")
    (tmp_path / "a.htm").write_text(article_html(), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "sub" / "c.txt").write_text("Title\n\n" + PARAGRAPHS[0], encoding="utf-8")
    (tmp_path / ".cache" / "d.html").write_text(article_html(), encoding="utf-8")
    pages, errors = pages_and_errors([str(tmp_path)])
    assert errors == []
    assert [Path(p.origin).relative_to(tmp_path).as_posix() for p in pages] == [
        "a.htm",
        "b.html",
        "sub/c.txt",
    ]


def test_a_site_mirror_folder_reads_pages_saved_without_an_extension(tmp_path: Path) -> None:
    # wget -m saves "news/ferry", "article.php?id=3" and gzip pages named like "port.example.12": read
    # what is HTML by its first bytes, pass over the rest without an error
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "ferry").write_text(article_html(), encoding="utf-8")
    (tmp_path / "article.php?id=3").write_text(article_html(), encoding="utf-8")
    (tmp_path / "port.example.12").write_bytes(gzip.compress(article_html().encode()))
    (tmp_path / "robots").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    (tmp_path / "logo").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "empty").write_bytes(b"")
    pages, errors = pages_and_errors([str(tmp_path)])
    assert errors == []
    assert sorted(Path(p.origin).relative_to(tmp_path).as_posix() for p in pages) == [
        "article.php?id=3",
        "news/ferry",
        "port.example.12",
    ]
    assert all("Port Elsen" in (p.html or "") for p in pages)


def test_missing_path_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(article_html(), encoding="utf-8")
    missing = str(tmp_path / "nope.html")
    pages, errors = pages_and_errors([missing, str(good)])
    assert len(pages) == 1
    assert [str(e) for e in errors] == [f"{missing}: no such file or directory"]


def test_empty_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    _, errors = pages_and_errors([str(tmp_path / "empty.html"), str(tmp_path / "blank.txt")])
    assert [e.reason for e in errors] == ["empty file", "empty file"]
    # a JSONL file with no record says so, like an empty page (not "no files found")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    _, errors = pages_and_errors([str(tmp_path / "empty.jsonl"), str(tmp_path / "blank.jsonl")])
    assert [str(e) for e in errors] == [f"{tmp_path / 'empty.jsonl'}: empty file",
                                        f"{tmp_path / 'blank.jsonl'}: no records (blank lines only)"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"<html>" + bytes(range(256)) * 4, "NUL bytes"),
    ],
)
def test_binary_file_is_refused_with_a_reason(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    _, [error] = pages_and_errors([str(path)])
    assert "binary file" in error.reason and why in error.reason
    assert str(error).startswith(str(path))


def test_truncated_gzip_is_refused(tmp_path: Path) -> None:
    data = gzip.compress(article_html().encode() * 20)
    path = tmp_path / "cut.html.gz"
    path.write_bytes(data[: len(data) // 2])
    _, [error] = pages_and_errors([str(path)])
    assert str(error) == f"{path}: truncated gzip stream"


def test_page_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text(article_html(paragraphs=PARAGRAPHS * 50), encoding="utf-8")
    _, [error] = pages_and_errors([str(path)], Settings(max_page_bytes=2000))
    assert "larger than max_page_bytes" in error.reason


def test_malformed_truncated_html_is_still_read(tmp_path: Path) -> None:
    html = article_html()
    path = tmp_path / "cut.html"
    path.write_text(html[: html.index("</article>") - 5] + "<div class=", encoding="utf-8")
    [page] = list(iter_pages([str(path)], SETTINGS))
    assert isinstance(page, Page) and "north pier" in (page.html or "")


# --- encodings ---------------------------------------------------------------------------------------
FRENCH = [
    "Le conseil du port a voté mardi la prolongation des traversées du soir jusqu'à l'été prochain.",
    "« C'est une décision très attendue », a déclaré la maire, Hélène Quist, à Genève.",
]


def test_latin1_page_without_declaration(tmp_path: Path) -> None:
    path = tmp_path / "latin1.html"
    path.write_bytes(article_html("Traversées du soir", paragraphs=FRENCH, charset=None).encode("latin-1"))
    [page] = list(iter_pages([str(path)], SETTINGS))
    assert isinstance(page, Page)
    assert FRENCH[0] in (page.html or "") and "Hélène" in (page.html or "")


def test_cp1252_page_with_meta_charset(tmp_path: Path) -> None:
    text = "The mayor said: \u201cwe kept our promise\u201d \u2013 and fares rise by \u20ac2\u2026"
    html = article_html(paragraphs=[text], charset=None).replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    )
    path = tmp_path / "cp1252.html"
    path.write_bytes(html.encode("cp1252"))
    [page] = list(iter_pages([str(path)], SETTINGS))
    assert isinstance(page, Page) and text in (page.html or "")


def test_mixed_utf8_and_cp1252_bytes(tmp_path: Path) -> None:
    data = (
        article_html(paragraphs=FRENCH)
        .encode("utf-8")
        .replace(b"</article>", "<p>Prix : 12 \u20ac \u2013 r\u00e9duit</p></article>".encode("cp1252"))
    )
    path = tmp_path / "mixed.html"
    path.write_bytes(data)
    [page] = list(iter_pages([str(path)], SETTINGS))
    assert isinstance(page, Page)
    assert FRENCH[1] in (page.html or "") and "12 \u20ac \u2013 r\u00e9duit" in (page.html or "")


def test_wrong_declaration_loses_to_valid_utf8() -> None:
    html = article_html(paragraphs=FRENCH, charset="iso-8859-1").encode("utf-8")
    assert FRENCH[1] in decode_text(html)


def test_utf16_with_bom_and_utf8_bom() -> None:
    html = article_html(paragraphs=FRENCH, charset=None)
    assert FRENCH[0] in decode_text(html.encode("utf-16"))
    assert decode_text(b"\xef\xbb\xbf" + html.encode()).startswith("<!DOCTYPE")


def test_cyrillic_legacy_page_is_detected() -> None:
    text = "Городской совет продлил вечерние рейсы парома до конца зимы, сообщила мэр города."
    html = f"<html><body><p>{text}</p><p>{text}</p></body></html>".encode("cp1251")
    assert text in decode_text(html)


# --- WARC ----------------------------------------------------------------------------------------------
def write_warc(path: Path, *, gz: bool) -> list[str]:
    """Four response records (two HTML pages, a 404, an image) and a request; returns page URLs."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = ["https://www.courier-demo.co.uk/ferries", "https://www.courier-demo.co.uk/fares"]
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)

        def response(url: str, status: str, ctype: str, body: bytes, extra: list[tuple[str, str]]) -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2024-03-18T10:15:00Z"},
                )
            )

        writer.write_record(
            writer.create_warc_record(
                urls[0],
                "request",
                payload=io.BytesIO(b"GET /ferries HTTP/1.1\r\n\r\n"),
                warc_content_type="application/http; msgtype=request",
            )
        )
        response(urls[0], "200 OK", "text/html; charset=utf-8", article_html().encode(), [])
        # chunked transfer encoding around a gzip content encoding, as crawlers store it
        body = gzip.compress(article_html("Fares rise in spring").encode())
        chunked = (
            b"%x\r\n" % 100
            + body[:100]
            + b"\r\n"
            + b"%x\r\n" % (len(body) - 100)
            + body[100:]
            + b"\r\n0\r\n\r\n"
        )
        response(
            urls[1],
            "200 OK",
            "text/html",
            chunked,
            [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
        )
        response(urls[1] + "/old", "404 Not Found", "text/html", b"<html>gone</html>", [])
        response(urls[1] + "/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(50), [])
    return urls


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_pages(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    urls = write_warc(path, gz=name.endswith(".gz"))
    pages, errors = pages_and_errors([str(path)])
    assert errors == []
    assert [p.url for p in pages] == urls
    assert all(p.kind == "warc" and p.fetched == "2024-03-18T10:15:00Z" for p in pages)
    assert all(p.origin.startswith(f"{path}#") and p.origin.split("#")[1].isdigit() for p in pages)
    assert "Fares rise in spring" in (pages[1].html or "")


def test_a_bad_warc_record_is_named_by_its_offset_and_its_address(tmp_path: Path) -> None:
    """"crawl.warc.gz#534094: empty response body" left the user to find the record by its byte
    offset; the line now also gives the address the crawler fetched."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, body in [("https://courier-demo.example/empty", b""),
                          ("https://courier-demo.example/ferries", article_html().encode())]:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))
    pages, [error] = pages_and_errors([str(path)])
    assert [p.url for p in pages] == ["https://courier-demo.example/ferries"]
    assert re.fullmatch(rf"{re.escape(str(path))}#\d+ \(https://courier-demo\.example/empty\): "
                        "empty response body", str(error)), str(error)
    assert pages[0].origin.startswith(f"{path}#") and pages[0].origin.split("#")[1].isdigit()


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_yields_records_read_so_far_then_an_error(tmp_path: Path, name: str) -> None:
    full = tmp_path / ("full-" + name)
    write_warc(full, gz=name.endswith(".gz"))
    data = full.read_bytes()
    [_, second] = [p for p in iter_pages([str(full)], SETTINGS) if isinstance(p, Page)]
    cut_at = int(second.origin.split("#")[1]) + 40  # inside the second page's record
    path = tmp_path / name
    path.write_bytes(data[:cut_at])
    items = list(iter_pages([str(path)], SETTINGS))
    assert [type(x) for x in items] == [Page, SourceError]
    assert str(items[1]).startswith(f"{path}: truncated WARC")


def warc_record(url: str | None, http_or_payload: bytes, *, rtype: str = "response",
                date: str = "2024-03-18T10:15:00Z",
                ctype: str = "application/http; msgtype=response") -> bytes:
    """One WARC record, written out by hand (so that tests can damage it)."""
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{url} {date} {len(http_or_payload)}")
    head = f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
    head += f"WARC-Date: {date}\r\n" + (f"WARC-Target-URI: {url}\r\n" if url else "")
    head += f"Content-Type: {ctype}\r\nContent-Length: {len(http_or_payload)}\r\n\r\n"
    return head.encode() + http_or_payload + b"\r\n\r\n"


def http_response(body: bytes, headers: str = "Content-Type: text/html; charset=utf-8\r\n") -> bytes:
    return f"HTTP/1.1 200 OK\r\n{headers}Content-Length: {len(body)}\r\n\r\n".encode() + body


FIVE_URLS = [f"https://www.courier-demo.co.uk/story-{i}" for i in range(5)]


def five_records() -> list[bytes]:
    return [warc_record(url, http_response(article_html(f"Story {i}").encode()))
            for i, url in enumerate(FIVE_URLS)]


@pytest.mark.parametrize("damage", ["bad member", "garbage between members", "a member that is no record"])
def test_a_corrupt_gzip_member_is_reported_and_the_records_after_it_are_read(tmp_path: Path,
                                                                               damage: str) -> None:
    members = [gzip.compress(r) for r in five_records()]
    if damage == "bad member":
        bad = bytearray(members[2])
        bad[40:60] = b"\xff" * 20
        members[2] = bytes(bad)
        read = [FIVE_URLS[i] for i in (0, 1, 3, 4)]
    elif damage == "a member that is no record":  # it decompresses, but holds no WARC record
        members.insert(2, gzip.compress(b"GARBAGE not a warc record\r\n\r\n"))
        read = FIVE_URLS
    else:
        members.insert(2, b"GARBAGE!!")
        read = FIVE_URLS
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    pages, errors = pages_and_errors([str(path)])
    assert [p.url for p in pages] == read
    bad_at = len(members[0]) + len(members[1])
    [error] = errors
    assert str(error).startswith(f"{path}: corrupt WARC at offset {bad_at} (")
    assert "read on from the next record at offset" in error.reason


def test_good_records_between_two_damaged_members_are_all_read(tmp_path: Path) -> None:
    """After a member holding no record, the check walked on to the next *corrupt* member further on
    and read on from there: the good records in between were skipped without a word."""
    members = [gzip.compress(r) for r in five_records()]
    bad = bytearray(members[3])
    bad[40:60] = b"\xff" * 20
    members[3] = bytes(bad)
    members.insert(1, gzip.compress(b"GARBAGE not a warc record\r\n\r\n"))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members))
    pages, errors = pages_and_errors([str(path)])
    assert [p.url for p in pages] == [FIVE_URLS[i] for i in (0, 1, 2, 4)]
    assert len(errors) == 2 and all("corrupt WARC at offset" in e.reason for e in errors)


def test_a_broken_record_header_in_a_plain_warc_is_reported_and_the_records_after_it_read(
        tmp_path: Path) -> None:
    records = five_records()
    records[2] = records[2].replace(b"Content-Length: ", b"Content-Lngth: ", 1)
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(records))
    pages, [error] = pages_and_errors([str(path)])
    assert [p.url for p in pages] == [FIVE_URLS[i] for i in (0, 1, 3, 4)]
    assert str(error).startswith(f"{path}: corrupt WARC at offset {len(records[0]) + len(records[1])} (")


def test_a_record_inside_a_page_is_never_read_after_a_corrupt_stretch(tmp_path: Path) -> None:
    """After damage, the next record was searched from inside the last good record's payload: a
    page showing a WARC record in its text planted an article under any URL it liked."""
    inner = warc_record("https://victim.example/planted", http_response(article_html("Planted").encode()))
    shown = article_html("Showing a record").replace("</article>", f"<pre>{inner.decode()}</pre></article>")
    records = five_records()
    records[1] = warc_record(FIVE_URLS[1], http_response(shown.encode()))
    records.insert(2, b"GARBAGE that is no record\r\n\r\n")
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(records))
    pages, errors = pages_and_errors([str(path)])
    assert "https://victim.example/planted" not in [p.url for p in pages]
    assert [p.url for p in pages] == FIVE_URLS and len(errors) == 1


def test_warc_html_is_sniffed_when_headers_are_missing_generic_or_lf_only(tmp_path: Path) -> None:
    base = "https://www.courier-demo.co.uk/"
    page = article_html().encode()
    records = [
        warc_record(base + "no-type", http_response(page, headers="")),
        warc_record(base + "octet", http_response(page, "Content-Type: application/octet-stream\r\n")),
        warc_record(base + "plain", http_response(page, "Content-Type: text/plain\r\n")),
        warc_record(base + "lf-only", http_response(page).replace(b"\r\n", b"\n")),
        warc_record(base + "no-http-headers", page),
        warc_record(base + "logo.png", http_response(b"\x89PNG\r\n\x1a\n" + bytes(50),
                                                     "Content-Type: image/png\r\n")),
        warc_record(base + "notes", http_response(b"Plain notes, no page.",
                                                  "Content-Type: text/plain\r\n")),
        warc_record(base + "raw-bytes", b"\x00\x01\x02 not a page at all"),
    ]
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(records))
    pages, errors = pages_and_errors([str(path)])
    assert [p.url for p in pages] == [base + x for x in ("no-type", "octet", "plain", "lf-only",
                                                         "no-http-headers")]
    assert all(p.html == page.decode() for p in pages)
    offset = sum(len(r) for r in records[:-1])
    assert [str(e) for e in errors] == [
        f"{path}: 1 response record passed over: no readable HTTP headers and no HTML"
        f" (first at offset {offset})"]


def test_only_http_target_uris_are_article_addresses(tmp_path: Path) -> None:
    page = http_response(article_html().encode())
    targets = ["dns:www.courier-demo.co.uk", "/relative/path", "HTTPS://www.courier-demo.co.uk/a"]
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(warc_record(t, page) for t in targets))
    pages, errors = pages_and_errors([str(path)])
    assert errors == [] and [p.url for p in pages] == [None, None, targets[2]]


def test_file_that_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not a web archive\n", encoding="utf-8")
    _, [error] = pages_and_errors([str(path)])
    assert "not a WARC file" in error.reason


def test_dechunk_rejects_what_is_not_chunked() -> None:
    assert dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n") == b"hello world"
    assert dechunk(b"<html>plain</html>") is None
    assert dechunk(b"ff\r\nshort") is None


# --- JSONL ---------------------------------------------------------------------------------------------
def test_jsonl_bad_lines_are_reported_and_the_others_read(tmp_path: Path) -> None:
    good = {
        "url": "https://a.example.org/1",
        "site": "a.example.org",
        "title": "Ferries",
        "text": PARAGRAPHS[0],
        "published": "2024-03-18",
        "lang": "en",
        "relation": "spun_copy",
        "source_url": "https://b/2",
        "cluster": "c01",
    }
    html = {"url": "https://a.example.org/2", "html": article_html(), "title": None, "published": 20240318}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"url": "x", "title": "no body"}),
        "",
        "[1, 2]",
        json.dumps(html),
        json.dumps({"url": "y", "text": 12345}),
        '{"url": "z", "text": "no closing mark',
    ]
    path = tmp_path / "reuse.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pages, errors = pages_and_errors([str(path)])
    assert [(e.origin, e.reason.split(" (")[0]) for e in errors] == [
        (f"{path}:2", "invalid JSON"),
        (f"{path}:3", "missing text/html"),
        (f"{path}:5", "expected a JSON object, got list"),
        (f"{path}:7", "missing text/html"),
        (f"{path}:8", "invalid JSON"),
    ]
    assert errors[3].reason == "missing text/html (text is a JSON number, not a string)"
    assert errors[4].reason == "invalid JSON (Unterminated string starting at column 22)"
    first, second = pages
    assert (first.origin, first.kind, first.url, first.site, first.title, first.published, first.lang) == (
        f"{path}:1",
        "jsonl",
        good["url"],
        good["site"],
        "Ferries",
        "2024-03-18",
        "en",
    )
    assert first.text == PARAGRAPHS[0] and first.html is None
    assert not hasattr(first, "relation")  # labels never reach a Page
    assert second.html and second.text is None and second.published is None and second.title is None


def test_truncated_jsonl_gz_keeps_complete_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": f"https://a.example.org/{i}", "text": PARAGRAPHS[i % 3] * 20}) for i in range(40)
    ]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "reuse.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    pages, errors = pages_and_errors([str(path)])
    assert 0 < len(pages) < 40
    assert len(errors) == 1 and errors[0].reason.startswith("truncated gzip stream")


# --- plain text ----------------------------------------------------------------------------------------
def test_txt_first_line_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "\n\n  Port Elsen keeps its late ferries  \n\n" + "\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8"
    )
    [page] = list(iter_pages([str(path)], SETTINGS))
    assert isinstance(page, Page)
    assert (page.kind, page.title, page.text) == (
        "text",
        "Port Elsen keeps its late ferries",
        "\n\n".join(PARAGRAPHS),
    )


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    html = tmp_path / "page.bak"
    html.write_text(article_html(), encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nSome notes.\n", encoding="utf-8")
    warc = tmp_path / "crawl.bin"
    write_warc(warc, gz=True)
    pages, errors = pages_and_errors([str(html), str(notes), str(warc)])
    assert [p.kind for p in pages] == ["html", "warc", "warc"]
    assert [str(e) for e in errors] == [f"{notes}: unsupported file type"]


# --- saved feeds ---------------------------------------------------------------------------------------
def saved_rss(full_entries: int = 1, teasers: int = 1) -> str:
    """A WordPress-like feed: full-text entries (content:encoded) and teaser-only ones."""
    items = []
    for i in range(full_entries):
        body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        body += "<script>window.__pwned=1</script><p>Source link</p>"
        items.append(
            f"<item><title>Late ferries stay, part {i + 1}</title>"
            f"<link>https://farm.example/ferries-{i + 1}/</link>"
            f"<pubDate>Tue, 04 Nov 2025 08:1{i}:00 +0000</pubDate><dc:creator>Tove Lind</dc:creator>"
            "<description>The harbour council of Port Elsen voted [&#8230;]</description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    items += [
        f"<item><title>Teaser {i + 1}</title><link>https://farm.example/teaser-{i + 1}/</link>"
        "<description>Only the first lines of this story are in the feed [&#8230;]</description></item>"
        for i in range(teasers)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Farm</title><link>https://farm.example/</link>{''.join(items)}</channel></rss>"
    )


def test_a_saved_feed_gives_its_full_text_entries_and_names_the_teasers(tmp_path: Path) -> None:
    feed = tmp_path / "farm.rss"
    feed.write_text(saved_rss(full_entries=2, teasers=3), encoding="utf-8")
    pages, errors = pages_and_errors([str(feed)])
    assert [(p.url, p.title, p.published, p.kind) for p in pages] == [
        ("https://farm.example/ferries-1/", "Late ferries stay, part 1", "2025-11-04T08:10:00+00:00", "feed"),
        ("https://farm.example/ferries-2/", "Late ferries stay, part 2", "2025-11-04T08:11:00+00:00", "feed"),
    ]
    assert pages[0].origin == f"{feed}#entry1"
    assert all("<script" not in (p.html or "") and PARAGRAPHS[1] in (p.html or "") for p in pages)
    assert [str(e) for e in errors] == [
        f"{feed}: 3 of 5 entries carry a summary only; skipped (ingest the feed's URL to fetch their pages)"]


def test_a_truncated_feed_is_called_malformed_not_a_feed_of_summaries(tmp_path: Path) -> None:
    full = saved_rss(full_entries=2, teasers=0)
    feed = tmp_path / "cut.rss"
    feed.write_text(full[: full.rindex("</p>]]>")], encoding="utf-8")  # ends inside the 2nd CDATA
    pages, [error] = pages_and_errors([str(feed)])
    assert [p.url for p in pages] == ["https://farm.example/ferries-1/"]
    assert str(error).startswith(f"{feed}: malformed feed (")
    assert "1 of 2 entries read" in error.reason and "summary" not in error.reason


def test_feed_entries_without_a_link_keep_the_feeds_site(tmp_path: Path) -> None:
    from newstrace.pipeline import Corpus

    paths = []
    for site in ("harbour-a.example", "harbour-b.example"):
        text = saved_rss(full_entries=1, teasers=0)
        text = text.replace("<link>https://farm.example/ferries-1/</link>", "")
        path = tmp_path / f"{site}.rss"
        path.write_text(text.replace("<link>https://farm.example/</link>", f"<link>https://{site}/</link>"),
                        encoding="utf-8")
        paths.append(str(path))
    with Corpus(tmp_path / "f.db") as c:
        report = c.ingest(paths)
        arts = sorted(c.store.iter_articles(), key=lambda a: a.site or "")
    assert report.stored == 2 and report.unchanged == 0
    assert [(a.url, a.site) for a in arts] == [(None, "harbour-a.example"), (None, "harbour-b.example")]


def test_a_feed_cannot_file_its_text_under_another_sites_address(site: Site) -> None:
    from newstrace.pipeline import Corpus

    victim = "https://courier-victim.example/ferries"
    site.routes["/feed"] = (200, "application/rss+xml", saved_rss(full_entries=1, teasers=0).replace(
        "https://farm.example/ferries-1/", victim).encode())
    with Corpus(":memory:") as c:
        report = c.ingest([f"{site.base}/feed"], allow_private=True)
        [art] = list(c.store.iter_articles())
    assert report.stored == 1
    assert (art.url, art.site) == (None, "127.0.0.1") and PARAGRAPHS[1] in art.text
    assert f"Feed link: {victim}" in art.trimmed


def test_an_atom_html_title_is_plain_text(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>'
        '<link href="https://courier.example/"/><entry>'
        '<title type="html">Port Elsen &lt;em&gt;keeps&lt;/em&gt; its late ferries &amp;amp; buses</title>'
        '<link rel="alternate" href="https://courier.example/ferries"/><updated>2025-11-03T18:00:00Z</updated>'
        '<content type="html">' + "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAGRAPHS)
        + "</content></entry></feed>"
    )
    feed = tmp_path / "courier.atom"
    feed.write_text(atom, encoding="utf-8")
    [page], _ = pages_and_errors([str(feed)])
    assert page.title == "Port Elsen keeps its late ferries & buses"


def test_a_feed_date_that_does_not_exist_is_no_date(tmp_path: Path) -> None:
    feed = tmp_path / "farm.rss"
    good = saved_rss(full_entries=2, teasers=0)
    feed.write_text(good.replace("Tue, 04 Nov 2025 08:11:00 +0000", "2025-13-45T25:61:00Z"), encoding="utf-8")
    pages, _ = pages_and_errors([str(feed)])
    # (feedparser rolled the second over to 2026-01-01)
    assert [p.published for p in pages] == ["2025-11-04T08:10:00+00:00", None]


def test_a_feed_saved_as_xml_is_sniffed_and_other_xml_in_a_folder_passed_over(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Courier</title>"
        '<entry><title>Port Elsen keeps its late ferries</title>'
        '<link rel="alternate" href="https://courier.example/ferries"/><updated>2025-11-03T18:00:00Z</updated>'
        '<author><name>Mara Quist</name></author><content type="html">'
        + "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in PARAGRAPHS)
        + "</content></entry></feed>"
    )
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "courier.xml").write_text(atom, encoding="utf-8")
    sitemap = '<?xml version="1.0"?><urlset><url><loc>https://courier.example/</loc></url></urlset>'
    (folder / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    pages, errors = pages_and_errors([str(folder)])
    assert errors == []
    assert [(p.url, p.published) for p in pages] == [
        ("https://courier.example/ferries", "2025-11-03T18:00:00+00:00")]
    broken = tmp_path / "broken.rss"
    broken.write_text("<rss><channel><title>x</title></channel", encoding="utf-8")
    pages, errors = pages_and_errors([str(broken), str(folder / "courier.xml")])
    assert len(pages) == 1 and len(errors) == 1 and str(errors[0]).startswith(f"{broken}: ")


def test_ingesting_a_saved_feed_stores_its_articles(tmp_path: Path) -> None:
    from newstrace.pipeline import Corpus

    feed = tmp_path / "farm.rss"
    feed.write_text(saved_rss(full_entries=1, teasers=2), encoding="utf-8")
    with Corpus(tmp_path / "f.db") as c:
        report = c.ingest([str(feed)])
        # the teasers are passed over on purpose: skipped, no failure (they were "failed 1")
        assert (report.stored, report.skipped, report.failed) == (1, 2, 0)
        assert c.ingest([str(feed)]).read == 0  # nothing failed: the feed is not read again
        [art] = list(c.store.iter_articles())
    assert (art.url, art.site, art.published, art.title) == (
        "https://farm.example/ferries-1/", "farm.example", "2025-11-04T08:10+00:00",
        "Late ferries stay, part 1")
    assert art.author == "Tove Lind" and PARAGRAPHS[1] in art.text
    assert "Source link" in art.trimmed and "__pwned" not in art.text


# --- URLs and feeds ------------------------------------------------------------------------------------
class Site:
    """A tiny web site on 127.0.0.1: path -> (status, content type, body); records user agents."""

    def __init__(self) -> None:
        #: path -> (status, content type, body) or (status, content type, body, extra headers)
        self.routes: dict[str, tuple[Any, ...]] = {}
        self.user_agents: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.user_agents.append(self.headers.get("User-Agent", ""))
                if self.path == "/slow":
                    self._drip()
                    return
                if self.path == "/slow-headers":
                    self._drip_headers()
                    return
                status, ctype, body, *extra = site.routes.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                if status in (301, 302):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _drip(self) -> None:
                """A page that arrives one byte every 0.2 s: each read is quick, the whole is not."""
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "50")
                self.end_headers()
                try:
                    for _ in range(50):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass

            def _drip_headers(self) -> None:
                """A status line and headers that arrive one byte every 0.2 s (a slowloris server)."""
                try:
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"x" * 100:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


def rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
        for n, (link, date) in enumerate(
            [
                (f"{base}/news/one.html", "Mon, 18 Mar 2024 08:00:00 GMT"),
                ("/news/two.html", "Tue, 19 Mar 2024 09:30:00 GMT"),
                (f"{base}/news/gone.html", "Wed, 20 Mar 2024 10:00:00 GMT"),
            ],
            1,
        )
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Courier</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    ).encode()


def test_feed_entries_are_fetched_as_pages(site: Site) -> None:
    site.routes["/feed"] = (200, "application/xml", rss(site.base))
    site.routes["/news/one.html"] = (200, "text/html; charset=utf-8", article_html("One").encode())
    site.routes["/news/two.html"] = (200, "text/html", article_html("Two").encode())
    pages, errors = pages_and_errors([f"{site.base}/feed"], allow_private=True)
    assert [(p.kind, p.url, p.published) for p in pages] == [
        ("feed", f"{site.base}/news/one.html", "2024-03-18T08:00:00+00:00"),  # the feed's times, in UTC
        ("feed", f"{site.base}/news/two.html", "2024-03-19T09:30:00+00:00"),
    ]
    assert all(p.fetched for p in pages)
    assert [str(e) for e in errors] == [f"{site.base}/news/gone.html: HTTP 404 Not Found"]
    assert set(site.user_agents) == {SETTINGS.user_agent}


def test_a_feed_entry_whose_page_is_out_of_reach_is_read_from_the_feed(site: Site) -> None:
    site.routes["/feed"] = (200, "application/rss+xml", saved_rss(full_entries=1, teasers=0).replace(
        "https://farm.example/ferries-1/", f"{site.base}/blocked").encode())
    site.routes["/blocked"] = (403, "text/html", b"Access denied")
    pages, errors = pages_and_errors([f"{site.base}/feed"], allow_private=True)
    assert errors == [] and [(p.url, p.origin, p.kind) for p in pages] == [
        (f"{site.base}/blocked", f"{site.base}/feed#entry1", "feed")]
    assert PARAGRAPHS[1] in (pages[0].html or "")


def test_feed_is_sniffed_when_served_as_text_html_and_capped(site: Site) -> None:
    site.routes["/feed"] = (200, "text/html", rss(site.base))
    site.routes["/news/one.html"] = (200, "text/html", article_html("One").encode())
    pages, errors = pages_and_errors([f"{site.base}/feed"], Settings(feed_max_items=1), allow_private=True)
    assert [p.url for p in pages] == [f"{site.base}/news/one.html"] and errors == []


def test_url_page_follows_redirects(site: Site) -> None:
    site.routes["/old"] = (301, "text/html", b"/new")
    site.routes["/new"] = (200, "text/html", article_html().encode())
    [page] = list(iter_pages([f"{site.base}/old"], SETTINGS, allow_private=True))
    assert isinstance(page, Page)
    assert (page.kind, page.origin, page.url) == ("url", f"{site.base}/old", f"{site.base}/new")


def test_url_body_over_the_cap_and_binary_bodies_are_refused(site: Site) -> None:
    site.routes["/big"] = (200, "text/html", article_html(paragraphs=PARAGRAPHS * 100).encode())
    site.routes["/doc.pdf"] = (200, "application/pdf", b"%PDF-1.7\n" + bytes(100))
    _, errors = pages_and_errors(
        [f"{site.base}/big", f"{site.base}/doc.pdf"], Settings(max_page_bytes=5000), allow_private=True
    )
    assert "larger than max_page_bytes" in errors[0].reason
    assert "PDF document" in errors[1].reason


def test_slow_drip_is_cut_off_by_the_total_timeout(site: Site) -> None:
    start = time.monotonic()
    _, [error] = pages_and_errors([f"{site.base}/slow"], Settings(fetch_timeout_s=1), allow_private=True)
    assert error.reason.startswith("timed out after 1 s")
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("coding", ["br", "gzip", "deflate"])
def test_a_compression_bomb_is_refused_without_inflating_it(site: Site, coding: str) -> None:
    """50 MB of zeros in ~50 KB (gzip) or ~40 bytes (br): the decoder stops at max_page_bytes (1 MB)
    and memory stays low, instead of inflating each network chunk whole before the cap applies."""
    import tracemalloc
    import zlib

    import brotli

    zeros = bytes(50_000_000)
    if coding == "br":
        body = brotli.compress(zeros, quality=1)
    else:
        body = gzip.compress(zeros, 1) if coding == "gzip" else zlib.compress(zeros, 1)
    del zeros
    site.routes["/bomb"] = (200, "text/html", body, {"Content-Encoding": coding})
    tracemalloc.start()
    try:
        _, [error] = pages_and_errors([f"{site.base}/bomb"], Settings(max_page_bytes=1_000_000),
                                      allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than max_page_bytes (1000000 bytes)" in error.reason
    assert peak < 10_000_000, peak


def test_content_decoder_keeps_a_split_magic_number_and_ignores_codings_that_name_none() -> None:
    from newstrace.sources.decode import ContentDecoder

    one, two = gzip.compress(b"A" * 10), gzip.compress(b"B" * 10)
    body = one + b"\x00" + two
    for cut in range(len(one) - 2, len(one) + 4):  # every split around the second member's start
        d = ContentDecoder("gzip", 1000)
        assert d.feed(body[:cut]) + d.feed(body[cut:]) + d.close() == b"A" * 10 + b"B" * 10, cut
    d = ContentDecoder("gzip", 1000)
    assert b"".join(d.feed(body[i : i + 1]) for i in range(len(body))) + d.close() == b"A" * 10 + b"B" * 10
    for bogus in ("none", "UTF-8", "identity, binary"):
        assert ContentDecoder(bogus, 1000).feed(b"<p>plain</p>") == b"<p>plain</p>"


def test_a_host_with_many_slow_addresses_gets_the_timeout_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import time

    import httpcore

    from newstrace.sources import web

    addresses = [f"93.184.216.{i}" for i in range(1, 6)]
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, **kw: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses])

    def slow_connect(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ANN001
        time.sleep(timeout or 0)
        raise httpcore.ConnectTimeout("timed out")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", slow_connect)
    fetcher = web.Fetcher(Settings(fetch_timeout_s=0.6))
    t0 = time.monotonic()
    with pytest.raises(SourceError):
        fetcher.fetch("http://many.example/a")
    assert time.monotonic() - t0 < 1.5  # five addresses at 0.6 s each would be 3 s


def test_compressed_pages_are_decoded_every_gzip_member_of_them(site: Site) -> None:
    import brotli

    html = article_html().encode()
    half = len(html) // 2
    site.routes["/br"] = (200, "text/html", brotli.compress(html), {"Content-Encoding": "br"})
    site.routes["/two-members"] = (200, "text/html", gzip.compress(html[:half]) + gzip.compress(html[half:]),
                                   {"Content-Encoding": "gzip"})
    site.routes["/bad"] = (200, "text/html", b"this is not gzip data at all", {"Content-Encoding": "gzip"})
    pages, errors = pages_and_errors([f"{site.base}/br", f"{site.base}/two-members", f"{site.base}/bad"],
                                     allow_private=True)
    assert [p.html for p in pages] == [html.decode(), html.decode()]
    assert [str(e) for e in errors] == [f"{site.base}/bad: cannot decode its gzip content encoding"]


def test_a_server_dripping_its_headers_is_cut_off_by_the_total_timeout(site: Site) -> None:
    start = time.monotonic()
    _, [error] = pages_and_errors([f"{site.base}/slow-headers"], Settings(fetch_timeout_s=1),
                                  allow_private=True)
    assert error.reason.startswith("timed out after 1 s")
    assert time.monotonic() - start < 4


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_addresses_are_refused_without_allow_private(site: Site, host: str) -> None:
    site.routes["/"] = (200, "text/html", article_html().encode())
    url = site.base.replace("127.0.0.1", host) + "/"
    _, [error] = pages_and_errors([url])
    assert error.origin == url
    assert "refused" in error.reason and "private" in error.reason and "--allow-private" in error.reason
    assert site.user_agents == []  # no request reached the server


def test_unreachable_url_is_an_error(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story"
    _, [error] = pages_and_errors([url], Settings(fetch_timeout_s=5), allow_private=True)
    assert error.origin == url and error.reason.startswith("unreachable")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2a00:1450:4001:81b::200e", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("100.64.0.1", False),
        ("not-an-ip", False),
        # IPv6 forms that carry an IPv4 address: the embedded address is judged
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34
        ("64:ff9b:1:a9fe:a9:fe00::", False),  # local-use NAT64 (/48) of 169.254.169.254
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("2002:a01:203::1", False),  # 6to4 of 10.1.2.3
        ("2002:5db8:d822::1", True),  # 6to4 of 93.184.216.34
        # refused outright: IPv4-compatible, SIIT and deprecated site-local addresses
        ("::7f00:1", False),
        ("::5db8:d822", False),
        ("::ffff:0:7f00:1", False),
        ("::ffff:0:5db8:d822", False),
        ("fec0::1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_a_record_site_of_dots_only_is_no_site() -> None:
    from newstrace.sources.jsonl import parse_line

    for given, kept in ((" .. ", None), (".", None), (" farm.example ", "farm.example")):
        page = parse_line(json.dumps({"site": given, "text": "Some words.", "url": "https://a.example/x"}).encode(),
                          "f.jsonl:1")
        assert isinstance(page, Page) and page.site == kept, given


def test_hostile_records_are_one_error_each_not_a_crash() -> None:
    from newstrace.sources.jsonl import parse_line

    deep = parse_line(b"[" * 100_000, "deep.jsonl:1")
    assert isinstance(deep, SourceError) and "nested too deeply" in str(deep)
    page = parse_line(json.dumps({"title": "Ferry \ud800 strike", "url": "https://a.example/\ud800",
                                  "text": "Words \ud800 here.", "site": 5}).encode(), "s.jsonl:1")
    assert isinstance(page, Page) and page.site is None
    for value in (page.title, page.url, page.text):
        assert value is not None
        value.encode("utf-8")  # storable: the lone surrogate is replaced


def test_a_folder_walk_passes_over_fifos_and_reads_odd_names(tmp_path: Path) -> None:
    import os

    from newstrace.pipeline import Corpus

    d = tmp_path / "mirror"
    d.mkdir()
    body = "<html><head><title>Ferry strike ends</title></head><body><article>" + "".join(
        f"<p>The ferry crews went back to work on day {i} after the strike ended in the port town.</p>"
        for i in range(8)) + "</article></body></html>"
    (d / "a.html").write_text(body, encoding="utf-8")
    os.mkfifo(d / "b.html")  # reading it would wait forever
    odd = Path(os.fsdecode(bytes(d) + b"/c\xff\xfe.html"))  # a name that is not UTF-8
    odd.write_text(body.replace("Ferry strike ends", "Ferry strike over").replace("crews", "sailors"),
                   encoding="utf-8")
    errors: list[str] = []
    with Corpus(tmp_path / "m.db") as c:
        rep = c.ingest([str(d)], on_error=errors.append)
        again = c.ingest([str(d)], on_error=errors.append)
    assert rep.stored == 2 and errors == []
    assert again.stored == 0 and again.read == 0  # both files recorded as read, the odd name too


def test_an_xhtml_page_without_extension_is_sniffed_as_html(tmp_path: Path) -> None:
    from newstrace.sources import sniff_kind

    page = tmp_path / "article.php?id=7"
    page.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
                    'Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi</p></body></html>',
                    encoding="utf-8")
    assert sniff_kind(page, Settings()) == "html"
    feed = tmp_path / "feed"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
                    encoding="utf-8")
    assert sniff_kind(feed, Settings()) == "feed"
