"""Evaluators for the data sets in ``../shared/data`` (see its README) and the reuse generator.

Each module has a ``main(argv)`` that prints tables (``--json``: a JSON summary) and skips with a
clear message, exit code 0, when its data is absent:

- :mod:`.reuse`: copy detection and provenance on reuse-format JSONL, with baselines side by side;
- :mod:`.extraction`: body extraction on the Zyte benchmark and the trafilatura evaluation set;
- :mod:`.story`: story similarity on SemEval-2022 Task 8 and the Gedikli story chains;
- :mod:`.roundtrip`: copies found among real articles and their machine round trips (SemEval);
- :mod:`.pair_links`: rated SemEval pairs of different articles that linking joins (false links);
- :mod:`.make_reuse_set`: builds a development set of content-farm copies from real articles.
"""
