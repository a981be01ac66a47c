"""The trace form's inputs -> an ``Article`` -> a ``Trace`` against the corpus (nothing is stored).

URLs are fetched only through ``newstrace.sources`` (which refuses private, loopback and
link-local addresses); uploads and pasted text are size-limited by the caller and extracted with
``newstrace.extract.extract_page`` like any ingested page.
"""

from __future__ import annotations

from ..errors import ExtractError, NewstraceError, SourceError
from ..model import PASTED_TEXT, Article, Page
from ..settings import Settings
from ..text import content_hash


class IntakeError(NewstraceError):
    """The form input cannot be traced; ``str(e)`` is shown to the user, ``status`` is the HTTP code."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def _extract(page: Page, settings: Settings) -> Article:
    try:
        from ..extract import extract_page
    except ImportError:
        raise IntakeError("extraction is not available in this installation", 503) from None
    try:
        return extract_page(page, settings)
    except ExtractError as e:
        raise IntakeError(f"no article found: {e.reason}", 422) from None


def from_text(text: str, settings: Settings) -> Article:
    """Pasted text: the first non-empty line is the title, the rest the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n", 1)
    title = lines[0].strip()
    body = lines[1].strip() if len(lines) > 1 else ""
    if not body:
        title, body = "", title
    if len(body.split()) < 5:
        raise IntakeError("the pasted text is too short to trace", 422)
    page = Page(origin=PASTED_TEXT, title=title or None, text=body, kind="text")
    try:
        art = _extract(page, settings)
    except IntakeError as e:
        if e.status != 503:
            raise
        # Without the extractor, pasted text needs no extraction: keep it as it is.
        art = Article(
            url=None,
            title=title or body[:80],
            text=body,
            origin=PASTED_TEXT,
            content_hash=content_hash(body),
        )
    return art


def from_html(data: bytes, filename: str, settings: Settings) -> Article:
    """An uploaded HTML page (bytes already size-checked)."""
    if not data.strip():
        raise IntakeError("the uploaded file is empty", 422)
    try:
        from ..sources.decode import CompressionError, decode_text, gunzip, sniff_binary
    except ImportError:
        html = data.decode("utf-8", errors="replace")
    else:
        if data.startswith(b"\x1f\x8b"):  # a saved .html.gz, as `ingest` reads them
            try:
                data = gunzip(data, settings.max_page_bytes)
            except CompressionError as e:
                raise IntakeError(f"the uploaded file is not readable gzip ({e})", 422) from None
        why = sniff_binary(data)
        if why:
            raise IntakeError(f"the uploaded file is not an HTML page ({why})", 422)
        html = decode_text(data, html=True)
    name = "".join(ch for ch in filename if ch.isprintable())[:200] or "upload.html"
    return _extract(Page(origin=f"upload:{name}", html=html, kind="html"), settings)


def is_http_url(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def from_url(url: str, settings: Settings) -> Article:
    """Fetch a public http(s) page and extract it (private addresses are refused by the fetcher)."""
    if not is_http_url(url):
        raise IntakeError("enter an http:// or https:// address", 422)
    try:
        from ..sources import iter_pages
    except ImportError:
        raise IntakeError("fetching URLs is not available in this installation", 503) from None
    for item in iter_pages([url], settings):
        if isinstance(item, SourceError):
            raise IntakeError(f"cannot fetch the page: {item.reason}", 422)
        return _extract(item, settings)
    raise IntakeError("the address returned no page", 422)
