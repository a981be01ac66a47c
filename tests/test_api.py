"""The Python API mirrors the CLI."""

from pathlib import Path

import pytest

import newstrace
from newstrace import Corpus, Relation


def test_extract_function_survives_submodule_imports(story_dir: Path) -> None:
    import newstrace.extract  # noqa: F401 - must not replace the function
    from newstrace.extract import extract_page  # noqa: F401

    art = newstrace.extract(str(story_dir / "1-original.txt"))
    assert art.title == "Storm surge floods Port Averly"
    assert "Port Averly" in art.text


def test_extract_bad_input_raises_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(newstrace.NewstraceError, match="missing.html"):
        newstrace.extract(str(tmp_path / "missing.html"))


def test_corpus_ingest_link_trace(tmp_path: Path, story_dir: Path) -> None:
    with Corpus(tmp_path / "api.db") as corpus:
        rep = corpus.ingest([str(story_dir)])
        assert rep.stored == 4 and rep.failed == 0
        corpus.link()
        trace = corpus.trace(str(story_dir / "2-spun.txt"))
        assert trace.origin.title == "Storm surge floods Port Averly"
        assert [link.edge.relation for link in trace.chain] == [Relation.SPUN_COPY]
