"""WARC files (``.warc``, ``.warc.gz``) read with fastwarc.

Yields one ``Page`` (kind ``warc``) per HTML response record with status 200 (and per HTML
``resource`` record), with ``url`` = ``WARC-Target-URI``, ``fetched`` = ``WARC-Date`` and
``origin`` = ``file.warc.gz#offset`` (the record's offset in the file, compressed for ``.gz``).

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

#: Media types read as HTML pages; other records (images, scripts, PDFs) are skipped silently.
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Bytes read to find the end of a record's WARC header when checking for truncation.
MAX_WARC_HEADER_BYTES = 1 << 16

_CONTENT_LENGTH_RE = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*(\d+)")


class _BodyTooLarge(ValueError):
    pass


def read_warc(path: Path, settings: Settings) -> Iterator[Page | SourceError]:
    """Pages of the HTML records of one WARC file; errors are yielded, never raised."""
    origin = str(path)
    problem = _sniff_warc(path)
    if problem:
        yield SourceError(origin, problem)
        return
    last_pos: int | None = None
    incomplete = False
    failure: str | None = None
    try:
        # An open stream, not a path: fastwarc then detects compression from the content rather
        # than from the file name.
        with path.open("rb") as stream:
            records = ArchiveIterator(
                stream, record_types=WarcRecordType.any_type, parse_http=True, auto_decode="none"
            )
            for record in records:
                last_pos = record.stream_pos
                item = _record_page(record, origin, settings)
                if item is _INCOMPLETE:
                    incomplete = True
                    break
                if item is not None:
                    yield item  # type: ignore[misc]
    except (OSError, ValueError) as e:
        failure = str(e)
    state = "truncated" if incomplete else _tail_state(path, last_pos)
    if state == "truncated":
        where = f" after offset {last_pos}" if last_pos is not None else ""
        yield SourceError(origin, f"truncated WARC (the file ends inside a record{where})")
    elif failure or state == "corrupt":
        where = f" after offset {last_pos}" if last_pos is not None else ""
        yield SourceError(origin, f"corrupt WARC{where} ({failure or 'unreadable record'})")


_INCOMPLETE = object()


def _record_page(record: WarcRecord, origin: str, settings: Settings) -> Page | SourceError | object | None:
    """A Page, a SourceError, ``_INCOMPLETE`` (body cut short) or None (record not wanted)."""
    where = f"{origin}#{record.stream_pos}"
    if record.record_type not in (WarcRecordType.response, WarcRecordType.resource):
        return None
    if record.record_type == WarcRecordType.response:
        if not record.is_http_parsed or record.http_headers is None:
            return None  # a response without parseable HTTP headers (or a cut one: see _ends_cleanly)
        if record.http_headers.status_code != 200:
            return None
        media = _media_type(record.http_content_type)
        headers = record.http_headers
    else:
        media = _media_type(record.headers.get("Content-Type"))
        headers = None
    if media not in HTML_MEDIA_TYPES:
        return None
    cap = settings.max_page_bytes
    if record.content_length > cap:
        return SourceError(where, f"record larger than max_page_bytes ({cap} bytes)")
    raw = record.reader.read()
    if len(raw) < record.content_length:
        return _INCOMPLETE
    try:
        body = decode_http_body(
            raw,
            headers.get("Transfer-Encoding") if headers else None,
            headers.get("Content-Encoding") if headers else None,
            cap,
        )
    except _BodyTooLarge:
        return SourceError(where, f"larger than max_page_bytes ({cap} bytes) when decoded")
    if not body.strip():
        return SourceError(where, "empty response body")
    why = sniff_binary(body)
    if why:
        return SourceError(where, why)
    charset = record.http_charset if headers is not None else None
    url = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    return Page(
        origin=where,
        url=url,
        html=decode_text(body, charset, html=True),
        fetched=record.headers.get("WARC-Date"),
        kind="warc",
    )


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def decode_http_body(
    raw: bytes, transfer_encoding: str | None, content_encoding: str | None, max_bytes: int
) -> bytes:
    """Undo chunked transfer encoding and gzip/deflate/br content encoding where they apply.

    Raises ``_BodyTooLarge`` when the decoded body exceeds ``max_bytes``; an encoding that does not
    decode leaves the bytes as they are.
    """
    body = raw
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        body = dechunk(body) or body
    try:
        return decompress(body, content_encoding, max_bytes)
    except BodyTooLarge:
        raise _BodyTooLarge from None
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


def _tail_state(path: Path, last_pos: int | None) -> str:
    """ "clean", "truncated" or "corrupt": how the file ends after the record at ``last_pos``."""
    with path.open("rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
        f.seek(last_pos or 0)
        if gz:
            try:
                return "clean" if _gzip_members_complete(f) else "truncated"
            except zlib.error:
                return "corrupt"
        if last_pos is not None:
            end = _record_end(f.read(MAX_WARC_HEADER_BYTES), last_pos)
            if end is None:
                return "truncated"
            f.seek(0, 2)
            if f.tell() < end:
                return "truncated"
            f.seek(end)
        rest = f.read(MAX_WARC_HEADER_BYTES).lstrip(b"\r\n")
        if not rest:
            return "clean"
        return "truncated" if b"\r\n\r\n" not in rest else "corrupt"


def _record_end(head: bytes, pos: int) -> int | None:
    """File offset where the record whose bytes start with ``head`` ends (None: header cut)."""
    end_of_header = head.find(b"\r\n\r\n")
    if end_of_header < 0:
        return None
    m = _CONTENT_LENGTH_RE.search(head[:end_of_header])
    if not m:
        return None
    return pos + end_of_header + 4 + int(m.group(1))


def _gzip_members_complete(f: BinaryIO) -> bool:
    """True when the gzip members from the file's current position to its end are all complete."""
    d: zlib._Decompress | None = None
    pending = b""
    while True:
        if not pending:
            pending = f.read(CHUNK_BYTES)
            if not pending:
                return d is None or d.eof
        if d is None or d.eof:
            pending = pending.lstrip(b"\x00")  # some writers pad between members
            if not pending:
                continue
            d = zlib.decompressobj(wbits=31)
        try:
            d.decompress(pending, CHUNK_BYTES)  # the output is not needed, only where members end
        except zlib.error:
            return False
        pending = d.unused_data if d.eof else d.unconsumed_tail
