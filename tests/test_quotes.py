"""Quotes, speakers, numbers and the fidelity of a copy: fixtures written for these tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.align import align
from newstrace.model import AlignedPair, Alignment, Alteration, PairKind
from newstrace.quotes import (
    QUOTE_CHARS,
    extract_attributions,
    extract_numbers,
    extract_quotes,
    fidelity,
    quote_spans,
)
from newstrace.settings import Settings
from newstrace.text import sentences


def _check_offsets(text: str, quotes: list) -> None:
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.content
        if q.speaker is not None:
            assert q.speaker_start is not None and q.speaker_end is not None
            assert text[q.speaker_start : q.speaker_end] == q.speaker


def _contents(text: str, lang: str | None = "en") -> list[str]:
    quotes = extract_quotes(text, lang)
    _check_offsets(text, quotes)
    return [q.content for q in quotes]


# ---------------------------------------------------------------------------------------------
# quote marks
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, inner",
    [
        ('He said "the deal is dead" and left.', "the deal is dead"),
        ("He said “the deal is dead” and left.", "the deal is dead"),
        ("He said ‘the deal is dead’ and left.", "the deal is dead"),
        ("Il a dit « l’accord est mort » hier.", "l’accord est mort"),
        ("Er sagte »der Deal ist tot« gestern.", "der Deal ist tot"),
        ("Er sagte „der Deal ist tot“ gestern.", "der Deal ist tot"),
        ("Er sagte ‚der Deal ist tot‘ gestern.", "der Deal ist tot"),
        ("Он сказал «сделка мертва» вчера.", "сделка мертва"),
        ("他说「交易已死」。", "交易已死"),
        ("He said “ the deal is dead. ” Then he left.", "the deal is dead."),  # blanks inside the marks
        ("He called them “ costly delays ”. Then he left.", "costly delays"),
        ("He said “the deal is dead,’’ and left.", "the deal is dead"),  # ’’ typed for ”
        ("“He said ‘ask the teachers’’ and left,” she said.", "He said ‘ask the teachers’’ and left"),
    ],
)
def test_every_quote_style_is_found(text: str, inner: str) -> None:
    spans = quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == [inner]
    assert spans[0].close is not None and text[spans[0].close] in '"”’«»“‘」'


def test_apostrophes_are_not_quotes() -> None:
    text = "Macron’s aides don't think it's over, and the voters' mood isn’t either."
    assert quote_spans(text) == []


def test_nested_quotes_are_part_of_the_outer_quote() -> None:
    text = "“He told me ‘never again’ and walked out,” she said."
    top = quote_spans(text)
    assert [text[q.start : q.end] for q in top] == ["He told me ‘never again’ and walked out,"[:-1]]
    nested = quote_spans(text, nested=True)
    assert [(text[q.start : q.end], q.depth) for q in nested] == [
        ("He told me ‘never again’ and walked out", 0),
        ("never again", 1),
    ]
    quotes = extract_quotes(text)
    assert [q.content for q in quotes] == ["He told me ‘never again’ and walked out"]


@pytest.mark.parametrize(
    "text",
    [
        "“This never closes, he said.",
        "This never opens,” he said.",
        "“One ” two “ three",
        '"""',
        "‘’‘’“”„“«»»«",
        "He said: “",
        "”",
        "“\n\n“\n\n“",
        '5\'10" tall and 6" wide',
    ],
)
def test_unbalanced_marks_never_crash(text: str) -> None:
    for lang in ("en", "fr", "de", None):
        quotes = extract_quotes(text, lang)
        _check_offsets(text, quotes)
    for q in quote_spans(text, nested=True):
        assert 0 <= q.start <= q.end <= len(text)


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “we will never give up on this fight.\n\nThe crowd cheered."
    spans = quote_spans(text)
    assert [text[q.start : q.end] for q in spans] == ["we will never give up on this fight."]
    assert spans[0].close is None


def test_quote_continued_over_paragraphs() -> None:
    text = (
        "“We did not start this war and we will not be the ones to widen it,” Defence Minister Anna "
        "Berg said on Monday.\n\n"
        "“Our troops are ready. Our allies are ready.\n\n"
        "“And the people of this country are ready too.”\n\n"
        "Markets fell on the news."
    )
    spans = quote_spans(text)
    assert len(spans) == 2
    second = text[spans[1].start : spans[1].end]
    assert second.startswith("Our troops are ready.") and second.endswith("ready too.")
    assert spans[1].paragraphs == 2
    attrs = extract_attributions(text)
    assert len(attrs) == 1  # the floating quote continues the attributed one
    assert attrs[0].speaker == "Anna Berg"
    assert len(attrs[0].fragments) == 2
    quotes = extract_quotes(text)
    assert {q.speaker for q in quotes} == {"Anna Berg"}
    assert all(q.role == "Defence Minister" for q in quotes)


@pytest.mark.parametrize("marks", ['""', "“”"])
def test_continued_quote_whose_paragraph_breaks_were_lost(marks: str) -> None:
    # scraped text often has its paragraphs run together: the re-opening mark of a continued quote
    # then stands mid-line, after a sentence end. It continues the quote; it is neither a quote
    # nested in it nor the sign that the first one was never closed.
    o, c = marks
    text = (
        f"Harbour master Ilse Varn said: {o}The new quay opens in May. {o}It will take ships of "
        f"up to 300 metres.{c} The council approved the budget. Mayor Tom Asker said: {o}We are "
        f"proud. {o}This is the biggest project we have run.{c}"
    )
    spans = quote_spans(text)
    got = [text[q.start : q.end] for q in spans]
    assert got == [
        f"The new quay opens in May. {o}It will take ships of up to 300 metres.",
        f"We are proud. {o}This is the biggest project we have run.",
    ]
    assert [q.paragraphs for q in spans] == [2, 2]
    # a quote inside a quote closes twice in a row: nested, not continued
    for nested, inner in [('"She told me. "Leave now." Then she left," he said.', '"Leave now."'),
                          ("“She told me. “Leave now.” Then she left,” he said.", "“Leave now.”")]:
        [q] = quote_spans(nested)
        assert nested[q.start : q.end] == f"She told me. {inner} Then she left"
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [q.speaker for q in quotes] == ["Ilse Varn", "Tom Asker"]
    assert not any("council" in q.content for q in quotes)


# ---------------------------------------------------------------------------------------------
# speakers, cues, roles, indirect speech
# ---------------------------------------------------------------------------------------------


def test_direct_quote_with_speaker_cue_and_offsets() -> None:
    text = "“We will win this election,” Senator Maria Lopez said on Tuesday."
    [q] = extract_quotes(text)
    assert q.content == "We will win this election"
    assert q.kind == "direct"
    assert q.speaker == "Maria Lopez"
    assert q.role == "Senator"
    assert q.cue == "said"
    _check_offsets(text, [q])


def test_role_is_captured() -> None:
    text = "French President Emmanuel Macron said that Europe must rearm quickly."
    [q] = extract_quotes(text)
    assert q.kind == "indirect"
    assert q.content == "that Europe must rearm quickly"
    assert q.speaker == "Emmanuel Macron"
    assert q.role == "French President"


def test_role_from_apposition() -> None:
    text = "Jens Stoltenberg, the NATO secretary general, said: “The alliance stands united.”"
    [q] = extract_quotes(text)
    assert q.speaker == "Jens Stoltenberg"
    assert q.role is not None and "secretary general" in q.role


def test_pronoun_speaker_is_resolved_to_the_named_person() -> None:
    text = (
        "Finance Minister Klaus Weber presented the budget on Wednesday.\n\n"
        "“This budget protects families,” he said. “It is the fairest in a decade.”"
    )
    quotes = extract_quotes(text)
    assert [q.content for q in quotes] == ["This budget protects families", "It is the fairest in a decade."]
    assert {q.speaker for q in quotes} == {"Klaus Weber"}
    assert quotes[0].role == "Finance Minister"
    _check_offsets(text, quotes)


def test_role_noun_is_linked_to_the_person_with_that_role() -> None:
    text = (
        "Interior Minister Sara Holm visited the border on Friday. Officials counted 300 arrivals.\n\n"
        "“The situation is under control,” the minister said."
    )
    quotes = extract_quotes(text)
    assert quotes[-1].content == "The situation is under control"
    assert quotes[-1].speaker == "Sara Holm"


def test_according_to() -> None:
    text = "According to the health ministry, 42 people were injured in the blast."
    [q] = extract_quotes(text)
    assert q.kind == "indirect"
    assert q.cue == "According to"
    assert q.speaker == "the health ministry"
    assert q.content.startswith("42 people were injured")


def test_headline_speaker_colon_statement() -> None:
    text = (
        "Marlow: Harbour Tax Will Pay for the New Ferry.\n\n"
        "Poll: Most Residents Back the Quay Plan.\n\n"
        "Update: The council meets again on Friday.\n\n"
        "The Latest: Ferry Crews Vote to Strike Over the Winter Rota.\n\n"
        "Editor’s Note: This Story Was Corrected to Give the Right Date.\n\n"
        "Harbour Update: Two Cranes Arrive at the New Quay.\n\n"
        "OSTRAVA: The city council voted on Tuesday to extend the tram line."
    )
    got = {q.speaker: q for q in extract_quotes(text)}
    assert set(got) == {"Marlow", "Poll"}  # labels, standing heads and a dateline are no speakers
    assert got["Marlow"].content == "Harbour Tax Will Pay for the New Ferry"
    assert got["Marlow"].cue == ":" and got["Marlow"].kind == "indirect"
    assert got["Poll"].content == "Most Residents Back the Quay Plan"


def test_transcript_turns_are_quotes_of_their_speakers() -> None:
    text = (
        "The interview aired on Sunday. A partial transcript follows.\n\n"
        "\"HOLM: Will the ferry run through the winter this year?\n\n"
        "\"BRANDT: It will, and we have hired two more crews to make sure of it.\n\n"
        "\"HOLM: And the fares?"
    )
    turns = [(q.speaker, q.content, q.kind) for q in extract_quotes(text)]
    assert turns == [
        ("HOLM", "Will the ferry run through the winter this year", "direct"),
        ("BRANDT", "It will, and we have hired two more crews to make sure of it", "direct"),
        ("HOLM", "And the fares", "direct"),
    ]
    for q in extract_quotes(text):
        assert text[q.start : q.end] == q.content


def test_parenthetical_cue_reports_the_sentence_around_it() -> None:
    text = "Mayor Ines Larsen spoke to reporters on Monday. The new quay, she said, will open before summer."
    [a] = extract_attributions(text)
    assert [text[s:e] for s, e in a.fragments] == ["The new quay", "will open before summer"]
    assert (a.kind, a.speaker, a.cue_text) == ("indirect", "Ines Larsen", "said")


def test_parenthetical_cue_keeps_the_condition_the_parser_hangs_on_it() -> None:
    # the parser attaches "If the vote fails again" to "argues": it is still what she argues
    text = "If the vote fails again, Mayor Ines Larsen argues, the town has other ways to pay for the quay."
    [a] = extract_attributions(text)
    assert [text[s:e] for s, e in a.fragments] == [
        "If the vote fails again", "the town has other ways to pay for the quay"]
    assert (a.speaker, a.cue_text) == ("Ines Larsen", "argues")


def test_a_report_of_two_clauses_before_its_cue_is_one_span() -> None:
    text = ("The ferry company had promised the town a second boat last year, but the council rejected "
            "that offer, the spokesman added.")
    [a] = extract_attributions(text)
    assert [text[s:e] for s, e in a.fragments] == [text[: text.index(", the spokesman")]]
    assert (a.speaker, a.cue_text) == ("the spokesman", "added")


def test_noun_cues_with_their_clause() -> None:
    text = (
        "Harbour master Tove Berg spoke on Monday. Her warning that the old crane could fall in a storm "
        "was ignored by the council. Residents raised concerns about the noise of the new quay."
    )
    got = [(q.kind, q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [
        ("indirect", "Tove Berg", "that the old crane could fall in a storm", "warning"),
        ("indirect", "Residents", "the noise of the new quay", "concerns"),
    ]


@pytest.mark.parametrize("verb", ["continues to insist", "seems to think", "wants to say"])
def test_a_verb_before_the_reporting_verb_adds_no_second_report(verb: str) -> None:
    text = f"The mayor {verb} that the ferry fares will not rise this year."
    got = [(q.speaker, q.content) for q in extract_quotes(text)]
    assert got == [("The mayor", "that the ferry fares will not rise this year")]


def test_a_thought_inside_a_report_is_part_of_it_but_nested_speech_stays() -> None:
    text = (
        "Ines Larsen said she plans to join the protest on Friday. "
        "Larsen said the harbour master told her that the quay was safe."
    )
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [
        ("Ines Larsen", "she plans to join the protest on Friday", "said"),
        ("Ines Larsen", "the harbour master told her that the quay was safe", "said"),
        ("the harbour master", "that the quay was safe", "told"),
    ]


@pytest.mark.parametrize("pronoun, speaker", [("he", "Tom Hale"), ("she", "Ana Ruiz")])
def test_he_or_she_is_the_person_whose_first_name_agrees(pronoun: str, speaker: str) -> None:
    """"he said" went to the subject of the sentence before, a woman, though the man was named
    there too."""
    text = ("Senator Ana Ruiz met Energy Minister Tom Hale on Monday. "
            f"“We will not sign this deal,” {pronoun} said after the meeting.")
    [q] = extract_quotes(text)
    assert q.speaker == speaker


def test_he_said_after_a_newly_named_person_is_that_person() -> None:
    # the seed's pattern: "... Macron, who faced a backlash when he made the announcement. He said ..."
    text = (
        "Harbour chief Jonas Brandt confirmed that the quay will stay closed. His comments contradict "
        "remarks from Mayor Ivo Larsen, who faced criticism last week when he made the announcement. "
        "He said the quay “could reopen in May” at the earliest."
    )
    got = [(q.speaker, q.role, q.cue) for q in extract_quotes(text)]
    assert got == [("Jonas Brandt", "Harbour chief", "confirmed"), ("Ivo Larsen", "Mayor", "said")]


_WITNESS = ("BRUSSELS — Ambassador Pieter Sandvold, the main witness in the inquiry, will testify on "
            "Wednesday.\n\nSandvold, a wealthy hotelier the minister picked for the post, is more entangled "
            "than any witness yet in the effort to get the agency to investigate his rival Tomas Oyelaran. "
            "Yet Sandvold has already changed his testimony once {} “I now do remember the call,” he said.")


@pytest.mark.parametrize("mark", ["—", ":", "–"])
def test_a_quote_set_off_by_a_dash_is_direct_and_he_is_the_surname_just_named(mark: str) -> None:
    """The parser hangs the narration before a dash on "said" too: the quote alone is what he
    said. Its "he" is Sandvold, named in that sentence by his surname alone (which the small model
    takes for a place), not the rival named last as a person."""
    [q] = extract_quotes(_WITNESS.format(mark))
    assert (q.kind, q.content, q.cue) == ("direct", "I now do remember the call", "said")
    assert q.speaker == "Pieter Sandvold"


def test_told_reuters_that() -> None:
    text = "A senior official told Reuters that the talks had collapsed."
    [q] = extract_quotes(text)
    assert q.kind == "indirect"
    assert q.cue == "told"
    assert q.content == "that the talks had collapsed"
    assert q.speaker == "A senior official"


@pytest.mark.parametrize("text, speaker", [
    # an organisation named after a person speaks as the organisation; a role names the person
    ("The Valsberg campaign said it would appeal the ruling.", "The Valsberg campaign"),
    ("A Valsberg adviser said she would appeal the ruling.", "A Valsberg adviser"),
    ("President Valsberg said she would appeal the ruling.", "Valsberg"),
    # a relative pronoun stands for the noun before it (it was printed "who")
    ("Fishermen were angry, and it was a lone Dornbay skipper who said the quay should never have been sold.",
     "a lone Dornbay skipper"),
])
def test_the_speaker_is_the_subject_s_own_noun_phrase(text: str, speaker: str) -> None:
    [q] = extract_quotes(text)
    assert q.speaker == speaker


@pytest.mark.parametrize("text, speaker, content", [
    ("The Valsberg administration said Thursday it banned imports from the two ferry firms.",
     "The Valsberg administration", "it banned imports from the two ferry firms"),
    ("The Dornbay council said Monday it would close the old quay.", "The Dornbay council",
     "it would close the old quay"),
    ("The harbour board said on Thursday it had banned night crossings for the winter.", "The harbour board",
     "it had banned night crossings for the winter"),
])
def test_the_day_of_a_report_is_not_what_was_said(text: str, speaker: str, content: str) -> None:
    [q] = extract_quotes(text)
    assert (q.speaker, q.cue, q.content) == (speaker, "said", content)


def test_interrupted_quote_is_one_attribution() -> None:
    text = "“We are ready,” Anna Berg said, “to help our neighbours.”"
    [a] = extract_attributions(text)
    assert [text[s:e] for s, e in a.fragments] == ["We are ready", "to help our neighbours."]
    assert a.speaker == "Anna Berg"


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = (
        "The senator appeared on “Face the Nation” and called the bill a “disaster” before leaving "
        "for the airport."
    )
    assert not [q for q in extract_quotes(text) if q.kind == "direct"]


@pytest.mark.parametrize(
    "text, lang, content, speaker, role",
    [
        (
            "« Nous ne céderons pas », a déclaré le président Emmanuel Macron.",
            "fr",
            "Nous ne céderons pas",
            "Emmanuel Macron",
            "président",
        ),
        (
            "„Wir schaffen das“, sagte Bundeskanzlerin Angela Merkel.",
            "de",
            "Wir schaffen das",
            "Angela Merkel",
            "Bundeskanzlerin",
        ),
        (
            "«No vamos a rendirnos», dijo el presidente Pedro Sánchez.",
            "es",
            "No vamos a rendirnos",
            "Pedro Sánchez",
            "presidente",
        ),
        ("«Мы не отступим», заявил Владимир Путин.", "ru", "Мы не отступим", "Владимир Путин", None),
        ("„Nie wyślemy wojsk na granicę” – powiedział minister Jan Kowalski.", "pl",
         "Nie wyślemy wojsk na granicę", "Jan Kowalski", None),
        ('"We sturen geen troepen naar de grens", zei minister Pieter Jansen.', "nl",
         "We sturen geen troepen naar de grens", "Pieter Jansen", None),
        # Arabic has no capitals: the speaker is the words between the verb and the mark
        ("«الوضع تحت السيطرة الكاملة في المدينة»، قالت المتحدثة باسم الوزارة ليلى حداد.", "ar",
         "الوضع تحت السيطرة الكاملة في المدينة", "المتحدثة باسم الوزارة ليلى حداد", None),
    ],
)
def test_other_languages_use_marks_and_verbs(
    text: str, lang: str, content: str, speaker: str, role: str | None
) -> None:
    [q] = extract_quotes(text, lang)
    assert q.content == content
    assert q.speaker == speaker
    assert q.role == role
    _check_offsets(text, [q])


def test_other_language_pronoun_and_according_to() -> None:
    text = (
        "Le ministre Jean Dupont est arrivé lundi. « La situation est grave », a-t-il dit. "
        "Selon Jean Dupont, les prix vont augmenter."
    )
    quotes = extract_quotes(text, "fr")
    _check_offsets(text, quotes)
    assert any(
        q.kind == "indirect" and q.speaker == "Jean Dupont" and "les prix" in q.content for q in quotes
    )


def test_arabic_speakers_follow_their_verb_and_numbers_read_arabic_scales() -> None:
    # a text of our own: "and he said" run into one word, a quote continued by "and he added:", "according
    # to" with the Arabic comma, "said that" (no speaker named "that"), "48 million euros"
    text = ("وقال وزير الخارجية كريم ناصر: «لن نرسل قوات إضافية إلى الحدود هذا العام».\n"
            "وأضاف: «نحن نعمل مع جميع الشركاء من أجل السلام».\n"
            "وبحسب وزارة الصحة، فإن 120 شخصا أصيبوا في الفيضانات.\n"
            "وقال إن الحكومة ستدفع 48 مليون يورو للمتضررين، «وهذا أقل ما يمكن فعله الآن».\n")
    quotes = extract_quotes(text, "ar")
    _check_offsets(text, quotes)
    got = [(q.kind, q.speaker, q.content) for q in quotes]
    assert got[:3] == [
        ("direct", "وزير الخارجية كريم ناصر", "لن نرسل قوات إضافية إلى الحدود هذا العام"),
        ("direct", "وزير الخارجية كريم ناصر", "نحن نعمل مع جميع الشركاء من أجل السلام"),
        ("indirect", "وزارة الصحة", "فإن 120 شخصا أصيبوا في الفيضانات"),
    ]
    assert not any(q.speaker and q.speaker.startswith("إن") for q in quotes)
    # "the minister said in a statement": the speaker ends before the phrase after it
    [q] = extract_quotes("وقال الوزير في بيان: «سنواصل العمل مع جميع الشركاء».", "ar")
    assert q.speaker == "الوزير"
    money = [n for n in extract_numbers(text, "ar") if n.kind == "money"]
    assert [(n.text, n.value, n.unit) for n in money] == [("48 مليون يورو", 48e6, "EUR")]


def test_empty_and_garbage_inputs() -> None:
    for text in ("", "   ", "\n\n", "\x00\x01", "\udcff broken “surrogate”", "a" * 5000):
        for lang in ("en", "fr", None, "xx"):
            _check_offsets(text, extract_quotes(text, lang))
            for n in extract_numbers(text, lang):
                assert text[n.start : n.end] == n.text


# ---------------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, mention, value, unit, kind",
    [
        ("aid worth $278 billion so far", "$278 billion", 278e9, "USD", "money"),
        ("a €5m grant", "€5m", 5e6, "EUR", "money"),
        ("a £3.2bn deal", "£3.2bn", 3.2e9, "GBP", "money"),
        ("some 60 billion dollars", "60 billion dollars", 60e9, "USD", "money"),
        ("US$1.5 million in cash", "US$1.5 million", 1.5e6, "USD", "money"),
        ("inflation rose 3.4% in May", "3.4%", 3.4, "%", "percent"),
        ("up 12 percent", "12 percent", 12.0, "%", "percent"),
        ("a rise of 0.5 percentage points", "0.5 percentage points", 0.5, "pp", "percent"),
        ("1,200 troops were sent", "1,200 troops", 1200.0, "troops", "count"),
        ("3.5 million people voted", "3.5 million people", 3.5e6, "people", "count"),
        ("three people died", "three people", 3.0, "people", "count"),
        ("since February 2022", "February 2022", 20220200.0, None, "date"),
        ("on March 18, 2024 at noon", "March 18, 2024", 20240318.0, None, "date"),
        ("on 18 March 2024", "18 March 2024", 20240318.0, None, "date"),
        ("dated 2024-03-18", "2024-03-18", 20240318.0, None, "date"),
        ("at 10:30 am local time", "10:30 am", 10.5, None, "time"),
        ("at 3 p.m. GMT", "3 p.m. GMT", 15.0, "GMT", "time"),
        ("at 22:15", "22:15", 22.25, None, "time"),
        ("two dozen boats were lost", "two dozen boats", 24.0, "boats", "count"),
        ("about 4.5k views", "4.5k views", 4500.0, "views", "count"),
        ("a 2bn plan", "2bn plan", 2e9, "plan", "count"),
        ("temperatures of -5 degrees", "-5 degrees", -5.0, "degrees", "count"),
        ("output changed by −4.5% in May", "−4.5%", -4.5, "%", "percent"),
        ("for 14 days", "14 days", 14.0, "days", "count"),
        ("for two weeks", "two weeks", 2.0, "weeks", "count"),
        # no thing counted: a number naming a block, an adverb or a participle after it
        ("the licence for Block 58 offshore Suriname", "58", 58.0, None, "number"),
        ("the operator of Phase 2 construction", "2", 2.0, None, "number"),
        ("wells 21 located in deep water", "21", 21.0, None, "number"),
        ("fields 21 offshore and 4 onshore", "21", 21.0, None, "number"),
        ("planted 200 seed potatoes", "200 seed potatoes", 200.0, "potatoes", "count"),
        # what is counted comes after its adjectives and modifiers
        ("approved 32 clean energy projects", "32 clean energy projects", 32.0, "projects", "count"),
        ("3 million young people marched", "3 million young people", 3e6, "people", "count"),
        ("bought 14 second-hand ferries", "14 second-hand ferries", 14.0, "ferries", "count"),
        ("two new wind farms opened", "two new wind farms", 2.0, "farms", "count"),
        ("5 gas-fired power stations", "5 gas-fired power stations", 5.0, "stations", "count"),
        ("21 offshore wells", "21 offshore wells", 21.0, "wells", "count"),
        # a name with a letter and a number counts nothing; a range of units is two measures
        ("flew 4 B-52 bombers and C-130 planes", "130", 130.0, None, "number"),
        ("a 2GW-3GW range", "3GW", 3.0, "GW", "count"),
        ("sold 3 t-shirts", "3 t-shirts", 3.0, "t-shirts", "count"),
        ("sanctioned nine US companies", "nine US companies", 9.0, "companies", "count"),
        ("Six Saudi princes were held", "Six Saudi princes", 6.0, "princes", "count"),
        # unit symbols, spaced or glued, as written (case tells "Mt" from "mt" and a symbol from a name)
        ("added 97GW of capacity", "97GW", 97.0, "GW", "count"),
        ("some 80 TWh around 2030", "80 TWh", 80.0, "TWh", "count"),
        ("a 3 GW hydrogen electrolysis plant", "3 GW", 3.0, "GW", "count"),
        ("2.4 MW of solar PV", "2.4 MW", 2.4, "MW", "count"),
        ("a 500-MW wind farm", "500-MW", 500.0, "MW", "count"),
        ("pumping 1.2 million bpd", "1.2 million bpd", 1.2e6, "bpd", "count"),
        ("output of 300,000 b/d in May", "300,000 b/d", 3e5, "b/d", "count"),
        ("12 bcm/year of gas", "12 bcm", 12.0, "bcm", "count"),
        ("a 4 Mtpa LNG train", "4 Mtpa", 4.0, "Mtpa", "count"),
        ("cut 5 Mt of CO2", "5 Mt", 5.0, "Mt", "count"),
        ("a 10kg bag", "10kg", 10.0, "kg", "count"),
        ("the 35km road", "35km", 35.0, "km", "count"),
        ("a 1.5 GWh battery", "1.5 GWh", 1.5, "GWh", "count"),
        ("temperatures of 20°C", "20°C", 20.0, "°C", "count"),
        ("at 100 km/h", "100 km/h", 100.0, "km/h", "count"),
        ("a 5m wall", "5", 5.0, None, "number"),  # metres or millions: left as a number
        ("along Route 5 W of the city", "5", 5.0, None, "number"),  # a name after a label word
        # a year-like number is a year unless a plural it counts follows
        ("after the 2016 election", "2016", 20160000.0, None, "date"),
        ("Technip Energies in 2019 won a contract", "2019", 20190000.0, None, "date"),
        ("before the 2016 presidential elections", "2016", 20160000.0, None, "date"),
        ("emissions below 2005 levels", "2005", 20050000.0, None, "date"),
        ("in 2019 companies cut jobs", "2019", 20190000.0, None, "date"),
        ("2000 people marched", "2000 people", 2000.0, "people", "count"),
        ("1500 troops were sent", "1500 troops", 1500.0, "troops", "count"),
        ("installed in 2000 homes", "2000 homes", 2000.0, "homes", "count"),
        ("built 2000 new homes", "2000 new homes", 2000.0, "homes", "count"),
        ("since the 1990s, output fell", "1990s", 19900000.0, "decade", "date"),
        ("in 2020's pandemic", "2020", 20200000.0, None, "date"),  # a year's, not a decade
        ("in mid-2024 prices fell", "2024", 20240000.0, None, "date"),  # "mid-" is no name
        # a number run into a word by a hyphen is part of a name: it counts nothing after it
        ("the Covid-19 pandemic", "19", 19.0, None, "number"),
        ("drilled the Amasra-1 well", "1", 1.0, None, "number"),
        ("installed four RS-25 engines", "25", 25.0, None, "number"),
        # currencies by sign, code or word, and the Indian scales
        ("a loan of 46.7 million Turkish liras", "46.7 million Turkish liras", 46.7e6, "TRY", "money"),
        ("a fine of 800 liras", "800 liras", 800.0, "TRY", "money"),
        ("sold for 1.7 Million SEK", "1.7 Million SEK", 1.7e6, "SEK", "money"),
        ("priced at Rs 599", "Rs 599", 599.0, "INR", "money"),
        ("a Rs 500 crore plant", "Rs 500 crore", 5e9, "INR", "money"),
        ("a ₹1.5 lakh crore budget", "₹1.5 lakh crore", 1.5e12, "INR", "money"),
        ("Rs 5 lakh each", "Rs 5 lakh", 5e5, "INR", "money"),
        ("60 million Australian dollars", "60 million Australian dollars", 60e6, "AUD", "money"),
        ("5 Norwegian crowns", "5 Norwegian crowns", 5.0, "NOK", "money"),
        ("costs 100 TL now", "100 TL", 100.0, "TRY", "money"),
        ("a kr 300 million deal", "kr 300 million", 300e6, "kr", "money"),  # whose crowns: see by language
        ("paid 20 pesos", "20 pesos", 20.0, "pesos", "count"),  # whose pesos, the text does not say
        # a fraction of something is a share of it, in per cent
        ("Two thirds of these retirements", "Two thirds", 66.6667, "%", "percent"),
        ("about two-thirds of the fleet", "two-thirds", 66.6667, "%", "percent"),
        ("a quarter of the plants", "a quarter", 25.0, "%", "percent"),
        ("a third of them", "a third", 33.3333, "%", "percent"),
        ("half of the plants closed", "half", 50.0, "%", "percent"),
        ("three quarters of voters", "three quarters", 75.0, "%", "percent"),
        ("one-fifth of output", "one-fifth", 20.0, "%", "percent"),
    ],
)
def test_number_normalisation(text: str, mention: str, value: float, unit: str | None, kind: str) -> None:
    nums = extract_numbers(text)
    match = [n for n in nums if n.text == mention]
    assert match, nums
    n = match[0]
    assert n.value == pytest.approx(value)
    assert n.unit == unit
    assert n.kind == kind
    assert text[n.start : n.end] == n.text


@pytest.mark.parametrize(
    ("text", "mention", "normalized"),
    [
        ("built in 1995", "1995", "1995"),
        ("since the 1990s", "1990s", "1990s"),  # a decade (value: its first year, unit "decade")
        ("since February 2022", "February 2022", "2022-02"),
        ("on 18 March 2024", "18 March 2024", "2024-03-18"),
        ("met on March 5 again", "March 5", "--03-05"),
        ("at 3 p.m. GMT", "3 p.m. GMT", "15:00 GMT"),
        ("at 10:30 am local time", "10:30 am", "10:30"),
        ("cost $278 billion", "$278 billion", "278,000,000,000 USD"),
        ("inflation rose 3.4% in May", "3.4%", "3.4%"),
        ("1,200 troops were sent", "1,200 troops", "1,200 troops"),
        ("a fund of 8.2 million euros", "8.2 million euros", "8,200,000 EUR"),  # not 8,199,999
    ],
)
def test_numbers_read_normalised_for_people(text: str, mention: str, normalized: str) -> None:
    """Dates in ISO form, not as the number YYYYMMDD they are compared by ("1995" is no
    19,950,000); in the JSON too, beside the value."""
    n = next(n for n in extract_numbers(text) if n.text == mention)
    assert n.normalized == normalized and n.to_json()["normalized"] == normalized
    if mention == "8.2 million euros":
        assert n.to_json()["value"] == 8_200_000.0


def test_hyphens_between_numbers_are_no_minus_signs_and_a_space_groups_digits() -> None:
    assert [(n.text, n.value) for n in extract_numbers("from 2020-2021, 10-15 boats")] == [
        ("2020", 20200000.0), ("2021", 20210000.0), ("10", 10.0), ("15 boats", 15.0)]
    assert [(n.text, n.value) for n in extract_numbers("4 500 passagers", "fr")] == [
        ("4 500 passagers", 4500.0)]
    # a year before a count is not one number
    assert [n.text for n in extract_numbers("in 2024 300 people came")] == ["2024", "300 people"]


def _altered_long_quote(words: str) -> list[Alteration]:
    quote = "She said: \u201c" + words + "\u201d"
    return fidelity(quote, quote.replace("ferry", "boat"), lang="fr")


def _many_quotes_altered(text: str) -> list[Alteration]:
    copy = text.replace("ferry", "boat")
    return fidelity(text, copy, align(text, copy), lang="en")


def _many_quotes_dropped(text: str) -> list[Alteration]:
    source = "The harbour board met on Monday. " + text + " The meeting ended at noon."
    copy = "The harbour board met on Monday. The meeting ended at noon."
    return fidelity(source, copy, align(source, copy), lang="en")


def _cost(fn: Callable[[str], object], text: str, runs: int) -> float:
    import time

    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize(
    "what, fn, unit, small, runs",
    [
        # each period's abbreviation check read the whole sentence before it
        ("sentence ends after initials", lambda t: sentences(t), "A. ", 500, 3),
        # every number was checked against every number taken before it
        ("many amounts", lambda t: extract_numbers(t, "en"), "$1 ", 500, 3),
        # digit groups with spaces ("9 800") were read again from every group of a long run
        ("spaced digit groups", lambda t: extract_numbers("1" + t + "1", "en"), " 111", 500, 3),
        # each number after a hyphen looks back for the word it may be run into, ranges for their ends
        ("digits and hyphens", lambda t: extract_numbers(t, "en"), "12-1990-a-3-", 500, 3),
        ("a run of digits and hyphens", lambda t: extract_numbers(t, "en"), "1234567890-", 500, 3),
        # each mark looked through every quote still open
        ("unclosed corner brackets", lambda t: quote_spans(t), "\u300c", 500, 3),
        # each cue searched for its sentence's ends from its line's start and to the text's end
        ("'selon' without a stop", lambda t: extract_quotes(t, "fr"), "selon Jean Dupont, le port ", 100, 3),
        # spaCy's tokenizer on a run without blanks
        ("a run of dashes", lambda t: extract_quotes(t, "en"), "\u2014", 1000, 2),
        # each cue of one endless sentence read that whole sentence
        ("'according to' without a stop", lambda t: extract_quotes(t, "en"), "according to Smith, ", 60, 2),
        # an endless quote and its altered copy were compared character by character (partial_ratio)
        ("an endless quote altered in a copy", _altered_long_quote, "the ferry crews sail at dawn ", 300, 2),
        # every copy quote was compared with every source quote
        ("many quotes altered in an aligned copy", _many_quotes_altered,
         "\u201cThe ferry crews sail at dawn from the old pier,\u201d said Ana Berg. ", 100, 2),
        # each quote cut from one gap between copied sentences split that whole gap into sentences
        ("many quotes cut from one gap", _many_quotes_dropped,
         "\u201cThe ferry crews sail at dawn from the old pier,\u201d said Ana Berg. ", 100, 2),
    ],
)
def test_hostile_repetitions_are_read_in_linear_time(
    what: str, fn: Callable[[str], object], unit: str, small: int, runs: int
) -> None:
    """A hostile page repeating one pattern must cost time linear in its length: eight times the text,
    about eight times the time (the best of a few runs each, as a ratio in one process; quadratic
    would be about 64x). Each case took minutes on a page of a few hundred kilobytes before."""
    fn(unit * 10)  # load what loads once (the spaCy model)
    t_small = _cost(fn, unit * small, runs)
    t_large = _cost(fn, unit * (8 * small), runs)
    assert t_large < 20 * max(t_small, 1e-3), (what, t_small, t_large)


def test_a_long_quote_cut_short_in_its_copy_still_matches_its_source() -> None:
    # past PARTIAL_RATIO_MAX_CHARS the stretch of the longer quote that the shorter one matches is
    # found over words: a 500-word statement whose copy keeps its first 400 words, one changed
    words = " ".join(f"the ferry crews sail at dawn on day {i}" for i in range(60)).split()
    source = "She said: \u201c" + " ".join(words[:500]) + ".\u201d The council agreed."
    kept = words[:400]
    kept[200] = "dusk"
    copy = "She said: \u201c" + " ".join(kept) + ".\u201d The council agreed."
    alts = fidelity(source, copy, lang="fr")
    assert [a.kind for a in alts] == ["quote_altered"]


def test_numbers_in_other_languages() -> None:
    [n] = [n for n in extract_numbers("Die Hilfe beträgt 3,5 Milliarden Euro.", "de") if n.kind == "money"]
    assert n.value == pytest.approx(3.5e9) and n.unit == "EUR"
    [p] = extract_numbers("Le chômage atteint 7,3 %.", "fr")
    assert p.value == pytest.approx(7.3) and p.unit == "%"


def test_swiss_apostrophes_group_digits() -> None:
    # Swiss German and Swiss French write "45’000": read as 45 and 000, a copy's "3.200" for "3’200"
    # was a changed number ("200 -> 3,200")
    assert [n.value for n in extract_numbers("Sie versorgt 45’000 Haushalte für 1'250'000 Franken.", "de")] \
        == [45000, 1250000]
    src = "Der Bau beschäftigt rund 3’200 Arbeiter, teilte die Firma am Montag mit. Die Arbeiten beginnen."
    assert fidelity(src, src.replace("3’200", "3.200"), lang="de") == []
    assert [a.detail for a in fidelity(src, src.replace("3’200", "3’900"), lang="de")] == ["3,200 -> 3,900"]


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("Die Pipeline soll 18 Milliarden Kubikmeter Gas transportieren.", "de", 18e9),
    ("Rund 1,5 Millionen Menschen sind ohne Strom.", "de", 1.5e6),
    ("Die Schulden liegen bei 3 Billionen Euro.", "de", 3e12),
    ("Без света остались 45 тысяч домохозяйств.", "ru", 45e3),
    ("Эвакуированы 22 тысячи человек.", "ru", 22e3),
])
def test_capitalised_german_and_russian_scale_words_scale_the_number(text: str, lang: str,
                                                                       value: float) -> None:
    # German capitalises "Milliarden", and Russian counts thousands in "тысяч": read as 18 and 45,
    # a copy's "18 Mrd." or "45 000" was a changed number
    [n] = extract_numbers(text, lang)
    assert n.value == pytest.approx(value)
    src = "Die Regierung teilte mit, dass 1,5 Millionen Menschen ohne Strom seien. Der Sturm kam nachts."
    assert fidelity(src, src.replace("1,5 Millionen", "1,5 Mio."), lang="de") == []
    src = "Власти сообщили, что без света остались 45 тысяч человек. Шторм обрушился ночью."
    assert fidelity(src, src.replace("45 тысяч", "45 000"), lang="ru") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("growth of 3-4% a year", [("3", 3.0, "%", "percent"), ("4%", 4.0, "%", "percent")]),
        ("between 10 and 15 per cent", [("10", 10.0, "%", "percent"), ("15 per cent", 15.0, "%", "percent")]),
        ("108,000-114,000 barrels", [("108,000", 108e3, "barrels", "count"),
                                     ("114,000 barrels", 114e3, "barrels", "count")]),
        ("2 to 3 million people", [("2", 2e6, "people", "count"),
                                   ("3 million people", 3e6, "people", "count")]),
        ("2 million to 3 million people", [("2 million", 2e6, "people", "count"),
                                           ("3 million people", 3e6, "people", "count")]),
        ("another 3.5 to 4 GW", [("3.5", 3.5, "GW", "count"), ("4 GW", 4.0, "GW", "count")]),
        ("a $3-4 billion plan", [("$3", 3e9, "USD", "money"), ("4 billion", 4e9, "USD", "money")]),
        ("a €10-12m grant", [("€10", 10e6, "EUR", "money"), ("12m", 12e6, "EUR", "money")]),
        ("£5-£6m", [("£5", 5e6, "GBP", "money"), ("£6m", 6e6, "GBP", "money")]),
        ("11-12 billion liras", [("11", 11e9, "TRY", "money"), ("12 billion liras", 12e9, "TRY", "money")]),
        # a year's range ends in a year
        ("the 2023-30 plan", [("2023", 20230000.0, None, "date"), ("30", 20300000.0, None, "date")]),
        ("the 2019/20 season", [("2019", 20190000.0, None, "date"), ("20", 20200000.0, None, "date")]),
        ("in 1999-00", [("1999", 19990000.0, None, "date"), ("00", 20000000.0, None, "date")]),
        # no range: "and" without "between", a score, a first number with a scale of its own
        ("10 and 15 per cent", [("10", 10.0, None, "number"), ("15 per cent", 15.0, "%", "percent")]),
        ("a 3-1 win", [("3", 3.0, None, "number"), ("1 win", 1.0, "win", "count")]),
        ("$3 million-4 billion", [("$3 million", 3e6, "USD", "money"), ("4 billion", 4e9, None, "count")]),
    ],
)
def test_a_range_shares_its_unit_scale_and_currency(
    text: str, expected: list[tuple[str, float, str | None, str]]
) -> None:
    got = [(n.text, n.value, n.unit, n.kind) for n in extract_numbers(text)]
    assert [(t, pytest.approx(v), u, k) for t, v, u, k in expected] == got


@pytest.mark.parametrize(
    "text",
    [
        "Six Flags opened a park",  # a name after a spelled number
        "Two Sigma said so",
        "shares of Jiangsu Co (603260.SS) rose",  # a stock code
        "Tencent (0700.HK) fell",
        "The COP26 summit opened",  # a code that names other things before a number
    ],
)
def test_names_and_stock_codes_are_no_figures(text: str) -> None:
    assert extract_numbers(text) == []
    assert [n.kind for n in extract_numbers("PHP 8 was released")] == ["number"]  # no Philippine pesos


@pytest.mark.parametrize(
    "text",
    [
        "in the first half of the year",  # a period
        "the other half of the deal",
        "a quarter of a million people",  # of a number: 250,000
        "an hour and a half of talks",
        "three quarters of a mile",
        "two thirds",  # no "of": neither a share nor two things counted
        "We watched a Fourth of July parade",  # a name
        "Half of 2024 was dry",  # a period (a date is found, no share)
    ],
)
def test_fractions_that_are_no_shares(text: str) -> None:
    assert [n for n in extract_numbers(text) if n.kind in ("percent", "count")] == []


def test_fidelity_a_fraction_changed_to_a_percentage_is_a_changed_number() -> None:
    src = "The regulator said a third of the coal plants would close by the end of the decade."
    assert _number_changes(src, src.replace("a third", "40%")) == [("a third", "40%")]
    assert _number_changes(src, src.replace("a third", "one-third")) == []


def test_crowns_are_the_article_language_s() -> None:
    """"kr" and "kroner" name Swedish, Danish or Norwegian crowns: the article's language says
    which; elsewhere the code stays "kr"."""
    for lang, code in (("sv", "SEK"), ("da", "DKK"), ("no", "NOK"), ("en", "kr")):
        [n] = extract_numbers("Priset är 100 000 kr.", lang)
        assert (n.text, n.value, n.unit, n.kind) == ("100 000 kr", 100000.0, code, "money")
    [n] = extract_numbers("Budsjettet er på 2 milliarder kroner.", "no")
    assert (n.value, n.unit, n.kind) == (2e9, "NOK", "money")


def test_may_as_a_verb_is_not_a_date() -> None:
    assert not [n for n in extract_numbers("Prices may rise again.") if n.kind == "date"]


# ---------------------------------------------------------------------------------------------
# fidelity
# ---------------------------------------------------------------------------------------------

SOURCE = (
    "NATO Secretary General Jens Stoltenberg said on Tuesday that the alliance would not send troops "
    "to Ukraine.\n\n"
    '"NATO\'s not party to the conflict, nor are NATO allies," Stoltenberg told reporters in Brussels. '
    "He added that the alliance had delivered $278 billion in aid since February 2022.\n\n"
    '"We will not be intimidated by threats from anyone," the secretary general said.\n\n'
    'French President Emmanuel Marcon said the situation was "extremely serious and getting worse by '
    'the day."\n\n'
    "About 1,200 troops were deployed to Poland, the defence ministry said on Wednesday."
)

PLANTED = (
    "NATO Secretary General Jens Stoltenburg said on Tuesday that the alliance would not send troops "
    "to Ukraine.\n\n"
    '"The alliance is not a party to the conflict, nor is it a NATO ally," Stoltenburg told reporters in '
    "Brussels. He added that the alliance had delivered $287 billion in aid since February 2022.\n\n"
    'French President Emmanuel Marcone said the situation was "extremely serious and getting worse by '
    'the day."\n\n'
    "About 1,200 troops were deployed to Poland, the defence ministry said on Wednesday."
)

PARAPHRASED = (
    "On Tuesday, NATO Secretary General Jens Stoltenberg stated that the alliance had no plans to dispatch "
    "soldiers to Ukraine.\n\n"
    '"NATO\'s not party to the conflict, nor are NATO allies," Stoltenberg told journalists in Brussels. '
    "He noted that the bloc had provided $278 billion in assistance since February 2022.\n\n"
    '"We will not be intimidated by threats from anyone," the secretary general stated.\n\n'
    'French President Emmanuel Marcon described the situation as "extremely serious and getting worse by '
    'the day."\n\n'
    "Roughly 1,200 soldiers were sent to Poland, the defence ministry announced on Wednesday."
)


def _alignment(pairs: list[AlignedPair]) -> Alignment:
    """An Alignment of these pairs, summary fields filled with plausible values (by field type, so
    the fixture survives new summary fields)."""
    values: dict[str, object] = {}
    for f in dataclasses.fields(Alignment):
        if f.name == "pairs":
            values[f.name] = pairs
        elif f.type in ("int", int):
            values[f.name] = len(pairs)
        else:
            values[f.name] = 1.0
    return Alignment(**values)  # type: ignore[arg-type]


def _kinds(alts: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for a in alts:
        out.setdefault(a.kind, []).append(a)
    return out


def test_fidelity_finds_planted_changes() -> None:
    alts = _kinds(fidelity(SOURCE, PLANTED))
    [altered] = alts["quote_altered"]
    assert altered.source.startswith("NATO's not party") and altered.copy.startswith("The alliance is")
    changes = [d for d in altered.diff if d[0] != "equal"]
    assert ["replace", "NATO's", "The alliance is"] in changes
    [dropped] = alts["quote_dropped"]
    assert dropped.source == "We will not be intimidated by threats from anyone"
    [number] = alts["number_changed"]
    assert (number.source, number.copy) == ("$278 billion", "$287 billion")
    names = {(a.source, a.copy) for a in alts["name_changed"]}
    assert names == {("Stoltenberg", "Stoltenburg"), ("Marcon", "Marcone")}
    assert "quote_added" not in alts
    assert "speaker_changed" not in alts
    for a in fidelity(SOURCE, PLANTED):
        assert a.to_json()["kind"] == a.kind


_SAID = ("We will speed up repairs to the harbour wall before the winter storms arrive. "
         "The crews have been told to work weekends if they must.")


@pytest.mark.parametrize(
    ("copy_quote", "note"),
    [
        # an article added or left out: no claim changed
        (_SAID.replace("up repairs", "up the repairs"), "minor"),
        (_SAID.replace("to the harbour", "to harbour"), "minor"),
        # the second sentence of the quote cut (and a house-style hyphen): the copy quotes a part
        ("We will speed up repairs to the harbour-wall before the winter storms arrive.", "shortened"),
        # more of the statement after it, whatever the house style: a fuller source
        (_SAID.replace("harbour wall", "harbour-wall") + " Nobody in the town should have to fear the next "
         "high tide this winter.", "fuller source"),
        # a word or a negation left out of its middle is no cut: the claim changed
        (_SAID.replace("harbour wall", "wall"), None),
        # a word changed: an alteration proper
        (_SAID.replace("winter", "spring"), None),
        (_SAID.replace("will", "might"), None),
    ],
)
def test_fidelity_notes_a_quote_cut_short_or_changed_only_by_an_article(copy_quote: str,
                                                                        note: str | None) -> None:
    source = ('The port authority met on Monday to discuss the damaged wall. "{}" said Ada Brenner, its '
              "director, after the meeting. The work is expected to cost 4 million crowns.")
    [altered] = [a for a in fidelity(source.format(_SAID), source.format(copy_quote))
                 if a.kind == "quote_altered"]
    assert altered.note == note, (altered.diff, altered.detail)
    if note == "shortened":
        assert "quotes only part of it" in altered.detail


def test_fidelity_a_negation_left_out_of_a_quote_is_no_cut() -> None:
    source = ('The port authority met on Monday. "We will not close the harbour before the winter storms '
              'arrive," said Ada Brenner, its director. The work is expected to cost 4 million crowns.')
    [altered] = [a for a in fidelity(source, source.replace("will not close", "will close"))
                 if a.kind == "quote_altered"]
    assert altered.note is None and ["delete", "not", ""] in altered.diff


def test_fidelity_a_quote_the_copy_ran_into_another_is_not_dropped() -> None:
    """A copy joins the minister's two quotes into one that runs over two paragraphs, mending
    "It's scale" into "Its scale" on the way: the second quote is still there, not dropped; the
    engineer's quote between them is."""
    src = ('The solar park in Kessel opened on Monday. "This is a major project for the whole region," '
           'said Ada Brenner, the energy minister. "We are proud of the engineers who built it in a year," '
           "said Tomas Berg, who runs the plant. Brenner added: \"It's scale shows what partners can achieve "
           'when they work together with purpose." The park will power 40,000 homes.')
    cpy = ('The solar park in Kessel opened on Monday. "This is a major project for the whole region.\n\n'
           '"Its scale shows what partners can achieve when they work together with purpose," said Ada '
           "Brenner, the energy minister. The park will power 40,000 homes.")
    dropped = [a.source for a in fidelity(src, cpy) if a.kind == "quote_dropped"]
    assert dropped == ["We are proud of the engineers who built it in a year"]


def test_fidelity_a_quote_in_capitals_or_without_marks_is_not_dropped() -> None:
    body = (
        "The harbour master closed the quay on Monday after a crane collapsed in high winds. "
        "Two workers were taken to hospital with minor injuries, the port authority said."
    )
    source = f"Home » News » ‘We were lucky today’: crane falls on Marlow quay\n\n{body}"
    upper = f"Home » Local » ‘WE WERE LUCKY TODAY’: CRANE FALLS ON MARLOW QUAY\n\n{body}"
    unmarked = f"Home » Local » We were lucky today: crane falls on Marlow quay\n\n{body}"
    assert [a for a in fidelity(source, upper) if a.kind == "quote_dropped"] == []
    assert [a for a in fidelity(source, unmarked) if a.kind == "quote_dropped"] == []
    cut = f"Home » Local » Crane falls on Marlow quay\n\n{body}"
    assert [a.source for a in fidelity(source, cut) if a.kind == "quote_dropped"] == ["We were lucky today"]


def test_fidelity_thresholds_come_from_settings() -> None:
    strict_names = Settings(name_max_edits=0)
    alts = _kinds(fidelity(SOURCE, PLANTED, settings=strict_names))
    assert "name_changed" not in alts  # a misspelling is at least one edit
    assert "number_changed" in alts  # the other checks are unaffected
    loose_quotes = Settings(fidelity_quote_match_min=0.99, fidelity_quote_unaligned_min=0.99)
    alts = _kinds(fidelity(SOURCE, PLANTED, settings=loose_quotes))
    assert "quote_altered" not in alts  # the spun quote no longer counts as the same quote


def test_quote_thresholds_come_from_settings() -> None:
    text = "The vote ended late. “Nobody expected the vote to go this way at all.” The hall emptied."
    assert [q.kind for q in extract_quotes(text)] == ["direct"]
    assert extract_quotes(text, settings=Settings(quote_min_words_unattributed=20)) == []


def test_fidelity_verbatim_copy_has_no_alteration() -> None:
    assert fidelity(SOURCE, SOURCE) == []
    assert fidelity(PLANTED, PLANTED) == []
    assert fidelity(SOURCE, "\n" + SOURCE + "\n") == []


def test_a_number_grouped_with_no_break_spaces_is_the_same_number() -> None:
    from newstrace.extract import normalise_text

    source = ("About 260,000 people lost power on Sunday, the grid operator said. "
              "Crews restored 12,500 homes overnight.")
    for space in ("\u00a0", "\u202f", "\u2009"):
        copy = normalise_text(source.replace("260,000", f"260{space}000").replace("12,500", f"12{space}500"))
        assert f"260{space}000" not in copy or space == "\u00a0"  # kept as one no-break space
        assert "260\u00a0000" in copy
        assert [a for a in fidelity(source, copy) if a.kind == "number_changed"] == [], space
    changed = normalise_text(source.replace("260,000", "260\u00a0500"))
    assert [(a.source, a.copy) for a in fidelity(source, changed) if a.kind == "number_changed"] == [
        ("260,000 people", "260\u00a0500 people")]


def test_fidelity_paraphrase_around_intact_quotes_is_no_alteration() -> None:
    alts = fidelity(SOURCE, PARAPHRASED)
    assert [a for a in alts if a.kind.startswith("quote_")] == []
    assert [a for a in alts if a.kind in ("number_changed", "name_changed", "speaker_changed")] == []


def test_fidelity_speaker_changed() -> None:
    src = "“We will cut taxes for every family,” Finance Minister Klaus Weber said on Monday."
    cpy = "“We will cut taxes for every family,” Prime Minister Olga Petrova said on Monday."
    kinds = _kinds(fidelity(src, cpy))
    [changed] = kinds["speaker_changed"]
    assert (changed.source, changed.copy) == ("Klaus Weber", "Olga Petrova")
    assert "quote_altered" not in kinds


def test_fidelity_quote_added_inside_copied_text() -> None:
    src = (
        "The council met on Monday to discuss the budget. It approved the plan after a long debate. "
        "The vote was 7 to 2."
    )
    cpy = (
        "The council met on Monday to discuss the budget. “This is a historic day for our city,” the "
        "mayor said. It approved the plan after a long debate. The vote was 7 to 2."
    )
    kinds = _kinds(fidelity(src, cpy))
    assert [a.copy for a in kinds["quote_added"]] == ["This is a historic day for our city"]


_FERRY = (
    "The island council approved the new ferry contract on Tuesday after a debate of four hours. "
    "The contract covers 9 berths and 14 cranes at the Dornbay harbour, and work will last 14 days "
    "in the first phase.\n\n"
    "The harbour master, Ines Valsberg, said the plan had been prepared for two years. "
    "Construction will cost about 9,800 euros per metre of quay, the council said.\n\n"
    "Fishermen said they would study the plan before deciding whether to appeal. "
    "Their association represents some 230 boats along the coast and meets again next month."
)


def test_fidelity_numbers_swapped_in_a_sentence_and_changed_durations() -> None:
    swapped = _FERRY.replace("9 berths and 14 cranes", "14 berths and 9 cranes")
    changed = {(a.source, a.copy) for a in fidelity(_FERRY, swapped) if a.kind == "number_changed"}
    assert changed == {("9 berths", "14 berths"), ("14 cranes", "9 cranes")}
    months = _FERRY.replace("last 14 days", "last 14 months")
    assert [(a.source, a.copy) for a in fidelity(_FERRY, months) if a.kind == "number_changed"] == [
        ("14 days", "14 months")]
    # the same values in another form are no change: "two weeks" is 14 days, "9 800" is 9,800
    same = _FERRY.replace("14 days", "two weeks").replace("9,800", "9 800")
    assert [a for a in fidelity(_FERRY, same) if a.kind == "number_changed"] == []


def test_fidelity_a_quote_added_at_the_start_or_end_of_a_whole_copy() -> None:
    """Farms add a made-up lead or closing quote; only quotes added inside the copied text were
    flagged. Other text around a partial copy is not an addition."""
    lead = "“This ferry deal is a scandal for every islander,” an opposition member said.\n\n"
    tail = "\n\n“We will fight this plan in every court in the land,” a fisherman told reporters."
    for copy in (lead + _FERRY, _FERRY + tail):
        added = [a.copy for a in fidelity(_FERRY, copy) if a.kind == "quote_added"]
        assert len(added) == 1 and added[0].startswith(("This ferry deal", "We will fight")), copy[:40]
    host = ("The regional parliament spent Wednesday on the school budget. “We cannot build schools "
            "on promises,” the education minister said. Teachers' unions welcomed the extra money. ") * 3
    partial = host + "\n\n" + _FERRY.split("\n\n")[0] + "\n\n" + host
    assert [a for a in fidelity(_FERRY, partial) if a.kind == "quote_added"] == []


def test_fidelity_spanish_quotes_over_paragraphs_soft_hyphens_and_house_style() -> None:
    es = ("«Los trabajos empezarán en mayo y durarán dos años en el puerto.\n\n"
          "»Se lo debemos a los vecinos y no vamos a frenar ahora», decía el comunicado de la autoridad. "
          "Los pescadores locales dijeron que estudiarán el plan antes de decidir si recurren.")
    [q] = quote_spans(es)
    assert es[q.start : q.end].endswith("no vamos a frenar ahora") and q.paragraphs == 2
    tail = es.replace("Los pescadores locales dijeron", "Los pescadores de la zona, críticos, afirmaron")
    assert [a for a in fidelity(es, tail, lang="es") if a.kind.startswith("quote_")] == []
    quote = ("“The islanders have waited long enough for a harbour that works,” Valsberg said on Tuesday "
             "at the council meeting in Dornbay.")
    assert fidelity(quote, quote.replace("islanders", "is\u00adlanders")) == []
    assert fidelity(quote, quote.replace("harbour", "harbor")) == []
    # hyphens, blanks and a number's scale are a site's style too (trade sites rewriting one release)
    styled = ("“We will use the €118 million grant as a stepping stone to a next-generation, best in "
              "class 4.3MW turbine, opening the South Eastern market to date,” Valsberg said.")
    restyled = ("“We will use the €118m grant as a stepping stone to a next generation, best-in-class "
                "4.3 MW turbine, opening the South-Eastern market to-date,” Valsberg said.")
    assert fidelity(styled, restyled) == []
    assert [a.kind for a in fidelity(styled, restyled.replace("South", "North"))] == ["quote_altered"]
    # other words are no style: "re-sign" is not "resign"
    sign = "“I will re-sign the contract for the new quay next week,” Valsberg said on Tuesday."
    assert [a.kind for a in fidelity(sign, sign.replace("re-sign", "resign"))] == ["quote_altered"]
    # a compound run together is style, the hyphen's meaning-carrying prefixes aside
    kick = "“This grant is kick-starting a new ferry line for the islanders,” Valsberg said on Tuesday."
    assert fidelity(kick, kick.replace("kick-starting", "kickstarting")) == []
    assert [a.kind for a in fidelity(kick, kick.replace("kick-starting", "kicking"))] == ["quote_altered"]
    coop = "“The fishermen's co-op will run the new quay from next spring,” Valsberg said on Tuesday."
    assert [a.kind for a in fidelity(coop, coop.replace("co-op", "coop"))] == ["quote_altered"]
    longer = quote.replace("long enough", "far too long")
    assert [a.kind for a in fidelity(quote, longer)] == ["quote_altered"]


def test_fidelity_a_quote_moved_from_he_or_the_mayor_to_someone_else() -> None:
    """The speaker check needed a name on both sides: "he said" or "the mayor said" in the source
    turned into another person's name in the copy went unflagged."""
    src = ("Opposition councillor Tomasz Wierzbicki was less enthusiastic about the ferry deal at the "
           "meeting. “This is a gamble with public money, and nobody has shown us the numbers,” he said. "
           "The mayor, Helene Brandt, defended the timetable of the contract. “The contract was published "
           "in full in June and anyone could read it,” the mayor said on Tuesday.")
    for old, new, who in [("” he said", "” Brandt said", ("he", "Brandt")),
                          ("” the mayor said", "” Wierzbicki said", ("the mayor", "Wierzbicki"))]:
        alts = fidelity(src, src.replace(old, new))
        changed = [(a.source, a.copy) for a in alts if a.kind == "speaker_changed"]
        assert changed == [who], (old, changed)
    # a copy that writes out whom the pronoun or the role meant changed nothing
    for old, new in [("” he said", "” Wierzbicki said"), ("” the mayor said", "” Helene Brandt said")]:
        assert [a for a in fidelity(src, src.replace(old, new)) if a.kind == "speaker_changed"] == [], old


def test_fidelity_uses_the_alignment() -> None:
    s1 = "“Prices will fall next year,” the governor said."
    c1 = "“Prices will rise next year,” the governor said."
    s2 = "Unemployment stood at 4.1% in March."
    c2 = "Unemployment stood at 4.7% in March."
    src, cpy = f"{s1} {s2}", f"{c1} {c2}"
    pairs = [
        AlignedPair(PairKind.EDITED, 0, 0, s1, c1, 0.95),
        AlignedPair(PairKind.EDITED, 1, 1, s2, c2, 0.95),
    ]
    alignment = _alignment(pairs)
    kinds = _kinds(fidelity(src, cpy, alignment))
    [q] = kinds["quote_altered"]
    assert ["replace", "fall", "rise"] in q.diff
    [n] = kinds["number_changed"]
    assert (n.source, n.copy) == ("4.1%", "4.7%")
    assert fidelity(src, src, alignment) == []


def test_fidelity_ignores_inflections_and_equivalent_numbers() -> None:
    src = "Russia said aid of $5 billion would reach Ukraine by March 2024, the Americans said."
    cpy = (
        "Russian officials said aid of 5 billion dollars would reach Ukraine by March 2024, the American "
        "said."
    )
    kinds = _kinds(fidelity(src, cpy))
    assert "name_changed" not in kinds
    assert "number_changed" not in kinds


def test_fidelity_a_letter_slipped_into_a_name_is_a_change_an_ending_is_not() -> None:
    src = "The Democrats asked Governor Alma Duncan on Monday to explain the harbour contract to the council."
    cpy = ("The Democratic group asked Governor Alma Duncaan on Monday to explain the harbour contract "
           "to the council.")
    names = [(a.source, a.copy) for a in fidelity(src, cpy) if a.kind == "name_changed"]
    assert names == [("Duncan", "Duncaan")]  # Democrats -> Democratic is an ending, not a misspelling


def _number_changes(src: str, cpy: str) -> list[tuple[str | None, str | None]]:
    return [(a.source, a.copy) for a in fidelity(src, cpy) if a.kind == "number_changed"]


@pytest.mark.parametrize(
    ("src", "cpy"),
    [
        # a house style's unit: "tons" in one outlet are "tonnes" in the other
        ("Figures from the ministry show that 2,700 tons of solar waste were produced on the island.",
         "Figures from the ministry show that 2,700 tonnes of solar waste were produced on the island."),
        # the unit run into the number: read as a bare number, the same number
        ("The platform will be stationed 35 kilometers from shore in deep water off the cape.",
         "The platform will be stationed 35km from shore in deep water off the cape."),
        # "$" on an Australian site is the Australian dollar that a sister site writes out
        ("The company has begun work on its $60 million hybrid power plant near the town of Dalby.",
         "The company has begun work on its AUD 60 million (USD 45.7 million) hybrid plant near Dalby."),
        ("The state has set aside AUD 10 million ($7.6 million) for a grant scheme to recycle old panels.",
         "The state has set aside $10 million for a grant scheme designed to recycle old solar panels."),
        # a range whose second number carries the scale for both
        ("The merged company expects to pump 108,000 to 114,000 barrels of oil a day next year.",
         "The merged company expects to pump 108-114 thousand barrels of oil a day next year."),
        ("The second vessel will be installed at around 2000 meters, 150 kilometers from the capital.",
         "The second vessel will be installed at Block 58 located 150km from the capital."),
        # "Phase 2" names the phase; the source's "second" is a word, and 520 is its capacity
        ("The harbour base will serve the 520MW second phase of the offshore wind farm off the coast.",
         "The harbour base will serve the offshore wind farm off the coast, known as Wind Park Phase 2."),
    ],
)
def test_fidelity_a_number_written_another_way_is_no_change(src: str, cpy: str) -> None:
    """Real rewrites of one press release by trade sites, each flagged as a changed number."""
    assert _number_changes(src, cpy) == []


def test_fidelity_numbers_pair_with_the_closest_value_and_real_changes_stay_changes() -> None:
    src = "The new plant can produce 50 megawatts of power and will supply more than 158,000 homes."
    cpy = "The new plant can produce clean power and will supply more than 160,000 households."
    assert _number_changes(src, cpy) == [("158,000 homes", "160,000 households")]  # not the megawatts
    # what the rules for numbers written another way must not hide
    swap = ("Officials said that 20 people were killed in the fire at the depot on Monday. Officials "
            "also said that about 200 people were injured in the fire at the depot on Monday.")
    swapped = swap.replace("that 20 people", "that X people").replace("about 200", "about 20") \
        .replace("X people", "200 people")
    assert _number_changes(swap, swapped) == [("20 people", "200 people"), ("200 people", "20 people")]
    miles = "The platform will be stationed 5 miles from shore in deep water off the cape, they said."
    assert _number_changes(miles, miles.replace("5 miles", "5km")) == [("5 miles", "5km")]
    assert _number_changes(miles, miles.replace("5 miles", "5")) == [("5 miles", "5")]
    hk = "The company has begun work on its $60 million hybrid power plant near the town of Dalby."
    assert _number_changes(hk, hk.replace("$60", "HK$60")) == [("$60 million", "HK$60 million")]
    # amounts in two currencies pair only when the sum is the same or each is the sentence's only one
    yen = "Der Konzern will 5 Mrd Euro investieren, dazu kommen 582 Milliarden Yen aus Japan, hieß es."
    euro = yen.replace("5 Mrd", "3 Mrd").replace("582 Milliarden Yen", "108 Mio Euro")
    assert [(a.source, a.copy) for a in fidelity(yen, euro, lang="de") if a.kind == "number_changed"] == [
        ("5 Mrd Euro", "3 Mrd Euro")]
    only = "Der Konzern bekommt 582 Milliarden Yen aus Japan, sagte der Sprecher am Montag in Berlin."
    assert [(a.source, a.copy) for a in fidelity(only, only.replace("582 Milliarden Yen", "108 Mio Euro"),
                                                 lang="de") if a.kind == "number_changed"] == [
        ("582 Milliarden Yen", "108 Mio Euro")]
    place = "In Kharkiv 14 civilians were killed by the strike on Monday night, the governor said."
    assert _number_changes(place, place.replace("14 civilians", "40 civilians")) == [
        ("14 civilians", "40 civilians")]
    # a date the source gives twice and the copy once, in its place of the other: changed
    fest = ("The light festival opens on 29 November 2018 in the old harbour of the town. Tickets for "
            "the evening of 29 November 2018 are sold out already, the organisers said.")
    assert _number_changes(fest, fest.replace("opens on 29", "opens on 22", 1)) == [
        ("29 November 2018", "22 November 2018")]
    # a number naming something is compared with the number in its place
    label = "Ships will berth at Terminal 5 of the harbour from May, the port authority said on Monday."
    assert _number_changes(label, label.replace("Terminal 5", "Terminal 3")) == [("5", "3")]


def test_fidelity_german_nouns_written_another_way_are_no_name_change() -> None:
    """German nouns are capitalised, so they read as names: a compound with or without its hyphen,
    a feminine or plural ending are no misspelled name (SemEval rewrites of German news)."""
    src = ("Die Wahrsagerin sagte der Deutschen Presseagentur im Jahr 1990 das Arbeitsverhältnis der "
           "Regierung voraus, hieß es am Montag.")
    cpy = ("Der Wahrsager sagte der Deutschen Presse-Agentur im Jahr 1990 die Arbeitsverhältnisse der "
           "Regierung voraus, hieß es am Montag.")
    assert [a for a in fidelity(src, cpy, lang="de") if a.kind == "name_changed"] == []
    assert [(a.source, a.copy) for a in fidelity(src, cpy.replace("Regierung", "Regirung"), lang="de")
            if a.kind == "name_changed"] == [("Regierung", "Regirung")]
    # letters swapped at a name's end stay a misspelling
    james = "Judge James Varga read the verdict to the court in Elsen on Monday afternoon, it said."
    assert [(a.source, a.copy) for a in fidelity(james, james.replace("James", "Jamse"))
            if a.kind == "name_changed"] == [("James", "Jamse")]


def test_fidelity_a_typewriter_apostrophe_is_no_name_change() -> None:
    src = ("Duke Energy president Chris Fallon said: “We're excited to grow in Texas,” adding the farm "
           "would be finished by the end of next year.")
    cpy = ("Duke Energy president Chris Fallon said: “We’re excited to grow in Texas,” and added that the "
           "farm should be finished by the end of next year.")
    assert [a for a in fidelity(src, cpy) if a.kind == "name_changed"] == []

@pytest.mark.parametrize(
    ("copy_names", "changed"),
    [
        (("Gronnegaard", "Muller"), []),  # a site without the letters: no change
        (("Grønnegaard", "Mueller"), []),  # an umlaut written out
        (("Gronegard", "Müller"), [("Grønnegaard", "Gronegard")]),  # letters dropped too: misspelt
        (("Grønnegaard", "Miller"), [("Müller", "Miller")]),
    ],
)
def test_fidelity_a_name_written_without_its_diacritics_is_no_name_change(
        copy_names: tuple[str, str], changed: list[tuple[str, str]]) -> None:
    src = ("The contract was signed in Tromsdal on Monday by Flemming Grønnegaard and Anna Müller, who "
           "run the ferry company, and by the council of the harbour town.")
    cpy = src.replace("Grønnegaard", copy_names[0]).replace("Müller", copy_names[1])
    assert [(a.source, a.copy) for a in fidelity(src, cpy) if a.kind == "name_changed"] == changed


def test_fidelity_names_written_out_or_in_other_scripts() -> None:
    src = ("The contract was signed in Tromsdal on Monday by Søren Håkonsen and Andrei Wolkow, who run "
           "the ferry company, and by the council of the harbour town.")
    spelled = src.replace("Søren", "Soeren").replace("Håkonsen", "Haakonsen")  # the letters written out
    assert [a for a in fidelity(src, spelled) if a.kind == "name_changed"] == []
    ru = ("Договор подписали в понедельник Андрей Волков и Мария Сидорова, которые руководят паромной "
          "компанией, и совет портового города.")
    # a mark on a Cyrillic letter is part of it: "Андрей" and "Андреи" are two spellings
    assert [(a.source, a.copy) for a in fidelity(ru, ru.replace("Андрей", "Андреи"), lang="ru")
            if a.kind == "name_changed"] == [("Андрей", "Андреи")]


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("abcdeXYZ ,.;:!?-—'\"“”‘’„«»‚‹›「」\n0123456789$€£%")
    + ["said", "told", "according to", " he ", " She ", "Macron", "billion", "March", "am", "dijo", "сказал"]
)
_TEXT = st.lists(_ALPHABET, max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, lang=st.sampled_from(["en", "fr", "de", "ru", None]))
def test_extract_quotes_never_crashes_and_offsets_hold(text: str, lang: str | None) -> None:
    _check_offsets(text, extract_quotes(text, lang))
    for q in quote_spans(text, nested=True):
        assert 0 <= q.open < len(text) and 0 <= q.start <= q.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(_TEXT, st.text(max_size=60)), lang=st.sampled_from(["en", "de", "fr", None]))
def test_extract_numbers_never_crashes_and_offsets_hold(text: str, lang: str | None) -> None:
    nums = extract_numbers(text, lang)
    for n in nums:
        assert 0 <= n.start < n.end <= len(text)
        assert text[n.start : n.end] == n.text
        assert n.kind in {"money", "percent", "count", "date", "time", "number"}
    assert [n.start for n in nums] == sorted(n.start for n in nums)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=_TEXT, b=_TEXT)
def test_fidelity_never_crashes_and_is_empty_on_identical_text(a: str, b: str) -> None:
    for alt in fidelity(a, b):
        assert alt.kind in {
            "quote_altered",
            "quote_dropped",
            "quote_added",
            "speaker_changed",
            "number_changed",
            "name_changed",
        }
    assert fidelity(a, a) == []


def test_fidelity_split_and_merged_quotes_are_not_alterations() -> None:
    src = (
        "The mayor spoke on Monday. “We will rebuild the bridge, and we will do it before winter,” "
        "Mayor Ana Ruiz said. The council agreed."
    )
    split = (
        "The mayor spoke on Monday. “We will rebuild the bridge,” Mayor Ana Ruiz said, “and we will do "
        "it before winter.” The council agreed."
    )
    assert [a for a in fidelity(src, split) if a.kind.startswith("quote_")] == []
    assert [a for a in fidelity(split, src) if a.kind.startswith("quote_")] == []


def test_fidelity_shortened_quote_is_altered() -> None:
    src = (
        "The mayor spoke on Monday. “We will rebuild the bridge, but only if the state pays for it,” "
        "Mayor Ana Ruiz said. The council agreed."
    )
    cpy = "The mayor spoke on Monday. “We will rebuild the bridge,” Mayor Ana Ruiz said. The council agreed."
    [alt] = [a for a in fidelity(src, cpy) if a.kind == "quote_altered"]
    assert ["delete", "but only if the state pays for it", ""] in alt.diff


def test_fidelity_with_caller_quotes() -> None:
    src = "“We will cut taxes for every family,” Finance Minister Klaus Weber said on Monday."
    cpy = "“We will cut taxes for every family,” Prime Minister Olga Petrova said on Monday."
    kinds = _kinds(fidelity(src, cpy, source_quotes=extract_quotes(src), copy_quotes=extract_quotes(cpy)))
    [changed] = kinds["speaker_changed"]
    assert (changed.source, changed.copy) == ("Klaus Weber", "Olga Petrova")


def test_breadcrumbs_and_templates_are_not_quotes_or_changes() -> None:
    src = "World » Europe » Talks collapse\n\nPosted by admin on 2024-02-17\n\nThe talks collapsed on Monday."
    cpy = "News » Talks collapse\n\nPosted by editor on 2024-02-23\n\nThe talks collapsed on Monday."
    assert quote_spans(src) == [] and quote_spans(cpy) == []
    assert fidelity(src, cpy) == []


# ---------------------------------------------------------------------------------------------
# the evaluators, on small files written here
# ---------------------------------------------------------------------------------------------

_ARTICLE = (
    "“We will win this race,” Senator Maria Lopez said on Tuesday. Her rival said that the polls were "
    "wrong.\n\nAccording to the campaign, 300 volunteers joined."
)


def _brat(text: str) -> str:
    def span(s: str, nth: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return i, i + len(s)

    q = span("“We will win this race,”")
    sp = span("Senator Maria Lopez")
    cue = span("said")
    c2 = span("that the polls were wrong")
    s2 = span("Her rival")
    cue2 = span("said", 1)
    # a discontinuous content span (two fragments), as PolNeAR has for interrupted quotes
    c3a, c3b = span("300 volunteers"), span("joined")
    s3, cue3 = span("the campaign"), span("According to")
    lines = [
        f"T1\tContent {q[0]} {q[1]}\t{text[q[0] : q[1]]}",
        f"T2\tSource {sp[0]} {sp[1]}\t{text[sp[0] : sp[1]]}",
        f"T3\tCue {cue[0]} {cue[1]}\tsaid",
        f"T4\tAttribution {cue[0]} {cue[1]}\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        f"T5\tContent {c2[0]} {c2[1]}\t{text[c2[0] : c2[1]]}",
        f"T6\tSource {s2[0]} {s2[1]}\tHer rival",
        f"T7\tCue {cue2[0]} {cue2[1]}\tsaid",
        f"T8\tAttribution {cue2[0]} {cue2[1]}\tsaid",
        "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
        f"T9\tContent {c3a[0]} {c3a[1]};{c3b[0]} {c3b[1]}\t300 volunteers joined",
        f"T10\tSource {s3[0]} {s3[1]}\tthe campaign",
        f"T11\tCue {cue3[0]} {cue3[1]}\tAccording to",
        f"T12\tAttribution {cue3[0]} {cue3[1]}\tAccording to",
        "E3\tAttribution:T12 Content:T9 Cue:T11 Source:T10",
    ]
    return "\n".join(lines) + "\n"


def test_evaluate_quotes_on_a_tiny_brat_set(tmp_path) -> None:
    from newstrace.eval import quotes as evq

    base = tmp_path / "data" / "test"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir(parents=True)
    (base / "text" / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    (base / "attributions" / "a_x1.ann").write_text(_brat(_ARTICLE), encoding="utf-8")
    gold = evq.read_ann(base / "attributions" / "a_x1.ann")
    assert len(gold) == 3 and len(gold[2].content) == 2
    res = evq.evaluate_quotes(tmp_path, "test")
    assert res["articles"] == 1 and res["gold_attributions"] == 3 and res["gold_direct"] == 1
    ours = res["newstrace"]
    assert ours["direct"]["overlap"]["recall"] == 1.0
    assert ours["direct"]["speaker_accuracy"] == 1.0
    assert ours["all"]["overlap"]["f1"] == 1.0
    assert "newstrace" in evq.format_table(res)
    assert evq.main(["--root", str(tmp_path), "--split", "test", "--json"]) == 0


def test_evaluate_quotes_skips_without_data(tmp_path) -> None:
    from newstrace.eval import quotes as evq

    res = evq.evaluate_quotes(tmp_path / "missing", "test")
    assert "skipped" in res and "not found" in res["skipped"]


def test_evaluate_fidelity_on_planted_records(tmp_path) -> None:
    import json

    from newstrace.eval import quotes as evq

    recs = [
        {
            "url": "https://a.example/1",
            "relation": "original",
            "source_url": None,
            "lang": "en",
            "text": SOURCE,
        },
        {
            "url": "https://b.example/1",
            "relation": "spun_copy",
            "source_url": "https://a.example/1",
            "lang": "en",
            "text": PLANTED,
            "planted": [
                {"kind": "number_changed", "source": "278", "copy": "287"},
                {"kind": "name_changed", "source": "Marcon", "copy": "Marcone"},
                {"kind": "name_changed", "source": "Stoltenberg", "copy": "Stoltenburg"},
                {
                    "kind": "quote_altered",
                    "source": '"NATO\'s not party to the conflict, nor are NATO allies,"',
                    "copy": '"The alliance is not a party to the conflict, nor is it a NATO ally,"',
                },
            ],
        },
        {
            "url": "https://c.example/1",
            "relation": "verbatim_copy",
            "source_url": "https://a.example/1",
            "lang": "en",
            "text": SOURCE,
            "planted": [],
        },
    ]
    path = tmp_path / "reuse.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    res = evq.evaluate_fidelity(path)
    assert res["quotes_and_numbers"] == {"precision": 1.0, "recall": 1.0, "reported": 2, "planted": 2}
    assert res["per_kind"]["name_changed"]["recall"] == 1.0
    assert res["verbatim_copies_flagged"] == 0
    assert "skipped" in evq.evaluate_fidelity(tmp_path / "nope.jsonl")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=120), st.text(alphabet="ab “”‘’„«»‚'\"\n.", max_size=60)))
def test_quote_spans_never_crash_on_any_text(text: str) -> None:
    for q in quote_spans(text, nested=True):
        assert 0 <= q.open < len(text) and text[q.open] in QUOTE_CHARS
        assert q.open < q.start <= q.end <= len(text)
        if q.close is not None:
            assert q.end <= q.close < len(text) and text[q.close] in QUOTE_CHARS


def test_an_unlisted_verb_with_a_that_clause_and_a_speaking_subject_is_a_cue() -> None:
    text = "The harbour master fretted that the old crane could fall in a storm."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("The harbour master", "that the old crane could fall in a storm", "fretted")]
    # ... but not "make sure", nor a clause with "it" as the subject
    assert extract_quotes("The mayor made sure that the ferry runs on time.") == []
    assert extract_quotes("It seems the ferry will run late.") == []


@pytest.mark.parametrize("verb", ["hopes", "is hoping", "hoped"])
def test_hope_is_a_cue_whatever_the_lemmatiser_makes_of_it(verb: str) -> None:
    # the English model lemmatises "hopes" as "hop"
    text = f"The mayor {verb} to reopen the quay in May."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("The mayor", "to reopen the quay in May", verb)]


def test_called_for_someone_to_act() -> None:
    # the parser makes "for the council to reopen ..." an adverbial clause of "called"
    text = "The mayor called for the council to reopen the quay."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("The mayor", "the council to reopen the quay", "called")]


@pytest.mark.parametrize(
    "text, speaker, content, cue",
    [
        ("Most residents support the new ferry plan.", "Most residents", "the new ferry plan", "support"),
        ("A new survey shows a tie between the two candidates.", "A new survey",
         "a tie between the two candidates", "shows"),
        ("Larsen talked about the harbour tax on Monday.", "Larsen", "the harbour tax", "talked"),
    ],
)
def test_attitudes_with_an_object_are_attributions(text: str, speaker: str, content: str, cue: str) -> None:
    assert [(q.speaker, q.content, q.cue, q.kind) for q in extract_quotes(text)] == [
        (speaker, content, cue, "indirect")
    ]


def test_noun_cues_with_of_and_for() -> None:
    text = "Mayor Ines Larsen spoke on Monday. Her message of national unity and hope drew applause."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("Ines Larsen", "national unity and hope", "message")]
    text = "Support for the new ferry line to the islands has grown."
    assert [(q.content, q.cue) for q in extract_quotes(text)] == [
        ("the new ferry line to the islands", "Support")
    ]


def test_passive_with_an_agent_reports_its_subject() -> None:
    text = "The new ferry plan was rejected by the harbour council on Monday."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("the harbour council", "The new ferry plan", "was rejected")]
    # without "by ...", nobody is named: no attribution
    assert extract_quotes("The new ferry plan was rejected on Monday.") == []


def test_object_cue_content_keeps_what_the_object_is_set_against_not_when_or_where() -> None:
    text = "On Monday Larsen defended the council against the attacks of the opposition."
    assert [(q.speaker, q.content) for q in extract_quotes(text)] == [
        ("Larsen", "the council against the attacks of the opposition")
    ]
    text = "The mayor praised the volunteers in a speech."
    assert [(q.speaker, q.content) for q in extract_quotes(text)] == [("The mayor", "the volunteers")]


def test_a_cue_coordinated_inside_the_reported_clause_keeps_the_speaker() -> None:
    # the parser coordinates "added" with "was" (inside what Larsen said), whose subject is "the quay"
    text = "Larsen said the quay was safe and added that the ferry would run on Monday."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [
        ("Larsen", "the quay was safe", "said"),
        ("Larsen", "that the ferry would run on Monday", "added"),
    ]


def test_coordinated_clauses_the_parser_splits_into_two_complements_are_one_report() -> None:
    # the parser hangs "has" and "was" off "said" as two complements: both are what the mayor said
    text = (
        "The mayor said the council has \u201cgreat respect\u201d for the fishermen and her remark was "
        "instead a sign of impatience with the regional plan."
    )
    got = [(q.speaker, q.content) for q in extract_quotes(text)]
    assert got == [
        (
            "The mayor",
            "the council has \u201cgreat respect\u201d for the fishermen and her remark was instead a sign "
            "of impatience with the regional plan",
        )
    ]
    # a second complement with a reporting verb of its own is someone else's report
    for text, want in (
        ("She said the plan failed, the minister claimed it worked.",
         [("She", "the plan failed"), ("the minister", "it worked")]),
        ("The firm said profits rose, analysts expected a loss.", [("The firm", "profits rose")]),
    ):
        assert [(q.speaker, q.content) for q in extract_quotes(text)] == want


def test_adjectives_of_attitude_with_their_complement() -> None:
    text = "Many islanders are skeptical of the new ferry plan."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("Many islanders", "the new ferry plan", "skeptical")]
    text = "The mayor is confident that the quay will open in May."
    got = [(q.speaker, q.content) for q in extract_quotes(text)]
    assert got == [("The mayor", "that the quay will open in May")]
    assert extract_quotes("The quay is close to the old harbour.") == []


def test_seeing_someone_as_something_is_an_attribution_but_seeing_a_place_is_not() -> None:
    text = "Many voters see Larsen as a safe choice."
    assert [(q.speaker, q.content, q.cue) for q in extract_quotes(text)] == [
        ("Many voters", "Larsen as a safe choice", "see")
    ]
    assert extract_quotes("Larsen saw the new quay on Monday.") == []


def test_appear_to_is_no_cue() -> None:
    assert extract_quotes("The mayor appears to favour the northern route.") == []


def test_a_short_exclamation_is_a_quote_not_a_scare_quote() -> None:
    text = "A man in the crowd yelled “Stay there!” at the guards."
    got = [(q.speaker, q.content, q.cue, q.kind) for q in extract_quotes(text)]
    assert got == [("A man in the crowd", "Stay there!", "yelled", "direct")]


def test_noun_cue_min_words_comes_from_settings() -> None:
    text = "Support for Larsen has grown on the islands."
    assert [(q.content, q.cue) for q in extract_quotes(text)] == [("Larsen", "Support")]
    assert extract_quotes(text, settings=Settings(quote_noun_cue_min_words=3)) == []


def test_noun_cue_as_the_object_of_a_cue_that_reports_nothing() -> None:
    text = "A resident asked a question about the ferry fares."
    got = [(q.speaker, q.content, q.cue) for q in extract_quotes(text)]
    assert got == [("A resident", "the ferry fares", "question")]


@pytest.mark.parametrize(
    "text, content",
    [
        ("Larsen told reporters about the new ferry line.", "the new ferry line"),
        ("Larsen argued against the new quay at the meeting.", "the new quay"),
        ("Larsen warned against a rise in the ferry fares.", "a rise in the ferry fares"),
    ],
)
def test_speech_verbs_with_a_prepositional_object(text: str, content: str) -> None:
    assert [(q.speaker, q.content) for q in extract_quotes(text)] == [("Larsen", content)]


def test_a_report_inside_a_transcript_turn_is_part_of_the_turn() -> None:
    text = (
        "The interview aired on Sunday. A partial transcript follows.\n\n"
        "HOLM: Will the ferry run through the winter this year?\n\n"
        "BRANDT: I think the ferry will run all winter.\n\n"
        "HOLM: And the fares?"
    )
    got = [(q.speaker, q.content, q.kind) for q in extract_quotes(text)]
    assert got == [
        ("HOLM", "Will the ferry run through the winter this year", "direct"),
        ("BRANDT", "I think the ferry will run all winter", "direct"),
        ("HOLM", "And the fares", "direct"),
    ]


def test_a_report_nested_in_a_report_of_the_same_speaker_is_part_of_it() -> None:
    same = "Larsen said that she told the crews she would keep the ferry running."
    assert [(q.speaker, q.cue) for q in extract_quotes(same)] == [("Larsen", "said")]
    other = "Larsen said that Holm told the crews that the ferry would keep running."
    assert [(q.speaker, q.content) for q in extract_quotes(other)] == [
        ("Larsen", "that Holm told the crews that the ferry would keep running"),
        ("Holm", "that the ferry would keep running"),
    ]


def test_a_participial_report_after_the_content_is_a_report_of_its_own() -> None:
    text = "Larsen said the ferry would run all winter, adding that two more crews had been hired."
    assert [(q.speaker, q.content, q.cue) for q in extract_quotes(text)] == [
        ("Larsen", "the ferry would run all winter", "said"),
        ("Larsen", "that two more crews had been hired", "adding"),
    ]


def test_a_clause_mostly_but_not_wholly_quoted_is_the_content() -> None:
    text = ("Larsen said that by the end of May "
            "“the new ferry will run every hour all through the winter months”.")
    got = [(q.speaker, q.content, q.kind) for q in extract_quotes(text)]
    assert got == [
        ("Larsen", "that by the end of May “the new ferry will run every hour all through the winter months”",
         "indirect")
    ]
    strict = extract_quotes(text, settings=Settings(quote_clause_direct_min_share=0.7))
    assert [(q.content, q.kind) for q in strict] == [
        ("the new ferry will run every hour all through the winter months", "direct")
    ]


def test_when_asked_the_question_has_no_speaker_and_the_answer_keeps_its_own() -> None:
    # the seed's pattern: "When asked whether ..., Stoltenberg did not respond directly, but indicated ..."
    text = (
        "The harbour chief met the press on Monday. When asked whether the ferry cuts were a mistake, "
        "Jonas Brandt did not answer directly, but indicated that the timetable would be reviewed."
    )
    got = [(q.speaker, q.cue, q.content) for q in extract_quotes(text)]
    assert (None, "asked", "whether the ferry cuts were a mistake") in got
    assert ("Jonas Brandt", "indicated", "that the timetable would be reviewed") in got
    assert not any(s == "Jonas Brandt" and c == "asked" for s, c, _ in got)


def test_markup_left_in_a_text_holds_no_quote_or_cue() -> None:
    # feeds and exports sometimes keep embedded posts as tags: their names and attribute values are
    # no speech, the post's text and the prose around it still are
    text = (
        "The mayor answered on social media within the hour.\n\n"
        '<tweet id="4411000917" author="@harbourmayor" datetime="2026-03-02">While I respect the '
        "ferry crews, this is wrong.</tweet>\n\n"
        'Later she said that "the timetable is final" and left the hall.'
    )
    got = [(a.cue_text, [text[s:e] for s, e in a.fragments]) for a in extract_attributions(text)]
    assert all(cue != "tweet" for cue, _ in got)
    assert not any("4411" in f or "=" in f or "harbourmayor" in f for _, frags in got for f in frags)
    assert ("said", ['that "the timetable is final" and left the hall']) in got


def test_she_said_goes_to_the_woman_just_named_even_when_the_model_calls_her_an_org() -> None:
    text = ("In the lower valley, orchard owner Beatrix Corwen walked through rows of dry almond trees. "
            "\"We are deciding which trees to save,\" she said.\n\n"
            "Critics say the board has been slow to fix its pipes. Nadia Fairweather, a member of the "
            "valley's consumer association, pointed out that a fifth of treated water leaks away. "
            "\"Asking families to let their gardens die while the network bleeds water is hard to "
            "accept,\" she said.")
    direct = [q for q in extract_quotes(text, "en") if q.kind == "direct"]
    assert [q.speaker for q in direct] == ["Beatrix Corwen", "Nadia Fairweather"]


def test_a_partial_copy_is_not_blamed_for_quotes_near_a_loose_lookalike_sentence() -> None:
    """The copy took three paragraphs; one of its own sentences is loosely like a source sentence
    after the quotes (similarity about 0.53, no aligned neighbour): the quotes were not copied."""
    from newstrace.link import compare
    from newstrace.model import Article

    src_text = "\n\n".join([
     "The Marrowfield council approved a new drainage plan on Tuesday after a month of heavy rain.",
     "The plan adds two pumping stations and widens the canal that runs along the old mill road.",
     "Work is due to start in the spring and should take about eighteen months to finish.",
     "\"We cannot keep patching the same streets every winter,\" Mayor Ilse Vasquez-Lund said.",
     "\"Residents deserve drains that work,\" she said.",
     "Roads on the east side of town flooded twice this month, according to the council report.",
     "The opposition said the plan was too expensive and asked for an independent review of its cost.",
     "A public meeting on the plan will be held at the town hall next Thursday evening.",
    ])
    host = [
     "Ten things to know before you buy a house in East Marrowfield this year.",
     "Prices have risen steadily, and first-time buyers now compete with investors from the city.",
     "Schools in the district are among the best rated in the region, parents say.",
    ]
    host2 = [
     "Parking is scarce near the station, so check before you sign anything.",
     "The market on the east side of town moves quickly, agents say.",
     "Finally, talk to the neighbours: they know which streets get noisy at night.",
    ]
    copy_text = "\n\n".join(host + src_text.split("\n\n")[:3] + host2)
    a = Article(url="https://town.example/drains", title="Drains", text=src_text, lang="en",
                published="2025-03-01", id=1)
    b = Article(url="https://homes.example/ten-things", title="Ten things", text=copy_text, lang="en",
                published="2025-03-05", id=2)
    cmp = compare(a, b, Settings())
    assert cmp.verdict.relation.value == "partial_copy"
    assert any(p.kind.value == "paraphrased" and p.source_index == 5 for p in cmp.alignment.pairs)
    assert fidelity(src_text, copy_text, cmp.alignment) == []


def test_a_hyphenated_title_before_the_name_is_not_the_speaker() -> None:
    text = ("The survey counted wild bees in forty gardens across the city. \"Small gardens matter more "
            "than we thought,\" co-author Dr. Teodor Marchbanks said. Co-author Dr. Teodor Marchbanks said "
            "the team would repeat the count next year.")
    assert [q.speaker for q in extract_quotes(text, "en")] == ["Teodor Marchbanks", "Teodor Marchbanks"]


def test_of_two_plain_subjects_the_one_next_to_the_verb_speaks() -> None:
    text = ("Water in the Lake Ormond reservoir fell to 31 percent of capacity this week, the lowest level "
            "recorded in July since 1978, the regional water board said on Monday.")
    assert [q.speaker for q in extract_quotes(text, "en")] == ["the regional water board"]


def test_one_in_six_is_a_share_not_a_count_of_six() -> None:
    found = [(n.text, n.value, n.unit, n.kind) for n in extract_numbers(
        "One in six households keeps a garden; three out of every 10 voters agreed. It fell to 3 in 2024.")]
    assert ("One in six", 16.6667, "%", "percent") in found
    assert ("three out of every 10", 30.0, "%", "percent") in found
    assert not any(t.startswith("3 in") for t, *_ in found)  # a year, not a ratio
    alts = fidelity("One in six households now keeps a vegetable garden, the survey of the town found.",
                    "One in five households now keeps a vegetable garden, the survey of the town found.")
    assert [(a.kind, a.source, a.copy) for a in alts] == [("number_changed", "One in six", "One in five")]


def test_a_ratio_with_a_thousands_comma_is_not_a_year() -> None:
    found = [(n.text, n.value, n.kind) for n in extract_numbers("One in 2,000 patients had the side effect.")]
    assert found == [("One in 2,000", 0.05, "percent")]



_HOLM = ("Finance Minister Klaus Weber opened the session on Monday. Opposition leader Tom Berg spoke "
         "next. Defence Minister Jana Holm then visited the base at Ravnby.\n\n")
_TROOPS = "“We will not send more troops to the border this winter”"


def _speaker_changes(src: str, cpy: str) -> list[tuple[str | None, str | None]]:
    return [(a.source, a.copy) for a in fidelity(src, cpy) if a.kind == "speaker_changed"]


def test_fidelity_a_role_before_the_quote_is_read_for_the_speaker() -> None:
    """A role (or he/she) written before the quote ("The defence minister said: “…”") went unread:
    a copy giving the quote to another named person passed. The role is looked up whole, so "the
    defence minister" is Jana Holm, not the finance minister named before her."""
    src = f"{_HOLM}The defence minister told reporters: {_TROOPS}."
    cue = "The defence minister told reporters:"
    assert _speaker_changes(src, src.replace(cue, "Opposition leader Tom Berg said:")) == [
        ("the defence minister", "Tom Berg")]
    assert _speaker_changes(src, src.replace(cue, "Klaus Weber told reporters:")) == [
        ("the defence minister", "Klaus Weber")]
    she = f"{_HOLM}She said: {_TROOPS}."
    assert _speaker_changes(she, she.replace("She said:", "Tom Berg said:")) == [("she", "Tom Berg")]
    # the role rewritten into the person's name, or the name into the role: the same person
    for same in ("Jana Holm told reporters:", "Holm told reporters:", "Defence Minister Jana Holm said:"):
        assert _speaker_changes(src, src.replace(cue, same)) == [], same
    named = f"{_HOLM}Holm told reporters: {_TROOPS}."
    for same in ("The defence minister told reporters:", "She told reporters:"):
        assert _speaker_changes(named, named.replace("Holm told reporters:", same)) == [], same


def test_fidelity_a_quote_is_its_introducing_verbs_not_the_next_sentences() -> None:
    """`He said “… winter.” In a statement, the council says …`: the quote is his. Reading the
    next sentence's "the council says" as its speaker made a copy that moves "he said" behind the
    quote (an edit, nothing changed) a speaker change from the council to "he"."""
    tail = " In a statement, the Ravnby Council says it expects the army to stay."
    src = f"{_HOLM}She said {_TROOPS[:-1]}.”{tail}"
    cpy = f"{_HOLM}{_TROOPS[:-1]},” she said.{tail}"
    assert _speaker_changes(src, cpy) == []
    assert _speaker_changes(cpy, src) == []
    # the quote still goes to the person the next sentence names when nothing introduces it
    named = f"{_HOLM}{_TROOPS[:-1]},” Holm said.{tail}"
    swapped = f"{_HOLM}{_TROOPS[:-1]},” Berg said.{tail}"
    assert _speaker_changes(named, swapped) == [("Holm", "Berg")]


_PIER = "“The new pier is the biggest contract in the history of our small yard”"


@pytest.mark.parametrize(
    "said",
    [
        "explains Dr. Lena Okafor, chief technology officer of Brightwater Marine.",  # "Dr." ends no sentence
        "said Brightwater Marine Managing Director Lena Okafor.",  # a long role before the name
    ],
)
def test_fidelity_the_speaker_after_a_quote_read_whole(said: str) -> None:
    src = f"Brightwater Marine won the pier contract on Monday. {_PIER[:-1]},” {said}"
    cpy = f"Brightwater Marine won the pier contract on Monday. {_PIER[:-1]},” Lena Okafor said."
    assert _speaker_changes(src, cpy) == []
    assert _speaker_changes(src, cpy.replace("Lena Okafor", "Piet Varga")) != []


@pytest.mark.parametrize(
    "says",
    [
        "Lena Okafor, CEO, Brightwater Marine said:",  # the body after the role is no speaker
        "Lena Okafor the CEO of Brightwater Marine said that",
        "Lena Okafor, Program Manager of Brightwater Marine in Spain commented,",  # no closing comma
    ],
)
def test_fidelity_the_person_before_a_role_is_the_speaker_not_the_body(says: str) -> None:
    src = f"Brightwater Marine won the pier contract on Monday. {says} {_PIER}."
    cpy = f"Brightwater Marine won the pier contract on Monday. {_PIER[:-1]},” said Lena Okafor."
    assert _speaker_changes(src, cpy) == []
    assert _speaker_changes(cpy, src) == []


def test_fidelity_a_verb_after_another_quotes_closing_mark_is_that_quotes() -> None:
    """`“B.” Wisconsin will … Assembly,” Evers said.`: a machine translation lost an opening mark,
    and B was given to Evers, whose verb follows the closing mark of another quote. A copy giving B
    to Dillman, who said the quote before it, had its speaker "changed"."""
    src = ("“We just expect a lot of people at the shop tomorrow,” Dillman said. “We have processes in "
           "place so hopefully nobody will wait for too long.” The state is not ready for this in the "
           "Senate or the Assembly,” Evers said.")
    cpy = src.replace("wait for too long.”", "wait for too long,” Dillman added.")
    assert _speaker_changes(src, cpy) == []


def test_fidelity_a_quote_after_its_speakers_long_role_goes_on_in_that_voice() -> None:
    """`“A,” said X, Minister Delegate …, in charge of Energy. “B.” Y, in turn, commented, “C.”`: B is
    X's, and Y's verb introduces C. B was given to Y, and a copy joining A and B into one quote of
    X's had its speaker "changed" from Y to X."""
    src = ("The plant opened on Monday. “Solar power is at the heart of our plans,” said Ama Dossou, "
           "Minister Delegate to the President, in charge of Energy and Mines. “This is a great moment "
           "for our country and for every village the new lines will reach.” Kofi Mensah, in turn, "
           "commented, “Our investors are keeping pace with the government.”")
    cpy = ("The plant opened on Monday. Ama Dossou, Minister Delegate to the President, said: “Solar "
           "power is at the heart of our plans. “This is a great moment for our country and for every "
           "village the new lines will reach.” Kofi Mensah, in turn, commented, “Our investors are "
           "keeping pace with the government.”")
    assert _speaker_changes(src, cpy) == []
    given = src.replace("lines will reach.”", "lines will reach,” Kofi Mensah added.")
    assert _speaker_changes(src, given) == [("Ama Dossou", "Kofi Mensah")]


def test_fidelity_more_of_a_quoted_persons_words_than_the_source_has_is_noted() -> None:
    """Trade sites rewriting one press release: the later one quotes the company's chief further than
    the earlier did ("This agreement is fully in line with our own ambitions," she said). A copy
    cannot know words of a speaker that its source does not have: it may come from the release
    itself. Still listed, with the note "fuller source"; other changes carry no note."""
    from newstrace.model import FULLER_SOURCE

    lead = "Brightwater Marine signed the pier contract with the port on Monday. "
    said = "“We will start work on the new pier in May and finish it next spring,” Lena Okafor said."
    more = " “The harbour will take ships twice the size of today's,” Okafor added."
    tail = " The port board approved the budget of the project last week after a long debate."
    src = lead + said + tail
    notes = {(a.kind, a.note) for a in fidelity(src, lead + said + more + tail)}
    assert notes == {("quote_added", FULLER_SOURCE)}
    other = " “The harbour will take ships twice the size of today's,” Piet Varga added."
    assert {(a.kind, a.note) for a in fidelity(src, lead + said + other + tail)} == {("quote_added", None)}
    runs_on = src.replace("next spring,”", "next spring, and we will hire forty people from the town,”")
    [alt] = fidelity(src, runs_on)
    assert (alt.kind, alt.note) == ("quote_altered", FULLER_SOURCE)
    changed = src.replace("in May", "in June")
    [alt] = fidelity(src, changed)
    assert (alt.kind, alt.note) == ("quote_altered", None)
    # words put inside the quote are no more of it
    inside = src.replace("in May and", "in May, after we have paid off the council and the mayor, and")
    [alt] = fidelity(src, inside)
    assert (alt.kind, alt.note) == ("quote_altered", None)


def test_fidelity_a_former_holder_of_the_role_is_not_the_one_who_speaks() -> None:
    """`Former President Barack Obama … "…," the president said`: the president is the one named
    "President Donald Trump" before, not the former one named last (a SemEval text whose copy wrote
    "Trump said" had its speaker "changed" from Obama)."""
    src = ("President Anna Holm played golf on Monday. Former President Tom Berg also loved the sport, "
           "and Holm often criticised him for it. “He has played more golf than most people on the "
           "tour, this man,” the president said at a rally in Elsen.")
    assert _speaker_changes(src, src.replace("the president said", "Holm said")) == []
    assert _speaker_changes(src, src.replace("the president said", "Berg said")) == [
        ("the president", "Berg")]


def test_fidelity_a_name_turned_into_another_persons_role_is_a_speaker_change() -> None:
    named = f"{_HOLM}Holm told reporters: {_TROOPS}."
    copy = named.replace("Holm told reporters:", "The opposition leader told reporters:")
    assert _speaker_changes(named, copy) == [("Holm", "the opposition leader")]


@pytest.mark.parametrize(
    ("lang", "text", "speaker", "other"),
    [
        ("fr", "« Nous ne reculerons pas sur la réforme des retraites », a déclaré la ministre de la Santé, "
               "Marie Dupont, mardi à Lyon.", "Marie Dupont", "Paul Martin"),
        ("fr", "Selon Marie Dupont, « nous ne reculerons pas sur la réforme des retraites » cette année.",
         "Marie Dupont", "Paul Martin"),
        # an elided article or a hyphen between the verb and the name ("d'opposition", "l'ambassadeur")
        ("fr", "« Le gouvernement cache le coût réel aux contribuables », a affirmé le député d'opposition "
               "Tomas Brekke.", "Tomas Brekke", "Paul Martin"),
        ("fr", "« Nous ne reculerons pas sur la réforme des retraites », a déclaré l’ambassadeur Jean Dupont "
               "à Berne.", "Jean Dupont", "Paul Martin"),
        ("es", "«No vamos a subir los impuestos este año», afirmó la ministra de Hacienda, Ana Ruiz, en "
               "Madrid.", "Ana Ruiz", "Carlos Gómez"),
        ("es", "Según Ana Ruiz, «no vamos a subir los impuestos este año» en ninguna región.", "Ana Ruiz",
         "Carlos Gómez"),
        ("de", "„Wir werden die Steuern in diesem Jahr nicht erhöhen“, sagte Hans Weber der Zeitung am "
               "Montag.", "Hans Weber", "Klaus Becker"),
        ("de", "„Wir werden die Steuern in diesem Jahr nicht erhöhen“, sagte Finanzministerin Eva Lang am "
               "Montag.", "Eva Lang", "Klaus Becker"),
        ("de", "Laut Hans Weber „werden wir die Steuern in diesem Jahr nicht erhöhen“ und auch nicht 2026.",
         "Hans Weber", "Klaus Becker"),
    ],
)
def test_fidelity_a_named_speaker_swapped_in_french_spanish_german(lang: str, text: str, speaker: str,
                                                                    other: str) -> None:
    """A role naming a ministry before the name ("la ministre de la Santé, Marie Dupont"), a quote
    inside "selon X, ..." / "según X" / "laut X", a German dative after the name ("der Zeitung") or
    a compound role ("Finanzministerin") hid the speaker, or made two people share a "name" word."""
    alts = fidelity(text, text.replace(speaker, other), lang=lang)
    assert [(a.source, a.copy) for a in alts if a.kind == "speaker_changed"] == [(speaker, other)]
    # the same person, by surname alone: no change
    surname = speaker.split()[-1]
    assert [a for a in fidelity(text, text.replace(speaker, surname), lang=lang)
            if a.kind == "speaker_changed"] == []


def test_fidelity_the_same_person_with_a_role_added_is_no_speaker_change_in_any_language() -> None:
    for lang, src, cpy in [
        ("fr", "« Nous ne reculerons pas sur la réforme », a déclaré Marie Dupont mardi.",
         "« Nous ne reculerons pas sur la réforme », a déclaré la ministre de la Santé, Marie Dupont, "
         "mardi."),
        ("de", "„Wir werden die Steuern nicht erhöhen“, sagte Hans Weber am Montag.",
         "„Wir werden die Steuern nicht erhöhen“, sagte Finanzminister Hans Weber am Montag."),
        ("es", "«No vamos a subir los impuestos», dijo Ana Ruiz en Madrid.",
         "Según la ministra Ana Ruiz, «no vamos a subir los impuestos» en Madrid."),
    ]:
        assert [a for a in fidelity(src, cpy, lang=lang) if a.kind == "speaker_changed"] == [], lang


_BRIDGE = ("Under the deal signed on Monday, the city will pay $4 million and the province $9 million for "
           "the new bridge over the river.")


def test_fidelity_amounts_swapped_between_clauses() -> None:
    """Amounts that trade places between their subjects matched by value alone and went unflagged;
    a copy that reorders the clauses and keeps each amount with its subject changed nothing."""
    def changes(src: str, copy: str) -> set[tuple[str | None, str | None]]:
        return {(a.source, a.copy) for a in fidelity(src, copy) if a.kind == "number_changed"}

    swapped = {("$4 million", "$9 million"), ("$9 million", "$4 million")}
    copy = _BRIDGE.replace("$4 million and the province $9", "$9 million and the province $4")
    assert changes(_BRIDGE, copy) == swapped
    spun = ("Under the agreement signed on Monday, the municipality will pay $9 million and the province "
            "$4 million for the new bridge over the river.")
    assert changes(_BRIDGE, spun) == swapped
    after = "Officials said $4 million will go to the city and $9 million to the province for the repairs."
    copy = after.replace("$4", "$X").replace("$9", "$4").replace("$X", "$9")
    assert changes(after, copy) == swapped
    for kept in (
        "Under the deal signed on Monday, the province will pay $9 million and the city $4 million for the "
        "new bridge over the river.",
        "Under the deal signed on Monday, the province will pay $9 million for the new bridge over the "
        "river and the city $4 million.",
    ):
        assert changes(_BRIDGE, kept) == set(), kept
    kept = "Officials said $9 million will go to the province and $4 million to the city for the repairs."
    assert changes(after, kept) == set()


def test_fidelity_rounded_and_converted_numbers_are_flagged_with_a_note() -> None:
    """A rounded or converted number is still a change, but was indistinguishable from a falsified
    one; ``note`` now sorts them ("rounded", "converted"), and it is part of the JSON shape."""
    base = ("The regional council said on Tuesday that the new bypass would cost {} and run for {} "
            "across the valley.")

    def notes(a: tuple[str, str], b: tuple[str, str]) -> list[tuple[str | None, str | None, str | None]]:
        return [(x.source, x.copy, x.note) for x in fidelity(base.format(*a), base.format(*b))
                if x.kind == "number_changed"]

    assert notes(("$41.3 billion", "5 miles"), ("$41 billion", "5 miles")) == [
        ("$41.3 billion", "$41 billion", "rounded")]
    assert notes(("3.27 million euros", "5 miles"), ("3.3 million euros", "5 miles")) == [
        ("3.27 million euros", "3.3 million euros", "rounded")]
    assert notes(("$2 billion", "5 miles"), ("$2 billion", "8 km")) == [("5 miles", "8 km", "converted")]
    # different numbers carry no note, however near: a wrong rounding, another measure
    for a, b in [("$6 billion", "$8 billion"), ("$41.3 billion", "$42 billion"), ("9 lorries", "10 lorries")]:
        assert notes((a, "5 miles"), (b, "5 miles")) == [(a, b, None)], a
    assert notes(("$2 billion", "5 miles"), ("$2 billion", "5 km")) == [("5 miles", "5 km", None)]
    assert notes(("$2 billion", "5 miles"), ("$2 billion", "12 km")) == [("5 miles", "12 km", None)]
    [alt] = fidelity(base.format("$41.3 billion", "5 miles"), base.format("$41 billion", "5 miles"))
    assert alt.to_json()["note"] == "rounded" and alt.to_json()["detail"]


def test_an_attitude_modifying_an_object_is_its_subjects_and_no_speaker_is_inside_the_content() -> None:
    text = ("The harbour master did not present any evidence to support the claim.\n\n"
            "Speaking to reporters in Kessel, the capital, Deputy Minister Ilse Varnhagen said the ferries "
            "would run again within a few days.")
    got = extract_quotes(text, lang="en")
    support = next(q for q in got if q.content == "the claim")
    assert support.speaker == "The harbour master"
    said = next(q for q in got if q.content.startswith("the ferries"))
    assert said.speaker == "Ilse Varnhagen"  # not "the capital, ..." (a parse that makes it the subject)
    for q in got:
        if q.speaker_start is not None:
            assert q.speaker_end <= q.start or q.end <= q.speaker_start


def test_fidelity_a_speaker_with_a_long_role_and_rank_swapped_for_another() -> None:
    """State-media phrasing: "…," Defence Ministry spokesman Major General X said. A copy that
    gives the quote to someone else changed its speaker; the same text is no change."""
    quote = "“All the drones were shot down over the sea, and no damage was done to the port,”"
    src = f"{quote} Kessel Defence Ministry spokesman Major General Ivo Marten said.\n\nMarten added nothing."
    cpy = f"{quote} Colonel Pavel Rusk said.\n\nMarten added nothing."
    got = [(a.kind, a.copy) for a in fidelity(src, cpy, lang="en")]
    assert got == [("speaker_changed", "Colonel Pavel Rusk")]
    assert fidelity(src, src, lang="en") == []


def test_accents_and_a_missing_blank_after_a_full_stop_are_no_altered_quote() -> None:
    # a copy that drops diacritics ("período" -> "periodo") or runs two sentences together
    # ("Partido.El") has not changed what was said; a changed word still is an alteration
    from newstrace.quotes import fidelity

    src = ('El ministro dijo: "El diagnóstico sirvió de base para el período 2021-2026. Esta es una tarea '
           'del Partido. El proceso de balance continúa."')
    styled = src.replace("período", "periodo").replace("diagnóstico", "diagnostico").replace("Partido. El",
                                                                                              "Partido.El")
    assert fidelity(src, styled, lang="es") == []
    changed = src.replace("continúa", "terminó")
    assert [(a.kind, [d for d in a.diff if d[0] != "equal"]) for a in fidelity(src, changed, lang="es")] == [
        ("quote_altered", [["replace", "continúa", "terminó"]])]


@given(
    spans=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=20),
    pairs=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=20),
)
def test_the_pairs_a_quote_overlaps_are_those_a_full_scan_finds(
    spans: list[tuple[int, int]], pairs: list[tuple[int, int]]
) -> None:
    from newstrace.quotes import _overlapping_pairs, _overlaps

    spans = [(s, s + n) for s, n in spans]
    pairs = [(s, s + n) for s, n in pairs]
    expected = [{k for k, p in enumerate(pairs) if _overlaps(a, p)} for a in spans]
    assert _overlapping_pairs(spans, pairs) == expected


_PLACES = ["harbour", "station", "market", "school", "library", "bridge", "clinic", "depot", "museum", "park"]


def test_fidelity_past_the_all_pairs_limit_still_finds_each_altered_quote() -> None:
    # more source quotes than FIDELITY_ALL_QUOTES_MAX: a copy quote is compared only with the source
    # quotes of its aligned sentence and those sharing most words with it, and still finds its own
    from newstrace.quotes import FIDELITY_ALL_QUOTES_MAX

    n = FIDELITY_ALL_QUOTES_MAX + 36
    paragraphs = [
        f"\u201cThe {_PLACES[k % 10]} on road {k} will reopen after {k + 3} weeks of repairs,\u201d said "
        f"Inspector Lena Holt of district {k}. Crews worked there through the winter."
        for k in range(n)
    ]
    source = "\n\n".join(paragraphs)
    # one quote altered in place, one altered and moved to the end (found through its words)
    moved = paragraphs[77].replace("road 77 will reopen after 80 weeks", "road 77 will reopen after 8 weeks")
    copy = "\n\n".join(paragraphs[:77] + paragraphs[78:] + [moved])
    copy = copy.replace("The station on road 41", "The old station on road 41")
    for alignment in (align(source, copy), None):
        alts = fidelity(source, copy, alignment, lang="en")
        assert {(a.source, a.copy) for a in alts if a.kind == "quote_altered"} == {
            ("The depot on road 77 will reopen after 80 weeks of repairs",
             "The depot on road 77 will reopen after 8 weeks of repairs"),
            ("The station on road 41 will reopen after 44 weeks of repairs",
             "The old station on road 41 will reopen after 44 weeks of repairs"),
        }, alignment
        assert not [a for a in alts if a.kind in ("quote_added", "quote_dropped")]


@settings(max_examples=200, deadline=None)
@given(
    fragments=st.lists(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=3), max_size=8),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=8),
)
def test_covering_attributions_match_a_scan_of_all(
    fragments: list[list[tuple[int, int]]], spans: list[tuple[int, int]]
) -> None:
    from newstrace.quotes import _Covering

    frags = [[(s, s + n) for s, n in fs] for fs in fragments]
    covering = _Covering(frags)
    for start, n in spans:
        end = start + n
        scan = [k for k, fs in enumerate(frags)
                if any(s <= start and end <= e for s, e in fs) or any(start <= s and e <= end for s, e in fs)]
        assert covering.of(start, end) == scan


@settings(max_examples=200, deadline=None)
@given(
    marks=st.lists(st.tuples(st.integers(0, 80), st.integers(1, 30)), max_size=10),
    span=st.tuples(st.integers(0, 80), st.integers(1, 30)),
)
def test_a_paragraph_holds_a_mark_as_a_scan_of_all_says(
    marks: list[tuple[int, int]], span: tuple[int, int]
) -> None:
    import itertools

    from newstrace.quotes import _holds_mark

    ms = sorted((o, o + n) for o, n in marks)
    para = (span[0], span[0] + span[1])
    reach = list(itertools.accumulate((m[1] for m in ms), max))
    scan = any(m[0] < para[1] and para[0] < m[1] for m in ms)
    assert _holds_mark(para, [m[0] for m in ms], reach) == scan


def test_fidelity_a_quote_of_common_words_past_the_limit_still_meets_its_source() -> None:
    # every word of these quotes is in more quotes than the word index counts: a moved, altered
    # quote is still compared with the source quotes near its place
    import random

    rng = random.Random(5)
    vocab = "we will see what the town can do now here".split()
    quotes = [" ".join(rng.choice(vocab) for _ in range(8)).capitalize() for _ in range(300)]
    paragraphs = [f"\u201c{q},\u201d said Inspector Lena Holt of district {k}. Crews worked there {k} days."
                  for k, q in enumerate(quotes)]
    moved = quotes[150].rsplit(" ", 1)[0] + " maybe"
    restated = f"Asked about the quay, the inspector of district 150 repeated that \u201c{moved}\u201d."
    copy = "\n\n".join(paragraphs[:150] + [f"Crews worked there 150 days. {restated}"] + paragraphs[151:])
    source = "\n\n".join(paragraphs)
    for alignment in (align(source, copy), None):
        alts = fidelity(source, copy, alignment, lang="en")
        assert [(a.kind, a.source, a.copy) for a in alts if a.kind.startswith("quote")] == [
            ("quote_altered", quotes[150], moved)], alignment


def test_fidelity_sentence_pairs_of_very_different_lengths_take_no_candidate_place() -> None:
    # forty sentences closer to the copy's sentence by ratio (0.57) than its match (0.5), but too long
    # to be its match, must not crowd that match out of the candidates
    from newstrace.quotes import _sentence_pairs

    source = " ".join(["Aaaaaaaaaa bbbbbbbbbbbbbbb."] * 40 + ["Aaaaaccccc."])
    copy = "Aaaaaaaaaa."
    pairs = _sentence_pairs(source, copy, None, Settings())
    assert [(source[a:b], copy[c:d]) for (a, b), (c, d) in ((p.src, p.cpy) for p in pairs)] == [
        ("Aaaaaccccc.", "Aaaaaaaaaa.")]


def test_fidelity_a_quote_rewritten_in_its_place_is_altered_not_added() -> None:
    """A copy that rewrote a short quote past sentence alignment, between the same aligned
    neighbours, had it reported as a new quote (harmless-sounding "fuller source") and the source's
    quote as dropped: it is the same quote with words put in the speaker's mouth."""
    src = ("The harbour board met on Monday to discuss the winter ferry timetable for the three islands. "
           "Its chair, Ingrid Valsberg, said the board had listened to residents for months before deciding. "
           "“Keep your booking, but if a crossing is cancelled, ask the ticket office for a refund,” "
           "Valsberg said. “Most don’t think about it.” The new timetable starts in November and runs until "
           "the end of March next year. Fishermen on the outer island said they would study the plan.")
    cpy = src.replace("“Most don’t think about it.”",
                      "“Most passengers never think about it, and it can be costly.”")
    got = fidelity(src, cpy, align(src, cpy, Settings()))
    assert [(a.kind, a.source) for a in got] == [("quote_altered", "Most don’t think about it.")]
    # a quote moved elsewhere still needs to be very close to count as the same
    moved = src.replace("“Most don’t think about it.” ", "") + " “Most passengers never think about it.”"
    assert "quote_altered" not in [a.kind for a in fidelity(src, moved, align(src, moved, Settings()))]


@pytest.mark.parametrize("src, cpy, changed", [
    ("The wind park will deliver 500 MW to the grid by spring.",
     "The wind park will deliver 500 GW to the grid by spring.", True),
    ("The wind park has 97GW of capacity in all.", "The wind park has 97,000 MW of capacity in all.",
     False),
    ("It was 40°C in the harbour at noon on Monday.", "It was 40°F in the harbour at noon on Monday.", True),
    ("The field holds 2 bcm of gas, the operator said.", "The field holds 2 bcf of gas, the operator said.",
     True),
])
def test_fidelity_a_unit_symbol_is_part_of_the_figure(src: str, cpy: str, changed: bool) -> None:
    """Unit symbols were read but not compared: "500 MW" -> "500 GW" changed nothing."""
    assert ("number_changed" in _kinds(fidelity(src, cpy))) is changed


def test_fidelity_names_who_is_misquoted() -> None:
    """An altered, added or dropped quote says whose it is: the editor needs to know who is
    misquoted, not only what changed."""
    src = ("The harbour board met on Monday. “We will keep the night ferry running all winter,” Ingrid "
           "Valsberg said after the vote. The timetable starts in November.")
    [alt] = fidelity(src, src.replace("all winter", "until January"))
    assert (alt.kind, alt.speaker) == ("quote_altered", "Ingrid Valsberg")
    assert alt.to_json()["speaker"] == "Ingrid Valsberg"
    # a pronoun left unresolved names nobody ("quoting he")
    he = src.replace("Ingrid Valsberg said", "he said")
    assert [a.speaker for a in fidelity(he, he.replace("all winter", "until January"))] == [None]


def test_fidelity_a_decade_is_no_year() -> None:
    src = "Prices on the island fell sharply in the 1990s, the harbour report said."
    [alt] = fidelity(src, src.replace("the 1990s", "1990"))
    assert (alt.kind, alt.detail) == ("number_changed", "1990s -> 1990")
    assert [n.normalized for n in extract_numbers("in the 1990s")] == ["1990s"]
    assert [n.unit for n in extract_numbers("5 billion Korean won")] == ["KRW"]


def test_fidelity_a_changed_year_is_no_rounding() -> None:
    """"The 2019 protests" was a count of protests, and "2020" its rounding, which labels ignore."""
    src = "The 2019 protests on the quay were the largest the town had seen."
    [alt] = fidelity(src, src.replace("2019", "2020"))
    assert (alt.kind, alt.source, alt.copy, alt.note) == ("number_changed", "2019", "2020", None)
    some = "Some 2019 people came to the rally on the quay on Sunday."
    assert [a.note for a in fidelity(some, some.replace("2019", "2020"))] == [None]
