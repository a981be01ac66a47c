"""Text normalisation, paragraphs, sentences, tokens and content words. Pure functions.

Sentence splitting is rule based: it breaks after ``.``, ``!``, ``?`` (and a closing quote or
bracket that follows them) when the next word starts a new sentence (a capital, a digit, a quote, or
a letter of a script without case: Arabic, Hebrew ...), after ``。！？`` always, and never after a
known abbreviation or a single initial. Paragraph and line breaks always end a sentence. It keeps
character offsets so that later stages can point into the original text. A stop with no blank after
it ends a sentence too when a lower-case word comes before it and a capitalised one after it
("paid in full.The minister"): pages whose paragraphs were joined without a blank write that, web
addresses ("www.DearAbby.com") do not.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Quote characters folded to their plain form by ``fold``; used in comparisons, never for display.
_FOLD_TABLE = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2039": "'",
        "\u203a": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

OPEN_QUOTES = "\"'\u201c\u2018\u201e\u201a\u00ab\u00bb\u2039\u203a"
CLOSE_QUOTES = "\"'\u201d\u2019\u201c\u00bb\u00ab\u203a\u2039"

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen gov sen rep rev col lt sgt capt cmdr adm maj pres
    inc ltd co corp bros dept univ assn est approx vs etc no nos vol fig al ca cf
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    u.s u.k u.n e.u e.g i.e a.m p.m d.c n.y l.a
    bzw usw vgl ggf evtl inkl zzgl sra""".split()
)
"""Lower-cased words written with a full stop that ends no sentence (German short forms among them:
German capitalises nouns, so a capital after them starts no sentence)."""

_SCALE_ABBREVIATION_RE = re.compile(r"\d[\d.,]*\s?(?:Mio|Mrd|Tsd)$")
"""German scale words after a number ("2,5 Mrd. Dollar", "30 Mio. Euro"): no sentence end, while
Italian "mio" ("amico mio. Ora ...") ends one."""

_ORDINAL_DAY_RE = re.compile(r"(?<![\w.,])(?:am|vom|zum|bis|ab|den|dem|seit|bis zum|Am|Vom|Zum|Bis|Ab|Seit)"
                             r"\s+(?:0?[1-9]|[12]\d|3[01])$")
"""A German date's day, after the word that introduces it ("am 22. Mai", "bis zum 3. Juni"): English
writes the day after the month ("ended on June 30. September figures ..." ends a sentence)."""
_DE_MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember".split())
"""German month names: a day is an ordinal written with a full stop ("am 22. Mai"), which is no
sentence end before the capitalised month."""

# A small stop list: function words of the languages we see most. Content words are what remains.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself yourselves said says
    say told according would could may might must shall one two its it's also however since
    le la les de des du un une et en est pour que qui dans sur par pas au aux ce ces il elle ils
    der die das und ist nicht ein eine zu den dem mit von auf für sich des im dass
    el los las del y por con para una es se lo al como más
    и в не на что с по он как это из для к то о но""".split()
)

TITLE_SEPARATOR_RE = re.compile(r"\s+[—–|·-]\s+|\s+::\s+")
"""What parts a page title ("Headline | Site", "Headline — Outlet News"): a dash, bar or middle dot
with blanks around it, or " :: "."""
FOREIGN_CREDIT_WORDS = "источник|джерело|quelle|fuente|fonte|المصدر|źródło|bron|kaynak"
"""Words that open a credit of the source in other languages' copies ("Источник:", "Quelle:",
"Fuente:", "Fonte:", "المصدر:"; French uses "Source"), as a regex alternation: extraction keeps the
link after them, direction reads the credit line."""
PAGE_TITLE_MARK = "Page title: "
"""Prefix of the evidence line that keeps a page's own title among an article's trimmed lines when
the headline lost its last part (``extract``); ``outlets`` reads an outlet's name there."""
_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
MARKUP_RE = re.compile(r"<[^<>]*>")
"""An HTML or XML tag, to strip markup from a fragment (a feed's summary, a page's text for a
name). A tag never spans a "<", so a scan is linear even on a hostile "<<<<…" without any ">"."""
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks: no text has them, but a terminal obeys
them (``ESC ]0;`` retitles it) and FTS5 chokes on NUL. Extraction drops them; search ignores them."""
_NUMBER_RE = re.compile(r"\d(?:[\d,.]|[\u00a0\u202f\u2009](?=\d{3}(?!\d)))*\d|\d")
_PARA_SPLIT_RE = re.compile(r"\n\s*\n|\n")
_SENT_END_RE = re.compile(
    r"(?<![.!?…؟۔।])[.!?…؟۔।]+(?:[ \u00a0\u202f][\u201d\u00bb](?=\s))?"
    r"[\"'\u201d\u2019\u00bb\u203a)\]]*(?=\s+)"
    r"|(?P<cjk>[。！？]+[\u201d\u2019\u300d\u300f\uff09)]*)"
    r"|(?P<glued>(?<=[^\W\d_]{2}|\w\))[.!?][\"'\u201d\u2019\u00bb]?(?=[^\W\d_]{2}))"
)
"""A sentence end: a stop, question or exclamation mark (Latin, Arabic, Urdu, Devanagari) and the
closing quotes or brackets after it (a closing ” or » also after a blank: "city. ” Critics", as
scraped pages and French print it), before a blank; or a CJK full stop, question or exclamation
mark, which needs no blank after it ("。"). A run of marks is matched from its first ("?!!!"):
trying every mark of a long run as a start would take quadratic time on a hostile page."""
def is_cjk(ch: str) -> bool:
    """A Han, kana or hangul character (or a full-width form): scripts written without blanks between
    words, where a number or a quote mark stands right against a word ("有3.5亿人", "“…”他说")."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF


_QUOTATIVE = ("と", "って", "、", "，", ",")
"""What goes on after a Japanese quote's closing mark: the quotative particle ("」と述べた") or a comma."""
_CJK_RE = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")
"""Runs of Han characters and kana: Chinese and Japanese write words without spaces between them."""


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text with its character offsets into the string it came from."""

    start: int
    end: int
    text: str


def fold(text: str) -> str:
    """Unicode NFKC, plain quotes and dashes, single spaces. For comparison, not display."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)
    return " ".join(text.split())


def content_hash(text: str) -> str:
    """sha256 of the whitespace- and quote-folded text: equal for trivially different copies."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines/paragraphs with offsets."""
    out: list[Span] = []
    pos = 0
    for m in _PARA_SPLIT_RE.finditer(text + "\n"):
        chunk = text[pos : m.start()]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append(Span(pos + lead, pos + lead + len(stripped), stripped))
        pos = m.end()
    return out


_ABBREVIATION_TAIL_RE = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)\.?$")
_ABBREVIATION_WINDOW = 48
"""Only this many characters before a period are read: a search anchored at the end still tries
every start, so reading a whole sentence made each period cost its length (quadratic on a page of
"A. A. A. ..."); every abbreviation and initial is much shorter."""


def is_abbreviation(before: str) -> bool:
    """True when the text before a period ends in an abbreviation or an initial."""
    tail = before[-_ABBREVIATION_WINDOW:]
    m = _ABBREVIATION_TAIL_RE.search(tail)
    if not m or (m.start() == 0 and len(tail) < len(before)):
        return False  # none, or a run of letters and dots longer than the window: no abbreviation
    word = m.group(1).lower()
    if len(word) == 1:  # an initial: "J. Smith"
        return True
    return word in ABBREVIATIONS


_ADDRESS_RE = re.compile(r"www\.|://|@|\.[^\W\d_]+\.[a-z]{2}")
"""A web or mail address in a word: "www.", a scheme, an "@", a host name ("news.Example.com")."""


def _glued_end(p: str, stop: int, end: int) -> bool:
    """A sentence end with no blank after it ("paid in full.The minister said"): a lower-case word of
    two letters or more (or a closing bracket) before the mark, a capitalised word after it. Pages whose
    paragraphs were joined without a blank (JSON-LD ``articleBody``, feed summaries, some scrapers and
    machine translations) write it; "U.S.Army", "Ph.D", "RT.com" or "www.DearAbby.com" do not split."""
    before = p[stop - 1].islower() and p[stop - 2].islower() or p[stop - 1] == ")"
    if not (before and p[end].isupper() and p[end + 1].islower()):
        return False
    word = (p[max(0, stop - 80) : stop].split() or [""])[-1] + "." + p[end : end + 80].split(None, 1)[0]
    return not _ADDRESS_RE.search(word)


def sentences(text: str, *, glued: bool = True) -> list[Span]:
    """Split ``text`` into sentences with offsets (see module docstring for the rules); with
    ``glued=False``, only where a blank follows the mark (not at "paid.The", :func:`_glued_end`)."""
    out: list[Span] = []
    for para in paragraphs(text):
        p = para.text
        start = 0
        for m in _SENT_END_RE.finditer(p):
            end = m.end()
            nxt = p[end:].lstrip()
            if not nxt:
                continue
            first = nxt[0]
            if m.group("glued") and not (glued and _glued_end(p, m.start(), end)):
                continue
            if m.group("cjk") and m.group()[-1] in "\u300d\u300f\u201d" and nxt.startswith(_QUOTATIVE):
                continue  # 「…。」と述べた: the quote's cue goes on after the closing mark
            caseless = first.isalpha() and not first.islower()  # Arabic, Hebrew, CJK ... have no case
            if not (m.group("cjk") or caseless or first.isdigit() or first in OPEN_QUOTES
                    or first in "([-\u2014\u300c\u300e¿¡"):
                continue
            if p[m.start()] == "." and is_abbreviation(p[start : m.start()]):
                continue
            if m.group() == "." and _ORDINAL_DAY_RE.search(p, max(start, m.start() - 12), m.start()) \
                    and nxt.split(None, 1)[0].rstrip(".,;:").lower() in _DE_MONTHS:
                continue  # "am 22. Mai": a German date, no sentence end
            if p[m.start()] == "." and _SCALE_ABBREVIATION_RE.search(p, max(start, m.start() - 24),
                                                                     m.start()):
                continue  # "30 Mio. Euro"
            piece = p[start:end].strip()
            if piece:
                lead = len(p[start:end]) - len(p[start:end].lstrip())
                _add_sentence(out, para.start + start + lead, piece)
            start = end
        piece = p[start:].strip()
        if piece:
            lead = len(p[start:]) - len(p[start:].lstrip())
            _add_sentence(out, para.start + start + lead, piece)
    return out


MAX_SENTENCE_CHARS = 2000
"""A longer "sentence" (a list, a transcript or a hostile page without stops) is cut at the last
blank before every this many characters: comparing two sentences costs the product of their
lengths in words, so one run of 8,000 words against a copy took seconds and grew quadratically.
Prose never comes near it (1 sentence in 45,559 of the SemEval and Gedikli texts is longer)."""


_LAST_BLANK_RE = re.compile(r".*\s", re.DOTALL)


def cut_long(piece: str, limit: int) -> list[tuple[int, str]]:
    """``piece`` (stripped) in pieces of at most ``limit`` characters, each with its offset in
    ``piece``: cut at the last blank of each window (spaces, NBSP, tabs) when it lies in the window's
    second half, else at ``limit``; the blanks at a cut belong to no piece."""
    out: list[tuple[int, str]] = []
    at = 0
    while len(piece) - at > limit:
        m = _LAST_BLANK_RE.match(piece, at, at + limit)
        cut = m.end() - 1 if m and m.end() - 1 - at >= limit // 2 else at + limit
        out.append((at, piece[at:cut].rstrip()))
        at = cut
        while at < len(piece) and piece[at].isspace():
            at += 1
    if at < len(piece):
        out.append((at, piece[at:]))
    return out


def _add_sentence(out: list[Span], at: int, piece: str) -> None:
    for off, part in cut_long(piece, MAX_SENTENCE_CHARS):
        out.append(Span(at + off, at + off + len(part), part))


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; inner hyphens and apostrophes kept).

    Chinese and Japanese have no spaces between words: a run of Han characters or kana gives its
    overlapping character pairs ("国务院总理" -> "国务", "务院", "院总", "总理"; a lone character
    stays whole), the usual way to index CJK text without a dictionary, so that a copy that changes a
    few characters of a clause still shares most of its tokens with the source."""
    folded = fold(text)
    found = [w.lower().replace("’", "'") for w in _WORD_RE.findall(folded)]
    if folded.isascii() or not _CJK_RE.search(folded):
        return found
    out: list[str] = []
    for w in found:
        pos = 0
        for m in _CJK_RE.finditer(w):
            if m.start() > pos:
                out.append(w[pos : m.start()])
            run = m.group()
            out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
            pos = m.end()
        if pos < len(w):
            out.append(w[pos:])
    return out


CJK_CHAR_WEIGHT = 3
"""How many Latin-script characters one Han character or kana stands for in a length threshold: a
Chinese news sentence is about a third as long as its English translation."""


def text_length(text: str) -> int:
    """The length of ``text`` for length thresholds, its Han characters and kana counted
    ``CJK_CHAR_WEIGHT`` times: a 190-character Chinese report is as long as a 570-character
    English one, not too short to be an article."""
    cjk = sum(len(m) for m in _CJK_RE.findall(text))
    return len(text) + (CJK_CHAR_WEIGHT - 1) * cjk


def content_words(tokens: list[str]) -> list[str]:
    """Tokens that carry content: not stop words, and not single letters."""
    return [t for t in tokens if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


def _ascii_digit(m: re.Match[str]) -> str:
    ch = m.group()
    if ch == "\u066b":
        return "."
    if ch == "\u066c":
        return ","
    d = unicodedata.decimal(ch, None)
    return ch if d is None else str(d)


_OTHER_DIGIT_RE = re.compile(r"(?![0-9])\d|[\u066b\u066c]")


def numbers(text: str) -> list[str]:
    """Numbers as written, separators removed ("278,000" -> "278000"), in ASCII digits: Arabic-Indic,
    Persian or Devanagari digits ("١٢٠٠٠") give the number a translation into English writes
    ("12000"), so that the candidate search finds it by the numbers both share."""
    if not text.isascii():
        text = _OTHER_DIGIT_RE.sub(_ascii_digit, text)
    return [re.sub(r"[,\u00a0\u202f\u2009]", "", n).rstrip(".") for n in _NUMBER_RE.findall(text)]


_QUOTED_RE = re.compile(r'"[^"]*"?')


def strip_quoted(sentence: str) -> str:
    """The sentence with everything inside (double) quote marks removed: the reporter's words."""
    return _QUOTED_RE.sub(" ", fold(sentence))


def normalise_site(site: str | None) -> str | None:
    """A site name as newstrace stores and compares it: trimmed, lower case, without ``www.`` or a
    final dot, an internationalised domain in Unicode (``xn--zeitung-mnchen-osb.example`` ->
    ``zeitung-münchen.example``). One site is one row of a profile whatever form a record, a URL
    or a user gives ("WWW.RT.COM" is rt.com: it must not show up as a site copying rt.com)."""
    if not site:
        return site
    name = site.strip().rstrip(".").lower().removeprefix("www.")
    if "xn--" in name:
        labels = []
        for label in name.split("."):
            if label.startswith("xn--"):
                try:
                    label = label.encode("ascii").decode("idna")
                except (UnicodeError, ValueError):
                    pass  # not valid punycode: kept as written
            labels.append(label)
        name = ".".join(labels)
    return name or None
