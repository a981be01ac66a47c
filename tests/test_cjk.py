"""Chinese and other scripts without spaces or case: sentences, tokens, copies found."""

import json
from pathlib import Path

import pytest

from newstrace.link import compare
from newstrace.model import Article, Relation
from newstrace.pipeline import Corpus
from newstrace.settings import Settings
from newstrace.text import sentences, text_length, words

# A ferry strike on invented islands, written for these tests: an original report, a copy with
# synonyms swapped in every clause (a spinner's work), and an independent report of the same strike.
ORIG = """港口城市阿韦利的渡轮船员周一举行罢工，这是十一年来前往塔姆辛群岛的所有航班首次全部停运。

海事工人工会表示，夜班工资谈判于周日晚间破裂后，共有412名水手和轮机员加入罢工。

工会秘书莉娜·多尔西说：“我们只要求获得与港口引航员相同的待遇，仅此而已。公司离开了谈判桌。”

约有6000名岛民依靠渡轮前往大陆上班、上学和就医。

阿韦利渡轮公司表示，公司已提出两年内加薪百分之四的方案，并称罢工为时过早。

岛屿议会已租用两艘渔船运送病人，直至争端解决。

双方定于周四在地区劳工办公室指派的调解员主持下恢复谈判。"""

SPUN = """港口城市阿韦利的渡船船员星期一发起罢工，这是十一年来开往塔姆辛群岛的全部航班首次全面停航。

海事工人工会称，夜班薪酬谈判于星期日晚上破裂之后，一共有412名水手和轮机员参与罢工。

工会秘书莉娜·多尔西表示：“我们只要求得到与港口引航员一样的待遇，仅此而已。公司离开了谈判桌。”

大约6000名岛民依赖渡船前往大陆工作、上学和看病。

阿韦利渡轮公司称，公司已经提出两年内加薪百分之四的方案，并表示罢工为时尚早。

岛屿议会已经租用两艘渔船运送病患，直到争端得到解决。

双方计划于星期四在地区劳工办公室委派的调解员主持下重启谈判。"""

INDEP = """周一，阿韦利港的售票窗口全天关闭，没有一艘渡轮驶离港口，塔姆辛群岛的居民不得不取消前往大陆的行程。

这次停运的起因是夜班津贴的分歧。船员们要求与引航员享受同等待遇，而渡轮公司管理层认为这一要求过高。

岛上的商户表示，停运来得不是时候。“本周的货物都滞留在码头上了，”经营村里杂货店的保罗·安贝尔说。

岛屿议会称已经找到临时办法运送急需就医的居民。"""

S = Settings()


def test_cjk_sentences_end_at_full_width_marks_and_words_are_character_pairs() -> None:
    text = "国务院总理今天作报告。报告指出，目标为百分之五！“我们要坚定信心。”他说。"
    assert [s.text for s in sentences(text)] == [
        "国务院总理今天作报告。", "报告指出，目标为百分之五！", "“我们要坚定信心。”", "他说。"]
    assert words("国务院总理 3月") == ["国务", "务院", "院总", "总理", "3", "月"]
    assert words("The U.S. army") == ["the", "u", "s", "army"]  # other scripts as before


def test_caseless_scripts_split_at_their_stops() -> None:
    # Arabic has no capitals: a stop before an Arabic letter ends the sentence, as does "؟"
    ar = "نفى المسؤول وجود أي نزاع. وقال إن الحدود آمنة؟ وأضاف أن المحادثات مستمرة."
    assert len(sentences(ar)) == 3
    # a Spanish question after a stop starts a sentence
    es = [s.text for s in sentences("Él lo dijo. ¿Qué pasará ahora?")]
    assert es == ["Él lo dijo.", "¿Qué pasará ahora?"]
    # and abbreviations still do not end one
    assert len(sentences("He met Dr. Smith in the U.S. on Monday.")) == 1


def test_a_short_chinese_report_is_long_enough() -> None:
    assert len(INDEP) < S.min_article_chars <= text_length(INDEP)


def _art(i: int, text: str, site: str) -> Article:
    return Article(url=f"https://{site}/a{i}", title="", text=text, lang="zh", site=site, id=i,
                   published=f"2026-03-0{i}")


def test_chinese_copies_are_told_from_independent_coverage() -> None:
    src = _art(1, ORIG, "xinwen.example")
    rel = {site: compare(src, _art(i, text, site), S).verdict.relation
           for i, (text, site) in enumerate([(ORIG, "mirror.example"), (SPUN, "farm.example"),
                                              (INDEP, "other.example"),
                                              (ORIG[: ORIG.index("约有")], "part.example")], 2)}
    assert rel == {"mirror.example": Relation.VERBATIM_COPY, "farm.example": Relation.SPUN_COPY,
                   "other.example": Relation.SAME_STORY, "part.example": Relation.PARTIAL_COPY}


def test_a_spun_chinese_copy_is_linked_and_its_altered_quote_flagged(tmp_path: Path) -> None:
    rows = [dict(url="https://xinwen.example/a1", site="xinwen.example", lang="zh", published="2026-03-01",
                 title="渡轮罢工", text=ORIG),
            dict(url="https://farm.example/a2", site="farm.example", lang="zh", published="2026-03-02",
                 title="渡船罢工", text=SPUN),
            dict(url="https://other.example/a3", site="other.example", lang="zh", published="2026-03-02",
                 title="港口停运", text=INDEP)]
    src = tmp_path / "zh.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    c = Corpus(tmp_path / "t.db")
    assert c.ingest([src]).stored == 3
    c.link()
    chain = c.trace("https://farm.example/a2").chain
    assert [(x.edge.relation, x.source.url) for x in chain] == [(Relation.SPUN_COPY, "https://xinwen.example/a1")]
    assert [a.kind for x in chain for a in x.alterations] == ["quote_altered"]
    assert c.trace("https://other.example/a3").chain == []


def test_iteration_marks_and_half_width_kana_are_cjk() -> None:
    assert words("様々な問題") == ["様々", "々な", "な問", "問題"]


def test_a_number_changed_inside_chinese_words_is_flagged() -> None:
    # "412名" and "6000名" sit inside words: no word boundary marks them as numbers
    from newstrace.align import align
    from newstrace.quotes import fidelity

    changed = SPUN.replace("412名", "421名").replace("6000名", "9000名")
    found = [(a.kind, a.source, a.copy) for a in fidelity(ORIG, changed, align(ORIG, changed, S), lang="zh")]
    assert [x for x in found if x[0] == "number_changed"] == [("number_changed", "412", "421"),
                                                              ("number_changed", "6000", "9000")]
    faithful = fidelity(ORIG, SPUN, align(ORIG, SPUN, S), lang="zh")
    assert [a for a in faithful if a.kind == "number_changed"] == []


def test_a_number_written_with_smaller_units_after_a_scale_is_one_number() -> None:
    # "1万2000" is 12,000 and "3億5000万" 350 million; read as two numbers, a changed "2000" was paired
    # with whatever number was left over, and "1万2000" -> "12000" looked like two changes
    from newstrace.crosslang import cjk_number_changes, neutral_numbers

    assert [(n.text, n.value) for n in neutral_numbers("約1万2000人が3億5000万円を集めた", "ja")] == [
        ("1万2000", 12000.0), ("3億5000万", 3.5e8)]
    assert [(n.text, n.value) for n in neutral_numbers("1万人と2000人", "ja")] == [
        ("1万", 1e4), ("2000", 2000.0)]
    assert [n.value for n in neutral_numbers("5만3000명", "ko")] == [53000.0]
    assert [n.value for n in neutral_numbers("12万3456人", "zh")] == [123456.0]  # exactly, not 123455.99…
    src, same = "集会には約1万2000人が参加した。", "集会には約12000人が参加した。"
    changed = "集会には約1万3000人が参加した。"
    assert cjk_number_changes([(src, same)], src, same, "ja") == []
    assert [(a.source, a.copy) for a in cjk_number_changes([(src, changed)], src, changed, "ja")] == [
        ("1万2000", "1万3000")]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    # the speaker and the verb before the quote, with a place or occasion between them
    ("zh", "李部长表示：“经济正在复苏。明年将继续增长。”反对党表示反对。",
     [("经济正在复苏。明年将继续增长。", "李部长", "表示")]),
    ("zh", "外交部发言人汪文斌在例行记者会上表示：“中方坚决反对。”",
     [("中方坚决反对。", "外交部发言人汪文斌", "表示")]),
    ("zh", "王毅说“中方坚决反对任何形式的干涉”。", [("中方坚决反对任何形式的干涉", "王毅", "说")]),
    # the verb after the quote; a pronoun is no speaker
    ("zh", "“我们不会让步。”他说。", [("我们不会让步。", None, "说")]),
    # Japanese: the topic of the sentence, or the subject after the quotative particle
    ("ja", "田中首相は記者会見で「景気は回復している。来年も成長が続く。」と述べた。野党は反発した。",
     [("景気は回復している。来年も成長が続く。", "田中首相", "述べた")]),
    ("ja", "「来年も成長が続く」と山田財務相が語った。", [("来年も成長が続く", "山田財務相", "語った")]),
    ("ko", "김 장관은 기자회견에서 “경제가 회복되고 있다”라고 말했다.",
     [("경제가 회복되고 있다", "김 장관", "말했다")]),
    # a time clause or time word around the speaker is cut; a time or an occasion is no speaker
    ("zh", "会议结束后李部长表示：“经济正在复苏。”", [("经济正在复苏。", "李部长", "表示")]),
    ("zh", "美国总统拜登周一在白宫对记者说：“我们不会让步。”",
     [("我们不会让步。", "美国总统拜登", "说")]),
    ("ja", "今日は「景気は回復している」と述べた。", [("景気は回復している", None, "述べた")]),
    ("ja", "19日の会見では「景気は回復している」と述べた。", [("景気は回復している", None, "述べた")]),
    ("ja", "田中首相は、記者会見で「景気は回復している」と述べた。",
     [("景気は回復している", "田中首相", "述べた")]),
    # the speaker of the clause before the quote, not the topic of an earlier sentence
    ("ja", "山田氏は昨日東京に到着した。\n" + "経済対策について長い議論が続いている中で、" * 8
     + "田中首相は記者団に対し「景気は回復している」と述べた。",
     [("景気は回復している", "田中首相", "述べた")]),
    # no cue: a long quote is kept, a short term in quote marks is not
    ("zh", "“明年经济将继续保持稳定增长的态势。”", [("明年经济将继续保持稳定增长的态势。", None, None)]),
    ("zh", "这项所谓“新政”引发争议。", []),
])
def test_quotes_in_chinese_japanese_and_korean_with_speaker_and_cue(
        lang: str, text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    from newstrace.quotes import extract_quotes

    found = extract_quotes(text, lang)
    assert [(q.content, q.speaker, q.cue) for q in found] == expected
    for q in found:
        assert text[q.start : q.end] == q.content
        assert q.speaker is None or text[q.speaker_start : q.speaker_end] == q.speaker


def test_a_japanese_quote_and_its_cue_are_one_sentence() -> None:
    from newstrace.text import sentences

    text = "田中首相は「景気は回復している。」と述べた。野党は反発した。"
    assert [s.text for s in sentences(text)] == ["田中首相は「景気は回復している。」と述べた。",
                                                 "野党は反発した。"]


def test_many_chinese_quotes_without_a_full_stop_are_read_in_linear_time() -> None:
    # each quote's speaker was looked for from the start of the text: 100,000 characters took minutes
    import time

    from newstrace.quotes import extract_quotes

    small, large = "“这是好”" * 2000, "“这是好”" * 20000
    t0 = time.perf_counter()
    assert len(extract_quotes(small, "zh")) == 0
    t1 = time.perf_counter()
    extract_quotes(large, "zh")
    t2 = time.perf_counter()
    assert (t2 - t1) < 30 * max(t1 - t0, 0.01)  # ten times the text: linear is ~10x, quadratic ~100x
