from hypothesis import given
from hypothesis import strategies as st

from newstrace.text import (
    MARKUP_RE,
    content_hash,
    content_words,
    fold,
    paragraphs,
    sentences,
    strip_quoted,
    words,
)


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = 'Mr. Smith met Dr. J. Brown in the U.S. capital. They talked. "Is it over?" she asked. It was.'
    got = [s.text for s in sentences(text)]
    assert got == [
        "Mr. Smith met Dr. J. Brown in the U.S. capital.",
        "They talked.",
        '"Is it over?" she asked.',
        "It was.",
    ]


def test_sentences_break_at_paragraphs_and_keep_offsets() -> None:
    text = "First line without stop\n\nSecond paragraph. Third one!"
    spans = sentences(text)
    assert [s.text for s in spans] == ["First line without stop", "Second paragraph.", "Third one!"]
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_sentences_end_after_a_closing_mark_set_off_by_a_blank() -> None:
    text = "He called it “ a turning point. ” Critics disagreed. « C’est fini. » Il est parti."
    assert [s.text for s in sentences(text)] == [
        "He called it “ a turning point. ”", "Critics disagreed.", "« C’est fini. »", "Il est parti."]


def test_sentences_break_where_paragraphs_were_glued_without_a_blank() -> None:
    # JSON-LD articleBody, feed summaries and machine translations join paragraphs as "paid.The"
    text = 'The fund was never paid (in full).The minister said "we waited."Merkel left.Он ушёл.Потом.'
    assert [s.text for s in sentences(text)] == [
        "The fund was never paid (in full).",
        'The minister said "we waited."',
        "Merkel left.",
        "Он ушёл.",
        "Потом.",
    ]
    # ... but a capital after a dot inside a word, a short form or an initial is no new sentence
    for one in ("The U.S.Army base at St.Petersburg is big.", "She has a Ph.D in law.",
                "Read it on RT.com today.", "Dr.Smith and J.Brown met.", "Write to www.DearAbby.com now.",
                "Mail jane.Doe@example.org or see news.Example.com today."):
        assert [s.text for s in sentences(one)] == [one]


def test_fold_unifies_quotes_and_space() -> None:
    assert fold("\u201cHi\u201d \u2014  it\u2019s\u00a0ok") == '"Hi" - it\'s ok'
    assert content_hash("a  b\n c") == content_hash("a b c")


def test_words_and_content_words() -> None:
    toks = words("The U.S.-led bloc's chief, Jens, said 278 billion.")
    assert "chief" in toks and "278" in toks
    assert "the" not in content_words(toks)


def test_strip_quoted_keeps_the_reporters_words() -> None:
    assert strip_quoted("\u201cWe will not go,\u201d she told reporters.").split() == [
        "she",
        "told",
        "reporters.",
    ]
    assert strip_quoted("Nothing quoted here.") == "Nothing quoted here."
    # An unclosed quote runs to the end of the sentence.
    assert strip_quoted('He said "this never ends').split() == ["He", "said"]


@given(st.text(max_size=400))
def test_sentences_never_crash_and_offsets_point_into_text(text: str) -> None:
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text
    for p in paragraphs(text):
        assert text[p.start : p.end] == p.text


def test_markup_re_strips_tags_and_never_spans_an_opening_bracket() -> None:
    assert MARKUP_RE.sub(" ", '<p class="x">Ferries <b>run</b></p>').split() == ["Ferries", "run"]
    # a stray "<" is text, and a tag starts at the last "<" before its ">" (so a page of "<<<<…"
    # is scanned once, not once per bracket)
    assert MARKUP_RE.sub("", "a < b and <<i>c") == "a < b and <c"


def test_a_run_without_stops_is_cut_into_pieces_of_bounded_length() -> None:
    # a list or a hostile page without stops is no sentence: pieces of at most MAX_SENTENCE_CHARS,
    # cut at blanks, offsets kept, every word in exactly one piece; prose is left whole
    from newstrace.text import MAX_SENTENCE_CHARS

    run = " ".join(f"item{i} of the harbour list" for i in range(1500))
    text = run + ". The council met on Monday."
    got = sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and text[s.start : s.end] == s.text for s in got)
    assert len(got) > 3 and got[-1].text == "The council met on Monday."
    assert " ".join(s.text for s in got[:-1]).split() == (run + ".").split()


def test_sentences_go_on_after_german_short_forms_and_dates() -> None:
    # German capitalises nouns: "2,5 Mrd. Dollar", "30 Mio. Euro" and "am 22. Mai" end no sentence
    text = ("Varnholt hat ein Abkommen über 2,5 Mrd. Dollar unterzeichnet. Der Stadt fehlen 30 Mio. Euro. "
            "„Wir werden am 22. Mai streiken“, sagte Fierro. Er blieb bis 1987. Mai kam.")
    assert [s.text for s in sentences(text)] == [
        "Varnholt hat ein Abkommen über 2,5 Mrd. Dollar unterzeichnet.",
        "Der Stadt fehlen 30 Mio. Euro.",
        "„Wir werden am 22. Mai streiken“, sagte Fierro.",
        "Er blieb bis 1987.",
        "Mai kam.",
    ]
    assert [s.text for s in sentences("The score was 22. May was warm.")] == [
        "The score was 22.", "May was warm."]
    # English writes the day after the month, and Italian "mio" is "my": both end a sentence
    assert len(sentences("The fiscal year ended on June 30. September figures were better.")) == 2
    assert len(sentences("Grazie, amico mio. Ora andiamo a casa.")) == 2
    assert len(sentences("Die Frist läuft bis zum 3. Juni. Dann folgt die Abstimmung.")) == 2
