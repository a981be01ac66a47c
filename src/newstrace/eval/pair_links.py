"""``newstrace eval pair-links``: are independent reports of one event kept apart, on real articles?

The SemEval-2022 Task 8 pairs (``story/semeval2022-task8-hfl``) are two different articles, in one
language or two, rated by people from 1 (very similar: the same story) to 4 (very dissimilar).
Their texts are real web articles, scraped with the pages' chrome (consent notices, sign-up forms,
comment boxes), and many retell one agency report. We link all their distinct texts together as
``newstrace link FILE`` does (each text its own record on its own site, no dates, the ratings
hidden), then count the rated pairs that the linker joined:

- **edge**: a derivation edge between the two texts (either direction);
- **component**: the two texts in one connected component of the edges (joined through others).

Per rating and for same- and cross-language pairs. Independent coverage of one story must stay
apart (the accuracy issue's target: at most 2 % of such pairs linked). Not all joined pairs are
errors: outlets that print one agency's report (AA, dpa-AFX, KUNA, Reuters) share its sentences,
and a copy of that text is what the linker should find. The JSON lists every joined pair (its
``pair_id``, rating and relation) for reading by hand.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..pipeline import link_articles, records_to_articles
from ..settings import Settings
from ._common import SEMEVAL_DIR, print_table, run_eval
from .reuse import PredEdge, components
from .story import RatedPair, load_semeval


def distinct_texts(pairs: list[RatedPair]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Reuse-format records for the distinct texts of ``pairs`` (each on a site of its own, so that
    two texts are never one site's own page under two addresses), and text -> record number."""
    records: list[dict[str, Any]] = []
    number: dict[str, int] = {}
    for p in pairs:
        for text, lang in ((p.text1, p.lang1), (p.text2, p.lang2)):
            key = text.strip()
            if key and key not in number:
                number[key] = len(records) + 1
                records.append({"url": f"https://t{len(records) + 1}.example/a", "lang": lang, "text": text})
    return records, number


def evaluate_pair_links(root: Path, limit: int | None = None, settings: Settings | None = None,
                        on_error: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Link the distinct texts of both SemEval halves (the first ``limit`` pairs of each) and count
    the rated pairs joined (see the module docstring)."""
    s = settings or Settings()
    pairs = [p for half in ("training", "testing") for p in load_semeval(root, half, limit)]
    records, number = distinct_texts(pairs)
    t0 = time.perf_counter()
    arts = records_to_articles(records, s, on_error)
    edges, compared = link_articles(arts, s)
    seconds = time.perf_counter() - t0
    kept = {a.id for a in arts}
    ends = [(e.source_id, e.copy_id, e.relation.value) for e in edges
            if e.source_id is not None and e.copy_id is not None]  # in-memory ids are always set
    relation: dict[tuple[int, int], str] = {}
    for x, y, kind in ends:
        relation[(x, y)] = relation[(y, x)] = kind
    comp = components([str(i) for i in kept], [PredEdge(str(x), str(y), kind, 0.0) for x, y, kind in ends])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    joined = []
    seen: set[tuple[int, int]] = set()
    for p in pairs:
        a, b = number.get(p.text1.strip()), number.get(p.text2.strip())
        if a is None or b is None or a == b or a not in kept or b not in kept or (a, b) in seen:
            continue
        seen.add((a, b))
        rel = relation.get((a, b))
        together = comp[str(a)] == comp[str(b)]
        group = "same language" if p.lang1 == p.lang2 else "cross language"
        for key in (f"{group} rated {round(p.overall)}", group, "all"):
            counts[key]["pairs"] += 1
            counts[key]["edge"] += rel is not None
            counts[key]["component"] += together
        if together:
            joined.append({"pair_id": p.pair_id, "langs": f"{p.lang1}-{p.lang2}", "overall": p.overall,
                           "records": [a, b], "relation": rel or "same component"})
    groups = {k: {"pairs": c["pairs"], "edge": c["edge"], "component": c["component"],
                  "edge_rate": c["edge"] / c["pairs"], "component_rate": c["component"] / c["pairs"]}
              for k, c in sorted(counts.items())}
    return {"pairs_read": len(pairs), "texts": len(records), "articles": len(arts), "edges": len(edges),
            "compared": compared, "seconds": seconds, "groups": groups, "joined": joined}


def _show(result: dict[str, Any]) -> None:
    print_table(
        f"Rated SemEval pairs of two different articles joined by the linker ({result['articles']} texts, "
        f"{result['edges']} edges)",
        ["pairs", "n", "edge", "rate", "same component", "rate"],
        [[k, str(g["pairs"]), str(g["edge"]), f"{g['edge_rate']:.3f}", str(g["component"]),
          f"{g['component_rate']:.3f}"] for k, g in result["groups"].items()],
    )


def main(argv: list[str] | None = None) -> int:
    return run_eval(argv, "newstrace eval pair-links", __doc__, "only the first N pairs of each half",
                    ("SemEval-2022 Task 8 data", SEMEVAL_DIR), evaluate_pair_links, _show)


if __name__ == "__main__":
    sys.exit(main())
