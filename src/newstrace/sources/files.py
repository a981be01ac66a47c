"""Local files: walking folders, recognising file types, reading saved HTML pages and text files.

Guarantees: folders are walked recursively in sorted order (hidden entries skipped), so the same
folder always yields pages in the same order; every read is capped at ``Settings.max_page_bytes``
(after decompression); a file that cannot be read yields a ``SourceError`` naming it and the reason.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from ..errors import SourceError
from ..model import Page
from ..settings import Settings
from .decode import CompressionError, decode_text, gunzip, sniff_binary

#: File name endings (lower case) and the reader that handles them; ``.gz`` variants are gzip.
SUFFIX_KINDS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "text",
    ".rss": "feed",
    ".atom": "feed",
}
#: How many leading characters of a saved page are searched for the browser's "saved from" note.
SAVED_FROM_SCAN_CHARS = 4096

# Internet Explorer / Edge / Chrome ("Save page as"): <!-- saved from url=(0045)https://... -->
_SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
# SingleFile: <!-- Page saved with SingleFile \n url: https://... \n saved date: ... -->
_SINGLEFILE_RE = re.compile(r"<!--\s*Page saved with SingleFile\s+url:\s*(https?://[^\s>]+)", re.IGNORECASE)
_HTML_SNIFF_RE = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"  # XHTML starts with an XML prolog
    r"(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<p[\s>]|<div|<article)",
    re.IGNORECASE | re.DOTALL,
)


def file_kind(path: Path) -> str | None:
    """The reader for ``path`` by its name ("html", "warc", "jsonl", "text", "feed"), or None if unknown."""
    name = path.name.lower()
    name = name.removesuffix(".gz")
    return SUFFIX_KINDS.get(os.path.splitext(name)[1])


def is_gzip_name(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def walk(folder: Path) -> Iterator[Path | SourceError]:
    """Every regular file below ``folder``, depth first, sorted by name; hidden entries skipped,
    and so are FIFOs, sockets and devices (reading a FIFO would wait forever). A folder that
    cannot be listed raises ``SourceError`` naming it (as the caller's one error line)."""
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            try:
                if not stat.S_ISREG(path.stat().st_mode):
                    continue
            except OSError:
                pass  # a broken link: reading it gives the error line
            yield path
        while problems:
            e = problems.pop(0)
            yield SourceError(e.filename or str(folder), f"cannot list the folder: {e.strerror or e}")
    for e in problems:
        yield SourceError(e.filename or str(folder), f"cannot list the folder: {e.strerror or e}")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The content of ``path``, gunzipped when it is gzip data, at most ``max_bytes``.

    Gzip is recognised by its magic number, not the name: browsers and servers save both
    compressed ``.html`` files and already-decompressed ``.html.gz`` ones. Raises ``SourceError``.
    """
    origin = str(path)
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise SourceError(origin, f"cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise SourceError(origin, f"larger than max_page_bytes ({max_bytes} bytes)")
    if data.startswith(b"\x1f\x8b"):
        try:
            data = gunzip(data, max_bytes)
        except CompressionError as e:
            raise SourceError(origin, str(e)) from None
    elif not data and is_gzip_name(path):
        raise SourceError(origin, "empty file")
    return data


def text_bytes(path: Path, settings: Settings) -> bytes:
    """``read_bytes`` plus refusal of empty and binary content."""
    data = read_bytes(path, settings.max_page_bytes)
    if not data.strip():
        raise SourceError(str(path), "empty file")
    why = sniff_binary(data)
    if why:
        raise SourceError(str(path), why)
    return data


def read_html_file(path: Path, settings: Settings) -> Page:
    """A saved HTML page; ``url`` from the browser's "saved from" comment when present."""
    html = decode_text(text_bytes(path, settings), html=True)
    return Page(origin=str(path), url=saved_from(html), html=html, kind="html")


def read_text_file(path: Path, settings: Settings) -> Page:
    """A plain-text article: the first non-empty line is the title, the rest the text."""
    text = decode_text(text_bytes(path, settings), html=False)
    title, body = split_title(text)
    return Page(origin=str(path), title=title, text=body, kind="text")


def split_title(text: str) -> tuple[str, str]:
    """(first non-empty line, the rest stripped) of ``text``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            return line.strip(), "\n".join(lines[i + 1 :]).strip()
    return "", ""


def saved_from(html: str) -> str | None:
    """The URL a browser ("saved from url=") or SingleFile noted at the top of a saved page."""
    head = html[:SAVED_FROM_SCAN_CHARS]
    m = _SAVED_FROM_RE.search(head) or _SINGLEFILE_RE.search(head)
    return m.group(1) if m else None


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts (after comments and blanks) like an HTML document."""
    return bool(_HTML_SNIFF_RE.match(text[:SAVED_FROM_SCAN_CHARS]))
