"""Numbers compared across languages: a translation that changes a number is flagged."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.crosslang import neutral_numbers
from newstrace.crosslang import translated_number_changes as changes
from newstrace.model import AlignedPair, Alignment, PairKind
from newstrace.pipeline import Corpus

ROWS = [json.loads(ln) for ln in (Path(__file__).parent / "data" / "translations.jsonl")
        .read_text(encoding="utf-8").splitlines()]


def values(text: str, lang: str) -> list[float]:
    return [n.value for n in neutral_numbers(text, lang) if n.value is not None]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "The fund holds $2.5 billion for 1,200 troops.", [2.5e9, 1200]),
    ("de", "Der Fonds hält 2,5 Mrd. Dollar für 1.200 Soldaten.", [2.5e9, 1200]),
    ("de", "Die Schulden liegen bei 3 Billionen Euro.", [3e12]),
    ("fr", "Quelque 12 000 personnes et 2,5 milliards d'euros, 45 % des voix.", [12000, 2.5e9, 45]),
    ("es", "Unos 2.500 millones de euros para 5 mil personas.", [2.5e9, 5000]),
    ("ru", "Около 22 тысяч человек, 14 дронов и 3,5 млн рублей.", [22000, 14, 3.5e6]),
    ("ar", "قتل ١٤ شخصا ونزح 22 ألف", [14, 22000]),
    ("zh", "共有3.5亿人，1200名士兵", [3.5e8, 1200]),
    ("en", "$5m and 5bn, but not 5 m tall nor 5 bin bags", [5e6, 5e9, 5, 5]),
])
def test_numbers_are_read_with_their_language_separators_and_scale_words(
        lang: str, text: str, expected: list[float]) -> None:
    assert values(text, lang) == pytest.approx(expected)


def test_dates_times_and_numbers_inside_words_are_left_out() -> None:
    # the formats of dates and clock times differ by language; "G7", "COVID-19", "1990s", "90er" and
    # the parts of a fraction are no quantities to compare
    assert values("Am 24.02.2022 um 10.30 Uhr, in den 90er Jahren", "de") == []
    assert values("On 2022-02-24 at 10:30, the G7 and COVID-19 in the 1990s, 1/3 of them", "en") == []
    assert values("à 10h30, le 24/02/2022", "fr") == []
    for n in neutral_numbers("Около 22 тысяч, 2,5 Mrd. und ١٤", "ru"):
        assert "Около 22 тысяч, 2,5 Mrd. und ١٤"[n.start:n.end] == n.text


def _corpus(tmp_path: Path, swaps: dict[str, tuple[str, str]]) -> Corpus:
    rows = []
    for r in ROWS:
        if r["cluster"] != "t01" or r["relation"] not in ("original", "translation"):
            continue
        r = dict(r)
        if r["lang"] in swaps:
            old, new = swaps[r["lang"]]
            assert old in r["text"]
            r["text"] = r["text"].replace(old, new)
        rows.append(r)
    src = tmp_path / "t01.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    c = Corpus(tmp_path / "t.db")
    c.ingest([src])
    c.link()
    return c


def _changes(c: Corpus, lang: str) -> list[tuple[str, str | None, str | None, str | None]]:
    url = next(r["url"] for r in ROWS if r["cluster"] == "t01" and r["lang"] == lang)
    t = c.trace(url)
    assert t.chain and t.chain[0].edge.relation.value == "translation"
    return [(a.kind, a.source, a.copy, a.note) for link in t.chain for a in link.alterations]


def test_a_translation_that_changes_a_number_is_flagged(tmp_path: Path) -> None:
    c = _corpus(tmp_path, {"fr": ("412 matelots", "421 matelots"), "de": ("6.000 Inselbewohner",
                                                                         "16.000 Inselbewohner")})
    assert _changes(c, "fr") == [("number_changed", "412", "421", None)]
    assert _changes(c, "de") == [("number_changed", "6,000", "16.000", None)]
    # and it is stored with the edge when linked, as for copies in one language
    fr = next(r["url"] for r in ROWS if r["cluster"] == "t01" and r["lang"] == "fr")
    stored = c.trace(fr).to_json()["chain"][0]["evidence"]["alterations"]
    assert [(a["kind"], a["source"], a["copy"]) for a in stored] == [("number_changed", "412", "421")]


def test_faithful_translations_are_not_flagged(tmp_path: Path) -> None:
    # every translation of our set, in five languages: none changed a number
    rows = [r for r in ROWS if r["relation"] in ("original", "translation")]
    src = tmp_path / "all.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    c = Corpus(tmp_path / "t.db")
    c.ingest([src])
    c.link()
    seen = 0
    for r in rows:
        if r["relation"] == "translation":
            t = c.trace(r["url"])
            assert t.chain, r["url"]
            seen += 1
            assert [a for link in t.chain for a in link.alterations] == [], r["url"]
    assert seen >= 12


def _bumped(text: str) -> str:
    """``text`` (a number as written) with its first digit raised by one: "412" -> "512"."""
    i = next(i for i, ch in enumerate(text) if ch.isdigit())
    return text[:i] + str((int(text[i]) + 1) % 10 or 1) + text[i + 1 :]


def test_a_changed_number_is_found_in_every_translation_of_our_set(tmp_path: Path) -> None:
    # each of the twelve translations (five languages) gets its first number changed: each is flagged,
    # with that number and nothing else
    rows, planted = [], {}
    for r in ROWS:
        r = dict(r)
        if r["relation"] == "translation":
            n = neutral_numbers(r["text"], r["lang"])[0]
            new = _bumped(n.text)
            r["text"] = r["text"][: n.start] + new + r["text"][n.end :]
            planted[r["url"]] = new
        if r["relation"] in ("original", "translation"):
            rows.append(r)
    assert len(planted) >= 12
    src = tmp_path / "planted.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    c = Corpus(tmp_path / "t.db")
    c.ingest([src])
    c.link()
    for url, new in planted.items():
        found = [(a.kind, a.copy) for link in c.trace(url).chain for a in link.alterations]
        assert found == [("number_changed", new)], url


def _aligned(a: str, b: str) -> Alignment:
    """One translated sentence pair, ``a`` in the source and ``b`` in the translation."""
    return Alignment(pairs=[AlignedPair(PairKind.TRANSLATED, 0, 0, a, b, 0.9)], source_sentences=1,
                     copy_sentences=1, matched=1, evidence_matched=1, source_coverage=1.0, copy_coverage=1.0,
                     order_agreement=1.0, share_identical=0.0, share_edited=0.0, share_paraphrased=0.0,
                     mean_similarity=0.9, evidence_similarity=0.9, evidence_words=5, word_change=0.0,
                     word_overlap=0.0)


def test_telephone_numbers_and_ambiguous_separators_are_no_change() -> None:
    pair = _aligned
    # "2,000" left in English style by a machine translation into Spanish is 2,000, not 2
    s, c = "About 2,000 people came.", "Unos 2,000 personas vinieron."
    assert changes(pair(s, c), s, c, "en", "es") == []
    # a telephone number with another area code is no quantity
    s, c = "Call 3 231 186-1111 for help.", "Rufen Sie 07231 186-1111 an."
    assert changes(pair(s, c), s, c, "en", "de") == []
    # a number that moved to another sentence of the translation is no change
    s, c = "They had 12 boats. It rained.", "Il pleuvait. Ils avaient 12 bateaux."
    assert changes(pair("They had 12 boats.", "Il pleuvait."), s, c, "en", "fr") == []
    # but one that is nowhere in the translation, with another in its place, is
    s, c = "They had 12 boats.", "Ils avaient 21 bateaux."
    assert [(a.source, a.copy) for a in changes(pair(s, c), s, c, "en", "fr")] == [("12", "21")]


_ALPHABET = st.sampled_from(
    list("abcXYZ ,.;:'’-/\u00a0\u202f\n0123456789٠١٢٣٤٥٦٧٨٩٫٬万亿千名%$€")
    + ["Mrd.", " тысяч", " millones", " mil", "bn", "m ", " Uhr", "h", " billion", " G7"]
)
_TEXT = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(_TEXT, st.text(max_size=60)),
       lang=st.sampled_from(["en", "de", "fr", "es", "ru", None]))
def test_neutral_numbers_never_crash_and_offsets_hold(text: str, lang: str | None) -> None:
    nums = neutral_numbers(text, lang)
    for n in nums:
        assert 0 <= n.start < n.end <= len(text)
        assert text[n.start : n.end] == n.text
        assert n.value is not None
    assert [n.start for n in nums] == sorted(n.start for n in nums)


def _one_pair(a: str, b: str, lang: str) -> list[tuple[str | None, str | None]]:
    al = _aligned(a, b)
    return [(x.source, x.copy) for x in changes(al, a, b, "en", lang)]


@pytest.mark.parametrize(("en", "lang", "other", "expected"), [
    # stacked and Korean scale characters are read whole: no change
    ("worth 3.5 trillion yuan.", "zh", "价值3.5万亿元。", []),
    ("500 million won.", "ko", "5억 원", []),
    ("2.5 billion euros", "pt", "2,5 mil milhões de euros", []),
    # clock times are written differently: no quantity
    ("at 2 p.m.", "ru", "в 14.00 по московскому времени", []),
    ("at 2 p.m.", "fr", "à 14 heures", []),
    ("at 2 p.m.", "zh", "于14时", []),
    # a spelled-out number is no evidence, whatever other digit is there
    ("On Feb. 24, 5 people died.", "zh", "2月24日，五人死亡。", []),
    ("He won 3 of 4 races.", "fr", "Il a gagné trois courses sur 4, soit 75 %.", []),
    # a season is no "202"; a sentence-final decimal is still read
    ("The 2021/22 season cost 8.2 million.", "de", "Die Saison 2021/22 kostete 8,3 Millionen.",
     [("8.2 million", "8,3 Millionen")]),
    ("The rate fell from 8.2 to 7.5.", "de", "Die Rate fiel von 8,3 auf 7,5.", [("8.2", "8,3")]),
    # reordered numbers are paired by value; a scale swapped is a change
    ("5 boats and 30 cars", "fr", "31 voitures et 6 bateaux", [("5", "6"), ("30", "31")]),
    ("2 million dollars", "fr", "2 milliards de dollars", [("2 million", "2 milliards")]),
])
def test_translated_numbers_changed_or_not(en: str, lang: str, other: str,
                                           expected: list[tuple[str, str]]) -> None:
    assert _one_pair(en, other, lang) == expected


# --- quotes read across languages: who says it, and reported speech made into a quote -------------

# our harbour story in English and its translations into French, German and Spanish
HARBOUR = json.loads((Path(__file__).parent / "data" / "harbour.json").read_text(encoding="utf-8"))
HARBOUR_EN = HARBOUR.pop("en")
HARBOUR_SOURCE = "https://harbour-news.example/breakwater"


Found = dict[str, list[tuple[str, str | None, str | None]]]


def _harbour(tmp_path: Path, swaps: dict[str, tuple[str, str]]) -> Found:
    """Ingest, link and trace our harbour story and its three translations, ``swaps[lang]`` applied
    (an (old, new) text replacement); the alterations of each translation's edge."""
    rows = [{"url": HARBOUR_SOURCE, "site": "harbour-news.example", "lang": "en", "published": "2026-05-05",
             "title": "Breakwater to be finished before winter", "text": HARBOUR_EN}]
    for lang, text in HARBOUR.items():
        if lang in swaps:
            old, new = swaps[lang]
            assert old in text
            text = text.replace(old, new)
        rows.append({"url": f"https://{lang}-harbour.example/digue", "site": f"{lang}-harbour.example",
                     "lang": lang, "published": "2026-05-06", "title": "", "text": text})
    src = tmp_path / "harbour.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    c = Corpus(tmp_path / "h.db")
    c.ingest([src])
    c.link()
    out = {}
    for lang in HARBOUR:
        t = c.trace(f"https://{lang}-harbour.example/digue").to_json()
        assert [(x["source_url"], x["relation"]) for x in t["chain"]] == [(HARBOUR_SOURCE, "translation")]
        out[lang] = [(a["kind"], a["source"], a["copy"]) for a in t["chain"][0]["evidence"]["alterations"]]
    c.close()
    return out


def test_faithful_translations_of_quotes_are_not_flagged(tmp_path: Path) -> None:
    assert _harbour(tmp_path, {}) == {"fr": [], "de": [], "es": []}


def test_a_translation_that_gives_a_quote_to_someone_else_is_flagged(tmp_path: Path) -> None:
    # the fishermen's complaint moved to the council leader, whom the source names elsewhere
    found = _harbour(tmp_path, {"fr": ("a déclaré Marta Quill", "a déclaré Tomas Kerrigan"),
                                "de": ("sagte Marta Quill", "sagte Tomas Kerrigan"),
                                "es": ("dijo Marta Quill", "dijo Tomas Kerrigan")})
    assert found == {lang: [("speaker_changed", "Marta Quill", "Tomas Kerrigan")] for lang in HARBOUR}


def test_reported_speech_made_into_a_quote_is_flagged(tmp_path: Path) -> None:
    de_reported = "Der Ratsvorsitzende Tomas Kerrigan sagte, die Stadt habe für die Arbeiten 14 Millionen " \
        "Euro geliehen."
    de_quoted = "„Die Stadt hat für die Arbeiten 14 Millionen Euro geliehen, und wir zahlen alles zurück“, " \
        "sagte Tomas Kerrigan."
    # a phrase in quote marks inside reported speech is how papers quote; it is not flagged
    fr_reported = "Le président du conseil, Tomas Kerrigan, a indiqué que la ville avait emprunté 14 " \
        "millions d'euros pour les travaux."
    fr_phrase = "Tomas Kerrigan a déclaré mardi que « la ville a emprunté 14 millions d'euros » pour les " \
        "travaux du port et des quais."
    found = _harbour(tmp_path, {"de": (de_reported, de_quoted), "fr": (fr_reported, fr_phrase)})
    added = "Die Stadt hat für die Arbeiten 14 Millionen Euro geliehen, und wir zahlen alles zurück"
    assert found["de"] == [("quote_added", None, added)]
    assert found["fr"] == [] and found["es"] == []


def test_a_quote_made_up_around_a_german_short_form_or_date_is_flagged(tmp_path: Path) -> None:
    # "14 Mio. Euro" and "am 22. Mai" end no sentence: split there, the made-up quote was cut in two
    # pieces, neither aligned with the source's reported speech, and nothing was flagged
    de_reported = "Der Ratsvorsitzende Tomas Kerrigan sagte, die Stadt habe für die Arbeiten 14 Millionen " \
        "Euro geliehen."
    de_quoted = "„Die Stadt hat für die Arbeiten 14 Mio. Euro geliehen, und wir zahlen alles ab dem " \
        "22. Mai zurück“, sagte Tomas Kerrigan."
    found = _harbour(tmp_path, {"de": (de_reported, de_quoted)})
    added = "Die Stadt hat für die Arbeiten 14 Mio. Euro geliehen, und wir zahlen alles ab dem 22. Mai zurück"
    assert found == {"de": [("quote_added", None, added)], "fr": [], "es": []}


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Peskov", "Peskow", True), ("Zelensky", "Selenskyj", True), ("Macron", "Macrona", True),
    ("Brandvold", "Brandvold", True), ("Quill", "Kerrigan", False), ("Песков", "Peskov", True),
    ("Stoltenberg", "Macron", False),
    ("Braun", "Brown", True),  # a machine translation's "Brown" for the German "Braun"
    ("Braun", "Berg", False), ("Varga", "Vance", False),
])
def test_one_person_across_languages(a: str, b: str, same: bool) -> None:
    from newstrace.quotes import _one_person

    assert _one_person(a, b) is same


QS = json.loads((Path(__file__).parent / "data" / "quote_sentences.json").read_text(encoding="utf-8"))
"""Sentences we wrote, each a quote and its translation or its source's form."""


Changes = list[tuple[str, str | None, str | None]]


def _quote_changes(src: str, src_sentence: str, copy: str, lang: str) -> Changes:
    from newstrace.quotes import translated_quote_changes

    return [(a.kind, a.source, a.copy)
            for a in translated_quote_changes(_aligned(src_sentence, copy), src, copy, "en", lang)]


def test_a_subject_dropped_by_the_translation_is_no_new_speaker() -> None:
    # Spanish, Portuguese and Italian drop the subject: the only name left is the one the source
    # sentence names too ("after meeting Macron"), not a speaker the translation chose
    src = QS["zelensky_en"] + " Macron flew back to Paris in the evening."
    for lang in ("es", "pt", "it"):
        assert _quote_changes(src, QS["zelensky_en"], QS[f"zelensky_{lang}"], lang) == [], lang
    # the quote given to Macron outright is still a change
    other = QS["zelensky_kyiv_en"]
    assert _quote_changes(other + " Macron flew to Kyiv on Monday.", other, QS["macron_es"], "es") == [
        ("speaker_changed", "Zelensky", "Macron")]


def test_speech_the_source_quoted_by_a_dash_or_next_to_the_sentence_is_not_added() -> None:
    from newstrace.quotes import translated_quote_changes

    # Russian dialogue dash: quoted, without quote marks
    ru, en = QS["kerrigan_ru_dash"], QS["kerrigan_en"]
    assert translated_quote_changes(_aligned(ru, en), ru, en, "ru", "en") == []
    # a report and the quote after it, merged by the translation into one quoted sentence
    first, de = QS["kerrigan_report_en"], QS["kerrigan_merged_de"]
    src = first + " " + QS["kerrigan_quote_en"]
    assert translated_quote_changes(_aligned(first, de), src, de, "en", "de") == []


@pytest.mark.parametrize(("a", "b"), [("Kerrigan", "Støre"), ("Quill", "Gauß"), ("Okafor", "Ørsted")])
def test_letters_that_keep_their_mark_are_still_latin(a: str, b: str) -> None:
    from newstrace.quotes import _one_person

    assert not _one_person(a, b) and not _one_person(a, b, strict=True)
    assert _one_person("Песков", "Peskov") and not _one_person("Песков", "Peskov", strict=True)


FLOOD_EN = (
    "Heavy rain has forced more than 12,000 people to leave their homes in the northern province of "
    "Ostravel, the emergency ministry said on Thursday.\n\n"
    "Water levels on the Miren river rose by 3.4 metres in 24 hours, the highest level recorded since "
    "1987.\n\n"
    "\"We have never seen the river rise so quickly,\" said regional governor Pavel Dunmore.\n\n"
    "Rescue teams evacuated 1,850 residents from the town of Lesk by boat overnight.\n\n"
    "At least 7 people have died and 23 are missing, according to the ministry.\n\n"
    "The government has released 48 million euros in emergency aid for the region.\n\n"
    "Forecasters expect another 80 millimetres of rain by Sunday.\n\n"
    "Dunmore said that 37 schools had been turned into shelters.")
FLOOD_AR = (
    "أجبرت الأمطار الغزيرة أكثر من ١٢٠٠٠ شخص على مغادرة منازلهم في إقليم أوسترافيل الشمالي، حسبما أعلنت "
    "وزارة الطوارئ يوم الخميس.\n\n"
    "وارتفع منسوب نهر ميرين بمقدار ٣٫٤ متر خلال ٢٤ ساعة، وهو أعلى مستوى يسجل منذ عام ١٩٨٧.\n\n"
    "وقال حاكم الإقليم بافيل دنمور: \"لم نر النهر يرتفع بهذه السرعة من قبل\".\n\n"
    "وأجلت فرق الإنقاذ ١٨٥٠ من سكان بلدة ليسك بالقوارب خلال الليل.\n\n"
    "ولقي ٧ أشخاص على الأقل حتفهم ولا يزال ٢٣ في عداد المفقودين، وفقا للوزارة.\n\n"
    "وخصصت الحكومة ٤٨ مليون يورو كمساعدات طارئة للإقليم.\n\n"
    "ويتوقع خبراء الأرصاد هطول ٨٠ ملم إضافية من الأمطار بحلول يوم الأحد.\n\n"
    "وقال دنمور إن ٣٧ مدرسة تحولت إلى ملاجئ.")


def test_a_translation_written_in_arabic_indic_digits_is_found_and_compared(tmp_path: Path) -> None:
    # the numbers two languages share are how a translation is found; "١٢٠٠٠" is 12,000, and an
    # Arabic translation in Arabic-Indic digits was never compared with its English source
    for k, (text, changed) in enumerate(((FLOOD_AR, []), (FLOOD_AR.replace("١٢٠٠٠", "٢١٠٠٠"),
                                                          [("number_changed", "12,000", "٢١٠٠٠")]))):
        rows = [{"url": "https://flood-wire.example/ostravel", "site": "flood-wire.example", "lang": "en",
                 "published": "2026-04-02", "title": "Floods force 12,000 from their homes",
                 "text": FLOOD_EN},
                {"url": "https://akhbar.example/ostravel", "site": "akhbar.example", "lang": "ar",
                 "published": "2026-04-04", "title": "فيضانات في إقليم أوسترافيل", "text": text}]
        src = tmp_path / f"flood{k}.jsonl"
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        c = Corpus(tmp_path / f"f{k}.db")
        c.ingest([src])
        c.link()
        t = c.trace("https://akhbar.example/ostravel")
        assert [(x.edge.relation.value, x.source.url) for x in t.chain] == [
            ("translation", "https://flood-wire.example/ostravel")]
        assert [(a.kind, a.source, a.copy) for x in t.chain for a in x.alterations] == changed
        c.close()
