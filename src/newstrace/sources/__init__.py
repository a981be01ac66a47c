"""Readers that turn inputs (paths, folders, URLs) into ``Page`` records.

``iter_pages`` is the one entry point. It never raises for a bad input: each input or record that
cannot be read becomes a ``SourceError`` *value* in the stream (its message names the file or
record and the reason), and the batch goes on.

===================================  ======================  ==========================================
input                                kind                    reader
===================================  ======================  ==========================================
``.html``, ``.htm``, ``.xhtml``      ``html``                ``files.read_html_file`` (``+ .gz``)
``.warc``, ``.warc.gz``              ``warc``                ``warc.read_warc``
``.jsonl``, ``.ndjson`` (``.gz``)    ``jsonl``               ``jsonl.read_jsonl`` (reuse format)
``.txt`` (``.gz``)                   ``text``                ``files.read_text_file`` (line 1 = title)
``.rss``, ``.atom``, feed ``.xml``   ``feed``                ``feed.read_feed_file`` (full-text entries)
``http://``, ``https://``            ``url`` / ``feed``      ``web.Fetcher``
===================================  ======================  ==========================================

Folders are walked recursively in sorted order; files with other extensions in them are skipped
silently (folders hold other things). A file named explicitly with an unknown extension is sniffed
(gzip, WARC, an RSS/Atom feed, HTML) and refused as "unsupported file type" when it is none of them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from ..errors import SourceError
from ..model import Page
from ..settings import Settings
from .decode import CHUNK_BYTES, decode_text, sniff_binary
from .feed import looks_like_feed, read_feed_file
from .files import file_kind, looks_like_html, read_html_file, read_text_file, walk
from .jsonl import read_jsonl
from .warc import read_warc
from .web import Fetcher, is_url

__all__ = ["is_url", "iter_pages"]


class FileLog(Protocol):
    """Lets a caller pass over local files it has already read (see ``Corpus.ingest``)."""

    def unchanged(self, path: Path) -> bool:
        """True to pass over ``path`` without reading it."""
        ...

    def done(self, path: Path) -> None:
        """Called once every page of ``path`` has been handed out (the consumer may still be
        extracting some of them)."""
        ...


def iter_pages(
    inputs: list[str], settings: Settings, *, allow_private: bool = False, file_log: FileLog | None = None
) -> Iterator[Page | SourceError]:
    """Pages of every input, in input order (folders sorted); failures as ``SourceError`` values.

    ``allow_private`` permits fetching from private, loopback and link-local addresses.
    ``file_log`` is asked before each local file is read, and told when all its pages are out.
    """
    fetcher: Fetcher | None = None
    try:
        for item in inputs:
            if is_url(item):
                if fetcher is None:
                    fetcher = Fetcher(settings, allow_private=allow_private)
                yield from fetcher.pages(item)
            else:
                yield from _path_pages(item, settings, file_log)
    finally:
        if fetcher is not None:
            fetcher.close()


def _file_pages(path: Path, kind: str, settings: Settings, file_log: FileLog | None
                ) -> Iterator[Page | SourceError]:
    if file_log is not None and file_log.unchanged(path):
        return
    yield from read_file(path, kind, settings)
    if file_log is not None:
        file_log.done(path)


def _path_pages(item: str, settings: Settings, file_log: FileLog | None = None
                ) -> Iterator[Page | SourceError]:
    path = Path(item)
    if path.is_dir():
        for file in walk(path):
            if isinstance(file, SourceError):
                yield file
                continue
            kind = file_kind(file)
            if kind is None:
                # a site mirror (wget -m) saves pages without an extension or as "x.php?id=3": read
                # what its first bytes show to be HTML or WARC; images, scripts and the rest are
                # not pages and are passed over without an error
                try:
                    kind = sniff_kind(file, settings)
                except SourceError:
                    continue
            yield from _file_pages(file, kind, settings, file_log)
        return
    if not path.exists():
        yield SourceError(item, "no such file or directory")
        return
    if not path.is_file():
        yield SourceError(item, "not a regular file")
        return
    kind = file_kind(path)
    if kind is None:
        try:
            kind = sniff_kind(path, settings)
        except SourceError as e:
            yield e
            return
    yield from _file_pages(path, kind, settings, file_log)


def read_file(path: Path, kind: str, settings: Settings) -> Iterator[Page | SourceError]:
    """The pages of one file read as ``kind`` ("html", "warc", "jsonl", "text", "feed")."""
    if kind == "warc":
        yield from read_warc(path, settings)
    elif kind == "feed":
        yield from read_feed_file(path, settings)
    elif kind == "jsonl":
        yield from read_jsonl(path, settings)
    else:
        try:
            yield read_html_file(path, settings) if kind == "html" else read_text_file(path, settings)
        except SourceError as e:
            yield e


def sniff_kind(path: Path, settings: Settings) -> str:
    """The reader for a file without a known extension, judged by its first bytes.

    Raises ``SourceError`` ("unsupported file type ...") when it is no WARC, feed, HTML or gzip of those.
    """
    origin = str(path)
    try:
        with path.open("rb") as f:
            head = f.read(CHUNK_BYTES)
    except OSError as e:
        raise SourceError(origin, f"cannot read: {e.strerror or e}") from None
    if not head.strip():
        raise SourceError(origin, "empty file")
    if head.startswith(b"\x1f\x8b"):
        inner = _gunzip_prefix(head)
        if inner.lstrip().startswith(b"WARC/"):
            return "warc"
        if not sniff_binary(inner):
            if looks_like_feed(inner):
                return "feed"
            if looks_like_html(decode_text(inner)):
                return "html"
        raise SourceError(origin, "unsupported file type (gzip data, neither WARC, a feed nor HTML)")
    if head.lstrip().startswith(b"WARC/"):
        return "warc"
    why = sniff_binary(head)
    if why:
        raise SourceError(origin, f"unsupported file type ({why})")
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(decode_text(head)):
        return "html"
    raise SourceError(origin, "unsupported file type")


def _gunzip_prefix(data: bytes) -> bytes:
    """The first bytes that a (possibly partial) gzip stream decompresses to."""
    try:
        return zlib.decompressobj(wbits=31).decompress(data, CHUNK_BYTES)
    except zlib.error:
        return b""
