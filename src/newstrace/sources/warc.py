"""WARC files (``.warc``, ``.warc.gz``) read with fastwarc.

Yields one ``Page`` (kind ``warc``) per HTML response record with status 200 or 203 (and per
HTML ``resource`` record), with ``url`` = ``WARC-Target-URI``, ``fetched`` = ``WARC-Date`` and
``origin`` = ``file.warc.gz#offset`` (the record's offset in the file, compressed for ``.gz``).

HTTP headers are parsed here (LF-only line ends too). A record is HTML by its media type, or, when
it has none or a generic one (``application/octet-stream``, ``text/plain``) or no HTTP headers at
all (a crawler that stored the payload alone), when its payload sniffs as HTML, as for URLs.
Records of other media types (images, scripts) are no pages and passed over; responses whose
payload cannot be interpreted (no HTTP headers and no HTML) are counted in one error line.

HTTP bodies are decoded here rather than by fastwarc (whose combined chunked + gzip decoding loses
its place in the stream): chunked transfer encoding, then ``gzip``/``deflate``/``br`` content
encoding. A body whose headers claim an encoding it does not have (crawlers often store the
decoded body and keep the header) is used as stored.

Truncation: fastwarc stops silently at a cut file, so after the last record the reader checks
that the file really ends there (for ``.gz``: that every remaining gzip member is complete). A
truncated file yields the records read so far, then one ``SourceError`` "truncated WARC".
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from ..errors import SourceError
from ..model import Page
from ..settings import Settings
from .decode import CHUNK_BYTES, BodyTooLarge, CompressionError, decode_text, decompress, sniff_binary
from .files import looks_like_html

#: Media types read as HTML pages; other records (images, scripts, PDFs) are skipped silently.
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Bytes read to find the end of a record's WARC header when checking for truncation.
MAX_WARC_HEADER_BYTES = 1 << 16

_CONTENT_LENGTH_RE = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*(\d+)")


def read_warc(path: Path, settings: Settings) -> Iterator[Page | SourceError]:
    """Pages of the HTML records of one WARC file; errors are yielded, never raised.

    A corrupt stretch (a damaged gzip member, garbage between records, a broken record header) is
    one error line, and reading goes on at the next record after it that starts cleanly.
    """
    origin = str(path)
    problem = _sniff_warc(path)
    if problem:
        yield SourceError(origin, problem)
        return
    unreadable: list[int] = []
    yield from _records(path, origin, settings, unreadable)
    if unreadable:
        yield SourceError(
            origin,
            f"{len(unreadable)} response record{'s' if len(unreadable) > 1 else ''} passed over: no"
            f" readable HTTP headers and no HTML (first at offset {unreadable[0]})",
        )


def _records(path: Path, origin: str, settings: Settings, unreadable: list[int]
             ) -> Iterator[Page | SourceError]:
    start: int | None = 0
    while start is not None:
        last_pos: int | None = None
        incomplete = False
        failure: str | None = None
        try:
            # An open stream, not a path: fastwarc then detects compression from the content rather
            # than from the file name.
            with path.open("rb") as stream:
                stream.seek(start)
                records = ArchiveIterator(
                    stream, record_types=WarcRecordType.any_type, parse_http=False, auto_decode="none"
                )
                for record in records:
                    last_pos = record.stream_pos
                    item = _record_page(record, origin, settings)
                    if item is _INCOMPLETE:
                        incomplete = True
                        break
                    if item is _UNREADABLE:
                        unreadable.append(record.stream_pos)
                    elif item is not None:
                        yield item  # type: ignore[misc]
        except (OSError, ValueError) as e:
            failure = str(e)
        read_from = last_pos if last_pos is not None else start
        # after a failure only the member after the last record read matters: walking on would name
        # a later corrupt member and skip the good records before it without a word
        state, bad_at = ("truncated", read_from) if incomplete else \
            _tail_state(path, read_from, members=2 if failure else None)
        where = f" after offset {last_pos}" if last_pos is not None else ""
        if state == "truncated":
            if last_pos in unreadable:
                unreadable.remove(last_pos)  # (that record's trouble is this line's)
            yield SourceError(origin, f"truncated WARC (the file ends inside a record{where})")
            return
        if not failure and state == "clean":
            return
        if state == "clean" and failure and _is_gzip(path):
            state = "corrupt"  # the member after the last record read decompresses, but holds no record
        if state == "corrupt":
            where = f" at offset {bad_at}"
        reason = failure or "unreadable record"
        if bad_at in unreadable:
            unreadable.remove(bad_at)  # (that record's trouble is this line's)
        start = _next_record_start(path, read_from, bad_at)
        then = f"; read on from the next record at offset {start}" if start is not None else ""
        yield SourceError(origin, f"corrupt WARC{where} ({reason}){then}")


_INCOMPLETE = object()


def _record_page(record: WarcRecord, origin: str, settings: Settings) -> Page | SourceError | object | None:
    """A Page, a SourceError, ``_INCOMPLETE`` (body cut short), ``_UNREADABLE`` (a response that has
    no HTTP header block and is no HTML either) or None (a record that is no page)."""
    if record.record_type not in (WarcRecordType.response, WarcRecordType.resource):
        return None
    target = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>")
    # an error names the record by its offset and its address (printable, clipped: from a crawl)
    shown = "".join(ch for ch in target[:200] if ch.isprintable())
    where = f"{origin}#{record.stream_pos}" + (f" ({shown})" if shown else "")
    head = record.reader.read(MAX_HTTP_HEADER_BYTES)
    headers: dict[str, str] = {}
    offset = 0
    http = None
    if record.record_type == WarcRecordType.response:
        http = _parse_http(head)
        if http is not None:
            status, headers, offset = http
            if status not in OK_STATUSES:
                return None
        elif head.startswith(b"HTTP/"):
            return _UNREADABLE  # a status line, but no header block that ends
        # else: a crawler that stored the payload without its HTTP headers; sniffed below
        media = _media_type(headers.get("content-type"))
    else:
        media = _media_type(record.headers.get("Content-Type"))
    declared = media in HTML_MEDIA_TYPES
    # what a response without HTTP headers is when it is no HTML: a payload not interpreted
    no_page = _UNREADABLE if record.record_type == WarcRecordType.response and http is None else None
    if not declared and media not in SNIFFED_MEDIA_TYPES:
        return None  # images, scripts, style sheets, feeds, PDFs: no pages
    cap = settings.max_page_bytes
    if record.content_length > cap:
        if declared or looks_like_html(decode_text(head[offset:], html=True)):
            return SourceError(where, f"record larger than max_page_bytes ({cap} bytes)")
        return no_page
    raw = head + record.reader.read()
    if len(raw) < record.content_length:
        return _INCOMPLETE
    try:
        body = decode_http_body(
            raw[offset:], headers.get("transfer-encoding"), headers.get("content-encoding"), cap
        )
    except BodyTooLarge:
        return SourceError(where, f"larger than max_page_bytes ({cap} bytes) when decoded")
    if not body.strip():
        return SourceError(where, "empty response body") if declared else no_page
    why = sniff_binary(body)
    if why:
        return SourceError(where, why) if declared else no_page
    text = decode_text(body, _charset(headers.get("content-type")), html=True)
    if not declared and not looks_like_html(text):
        return no_page  # no media type, or a generic one (octet-stream, text/plain), over no HTML
    url = target or None
    if url is not None and not url[:8].lower().startswith(("http://", "https://")):
        url = None  # "dns:host", "/relative/path": no article's address
    return Page(
        origin=f"{origin}#{record.stream_pos}",
        url=url,
        html=text,
        fetched=record.headers.get("WARC-Date"),
        kind="warc",
    )


_UNREADABLE = object()
#: HTTP statuses whose body is the page asked for (203: the same, from a transforming proxy).
OK_STATUSES = frozenset({200, 203})
#: Media types, besides HTML's, whose payload is sniffed for HTML (servers and crawlers label pages
#: with them, or with none).
SNIFFED_MEDIA_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "text/plain",
                                 "application/unknown", "unknown/unknown", "application/x-unknown"})
#: Leading bytes of a response record searched for the end of its HTTP header block.
MAX_HTTP_HEADER_BYTES = 1 << 16

_HTTP_STATUS_RE = re.compile(rb"HTTP/\d(?:\.\d)?[ \t]+(\d{3})\b")
_HEADER_END_RE = re.compile(rb"\r?\n\r?\n")
_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _parse_http(head: bytes) -> tuple[int, dict[str, str], int] | None:
    """Status, headers (lower-case names, first of repeated ones) and body offset of an HTTP
    response's first bytes; tolerant of LF-only line ends. None when there is no status line or no
    end of the header block within ``head``."""
    m = _HTTP_STATUS_RE.match(head)
    end = _HEADER_END_RE.search(head)
    if m is None or end is None:
        return None
    headers: dict[str, str] = {}
    for line in head[: end.start()].split(b"\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep and name.strip():
            headers.setdefault(name.strip().decode("latin-1").lower(), value.strip().decode("latin-1"))
    return int(m.group(1)), headers, end.end()


def _charset(content_type: str | None) -> str | None:
    m = _CHARSET_RE.search(content_type or "")
    return m.group(1) if m else None


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def decode_http_body(
    raw: bytes, transfer_encoding: str | None, content_encoding: str | None, max_bytes: int
) -> bytes:
    """Undo chunked transfer encoding and gzip/deflate/br content encoding where they apply.

    Raises ``decode.BodyTooLarge`` when the decoded body exceeds ``max_bytes``; an encoding that does
    not decode leaves the bytes as they are.
    """
    body = raw
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        body = dechunk(body) or body
    try:
        return decompress(body, content_encoding, max_bytes)
    except BodyTooLarge:
        raise
    except CompressionError:
        return body


def dechunk(data: bytes) -> bytes | None:
    """The payload of an HTTP/1.1 chunked body, or None when ``data`` is not (complete) chunked."""
    out = bytearray()
    pos = 0
    while True:
        eol = data.find(b"\n", pos)
        if eol < 0:
            return None
        size_field = data[pos:eol].split(b";")[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            return None
        pos = eol + 1
        if size == 0:
            return bytes(out)
        if pos + size > len(data):
            return None
        out += data[pos : pos + size]
        pos += size
        if data.startswith(b"\r\n", pos):
            pos += 2
        elif data.startswith(b"\n", pos):
            pos += 1


def _sniff_warc(path: Path) -> str | None:
    """Why ``path`` cannot be a WARC file (unreadable, empty, not WARC), or None."""
    try:
        with path.open("rb") as f:
            head = f.read(CHUNK_BYTES)
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if not head:
        return "empty file"
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error as e:
            return f"corrupt gzip stream ({e})"
        if not head:
            return "truncated gzip stream"
    head = head.lstrip(b"\r\n")
    if b"WARC/".startswith(head):
        return "truncated WARC (the file ends inside the first record)"
    if not head.startswith(b"WARC/"):
        return "not a WARC file (no WARC/1.x header)"
    return None


def _tail_state(path: Path, last_pos: int, members: int | None = None) -> tuple[str, int]:
    """How the file ends after the record at ``last_pos`` — "clean", "truncated" or "corrupt" —
    and the offset where the trouble starts."""
    with path.open("rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
        f.seek(last_pos)
        if gz:
            return _gzip_tail(f, members)
        head = f.read(MAX_WARC_HEADER_BYTES)
        end_of_header = head.find(b"\r\n\r\n")
        if end_of_header < 0:
            return ("truncated" if len(head) < MAX_WARC_HEADER_BYTES else "corrupt"), last_pos
        m = _CONTENT_LENGTH_RE.search(head[:end_of_header])
        if not m:
            return "corrupt", last_pos  # a record header without its length
        end = last_pos + end_of_header + 4 + int(m.group(1))
        f.seek(0, 2)
        if f.tell() < end:
            return "truncated", last_pos
        f.seek(end)
        raw = f.read(MAX_WARC_HEADER_BYTES)
        rest = raw.lstrip(b"\r\n")
        if not rest:
            return "clean", end
        return ("truncated" if b"\r\n\r\n" not in rest else "corrupt"), end + len(raw) - len(rest)


def _gzip_tail(f: BinaryIO, members: int | None = None) -> tuple[str, int]:
    """How the gzip members from the file's current position to its end are: "clean" (all
    complete), "truncated" (the last one cut short) or "corrupt" (one does not decompress), with
    the offset of the member concerned. With ``members``, only that many are walked; "clean" then
    names the last of them."""
    d: zlib._Decompress | None = None
    pending = b""
    pos = f.tell()  # file offset of pending[0]
    member = pos
    walked = 0
    while True:
        if not pending:
            pending = f.read(CHUNK_BYTES)
            if not pending:
                return ("clean" if d is None or d.eof else "truncated"), member
        if d is None or d.eof:
            stripped = pending.lstrip(b"\x00")  # some writers pad between members
            pos += len(pending) - len(stripped)
            pending = stripped
            if not pending:
                continue
            if members is not None and walked == members:
                return "clean", member
            member, walked = pos, walked + 1
            d = zlib.decompressobj(wbits=31)
        try:
            d.decompress(pending, CHUNK_BYTES)  # the output is not needed, only where members end
        except zlib.error:
            return "corrupt", member
        rest = d.unused_data if d.eof else d.unconsumed_tail
        pos += len(pending) - len(rest)
        pending = rest


def _next_record_start(path: Path, last_pos: int, bad_at: int) -> int | None:
    """Offset of the first record that starts cleanly after the trouble: for ``.gz``, a gzip member
    after the bad one (``bad_at``) that decompresses to ``WARC/``; else a ``WARC/1.x`` line followed
    by a record header, after the last record read (``last_pos``: a record whose length lies
    reaches into the next one, which is then read again from its own start)."""
    with path.open("rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
        marker = b"\x1f\x8b\x08" if gz else b"WARC/1."
        # Never from inside the payload of a record whose length held (the trouble starts after
        # it): a page's own text may hold what looks like a WARC record, and must not be read as one.
        pos = max(bad_at, last_pos) + 1 if gz else (bad_at if bad_at > last_pos else last_pos + 1)
        while True:
            f.seek(pos)
            block = f.read(CHUNK_BYTES + len(marker))
            if len(block) < len(marker):
                return None
            i = block.find(marker)
            if i < 0 or i >= CHUNK_BYTES:
                pos += CHUNK_BYTES
                continue
            at = pos + i
            f.seek(at)
            head = f.read(MAX_WARC_HEADER_BYTES)
            if gz:
                try:
                    head = zlib.decompressobj(wbits=31).decompress(head, 4096)
                except zlib.error:
                    head = b""
                ok = head.lstrip(b"\r\n").startswith(b"WARC/")
            else:
                eoh = head.find(b"\r\n\r\n")
                ok = (at == 0 or _preceded_by_newline(f, at)) and eoh > 0 \
                    and _CONTENT_LENGTH_RE.search(head[:eoh]) is not None
            if ok:
                return at
            pos = at + 1


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _preceded_by_newline(f: BinaryIO, at: int) -> bool:
    f.seek(at - 1)
    return f.read(1) == b"\n"
