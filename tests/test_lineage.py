"""Alterations composed along a provenance chain (origin -> A -> B), on texts we wrote."""

from __future__ import annotations

from newstrace.lineage import carry_alterations
from newstrace.model import AlignedPair, Alignment, Alteration, PairKind

QUOTE_O = "We will not send troops across the border"
QUOTE_A = "We will send troops across the border"
ORIGIN = f'"{QUOTE_O}," Linden said. The ministry put 4,500 reservists on alert.'
COPY_A = f'"{QUOTE_A}," Linden said. The ministry put 45,000 reservists on alert.'


def _alts_a() -> list[Alteration]:
    return [Alteration("quote_altered", QUOTE_O, QUOTE_A, speaker="Linden"),
            Alteration("number_changed", "4,500 reservists", "45,000 reservists")]


def _kinds(carried: list) -> list[tuple[str, str | None, str | None, int, list[int]]]:
    return [(c.alteration.kind, c.alteration.source, c.alteration.copy, c.step, c.changed_again)
            for c in carried]


def test_a_verbatim_copy_of_an_altered_copy_inherits_its_changes() -> None:
    a, b = carry_alterations([(_alts_a(), None, COPY_A), ([], None, COPY_A)])
    assert [c.step for c in a] == [1, 1]
    assert _kinds(b) == [("quote_altered", QUOTE_O, QUOTE_A, 1, []),
                         ("number_changed", "4,500 reservists", "45,000 reservists", 1, [])]


def test_a_copy_that_restores_the_origin_s_words_inherits_nothing_of_them() -> None:
    fixed = COPY_A.replace("45,000", "4,500")
    back = Alteration("number_changed", "45,000 reservists", "4,500 reservists")
    _, b = carry_alterations([(_alts_a(), None, COPY_A), ([back], None, fixed)])
    assert _kinds(b) == [("quote_altered", QUOTE_O, QUOTE_A, 1, [])]


def test_a_change_changed_again_keeps_the_origin_s_words_and_the_step_that_made_it() -> None:
    again = COPY_A.replace("45,000", "50,000")
    more = Alteration("number_changed", "45,000 reservists", "50,000 reservists")
    _, b = carry_alterations([(_alts_a(), None, COPY_A), ([more], None, again)])
    assert _kinds(b)[1] == ("number_changed", "4,500 reservists", "50,000 reservists", 1, [2])
    assert b[1].alteration.diff == [["replace", "4,500 reservists", "50,000 reservists"]]


def test_words_the_copy_no_longer_prints_are_not_inherited_and_its_own_changes_come_last() -> None:
    cut = f'"{QUOTE_A}," Linden said, as Dusek agreed.'  # the reservists' sentence left out
    own = Alteration("name_changed", "Dusek", "Dussek")
    _, b = carry_alterations([(_alts_a(), None, COPY_A), ([own], None, cut.replace("Dusek", "Dussek"))])
    assert _kinds(b) == [("quote_altered", QUOTE_O, QUOTE_A, 1, []),
                         ("name_changed", "Dusek", "Dussek", 2, [])]


def test_a_dropped_quote_stays_dropped_until_a_copy_puts_it_back() -> None:
    dropped = [Alteration("quote_dropped", QUOTE_O, None)]
    without = "Linden spoke to reporters."
    _, b = carry_alterations([(dropped, None, without), ([], None, without)])
    assert _kinds(b) == [("quote_dropped", QUOTE_O, None, 1, [])]
    back = [Alteration("quote_added", None, QUOTE_O + ".")]
    _, b = carry_alterations([(dropped, None, without), (back, None, f'"{QUOTE_O}." {without}')])
    assert b == []
    added = [Alteration("quote_added", None, "We will win")]
    _, b = carry_alterations([(added, None, '"We will win," she said.'),
                              ([Alteration("quote_dropped", "We will win", None)], None, "She spoke.")])
    assert b == []


def test_across_a_translation_a_change_is_inherited_where_its_sentence_was_translated() -> None:
    fr = '« Nous enverrons des troupes de l\'autre côté de la frontière », a dit Linden.'
    pairs = [AlignedPair(PairKind.TRANSLATED, 0, 0, f'"{QUOTE_A}," Linden said.', fr, 0.9),
             AlignedPair(PairKind.DROPPED, 1, None, "The ministry put 45,000 reservists on alert.", None,
                         0.0)]
    al = Alignment(pairs, 2, 1, 1, 1, 0.5, 1.0, 1.0, 0.0, 0.0, 0.0, 0.9, 0.9, 10, 0.0, 0.5)
    _, b = carry_alterations([(_alts_a(), None, COPY_A), ([], al, fr)])
    assert _kinds(b) == [("quote_altered", QUOTE_O, QUOTE_A, 1, [])]


def _alignment(pairs: list[AlignedPair]) -> Alignment:
    return Alignment(pairs, 2, 2, 2, 2, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.9, 0.9, 10, 0.0, 0.5)


def test_a_change_a_translation_carried_is_carried_on_by_copies_in_that_language() -> None:
    # origin -> A (English, altered) -> a French translation -> a word-for-word copy of the French:
    # the last prints the change in French, where the English words are nowhere
    fr = "« Nous enverrons des troupes de l'autre côté de la frontière », a dit Linden."
    al = _alignment([AlignedPair(PairKind.TRANSLATED, 0, 0, f'"{QUOTE_A}," Linden said.', fr, 0.9)])
    same = _alignment([AlignedPair(PairKind.IDENTICAL, 0, 0, fr, fr, 1.0)])
    _, b, c = carry_alterations([(_alts_a(), None, COPY_A), ([], al, fr), ([], same, fr)])
    assert _kinds(c) == _kinds(b) == [("quote_altered", QUOTE_O, QUOTE_A, 1, [])]


def test_a_speaker_change_read_across_languages_is_carried_by_a_word_for_word_copy() -> None:
    fr = "« Nous résisterons », a dit Dusek."
    swap = Alteration("speaker_changed", "Linden", "Dusek", detail="quote: « Nous résisterons » (read across "
                      "languages)")
    _, b = carry_alterations([([swap], None, fr), ([], _alignment([AlignedPair(PairKind.IDENTICAL, 0, 0, fr,
                                                                                fr, 1.0)]), fr)])
    assert _kinds(b) == [("speaker_changed", "Linden", "Dusek", 1, [])]


def test_a_changed_number_is_carried_only_where_its_sentence_is_kept() -> None:
    # "45" elsewhere in a copy that rewrote the reservists' sentence is no sign it prints the change
    alts = [Alteration("number_changed", "40", "45")]
    a_text = "The ministry put 45 units on alert. Traffic was light."
    b_text = "Units were put on alert. Officers counted 45 cars on the bridge."
    rewritten = _alignment([AlignedPair(PairKind.PARAPHRASED, 0, 0, "The ministry put 45 units on alert.",
                                        "Units were put on alert.", 0.7),
                            AlignedPair(PairKind.ADDED, None, 1, None, b_text.split(". ")[1], 0.0)])
    _, b = carry_alterations([(alts, None, a_text), ([], rewritten, b_text)])
    assert b == []
    kept = _alignment([AlignedPair(PairKind.IDENTICAL, 0, 0, "The ministry put 45 units on alert.",
                                   "The ministry put 45 units on alert.", 1.0)])
    _, b = carry_alterations([(alts, None, a_text), ([], kept, a_text)])
    assert _kinds(b) == [("number_changed", "40", "45", 1, [])]
