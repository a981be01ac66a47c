"""Bytes to text: binary sniffing, compression, and robust character decoding.

``decode_text`` always returns a ``str`` for input that is text at all; ``sniff_binary`` says why
input is not text. Decoding order, first match wins:

1. a byte-order mark (UTF-8, UTF-16, UTF-32), or UTF-16 without one (alternating NUL bytes);
2. UTF-8, when the bytes are valid UTF-8 and hold non-ASCII characters (a legacy charset almost
   never yields valid multi-byte UTF-8 by chance, so this beats a wrong declaration);
3. the declared charset (HTTP/WARC header, then ``<meta charset>`` / ``http-equiv``), WHATWG
   labels mapped the way browsers map them (``iso-8859-1`` and ``ascii`` mean windows-1252);
4. mixed input (mostly UTF-8 with stray legacy bytes): UTF-8 with invalid bytes read as
   windows-1252;
5. charset detection (``charset_normalizer``); within the Latin single-byte family, windows-1252
   unless the detected charset reads with fewer stray symbols;
6. UTF-8 with replacement characters.

XML-incompatible control characters are removed from the result, so lxml never refuses it.
"""

from __future__ import annotations

import codecs
import re
import zlib
from typing import Any

import charset_normalizer

#: How many leading bytes are inspected to decide whether input is binary.
SNIFF_BYTES = 8192
#: Input whose sniffed bytes are more than this share control characters (other than tab, line
#: breaks, form feed and escape) is binary, not text.
MAX_CONTROL_SHARE = 0.05
#: How many leading bytes are searched for a ``<meta charset>`` declaration (browsers: 1024;
#: saved pages often carry long comments and scripts first).
META_SCAN_BYTES = 4096
#: Read size when decompressing gzip streams.
CHUNK_BYTES = 1 << 16

# Magic numbers of common binary formats, for a clear refusal message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"RIFF", "RIFF media file"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"\x00asm", "WebAssembly module"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG encoding labels that Python spells differently or that browsers widen.
_LABEL_MAP = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "utf8": "utf-8",
    "unicode": "utf-16-le",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
}

# Single-byte Latin charsets that detection confuses on short texts (see module docstring, step 5).
_LATIN_FAMILY = frozenset(
    {
        "cp1250",
        "cp1252",
        "latin_1",
        "iso8859_15",
        "iso8859_2",
        "mac_roman",
        "cp1254",
        "iso8859_9",
        "cp1257",
        "iso8859_13",
        "iso8859_4",
        "iso8859_3",
        "iso8859_16",
        "cp850",
        "cp437",
    }
)
# Non-ASCII symbols that are normal in Western text (so they are not counted as "stray").
_COMMON_SYMBOLS = frozenset("\u00a0«»‘’‚“”„–—…•·€£¥¢°©®™§¶±×÷¿¡ºª")

_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\ufffe\uffff]")
_VALID_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\r\f\x1b")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the offending bytes as windows-1252 (latin-1 where undefined)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", "") or bad.decode("latin-1"), err.end


codecs.register_error("newstrace-cp1252", _cp1252_fallback)


class CompressionError(ValueError):
    """A compressed stream is truncated, corrupt or larger than allowed (the message says which)."""


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip ``data`` (all members), refusing output larger than ``max_bytes``.

    Raises ``CompressionError`` with "truncated gzip stream", "corrupt gzip stream (...)" or
    "larger than N bytes when decompressed". Never allocates much more than ``max_bytes``.
    """
    out = bytearray()
    rest = data
    while rest:
        d = zlib.decompressobj(wbits=31)
        try:
            out += d.decompress(rest, max_bytes + 1 - len(out))
            while d.unconsumed_tail and len(out) <= max_bytes:
                out += d.decompress(d.unconsumed_tail, max_bytes + 1 - len(out))
        except zlib.error as e:
            if out and not rest.startswith(b"\x1f\x8b"):
                break  # trailing garbage after a complete member, as gzip(1) tolerates
            raise CompressionError(f"corrupt gzip stream ({e})") from None
        if len(out) > max_bytes:
            raise CompressionError(f"larger than {max_bytes} bytes when decompressed")
        if not d.eof:
            raise CompressionError("truncated gzip stream")
        rest = d.unused_data.lstrip(b"\x00")  # some writers pad with NUL bytes
    return bytes(out)


class BodyTooLarge(CompressionError):
    """Decoded content would exceed the size allowed."""


def content_codings() -> tuple[str, ...]:
    """The HTTP content codings ``ContentDecoder`` decodes within its bound (``br`` only with brotli)."""
    try:
        import brotli  # optional: installed with trafilatura's urllib3 extras
    except ImportError:
        return ("gzip", "deflate")
    if not hasattr(brotli.Decompressor(), "can_accept_more_data"):
        return ("gzip", "deflate")  # brotli < 1.2 cannot bound its output: br is not asked for
    return ("gzip", "deflate", "br")


class ContentDecoder:
    """Incremental decoder of an HTTP ``Content-Encoding`` whose output never exceeds ``max_bytes``.

    ``feed`` takes the raw (encoded) bytes as they arrive and returns what they decode to; every
    decompressor is asked for at most the bytes still allowed plus one, so a compression bomb (1 KB
    of brotli that inflates to gigabytes) costs at most ``max_bytes`` of memory before ``feed``
    raises ``BodyTooLarge``. Codings listed together (``gzip, br``) are undone in reverse order;
    every gzip member of a body is decoded (concatenated members are valid gzip), NUL padding and
    trailing non-gzip bytes after a complete member are ignored (as gzip(1) and browsers do).
    Codings it does not know are ignored; raises ``CompressionError`` for bytes that do not decode.
    """

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        known = content_codings() + ("x-gzip",)
        if "br" in codings and "br" not in known:
            raise CompressionError("br content encoding, and no brotli >= 1.2 to decode it within bounds")
        # a coding that names none ("none", "utf-8", "binary": misconfigured servers) is ignored, as
        # browsers and httpx do; a body that was encoded after all is then refused as binary
        self.codings = [c for c in codings if c in known]
        self.max_bytes = max_bytes
        self._stages = [_Stage(c, max_bytes) for c in reversed(self.codings)]
        self.size = 0

    def feed(self, data: bytes) -> bytes:
        for stage in self._stages:
            if not data:
                return b""
            data = stage.feed(data)
        self.size += len(data)
        if self.size > self.max_bytes:
            raise BodyTooLarge(f"larger than {self.max_bytes} bytes when decoded")
        return data

    def close(self) -> bytes:
        """What is left once the stream ended (a first stage holding back a byte or two)."""
        out = b""
        for i, stage in enumerate(self._stages):
            rest = stage.close()
            for later in self._stages[i + 1:]:
                rest = later.feed(rest) if rest else rest
            out += rest
        self.size += len(out)
        if self.size > self.max_bytes:
            raise BodyTooLarge(f"larger than {self.max_bytes} bytes when decoded")
        return out


def decompress(data: bytes, content_encoding: str | None, max_bytes: int) -> bytes:
    """``data`` decoded with ``ContentDecoder`` in one go (same errors)."""
    decoder = ContentDecoder(content_encoding, max_bytes)
    return decoder.feed(data) + decoder.close()


class _Stage:
    """One content coding of a ``ContentDecoder``."""

    def __init__(self, coding: str, max_bytes: int) -> None:
        self.coding = "gzip" if coding == "x-gzip" else coding
        self.max_bytes = max_bytes
        self.size = 0
        self.members = 0
        self._head = b""  # the first bytes, until there are two to tell the stream's format by
        self._zlib: Any = None
        self._brotli: Any = None
        self._done = False  # trailing bytes after a complete gzip/deflate stream are ignored
        self._hold = b""  # b"\x1f" at the end of a chunk: maybe the start of the next member

    def feed(self, data: bytes) -> bytes:
        if self.coding == "br":
            return self._feed_brotli(data)
        if self._hold:  # the first byte of a next member's magic number, held back
            data, self._hold = self._hold + data, b""
        if self._zlib is None and self.members == 0:
            self._head += data
            if len(self._head) < 2:
                return b""
            data, self._head = self._head, b""
        return self._feed_zlib(data)

    def close(self) -> bytes:
        if self._head:  # a body of one byte
            head, self._head = self._head, b""
            self.members = -1  # start a stream even on less than two bytes
            return self._feed_zlib(head)
        return b""

    def _room(self) -> int:
        return self.max_bytes + 1 - self.size

    def _count(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.max_bytes:
            raise BodyTooLarge(f"larger than {self.max_bytes} bytes when decoded")
        return out

    def _feed_zlib(self, data: bytes) -> bytes:
        out = bytearray()
        while data and not self._done:
            if self._zlib is None or self._zlib.eof:
                if self._zlib is not None or self.members > 0:
                    data = data.lstrip(b"\x00")  # some writers pad between gzip members
                    if not data:
                        break
                    if data == b"\x1f":  # a member's magic number split between two chunks
                        self._hold = data
                        break
                    if not data.startswith(b"\x1f\x8b"):
                        self._done = True  # trailing bytes after a complete stream
                        break
                self._zlib = zlib.decompressobj(wbits=_wbits(data, self.coding))
                self.members = max(self.members, 0) + 1
            try:
                out += self._count(self._zlib.decompress(data, self._room()))
            except zlib.error as e:
                raise CompressionError(f"corrupt {self.coding} stream ({e})") from None
            data = self._zlib.unused_data if self._zlib.eof else self._zlib.unconsumed_tail
        return bytes(out)

    def _feed_brotli(self, data: bytes) -> bytes:
        import brotli

        if self._brotli is None:
            self._brotli = brotli.Decompressor()
        d = self._brotli
        out = bytearray()
        try:
            out += self._count(d.process(data, output_buffer_limit=self._room()))
            while not d.can_accept_more_data():  # output held back by the limit: ask for it
                more = d.process(b"", output_buffer_limit=self._room())
                if not more:
                    break
                out += self._count(more)
        except brotli.error as e:
            raise CompressionError(f"corrupt br stream ({e})") from None
        return bytes(out)


def _wbits(head: bytes, coding: str) -> int:
    """zlib's window bits for a stream starting with ``head``: gzip, zlib or raw deflate (servers
    mix up the "gzip" and "deflate" codings and what "deflate" means)."""
    if head.startswith(b"\x1f\x8b"):
        return 31
    if len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0:
        return 15
    return -15


def sniff_binary(data: bytes) -> str | None:
    """Why ``data`` is not text (e.g. "binary file (PDF document)"), or None when it is text."""
    head = data[:SNIFF_BYTES]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not text"
    if _bom_encoding(head) or _utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    if head:
        controls = sum(1 for b in head if b in _CONTROL_BYTES)
        if controls / len(head) > MAX_CONTROL_SHARE:
            return "binary file (control characters), not text"
    return None


def normalize_label(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _LABEL_MAP.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first ``META_SCAN_BYTES`` bytes."""
    head = data[:META_SCAN_BYTES]
    m = _XML_DECL_RE.match(head) or _META_RE.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def decode_text(data: bytes, declared: str | None = None, *, html: bool = True) -> str:
    """Decode ``data`` following the order in the module docstring; never raises.

    ``declared`` is an out-of-band charset (HTTP ``Content-Type``). With ``html`` the document's
    own ``<meta charset>`` is consulted too.
    """
    bom = _bom_encoding(data)
    if bom:
        return _clean(data[bom[1] :].decode(bom[0], errors="replace"))
    utf16 = _utf16_without_bom(data[:SNIFF_BYTES])
    if utf16:
        return _clean(data.decode(utf16, errors="replace"))
    labels = [declared, declared_charset(data) if html else None]
    codecs_declared = [c for c in (normalize_label(x) for x in labels) if c]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and (not text.isascii() or not codecs_declared):
        return _clean(text)
    for codec in codecs_declared:
        if codec in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            continue  # a UTF-16 declaration in bytes that are not UTF-16 is a copy-paste error
        try:
            return _clean(data.decode(codec))
        except (UnicodeDecodeError, LookupError):
            continue
    if text is not None:
        return _clean(text)
    return _clean(_decode_undeclared(data))


def _decode_undeclared(data: bytes) -> str:
    """Steps 4-6 of the module docstring, for bytes that are not valid UTF-8."""
    valid_multibyte = len(_VALID_MULTIBYTE_RE.findall(data))
    invalid = _count_invalid_utf8(data)
    if valid_multibyte >= invalid:
        return data.decode("utf-8", errors="newstrace-cp1252")
    best = charset_normalizer.from_bytes(data).best()
    guess = normalize_label(best.encoding) if best is not None else None
    if guess is None:
        return data.decode("cp1252", errors="newstrace-cp1252")
    if guess in _LATIN_FAMILY and guess != "cp1252":
        western = data.decode("cp1252", errors="newstrace-cp1252")
        other = data.decode(guess, errors="replace")
        return other if _stray_symbols(other) < _stray_symbols(western) else western
    return data.decode(guess, errors="replace")


def _count_invalid_utf8(data: bytes) -> int:
    """How many invalid UTF-8 sequences ``data`` holds (one replacement character each)."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")


def _stray_symbols(text: str) -> int:
    """Non-ASCII characters that are neither letters nor common punctuation (mojibake signs)."""
    return sum(1 for ch in text if ord(ch) > 127 and not ch.isalpha() and ch not in _COMMON_SYMBOLS)


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when ``head`` looks like mostly-ASCII UTF-16 text, else None."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _clean(text: str) -> str:
    return _CONTROL_RE.sub("", text)
