"""Every tunable number of newstrace, in one place.

Each field documents what it means. Override from a TOML file (``--config FILE``, keys at top level
or under ``[newstrace]``) or on the command line (``--set name=value``, repeatable).
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class Settings:
    # --- extraction ---------------------------------------------------------------------------
    min_article_chars: int = 200
    """Pages whose extracted body is shorter than this are skipped as 'not an article' (a Han
    character or kana counts as three: ``text.text_length``)."""
    max_page_bytes: int = 20_000_000
    """Larger inputs (decompressed HTML, fetched bodies) are refused, so one hostile page cannot
    exhaust memory."""
    fetch_timeout_s: float = 20.0
    """Timeout for fetching one URL or feed."""
    user_agent: str = "newstrace/0.1 (+provenance research tool)"
    """User agent sent when fetching URLs and feeds."""
    feed_max_items: int = 200
    """At most this many entries are followed from one RSS/Atom feed."""
    fetch_max_redirects: int = 5
    """At most this many redirects are followed for one URL (each hop's address is checked)."""
    extract_precision_min_share: float = 0.2
    """trafilatura runs twice (balanced and precision mode); the precision text is kept unless it
    is shorter than this share of the balanced one (it then lost the article, not boilerplate) ...
    Zyte body F1: balanced alone 0.962, precision alone 0.966, this rule 0.971 (plain
    trafilatura.extract 0.960); trafilatura's own set: 0.923, as balanced alone."""
    extract_lost_prose_min_chars: int = 300
    """... or unless the paragraphs that only the balanced text has include prose paragraphs
    (ending like a sentence) of at least this many characters ..."""
    extract_lost_prose_share: float = 0.5
    """... that together reach this share of the precision text's length: precision mode then cut
    article paragraphs, not boilerplate. With 300 / 0.5: Zyte 0.971 (unchanged), trafilatura's set
    0.9268 instead of 0.9255 (plain trafilatura 0.9261); 300-400 chars and 0.5-1.0 do as well."""

    wall_min_share: float = 0.5
    """A page whose text is at least this share (by characters) of cookie/consent, bot-check,
    ad-blocker or sign-in sentences (``extract.WALL_PATTERNS``) shows a wall instead of its article:
    it is skipped with a one-line reason, so that two copies of one wall page are never linked."""
    wall_max_chars: int = 2000
    """... and at most this long: walls are short (the 21 found among SemEval's 4,899 texts are all
    under 1,100 characters), so a long article about cookies or captchas is never taken for one."""
    boilerplate_max_chars: int = 300
    """A line longer than this is never boilerplate: trimming never removes a real paragraph (and
    a longer link text is no "Source link" credit)."""
    boilerplate_list_line_max_chars: int = 120
    """Under a "related"/"share"/"comments" heading at the end, lines up to this long (headlines,
    share buttons, form labels) are part of the boilerplate block ..."""
    boilerplate_list_max_lines: int = 15
    """... when there are at most this many of them between the heading and the end."""

    # --- storage ------------------------------------------------------------------------------
    ingest_batch_size: int = 50
    """Articles per transaction. A crash or kill loses at most the batch in flight."""

    # --- candidate search ---------------------------------------------------------------------
    anchor_features: int = 48
    """How many of an article's rarest features (content words, numbers) are looked up in the
    inverted index. Bounds the cost of one look-up whatever the corpus size."""
    max_feature_df: float = 0.05
    """Features found in more than this share of the corpus (and more than ``min_df_cap``
    articles) are ignored as anchors: they select too much to be evidence."""
    min_df_cap: int = 50
    """``max_feature_df`` applies only above this document frequency (small corpora keep all)."""
    fallback_anchor_df: int = 1000
    """An article left with fewer than a quarter of ``anchor_features`` usable anchors — a story
    copied by more sites than ``max_feature_df`` allows, so that all its words are common — also
    takes its rarest features found in up to this many articles (a campaign's fiftieth copy is
    still found)."""
    min_shared_anchors: int = 4
    """A stored article becomes a candidate when it shares at least this many anchor features."""
    max_candidates: int = 30
    """At most this many candidates (best anchor overlap first) are aligned per article."""
    min_candidate_containment: float = 0.1
    """Candidates sharing less than this share of the query's anchors are dropped before alignment
    (low, because a partial copy inside a long article shares only a part of its anchors)."""

    # --- sentence alignment -------------------------------------------------------------------
    sentence_match_min: float = 0.45
    """Two sentences are aligned when their similarity (align.sentence_similarity) reaches this."""
    sentence_chain_margin: float = 0.1
    """In the order-preserving pass a pair weighs its similarity less (``sentence_match_min`` minus
    this), so a pair just over the threshold adds little: two doubtful pairs in order do not outweigh
    one clear pair that crosses them (a copy that moves a sentence up). At ``sentence_match_min``
    the raw similarities are summed."""
    sentence_min_shared_words: int = 2
    """Sentences are compared only when they share this many content words (or all of the shorter
    one's): one shared common word is no reason to align two sentences."""
    sentence_edit_min: float = 0.85
    """An aligned pair whose character similarity reaches this is 'edited' rather than
    'paraphrased' (1.0 after normalisation is 'identical')."""
    min_sentence_words: int = 4
    """Sentences with fewer content words than this are not used as copy evidence."""

    # --- relation decision --------------------------------------------------------------------
    verbatim_max_word_change: float = 0.015
    """Verbatim copy: at most this share of the copy's aligned words differ from the source (a
    misspelled name or a changed number still counts as verbatim; machine paraphrase does not) ..."""
    verbatim_min_source_coverage: float = 0.8
    """... the aligned sentences cover at least this share of the source ..."""
    verbatim_min_copy_coverage: float = 0.7
    """... and of the copy (a farm's leftover template text lowers it)."""
    spun_min_copy_coverage: float = 0.6
    """Spun copy: more words changed than a verbatim copy allows, the copy's text at least this
    much covered by aligned sentences ..."""
    spun_min_source_coverage: float = 0.4
    """... at least this share of the source (spun copies are often cut too) ..."""
    spun_min_order: float = 0.8
    """... in the same order (share of pairs on one monotone chain) at least this much."""
    partial_min_sentences: int = 2
    """Partial copy: at least this many evidence sentence pairs ..."""
    partial_min_words: int = 40
    """... holding at least this many words of the copy (two long copied sentences are a copy; two
    short shared facts are not) ..."""
    partial_min_coverage: float = 0.2
    """... covering at least this share of the source or of the copy ..."""
    partial_min_similarity: float = 0.75
    """... with a mean similarity of at least this: copied paragraphs stay close to the source,
    while independent reports of the same facts match only loosely (about 0.5 to 0.7)."""
    closing_block_min: int = 2
    """Two articles whose only copied text is a run of at least this many sentences ending both
    (a company's "about" paragraphs, a site's sign-off) are no copy of each other ..."""
    closing_block_max_share: float = 0.4
    """... when the run is at most this share of either text's sentences (a copy made of the
    source's last paragraphs and little else is still a copy)."""
    same_story_min_overlap: float = 0.2
    """Articles that are no copy but share this much of their content words (containment of the
    smaller in the larger) are reported as the same story; below, unrelated."""

    same_story_min_score: float = 0.664
    """A pair the rules above call the same story stays so only when its story similarity reaches
    this (the quick story model, :func:`newstrace.story.quick_similarity`: title and lead embeddings,
    shared names and numbers; 1 = same story); below, the shared words are a shared topic (one
    industry's vocabulary, one site's beat) and the pair is unrelated. The default is the quick
    model's own threshold, chosen on the SemEval training half. 0 turns the check off (no article
    is embedded for it)."""
    same_story_min_embedding: float = 0.5
    """Across languages, articles that are no translation but whose mean sentence embeddings have
    at least this cosine are the same story; below, unrelated."""

    declared_copy_max_gap: float = 0.05
    """Among a copy's sources, one that names another as its own source (a canonical URL on
    another site, a credit link: a mirror) yields to that one when it explains the copy at most
    this much less closely (``link.closeness``) with no more words changed: the mirror's lack of
    the original's own lines ("Follow us on ...") is no sign that copies went through it."""
    second_source_max_overlap: float = 0.3
    """A copy keeps a second source only when at most this share of the copy sentences it explains
    are explained by a better source already (an article stitched from two origins)."""

    # --- cross-language -----------------------------------------------------------------------
    translation_sentence_min: float = 0.6
    """Two sentences in different languages are aligned when the cosine of their multilingual
    sentence embeddings (USE multilingual) reaches this (translations: about 0.7-0.9; different
    sentences on the same topic: about 0.3-0.5)."""
    translation_min_coverage: float = 0.5
    """Translation: aligned sentences cover at least this share of both articles, in order
    (``spun_min_order``)."""
    partial_translation_min_coverage: float = 0.8
    """Partial translation (a translation cut short, or a translated excerpt): aligned sentences
    cover at least this share of one article (the translated part) ..."""
    partial_translation_min_sentences: int = 3
    """... with at least this many sentences aligned in order (``spun_min_order``) ..."""
    partial_translation_min_density: float = 0.75
    """... to a block of the other article: at least this share of the sentences from its first
    aligned one to its last are aligned (independent coverage in another language matches a few
    scattered sentences at most) ..."""
    partial_translation_min_similarity: float = 0.7
    """... at a mean cosine of at least this (translations: about 0.7-0.9)."""

    # --- quotes and attributions ---------------------------------------------------------------
    quote_min_words_unattributed: int = 6
    """A quote-mark span with no cue and no speaker is kept as a direct quote only with at least
    this many words: shorter ones are scare quotes, titles and terms ("the “election”")."""
    quote_min_words_attributed: int = 1
    """A quote-mark span tied to a reporting verb needs at least this many words to be a quote ..."""
    scare_quote_max_words: int = 3
    """... and one that opens in the middle of a sentence (not after "said," or a colon) needs more
    than this many: shorter ones are scare quotes ("what he calls the “Washington cartel”")."""
    quote_noun_cue_min_words: int = 1
    """A noun cue's content ("support for Larsen", "the claim that ...") needs at least this many
    words (3 before: 1 raised F1 a little on the PolNeAR training and development splits)."""
    direct_quote_min_share: float = 0.7
    """Reported speech whose content lies at least this share (in word characters) inside quote
    marks is a direct quote; below, it is indirect speech that may contain partial quotes."""
    quote_clause_direct_min_share: float = 0.9
    """A reporting verb's complement clause is left to the direct quote it holds only when quote marks
    hold at least this share of it; below, the whole clause is the content ("said that by May “the
    ferry will run every hour”"): annotators take the writer's words before the quote in (0.9 over
    0.7 raised F1 on the PolNeAR training and development splits, lowered direct-quote F1 0.004 on
    the training split)."""
    coref_max_sentences: int = 8
    """A pronoun or "the minister" is linked to a named person mentioned at most this many
    sentences earlier; further back, the speaker stays the pronoun or noun phrase as written."""

    # --- fidelity (quotes, numbers and names altered by a copy) ---------------------------------
    fidelity_quote_match_min: float = 0.6
    """A copy's quote and a source quote are the same quote when their similarity (rapidfuzz,
    0..1: the best of full ratio and, for quotes of different length, partial ratio) reaches this;
    a matched quote whose words differ is ``quote_altered``."""
    fidelity_quote_unaligned_min: float = 0.85
    """With an alignment: a quote whose sentence is not aligned may still match a source quote
    elsewhere (moved paragraphs) when the similarity reaches this stricter bar."""
    fidelity_sentence_match_min: float = 0.5
    """Without an alignment: two sentences are aligned when rapidfuzz's ratio (0..1) of their
    lower-cased words reaches this (a spun sentence keeps about half its characters)."""
    fidelity_min_sentence_words: int = 6
    """Numbers and names are compared in aligned sentences of at least this many words (shorter
    lines are bylines, datelines and site templates, which differ between sites by design)."""
    fidelity_merge_max_gap: int = 300
    """A copy quote may stand for two source quotes at most this many characters apart (the copy
    dropped the "he said" between them)."""
    fidelity_added_edge_max_share: float = 0.25
    """A copy whose text outside the copied region (before its first and after its last aligned
    sentence) is at most this share of the region's words is a whole copy with additions: a quote
    added there (a made-up lead or closing quote) is flagged ``quote_added``. Beyond it, the copy is
    other text around a partial copy, whose own quotes are no additions."""
    fidelity_dropped_gap_sentences: int = 2
    """``quote_dropped``: a source quote missing from the copy is flagged when its sentence was
    copied or it sat in a gap of at most this many sentences between copied sentences (a partial
    copy is not blamed for the paragraphs it did not take)."""
    fidelity_isolated_pair_min: float = 0.6
    """A sentence pair weaker than this, with no aligned neighbour on either side, is not taken as
    copied text by fidelity: in a partial copy a host sentence loosely like a source sentence
    would otherwise put the source's nearby quotes "inside the copied region" and flag them dropped."""
    fidelity_min_quote_words: int = 2
    """Quote-mark spans of at least this many words are compared (single words are mostly terms)."""
    fidelity_min_translated_quote_words: int = 6
    """A translation's quote next to a named speaker, in a sentence its source gives without quote
    marks, is ``quote_added`` from this many words (a shorter one may be a term the translator set in
    quote marks)."""
    fidelity_fuller_source_min_words: int = 6
    """A copy's quote with at least this many words of its speaker that the source lacks (an added
    quote of a person the source quotes too, or a source quote the copy runs on past its end) gets
    ``note`` "fuller source": more of the statement from the release or statement the source quoted,
    or words put in the speaker's mouth — still an alteration, counted as one."""
    fidelity_close_max_share: float = 0.05
    """A ``number_changed`` whose copy value is within this share of the source value and is the
    source value rounded (to the copy's last written digit: "$41.3 billion" -> "$41 billion") or
    converted to other units ("5 miles" -> "8 km") gets ``note`` "rounded" or "converted": still
    flagged, but a researcher can sort it apart from a different number ("$6 billion" -> "$8 billion")."""
    fidelity_explicit_speaker_chars: int = 120
    """A speaker counts as named at a quote (and so comparable between source and copy for
    ``speaker_changed``) when it is at most this many characters away from it."""
    name_similar_min: float = 0.8
    """``name_changed``: a capitalised word of the source and one of the copy are the same name
    misspelt when their normalised edit similarity (0..1; optimal string alignment, so a swap of
    two neighbouring letters is one edit) reaches this ..."""
    name_max_edits: int = 2
    """... and they differ by at most this many character edits ..."""
    name_min_chars: int = 4
    """... and both have at least this many letters (shorter capitalised words are too ambiguous)."""

    # --- direction ----------------------------------------------------------------------------
    min_date_gap_days: int = 0
    """The earlier article is the source when its date precedes the other's by more than this
    many days; equal dates fall back to evidence (attribution, canonical URL, boilerplate)."""
    min_time_gap_minutes: int = 60
    """Two articles whose timestamps both give a time of day (feeds, WARC records, JSONL, a page's
    published_time) are compared as moments: the earlier is the source when they are at least
    this many minutes apart, and more than ``min_date_gap_days`` days (time zones must be given
    by both or by neither; else the days are compared)."""

    # --- known outlets ------------------------------------------------------------------------
    outlets_file: str = ""
    """A TOML file of more known outlets (``[[outlet]]`` tables: name, country, domains, kind, note;
    the format of the built-in ``newstrace/data/outlets.toml``). Its entries are added to the built-in
    list of state media, and a domain listed there takes its entry from there. "" for none."""

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _coerce(name: str, raw: Any) -> Any:
    field_types = {f.name: f.type for f in fields(Settings)}
    if name not in field_types:
        raise UsageError(f"unknown setting {name!r} (see `newstrace settings`)")
    kind = field_types[name]
    bad = UsageError(f"setting {name}: {raw!r} is not a valid {kind}")
    if kind in ("int", int, "float", float):
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise bad
        try:
            value: float = float(raw)
        except ValueError:
            raise bad from None
        if kind in ("int", int):
            if not math.isfinite(value) or value != int(value):  # 3.7 is not silently 3
                raise bad
            value = int(value)
        if not math.isfinite(value) or value < 0:  # every count, share and limit is >= 0
            raise UsageError(f"setting {name}: {raw!r} must be a finite number >= 0")
        return value
    if isinstance(raw, (dict, list)):
        raise bad
    return str(raw)


def load_settings(config: Path | None = None, overrides: list[str] | None = None) -> Settings:
    """Defaults, then the TOML file, then ``name=value`` overrides."""
    values: dict[str, Any] = {}
    if config is not None:
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise UsageError(f"{config}: cannot read settings: {e}") from None
        data = data.get("newstrace", data)
        if not isinstance(data, dict):
            raise UsageError(f"{config}: [newstrace] must be a table of settings")
        for k, v in data.items():
            values[k] = _coerce(k, v)
    for item in overrides or []:
        if "=" not in item:
            raise UsageError(f"--set {item!r}: expected name=value")
        k, v = item.split("=", 1)
        values[k.strip().replace("-", "_")] = _coerce(k.strip().replace("-", "_"), v.strip())
    return Settings(**values)


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, documentation) for every setting, read from this module's source."""
    import ast
    import inspect

    src = inspect.getsource(Settings)
    tree = ast.parse(src)
    docs: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for i, node in enumerate(body):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            nxt = body[i + 1] if i + 1 < len(body) else None
            if isinstance(nxt, ast.Expr) and isinstance(getattr(nxt, "value", None), ast.Constant):
                docs[node.target.id] = " ".join(str(nxt.value.value).split())  # type: ignore[attr-defined]
    default = Settings()
    return [(f.name, getattr(default, f.name), docs.get(f.name, "")) for f in fields(Settings)]
