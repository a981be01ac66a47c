"""Story similarity: sanity on articles we wrote ourselves (fiction)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import INDEPENDENT, ORIGINAL, SPUN, UNRELATED

from newstrace import embed, story

# Our own German rendering of ORIGINAL's first three paragraphs (fiction, written for this test).
ORIGINAL_DE = "\n\n".join(
    [
        "Eine Sturmflut hat in der Nacht zum Montag die unteren Stadtteile von Port Averly überschwemmt "
        "und 2.300 Bewohner aus ihren Häusern vertrieben, wie das städtische Katastrophenschutzamt "
        "mitteilte.",
        "Der Fluss Tamsin stieg innerhalb von sechs Stunden 3,4 Meter über seinen normalen Pegel und "
        "überwand Hochwasserschutzwände, die erst im vergangenen Frühjahr repariert worden waren.",
        "\u201eWir haben das Wasser noch nie so schnell kommen sehen\u201c, "
        "sagte Mara Collins, die Leiterin des Amtes.",
    ]
)


def test_embed_rows_are_normalised_and_cached() -> None:
    v = embed.embed(["A storm flooded the city.", "", "A storm flooded the city."])
    assert v.shape == (3, embed.DIM)
    assert np.allclose(np.linalg.norm(v[0]), 1.0, atol=1e-4)
    assert not v[1].any()  # empty text: zero row
    assert np.array_equal(v[0], v[2])


def test_same_text_scores_near_one() -> None:
    assert story.story_similarity(ORIGINAL, ORIGINAL, "en", "en") >= 0.9


def test_unrelated_scores_low() -> None:
    assert story.story_similarity(ORIGINAL, UNRELATED, "en", "en") <= 0.35


def test_ordering_copy_same_story_unrelated() -> None:
    copy = story.story_similarity(ORIGINAL, SPUN, "en", "en")
    same = story.story_similarity(ORIGINAL, INDEPENDENT, "en", "en")
    other = story.story_similarity(ORIGINAL, UNRELATED, "en", "en")
    assert copy > other and same > other
    assert story.is_same_story(ORIGINAL, SPUN, "en", "en")
    assert not story.is_same_story(ORIGINAL, UNRELATED, "en", "en")


def test_symmetric_and_bounded() -> None:
    a = story.story_similarity(ORIGINAL, INDEPENDENT)
    b = story.story_similarity(INDEPENDENT, ORIGINAL)
    assert a == pytest.approx(b, abs=1e-6)
    assert 0.0 <= a <= 1.0


def test_cross_language_same_story_beats_unrelated() -> None:
    f = story.story_features(ORIGINAL, ORIGINAL_DE, "en", "de")
    assert f.same_lang == 0 and f.lex_words == 0.0
    assert (
        story.story_similarity(ORIGINAL, ORIGINAL_DE, "en", "de")
        > story.story_similarity(UNRELATED, ORIGINAL_DE, "en", "de") + 0.2
    )


def test_features_explain_the_score() -> None:
    f = story.story_features(ORIGINAL, SPUN, "en", "en")
    parts = story.contributions(f)
    assert set(parts) <= set(story.FEATURES)
    total = story.MODEL_BIAS + sum(parts.values())
    assert story.score_features(f) == pytest.approx(max(0.0, min(1.0, total)))
    assert set(f.to_json()) == set(story.FEATURES)


def test_sentences_split_cjk_and_cut_long_runs() -> None:
    s = story.story_sentences("第一句话。第二句话！" + " word" * 200)
    assert s[0] == "第一句话。" and s[1] == "第二句话！"
    assert all(len(x) <= story.MAX_SENTENCE_CHARS for x in s)
