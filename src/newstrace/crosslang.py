"""What a translation changed: numbers compared across languages.

:func:`newstrace.quotes.fidelity` compares words, so it cannot judge a translation: every quote is
in other words. Numbers are the exception. A translation keeps "14 drones" as "14 дронов" and "$2.5
billion" as "2,5 milliards de dollars", so a laundering network that turns 14 drones into 41 while
translating can be caught by reading the digits of each translated sentence pair in both languages.

:func:`translated_number_changes` does that for the sentence pairs of a translation's alignment
(:func:`newstrace.align.align_translation`). Only numbers written in digits count, with the scale
word that follows them in either language ("22 тысячи" is 22,000; "2,5 Mrd." is 2.5e9; French and
German "billion" is 1e12); their decimal and thousands separators are read the way the sentence's
language writes them. Spelled-out numbers ("fourteen", "quatorze") are no evidence either way. Dates
and clock times are left out (their formats differ by language: "24.02.2022", "10h30").

A change is reported only as a substitution: a number of the source sentence missing from the
translated sentence while the translated sentence has a number the source sentence lacks, and neither
number occurs anywhere in the other article (a sentence split or a misaligned pair then moves it
elsewhere, which is no change). A number dropped or added alone is a translator's choice, not a
change. Never raises.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from .model import Alignment, Alteration, NumberMention, PairKind
from .quotes import _COMMA_DECIMAL, _close_note, _fmt_value, _parse_number
from .settings import Settings
from .text import is_cjk

__all__ = ["cjk_number_changes", "neutral_numbers", "translated_number_changes"]


_THOUSAND, _MILLION, _BILLION, _TRILLION = 1e3, 1e6, 1e9, 1e12

_SCALES: dict[str, float] = {
    # en
    "thousand": _THOUSAND, "k": _THOUSAND, "million": _MILLION, "millions": _MILLION, "m": _MILLION,
    "mn": _MILLION, "mln": _MILLION, "bn": _BILLION, "trillion": _TRILLION, "trn": _TRILLION,
    "tn": _TRILLION,
    # fr / de / es / it / pt / nl
    "mille": _THOUSAND, "mila": _THOUSAND, "mil": _THOUSAND, "tausend": _THOUSAND, "tsd": _THOUSAND,
    "duizend": _THOUSAND,
    "millionen": _MILLION, "mio": _MILLION, "millón": _MILLION,
    "millones": _MILLION, "milione": _MILLION, "milioni": _MILLION, "milhão": _MILLION,
    "milhões": _MILLION, "miljoen": _MILLION,
    "milliard": _BILLION, "milliards": _BILLION, "milliarde": _BILLION, "milliarden": _BILLION,
    "mrd": _BILLION, "md": _BILLION, "mds": _BILLION, "miliardo": _BILLION, "miliardi": _BILLION,
    "mld": _BILLION, "miljard": _BILLION, "bilhão": _BILLION, "bilhões": _BILLION,
    "billón": _TRILLION, "billones": _TRILLION, "billionen": _TRILLION, "bilião": _TRILLION,
    "biliões": _TRILLION,
    # ru / uk / pl / cs
    "тыс": _THOUSAND, "тысяча": _THOUSAND, "тысячи": _THOUSAND, "тысяч": _THOUSAND,
    "тисяч": _THOUSAND, "тисячі": _THOUSAND, "tys": _THOUSAND, "tysiąc": _THOUSAND,
    "tysiące": _THOUSAND, "tysięcy": _THOUSAND, "tisíc": _THOUSAND,
    "млн": _MILLION, "миллион": _MILLION, "миллиона": _MILLION, "миллионов": _MILLION,
    "мільйон": _MILLION, "мільйона": _MILLION, "мільйонів": _MILLION, "milion": _MILLION,
    "miliony": _MILLION, "milionów": _MILLION, "milionu": _MILLION, "milionů": _MILLION,
    "млрд": _BILLION, "миллиард": _BILLION, "миллиарда": _BILLION, "миллиардов": _BILLION,
    "мільярд": _BILLION, "мільярда": _BILLION, "мільярдів": _BILLION, "miliard": _BILLION,
    "miliardy": _BILLION, "miliardów": _BILLION, "miliardu": _BILLION, "трлн": _TRILLION,
    "триллион": _TRILLION, "триллиона": _TRILLION, "триллионов": _TRILLION,
    "bilion": _TRILLION, "biliony": _TRILLION, "bilionów": _TRILLION,
    # tr / ar
    "bin": _THOUSAND, "milyon": _MILLION, "milyar": _BILLION, "trilyon": _TRILLION,
    "ألف": _THOUSAND, "آلاف": _THOUSAND, "الف": _THOUSAND, "مليون": _MILLION, "ملايين": _MILLION,
    "مليار": _BILLION, "مليارات": _BILLION, "بليون": _BILLION, "تريليون": _TRILLION,
}
"""Scale words after a number, lower-cased, a final full stop dropped ("Mrd." -> "mrd")."""

_LONG_SCALE_BILLION = frozenset({"fr", "de", "es", "it", "pt", "nl", "pl", "cs", "sv", "da", "no", "fi"})
"""Languages where "billion" ("Billion", "bilion") means 1e12 (in English and Brazilian press 1e9 is
"billion"/"bilhão"; "bilhão" is listed at 1e9)."""

_CJK_SCALES = {"十": 10.0, "百": 100.0, "千": _THOUSAND, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8,
               "兆": _TRILLION, "천": _THOUSAND, "만": 1e4, "억": 1e8, "조": _TRILLION}
"""Chinese, Japanese and Korean scale characters; a run of them multiplies ("万亿" 1e12, "千万" 1e7)."""

_DATE_TIME = (
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # 2022-02-24
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"  # 24.02.2022, 24/02/22
    r"|\b\d{1,2}(?::\s?|h)\d{2}\b"  # 10:30, 10h30
    r"|\b\d{1,2}(?:[.:]\d{2})?\s*(?:Uhr|h|heures?|час\w*|ч\.?|godz\.?|a\.\s?m\.|p\.\s?m\.|am|pm)(?!\w)"
    r"|\b(?:godz\.?|ore|um)\s*\d{1,2}(?:[.:]\d{2})?\b"  # um 10.30, ore 14
    r"|\d{1,4}\s*(?:年|月|日|号|號|时|時|点|點|分)"  # 2月24日, 14时
)
"""Dates and clock times, in any language: their formats differ ("24.02.2022", "10h30", "2 p.m." for
"14 heures"), so their numbers are no quantities to compare."""
_DATE_TIME_RE = re.compile(_DATE_TIME, re.IGNORECASE)
_DATE_TIME_COMMA_RE = re.compile(
    _DATE_TIME + r"|\b\d{1,2}\.\d{1,2}\.(?!\d)"  # 24.02. (day and month)
    r"|\b(?:[01]?\d|2[0-3])\.[0-5]\d\b",  # 14.00: a decimal comma language writes no 14.00
    re.IGNORECASE)
"""The same, in a language that writes decimals with a comma: a stop between digits is a date or a
time there, while "rose to 7.5." in English is a decimal."""

_NUMBER_RE = re.compile(
    r"(?<![\d.,:/+\-\u2010-\u2015_])"
    r"(?P<num>(?>\d{1,3}(?:(?:[,.'’]|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?))(?![\d.,:/]\d)"
    r"(?P<after>[^\W\d_]*)"  # letters glued to the digits: "5m", "90er", "1990s", "3,5亿"
)
"""A number in digits (grouped by commas, stops, apostrophes or spaces), then any letters glued to it.
Not after digits, joiners or a plus sign ("COVID-19", the 3 of "1/3", "+7 495"), nor before more
digits ("2021/22" is no "202"): the digits are taken whole (an atomic group); after a letter only
when that is a CJK character (:func:`_glued`). A blank as thousands separator only where the
language writes one (:func:`_numbers`: not in English, "on May 5 300 people")."""

_GLUED_SCALES = frozenset({"k", "m", "mn", "bn", "tn", "trn"})
"""Scale abbreviations written against the digits ("$5m", "5bn"); apart, "5 m" is five metres."""

_CODE_RE = re.compile(r"-\d{3}|-\d{2}-\d{2}")
"""After a number, a hyphen and three more digits, or two pairs: a telephone number ("186-1111",
"123-45-67"), not a range ("10-15")."""

_SCALE_AFTER_RE = re.compile(
    r"[ \u00a0\u202f]?(?P<w>[^\W\d_]+)(?P<dot>\.)?(?:[ \u00a0\u202f](?P<w2>[^\W\d_]+))?")


def _glued(norm: str, i: int) -> bool:
    """The character before offset ``i`` is a letter that makes the number part of a word ("G7")."""
    return i > 0 and norm[i - 1].isalpha() and not is_cjk(norm[i - 1])


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (Arabic-Indic, Devanagari, full-width ...) as an ASCII digit,
    and the Arabic decimal and thousands separators as "." and ",": the same length, so offsets hold."""
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            d = unicodedata.decimal(ch, None)
            out.append(str(d) if d is not None else ch)
        elif ch == "\u066b":
            out.append(".")
        elif ch == "\u066c":
            out.append(",")
        else:
            out.append(ch)
    return "".join(out)


_ONLY_IN = {"bin": "tr", "mil": "es pt", "mila": "it", "md": "fr", "mds": "fr"}
"""Scale words that are other words elsewhere (English "bin", "mil"), read only in these languages."""


def _scale(word: str, lang: str) -> float | None:
    w = word.lower()
    if w in _ONLY_IN and lang not in _ONLY_IN[w].split():
        return None
    if w in ("billion", "billions", "bilion"):
        return _TRILLION if lang in _LONG_SCALE_BILLION else _BILLION
    return _SCALES.get(w)


@dataclass(frozen=True, slots=True)
class _Num:
    mention: NumberMention
    readings: frozenset[float]  # the value, and the other reading of "2,000" / "2.000"
    percent: bool = False  # "45 %", "45 Prozent"
    scaled: bool = False  # with a scale word: "2,5 Mrd.", "3.5亿"


_PERCENT_RE = re.compile(
    r"\s?(?:%|％|٪|per ?cent|pour ?cent|prozent|por ?ciento|per ?cento|por ?cento|procent|proc\b|"
    r"процент|відсот|yüzde|بالمئة|في المئة)", re.IGNORECASE)


_AMBIGUOUS_RE = re.compile(r"\d{1,3}[.,]\d{3}")
"""One separator before three digits: a thousands separator in one convention, a decimal point in the
other ("2,000" in a Spanish text machine-translated from English)."""


def neutral_numbers(text: str, lang: str | None) -> list[NumberMention]:
    """The numbers of ``text`` written in digits, with the scale word after them, as values that do
    not depend on the language ("2,5 Mrd." in German -> 2.5e9; "22 тысячи" -> 22,000; "3,5亿" ->
    3.5e8), kind ``number``, no unit. Dates, clock times, numbers glued to letters ("1990s", "G7",
    "90er") and fractions are left out. ``text[n.start:n.end] == n.text``. Never raises."""
    return [n.mention for n in _numbers(text, lang)]


def _numbers(text: str, lang: str | None) -> list[_Num]:
    if not isinstance(text, str) or not text:
        return []
    lg = (lang or "en").lower()[:2]
    norm = _ascii_digits(text)
    dates = _DATE_TIME_COMMA_RE if lg in _COMMA_DECIMAL else _DATE_TIME_RE
    norm = dates.sub(lambda m: " " * len(m.group()), norm)
    out: list[_Num] = []
    taken = 0  # the end of the last number read: "1万2000" is one number, its "2000" no second one
    for m in _NUMBER_RE.finditer(norm):
        if m.start() < taken:
            continue
        if _glued(norm, m.start()) or (lg in _NO_BLANK_GROUPS and " " in m.group("num")):
            continue  # "G7"; "on May 5 300 people" is no 5,300 in English
        raw = m.group("num").replace("'", "").replace("’", "")
        if _CODE_RE.match(norm, m.end("num")) or (len(raw) > 1 and raw[0] == "0" and raw[1].isdigit()):
            continue  # a telephone number or a code ("07231 186-1111"), not a quantity
        value = _parse_number(raw, lg)
        if value is None:
            continue
        values = {value}
        if _AMBIGUOUS_RE.fullmatch(raw):
            other = _parse_number(raw, "en" if lg in _COMMA_DECIMAL else "de")
            values |= {other} if other is not None else set()
        scale, end, extra = 1.0, m.end("num"), 0.0
        after = m.group("after")
        if after:
            run = 0
            while run < len(after) and after[run] in _CJK_SCALES:
                scale *= _CJK_SCALES[after[run]]  # "万亿" is 1e12, "千万" 1e7
                run += 1
            if run:
                end += run
                # "1万2000" (12,000), "3亿5000万" (350 million): smaller units written after a scale
                while (more := _NUMBER_RE.match(norm, end)) is not None and more.start() == end:
                    smaller = _parse_number(more.group("num").replace(",", ""), "en")
                    tail = more.group("after")
                    sub, k = 1.0, 0
                    while k < len(tail) and tail[k] in _CJK_SCALES:
                        sub *= _CJK_SCALES[tail[k]]
                        k += 1
                    if smaller is None or smaller * sub >= scale:
                        break
                    extra += smaller * sub  # added after scaling: "12万3456" is 123456, not 123455.99…
                    end = more.end("num") + k
            elif after.lower() in _GLUED_SCALES and (sc := _scale(after, lg)) is not None:
                scale, end = sc, end + len(after)  # "$5m", "5bn"
            elif not is_cjk(after[0]):
                continue  # "1990s", "90er", "24th": not a plain number
        else:
            nxt = _SCALE_AFTER_RE.match(norm, end)
            if nxt is not None and nxt.group("w"):
                w = nxt.group("w").lower()
                if w == "mil" and (nxt.group("w2") or "").lower().startswith(_MILLIONS):
                    scale, end = _BILLION, nxt.end("w2")  # "2.500 mil millones", "2,5 mil milhões"
                elif (sc := _scale(w, lg)) is not None and (len(w) > 1 or nxt.group("dot") is None):
                    if not (w in ("m", "k", "bn", "mn", "tn") and nxt.start("w") > end):
                        scale = sc  # "22 тысячи", "2,5 Mrd.", but not "5 m" (metres)
                        abbrev = nxt.group("dot") and len(w) <= 4  # "Mrd.", "тыс.", not a full stop
                        end = nxt.end("dot") if abbrev else nxt.end("w")
        start, taken = m.start("num"), end
        mention = NumberMention(text[start:end], start, end, value * scale + extra, None, "number")
        out.append(_Num(mention, frozenset(_key(v * scale + extra) for v in values),
                        percent=_PERCENT_RE.match(norm, end) is not None, scaled=scale != 1.0))
    return out


_MILLIONS = ("millon", "millón", "milhõ", "milho")
"""What follows "mil" in "mil millones" / "mil milhões": thousands of millions."""

_NO_BLANK_GROUPS = frozenset({"en", "zh", "ja", "ko"})
"""Languages that never group thousands with a plain blank (a no-break or thin space still counts)."""

_DIGITS_RE = re.compile(r"\d+")


def _anywhere(text: str, lang: str | None) -> set[float]:
    """Every value ``text`` may hold: its numbers' readings, and every run of digits as written (in a
    date, a time, glued to a word): the guard that a number "missing" from a sentence is nowhere."""
    found = {v for n in _numbers(text, lang) for v in n.readings}
    found.update(float(d) for d in _DIGITS_RE.findall(_ascii_digits(text)) if len(d) <= 15)
    return found


def _key(value: float) -> float:
    return float(f"{value:.6g}")


def translated_number_changes(alignment: Alignment | None, source_text: str, copy_text: str,
                              source_lang: str | None, copy_lang: str | None,
                              settings: Settings | None = None) -> list[Alteration]:
    """``number_changed`` records for the translated sentence pairs of ``alignment`` (see the module
    docstring for what counts). ``source_text``/``copy_text`` are the two whole articles: a number
    found anywhere in the other one is no change. ``detail`` gives both values and says it was read
    across languages; ``note`` is "rounded" when the translation rounded the number (as for copies in
    one language). Never raises."""
    if alignment is None:
        return []
    cfg = settings or Settings()
    try:
        return _changes(alignment, source_text, copy_text, source_lang, copy_lang, cfg)
    except Exception:  # noqa: BLE001 - fidelity never breaks a trace
        return []


_MAX_RATIO = 10.0
"""A number and the one in its place differ by at most this factor, unless both carry a scale word
("2 million" -> "2 billion" is a change; "3 of 4 races" -> "75 %" only a reworded sentence)."""


def _ratio(a: _Num, b: _Num) -> float:
    x, y = abs(a.mention.value or 0.0), abs(b.mention.value or 0.0)
    if x == 0.0 or y == 0.0:
        return math.inf if x != y else 1.0
    return max(x, y) / min(x, y)


def _paired(s_left: list[_Num], c_left: list[_Num]) -> list[tuple[_Num, _Num]]:
    """Each leftover source number with the closest leftover number of the translation (a translation
    may reorder them: "5 ... 30" -> "31 ... 6" is 5 -> 6 and 30 -> 31), both percentages or neither,
    within ``_MAX_RATIO`` of each other unless both are scaled. Numbers without a compatible partner
    are left out: a spelled-out number and an unrelated one are no substitution."""
    out = []
    free = list(c_left)
    for a in s_left:
        fits = [b for b in free if b.percent == a.percent
                and (_ratio(a, b) <= _MAX_RATIO or (a.scaled and b.scaled))]
        if fits:
            b = min(fits, key=lambda x: _ratio(a, x))
            free.remove(b)
            out.append((a, b))
    return out


def _changes(alignment: Alignment, source_text: str, copy_text: str, source_lang: str | None,
             copy_lang: str | None, cfg: Settings) -> list[Alteration]:
    in_source, in_copy = _anywhere(source_text, source_lang), _anywhere(copy_text, copy_lang)
    out: list[Alteration] = []
    seen: set[tuple[float, float]] = set()
    for p in alignment.pairs:
        if p.kind is not PairKind.TRANSLATED or not p.source or not p.copy:
            continue
        out += _pair_changes(p.source, p.copy, source_lang, copy_lang, (in_source, in_copy), seen, cfg,
                             " (read across languages)")
    return out


def cjk_number_changes(pairs: list[tuple[str, str]], source_text: str, copy_text: str, lang: str,
                       settings: Settings | None = None) -> list[Alteration]:
    """``number_changed`` records for aligned sentence pairs of a Chinese, Japanese or Korean copy and
    its source, which write numbers inside words ("共有412名"), where the word-based reading of
    :func:`newstrace.quotes.extract_numbers` finds none: the same substitution rule as for a
    translation. Never raises."""
    cfg = settings or Settings()
    try:
        in_source, in_copy = _anywhere(source_text, lang), _anywhere(copy_text, lang)
        out: list[Alteration] = []
        seen: set[tuple[float, float]] = set()
        for stext, ctext in pairs:
            if stext != ctext:
                out += _pair_changes(stext, ctext, lang, lang, (in_source, in_copy), seen, cfg, "")
        return out
    except Exception:  # noqa: BLE001 - fidelity never breaks a trace
        return []


def _pair_changes(stext: str, ctext: str, source_lang: str | None, copy_lang: str | None,
                  anywhere: tuple[set[float], set[float]], seen: set[tuple[float, float]], cfg: Settings,
                  suffix: str) -> list[Alteration]:
    """The substitutions of one sentence pair (see the module docstring); ``anywhere``: every value of
    the source and of the copy (:func:`_anywhere`); ``seen`` pairs of values already reported."""
    in_source, in_copy = anywhere
    sn, cn = _numbers(stext, source_lang), _numbers(ctext, copy_lang)
    s_vals = {v for n in sn for v in n.readings}
    c_vals = {v for n in cn for v in n.readings}
    # unmatched in the pair, and nowhere in the other article (a split sentence, a loose pair)
    s_left = [n for n in sn if not n.readings & c_vals and not n.readings & in_copy]
    c_left = [n for n in cn if not n.readings & s_vals and not n.readings & in_source]
    if not s_left or len(s_left) != len(c_left):
        return []
    out = []
    for a, b in _paired(s_left, c_left):
        pair = (min(a.readings), min(b.readings))
        if pair in seen:
            continue
        seen.add(pair)
        x, y = a.mention, b.mention
        out.append(Alteration("number_changed", x.text, y.text, [["replace", x.text, y.text]],
                              detail=f"{_fmt_value(x)} -> {_fmt_value(y)}{suffix}",
                              note=_close_note(x, y, cfg)))
    return out
