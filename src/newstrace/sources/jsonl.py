"""JSON Lines in the reuse format (``../shared/data/README.md``): one article per line.

Read fields: ``url``, ``site``, ``title``, ``text`` (or ``html``), ``published``, ``lang``. Every
other field, the evaluation labels ``relation``, ``source_url`` and ``cluster`` included, is
ignored: nothing downstream may see a label. A bad line yields a ``SourceError`` naming
``file:LINE`` and the reason, and reading goes on with the next line. ``.jsonl.gz`` is read as
a gzip stream; a truncated one yields the lines before the cut, then "truncated gzip stream".
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from ..errors import SourceError
from ..model import Page
from ..settings import Settings

#: The record fields copied onto a Page (besides ``text``/``html``).
RECORD_FIELDS = ("url", "site", "title", "published", "lang")


def read_jsonl(path: Path, settings: Settings) -> Iterator[Page | SourceError]:
    """Pages (kind ``jsonl``) of one reuse-format file; errors are yielded, never raised."""
    origin = str(path)
    try:
        raw = cast(IO[bytes], gzip.open(path, "rb") if _is_gzip(path) else path.open("rb"))  # noqa: SIM115 - closed below
    except OSError as e:
        yield SourceError(origin, f"cannot read: {e.strerror or e}")
        return
    cap = settings.max_page_bytes
    with raw:
        lineno = 0
        records = 0
        try:
            while True:
                line = raw.readline(cap + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > cap and not line.endswith(b"\n"):
                    yield SourceError(f"{origin}:{lineno}", f"line longer than max_page_bytes ({cap} bytes)")
                    _skip_rest_of_line(raw, cap)
                    continue
                if line.strip():
                    records += 1
                    yield parse_line(line, f"{origin}:{lineno}")
        except EOFError:
            yield SourceError(origin, f"truncated gzip stream (after line {lineno})")
            return
        except (OSError, zlib.error) as e:
            yield SourceError(origin, f"corrupt gzip stream ({e})")
            return
        if not records:  # said like an empty page is: not "no files found"
            yield SourceError(origin, "empty file" if not lineno else "no records (blank lines only)")


_JSON_TYPES = {int: "number", float: "number", bool: "boolean", list: "array", dict: "object"}


def parse_line(line: bytes, where: str) -> Page | SourceError:
    """One record as a Page, or a SourceError saying why the line is not one."""
    try:
        rec = json.loads(line.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n"))
    except UnicodeDecodeError:
        return SourceError(where, "not valid UTF-8")
    except json.JSONDecodeError as e:
        # "Unterminated string starting at": the column follows the message's own "at"
        return SourceError(where, f"invalid JSON ({e.msg.removesuffix(' at')} at column {e.colno})")
    except RecursionError:
        return SourceError(where, "invalid JSON (nested too deeply)")
    if not isinstance(rec, dict):
        return SourceError(where, f"expected a JSON object, got {type(rec).__name__}")
    fields = record_fields(rec)
    if not fields["text"] and not fields["html"]:
        odd = [f"{k} is a JSON {_JSON_TYPES.get(type(rec[k]), type(rec[k]).__name__)}, not a string"
               for k in ("text", "html") if rec.get(k) is not None and not isinstance(rec[k], str)]
        return SourceError(where, f"missing text/html ({'; '.join(odd)})" if odd else "missing text/html")
    return Page(origin=where, kind="jsonl", **fields)


def page_record(page: Page) -> dict[str, Any]:
    """The record fields of a Page that :func:`parse_line` read (what the link engines extract)."""
    return {k: getattr(page, k) for k in (*RECORD_FIELDS, "text", "html")}


def record_fields(rec: dict[str, Any]) -> dict[str, str | None]:
    """The fields of a reuse-format record that a Page takes (``RECORD_FIELDS``, ``text``,
    ``html``; ``html`` only when there is no text): strings only (a number or a null is no
    value), lone surrogates (valid JSON, not valid text) replaced, a site of dots only dropped
    (``/site/..`` is no link). Both ``ingest`` and ``link FILE.jsonl`` read records through it."""
    fields = {k: _opt_str(rec.get(k)) for k in (*RECORD_FIELDS, "text", "html")}
    if fields["text"]:
        fields["html"] = None
    if fields["site"] is not None:
        site = fields["site"].strip()
        fields["site"] = site if site.strip(".") else None
    return fields


def _opt_str(value: Any) -> str | None:
    """``value`` when it is a non-empty string, else None (numbers and nulls are not text)."""
    if not (isinstance(value, str) and value.strip()):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


def _is_gzip(path: Path) -> bool:
    if not path.is_file():  # a pipe (/dev/stdin) cannot be sniffed and reopened: read as text
        return False
    with path.open("rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _skip_rest_of_line(raw: IO[bytes], chunk: int) -> None:
    while True:
        part = raw.readline(chunk)
        if not part or part.endswith(b"\n"):
            return
