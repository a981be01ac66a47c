"""The ``newstrace`` command. Mirrors the Python API (``newstrace.extract``, ``Corpus``).

Exit codes: 0 success (for ingest: at least one article stored or already stored), 1 when the
whole run failed, 2 for usage errors, 130 / 143 when stopped by SIGINT / SIGTERM (open
transactions roll back). Every error is one line naming the file or record.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from .errors import NewstraceError, UsageError
from .model import FULLER_SOURCE
from .relate import basis_text, copy_lag
from .settings import Settings, describe, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Trace where a news article came from.")
eval_app = typer.Typer(no_args_is_help=True, help="Evaluations on the data sets in ../shared/data.")
app.add_typer(eval_app, name="eval")

out = Console(highlight=False, soft_wrap=True)  # text is never hard-wrapped; tables fit the width
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per error, never wrapped

DbOpt = Annotated[Path, typer.Option("--db", help="SQLite database file.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


class State:
    settings: Settings = Settings()


@app.callback()
def _main(
    config: Annotated[Path | None, typer.Option("--config", help="TOML file with settings.")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
) -> None:
    with _errors():
        State.settings = load_settings(config, set_)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control characters (escape sequences from a
    hostile page, a newline in a file name that would forge another error line) shown as
    ``\\x1b``-style escapes, lone surrogates (undecodable file names) as ``\\udcff``."""
    text = _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _error(msg: str) -> None:
    """One ``error: ...`` line on stderr."""
    err.print(Text(f"error: {printable(msg)}"))


def _fail(msg: str, code: int = 1) -> None:
    _error(msg)
    raise typer.Exit(code)


def _outlets() -> Any:
    """The known outlets of the current settings (built-in list plus ``outlets_file``)."""
    from .outlets import known

    return known(State.settings.outlets_file)


def _existing_db(db: Path, ref: str | None = None) -> None:
    """Refuse a database file that does not exist (a mistyped --db) instead of creating it empty,
    unless ``ref`` is a page file or URL, which needs no stored article."""
    from .sources import is_url

    if not db.is_file() and not (ref is not None and (Path(ref).exists() or is_url(ref))):
        _fail(f"{db}: no such database", 2)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except UsageError as e:
        _fail(str(e), 2)
    except NewstraceError as e:
        _fail(str(e), 1)
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            _fail("the database is busy: another process has held its write lock for 30 s; "
                  "try again when it is done", 1)
        _fail(f"database error: {e}", 1)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _report_json_to_stderr(obj: Any) -> None:
    """A run's JSON report on one stderr line, when stdout holds its output (``--out -``)."""
    err.print(json.dumps(obj, ensure_ascii=False), soft_wrap=True, markup=False, highlight=False)


def _print_json(obj: Any) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a file name that is not UTF-8): escape it
        text = json.dumps(obj, ensure_ascii=True, indent=2)
    sys.stdout.write(text + "\n")


# --- ingest / extract -------------------------------------------------------------------------------
@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs or feeds.")],
    db: DbOpt = Path("newstrace.db"),
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private/loopback addresses.")] = False,
    reread: Annotated[bool, typer.Option(
        help="Read every file again, even those unchanged since they were last ingested.")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1,
        help="Processes extracting pages (default: one per CPU, at most 8; 1: none). "
             "The stored result is the same for any number.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Read pages, extract articles and store them (idempotent; unchanged files are not read again)."""
    from .parallel import default_workers
    from .pipeline import Corpus

    with _errors():
        _outlets()  # a broken outlets_file is a usage error here too, not silently the built-in list
    with _errors(), Corpus(db, State.settings) as corpus, _progress() as prog:
        task = prog.add_task("ingest", total=None)
        report = corpus.ingest(
            inputs,
            allow_private=allow_private,
            progress=lambda _s, done, _t: prog.update(task, completed=done),
            on_error=_error,
            reread=reread,
            workers=workers or default_workers(),
        )
    if json_:
        _print_json(report.to_json())
    else:
        n, empty = report.files_unchanged, report.files_unchanged_empty
        not_read = (f" ({n} file{'s' if n != 1 else ''} unchanged since {'their' if n != 1 else 'its'} last "
                    f"ingest, not read again"
                    + (f"; {empty} of them held no article" if empty and n > 1 else
                       "; it held no article" if empty else "") + ")"
                    if n else "")
        redated = (f" ({report.redated} seen earlier than stored: redated, linked again by the next link)"
                   if report.redated else "")
        out.print(
            Text(
                f"read {report.read}, stored {report.stored}, "
                f"unchanged {report.unchanged}{not_read}{redated}, "
                f"skipped {report.skipped}, failed {report.failed}  ->  {db}"
            )
        )
    if report.stored + report.unchanged == 0 and (
        report.failed or report.skipped or report.files_unchanged_empty or report.read == 0
    ):
        if not (report.read or report.failed or report.skipped or report.files_unchanged):
            # nothing read and nothing wrong with what was there: say why the run did nothing
            from .sources.files import SUFFIX_KINDS

            _error(f"{', '.join(inputs)}: no pages, crawls, feeds, texts or JSONL records found "
                   f"(folders are searched for {', '.join(SUFFIX_KINDS)} files, also gzipped)")
        raise typer.Exit(1)


@app.command()
def extract(
    source: Annotated[str, typer.Argument(help="A page, text file or URL.")],
    json_: JsonOpt = False,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private/loopback addresses.")] = False,
) -> None:
    """Show what the extractor makes of one page, without storing it."""
    from .extract import extract_page
    from .sources import iter_pages

    with _errors():
        if not source.strip() or Path(source).is_dir():
            raise UsageError(f"{source!r}: give one page (a file or URL)")
        for item in iter_pages([source], State.settings, allow_private=allow_private):
            if isinstance(item, NewstraceError):
                raise item
            art = extract_page(item, State.settings)
            if json_:
                _print_json(art.to_json())
            else:
                meta = Table.grid(padding=(0, 2))
                for k in ("title", "site", "url", "canonical_url", "published", "author", "lang"):
                    meta.add_row(Text(k, style="bold"), Text(str(getattr(art, k) or "")))
                if art.trimmed:
                    meta.add_row(Text("trimmed", style="bold"), Text(" | ".join(art.trimmed), style="dim"))
                out.print(meta)
                out.print()
                out.print(Text(art.text))
            return
        _fail(f"{source}: nothing to extract")


# --- link -------------------------------------------------------------------------------------------
@app.command()
def link(
    jsonl: Annotated[str | None, typer.Argument(
        help="A reuse-format JSONL file (no database); with --engine spark any path Spark reads.")] = None,
    db: DbOpt = Path("newstrace.db"),
    out_path: Annotated[Path | None, typer.Option("--out", help="Write edges as JSONL here.")] = None,
    relink: Annotated[bool, typer.Option(help="Recompute all relations, not just new articles.")] = False,
    engine: Annotated[str, typer.Option(help="memory (this process) or spark.")] = "memory",
    master: Annotated[str, typer.Option(help="Spark master: local[*], spark://host:7077, yarn")] = "local[*]",
    partitions: Annotated[int | None, typer.Option(help="Spark: at least this many partitions.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Find derivations among stored articles (incremental), or in a JSONL file with --out.

    With --engine spark the comparisons run on Spark: a JSONL input is linked there (edges to --out);
    a database's new articles (all of them with --relink) are linked there, and the relations, edges
    and alterations stored as without Spark."""
    with _errors():
        if engine not in ("memory", "spark"):
            raise UsageError(f"--engine {engine!r} is not memory or spark")
        if engine == "spark" and jsonl is not None:
            _link_spark(jsonl, out_path, json_, master, partitions)
            return
        if jsonl is not None:
            _link_file(Path(jsonl), out_path, json_)
            return
        from .pipeline import Corpus

        _existing_db(db)  # a mistyped --db would otherwise be created empty and "linked"
        with Corpus(db, State.settings) as corpus:
            if engine == "spark":  # comparisons by Spark workers, results stored here
                from .spark import spark_session

                spark = spark_session(master)
                try:
                    err.print(Text(f"linking {db} on Spark ({master}) ..."))
                    report = corpus.link_spark(spark, partitions=partitions, relink=relink)
                finally:
                    spark.stop()
            else:
                with _progress() as prog:
                    task = prog.add_task("link", total=None)
                    report = corpus.link(relink=relink, progress=lambda stage, done, total: prog.update(
                        task, completed=done, total=total, description=stage))
            edges = corpus.store.all_edges() if out_path else []
        if out_path:
            _write_edges(out_path, edges)
        to_stdout = out_path is not None and str(out_path) == "-"  # the edges are there: report on stderr
        if json_ and to_stdout:
            _report_json_to_stderr(report.to_json())
        elif json_:
            _print_json(report.to_json())
        else:
            rel = ", ".join(f"{k} {v}" for k, v in sorted(report.by_relation.items())) or "none"
            (err if to_stdout else out).print(
                Text(
                    f"linked {report.articles} new article{'s' * (report.articles != 1)} "
                    f"({report.compared} comparison{'s' * (report.compared != 1)}); "
                    f"provenance edges in the database: {report.edges} ({rel})"
                )
            )


def _read_jsonl(path: Path, on_error: Callable[[str], None]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """The records of a reuse-format file (``.jsonl`` or ``.jsonl.gz``) for ``link FILE``, each with
    where it was read (``file.jsonl:7``) and its line number, read as ``ingest`` reads them: a bad
    line goes to ``on_error`` (one error line), the rest is read."""
    from .sources.files import file_kind
    from .sources.jsonl import page_record, read_jsonl

    if not path.exists() or path.is_dir():
        raise UsageError(f"{path}: no such file")
    kind = file_kind(path)
    if kind is None and path.is_file():  # any other name (.json, .xml, /dev/stdin) is read as JSON
        # Lines, unless its first bytes show a page, crawl or feed
        from .sources import sniff_kind

        with suppress(NewstraceError):
            kind = sniff_kind(path, State.settings)
    if kind not in (None, "jsonl"):
        raise UsageError(f"{path}: link reads a JSONL file in the reuse format (.jsonl or .jsonl.gz); "
                         "ingest other inputs into a database and link that")
    for page in read_jsonl(path, State.settings):
        if isinstance(page, NewstraceError):
            on_error(str(page))
            continue
        line = int(page.origin.rpartition(":")[2])  # read_jsonl names a record "file:LINE"
        yield page.origin, line, page_record(page)


def _write_in_place(path: Path) -> bool:
    """True when ``path`` must be written where it is, not replaced by a renamed temporary file:
    a symbolic link (``/dev/stdout``, a link the user keeps) or something that is not a regular
    file (a device, a FIFO)."""
    return path.is_symlink() or (path.exists() and not path.is_file())


def write_output(path: Path | None, write: Callable[[IO[str]], None]) -> None:
    """Call ``write`` with a text stream for ``--out``: stdout for None or ``-``; a regular file
    written whole or not at all (a fresh temporary file beside it, created exclusively, then
    renamed over it: an earlier file under that name survives a failure, and no existing file or
    link is ever written through by mistake); a link, device or FIFO written in place. A reader
    that stops early (``| head``) ends the run quietly. Raises NewstraceError naming the path
    (exit 1: the run's work was done, its result could not be written)."""
    if path is None or str(path) == "-":
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as e:
            raise NewstraceError(f"stdout: cannot write ({e.strerror or e})") from None
        return
    if _write_in_place(path):
        try:
            with path.open("w", encoding="utf-8", newline="") as fh:
                write(fh)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError as e:
            raise NewstraceError(f"{path}: cannot write ({e.strerror or e})") from None
        return
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        # mkstemp makes the file 0600: give it the mode the file it replaces had, else the one a
        # plain open() gives (0666 less the umask), so an export can be shared as usual
        os.fchmod(fd, _replaced_file_mode(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        os.replace(tmp, path)
    except OSError as e:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
        raise NewstraceError(f"{path}: cannot write ({e.strerror or e})") from None


def _replaced_file_mode(path: Path) -> int:
    """The permission bits for a file written over ``path``: those of the file there now, else
    0666 less the process's umask (what ``open(path, "w")`` would create)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _quiet_broken_pipe() -> None:
    """The reader of stdout went away (``| head``): stop without a traceback, as Unix tools do."""
    with suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(0)


def _write_edges(path: Path, edges: list[Any], ids: tuple[str, str] = ("copy_id", "source_id")) -> None:
    """One JSON line per edge. ``ids`` names the ids' keys: the store's article ids for ``link
    --db``, the input's line numbers (``line``, ``source_line``) for ``link FILE``, which also
    name the records that have no URL."""
    write_output(path, lambda fh: _write_edge_lines(fh, edges, ids))


def _write_edge_lines(fh: IO[str], edges: list[Any], ids: tuple[str, str]) -> None:
    for e in edges:
        fh.write(
            json.dumps(
                {
                    "url": e.copy_url,
                    "source_url": e.source_url,
                    ids[0]: e.copy_id,
                    ids[1]: e.source_id,
                    "relation": e.relation.value,
                    "score": round(e.score, 4),
                    "direction_basis": e.direction_basis,
                    "credits_source": e.credits_source,
                    "names_other_source": e.names_other_source,
                },
                ensure_ascii=False,
            )
            + "\n"
        )


def _link_file(path: Path, out_path: Path | None, json_: bool) -> None:
    from .pipeline import link_articles, records_to_articles

    failed: list[str] = []

    def on_error(msg: str) -> None:
        failed.append(msg)
        _error(msg)

    read = list(_read_jsonl(path, on_error))
    records = [rec for _, _, rec in read]
    arts = records_to_articles(records, State.settings, on_error=on_error,
                               names=[w for w, _, _ in read], ids=[n for _, n, _ in read])
    with _progress() as prog:
        task = prog.add_task("link", total=len(arts))
        edges, compared = link_articles(
            arts, State.settings, progress=lambda _s, d, t: prog.update(task, completed=d, total=t)
        )
    summary = {"records": len(records), "articles": len(arts), "compared": compared}
    _link_result(edges, summary, out_path, json_)
    if not arts and failed:  # every record was bad: the whole run failed
        raise typer.Exit(1)


def _link_result(edges: list[Any], summary: dict[str, Any], out_path: Path | None, json_: bool,
                 where: str = "") -> None:
    """Write the edges of a JSONL link to ``out_path`` and report: the summary (plus edge counts) as
    JSON, with the edges themselves when there is no ``out_path``; else one line."""
    from collections import Counter

    if out_path:
        _write_edges(out_path, edges, ("line", "source_line"))
    summary = dict(summary, edges=len(edges), by_relation=dict(Counter(e.relation.value for e in edges)),
                   out=str(out_path) if out_path else None)
    if json_ and str(out_path) == "-":  # stdout holds the edges: the summary goes to stderr
        _report_json_to_stderr(summary)
    elif json_ or not out_path:
        if not out_path:
            summary["edges_list"] = [e.to_json() for e in edges]
        _print_json(summary)
    else:
        (err if str(out_path) == "-" else out).print(
            Text(f"{summary['articles']} articles, {summary['compared']} comparisons, "
                 f"{len(edges)} edges -> {out_path}{where}"))


def _link_spark(path: str, out_path: Path | None, json_: bool, master: str, partitions: int | None) -> None:
    from .spark import check_input, link_file, spark_session

    if "://" not in path and not Path(path).is_file():
        raise UsageError(f"{path}: no such file")
    check_input(path)  # before a JVM is started for nothing
    spark = spark_session(master)
    try:
        err.print(Text(f"linking {path} on Spark ({master}) ..."))
        report = link_file(spark, path, State.settings, partitions)
    finally:
        spark.stop()
    for msg in report.errors:
        _error(msg)
    _link_result(report.edges, dict(report.to_json(), engine="spark", master=master), out_path, json_,
                 f" (Spark, {master})")
    if report.records and not report.articles:
        raise typer.Exit(1)


# --- trace ------------------------------------------------------------------------------------------
_KIND_STYLE = {"identical": "", "edited": "yellow", "paraphrased": "cyan", "translated": "magenta",
               "added": "green", "dropped": "red"}


def _diff_texts(a: str, b: str) -> tuple[Text, Text]:
    from .align import word_diff

    # without colours (piped to a file, NO_COLOR) the changed words are bracketed as git's word diff
    # does, [-old-] and {+new+}: else an "edited" row showed no change at all
    plain = out.no_color or not out.is_terminal
    left, right = Text(), Text()
    for op, aw, bw in word_diff(a, b):
        if op == "equal":
            left.append(aw + " ")
            right.append(bw + " ")
        else:
            if aw:
                left.append(f"[-{aw}-]" if plain else aw, style="bold red")
                left.append(" ")
            if bw:
                right.append(f"{{+{bw}+}}" if plain else bw, style="bold green")
                right.append(" ")
    return left, right


def _print_credits(tr: Any) -> None:
    """Known outlets the origin names as its source (its title, its credit links)."""
    for c in tr.origin_credits:
        o = c["outlet"]
        who = "It" if not tr.chain else "The origin"
        out.print(Text(f"{who} credits {o['label']} ({c['how']}): "
                       f"the text likely comes from {o['domains'][0]}.", style="bold red"))


def _print_doubt(tr: Any) -> None:
    """The direction doubt (a guessed direction), right under the origin it puts in question."""
    if doubt := tr.direction_doubt():
        out.print(Text("Direction uncertain: " + doubt, style="bold yellow"))


def _site_name(a: Any) -> str:
    """An article's site, or what stands for it: a text file's or upload's has none."""
    return printable(a.site or (f"(no site: {Path(a.origin).name})" if a.origin else "(no site)"))


def _alteration_line(alt: Any) -> str:
    """One alteration as a line: a quote only in the copy or only in the source says so, where a
    Python None stood for the missing side."""
    note = f", {alt.note}" if alt.note else ""
    who = f" ({alt.speaker})" if alt.speaker and alt.kind.startswith("quote_") else ""
    if alt.source is None:
        return f"{alt.kind}{who}: {alt.copy!r} (not in the source{note})"
    if alt.copy is None:
        return f"{alt.kind}{who}: {alt.source!r} (left out of the copy{note})"
    return f"{alt.kind}{who}: {alt.source!r} -> {alt.copy!r}" + (f" ({alt.note})" if alt.note else "")


def _copies_seen(store: Any, tr: Any) -> tuple[dict[int, dict[str, Any]], int]:
    """The metadata of each copy ``trace`` lists (as the web page shows them), and how many
    articles derive from the traced one in all (through copies of copies too)."""
    from .web.queries import article_meta, reach

    ids = [e.copy_id for e in tr.copies if e.copy_id is not None]
    if not ids or tr.article.id is None:
        return {}, 0
    return article_meta(store, ids), reach(store, tr.article.id)


def _print_trace(tr: Any, *, side_by_side: bool = True,
                 seen: tuple[dict[int, dict[str, Any]], int] = ({}, 0)) -> None:
    a = tr.article
    out.print(Text(f"{a.title}", style="bold"))
    out.print(Text(f"{a.site or '?'} | {a.published or 'no date'} | {a.url or a.origin or ''}", style="dim"))
    if own := tr.outlets.get(a.site or ""):
        out.print(Text(own["label"], style="red"))
    if not tr.stored:
        out.print(Text("(not stored: compared on the fly)", style="dim"))
    if not tr.chain:
        out.print(
            Text(
                "No earlier article it derives from was found: it is an origin in this corpus.", style="green"
            )
        )
        _print_doubt(tr)
        _print_credits(tr)
    else:
        o = tr.origin
        out.print(
            Text.assemble(
                ("Origin: ", "bold"),
                f"{o.title} — {o.site or 'unknown site'} ({o.published or 'no date'}) {o.url or ''}",
            )
        )
        known = tr.outlets.get(o.site or "")
        if known:
            out.print(Text(f"  {known['label']} ({known['note']})", style="bold red"))
        _print_doubt(tr)
        _print_credits(tr)
        out.print(Text("Chain:", style="bold"))
        from .web.views import carried_note, carried_text, lag_between

        for i, ln in enumerate(tr.chain):
            lag = copy_lag(ln.source.published, ln.copy.published)
            when = f", {lag_between(ln.source.published, ln.copy.published)}" if lag is not None else ""
            out.print(
                Text(
                    f"  {i + 1}. {_site_name(ln.source)} -> {_site_name(ln.copy)}: {ln.edge.relation.value} "
                    f"(score {ln.edge.score:.2f}, direction {basis_text(ln.edge.direction_basis)}, "
                    f"{ln.edge.credit_text}{when})"
                )
            )
            if lag is not None and lag < 0:  # a re-dated copy: the direction rests on a credit
                rests = {"canonical": "; the direction rests on its canonical URL",
                         "attribution": "; the direction rests on its credit of the source",
                         "boilerplate": "; the direction rests on its farm template"}
                out.print(Text("     the copy is dated before its source: re-dated, or a wrong date"
                               + rests.get(ln.edge.direction_basis, ""), style="red"))
            for r in ln.edge.evidence.get("reasons", []):
                out.print(Text(f"     {r}", style="dim"))
        sites = [_site_name(ln.copy) for ln in tr.chain]
        if carried := carried_text(tr, sites):
            out.print(Text(carried, style="bold magenta"))
        for ln in tr.chain:
            inherited = ln.inherited
            if not ln.alterations and not inherited:
                continue
            step = f"{_site_name(ln.source)} -> {_site_name(ln.copy)}"
            if ln.alterations:
                out.print(Text(f"Alterations {step}:", style="bold"))
            else:  # a faithful copy of an altered copy: not a faithful copy of the origin
                out.print(Text(f"Alterations {step}: none of its own", style="bold"))
            for alt in ln.alterations:
                out.print(Text(f"  {_alteration_line(alt)}", style="magenta"))
                if alt.note == FULLER_SOURCE and alt.detail:  # what "fuller" may hide, as the web says
                    out.print(Text(f"     {alt.detail}", style="dim"))
            if inherited:
                whose = f"the origin's words -> {_site_name(ln.copy)}'s"
                out.print(Text(f"  carried from earlier steps ({whose}):", style="bold"))
            for c in inherited:
                out.print(Text(f"  {_alteration_line(c.alteration)} [{carried_note(c, sites)}]",
                               style="magenta"))
        if side_by_side:
            for ln in tr.chain:
                table = Table(
                    title=f"{_site_name(ln.source)} (source) | {_site_name(ln.copy)} (copy)", show_lines=True,
                    expand=True
                )
                table.add_column("source", ratio=1)
                table.add_column("", width=11)
                table.add_column("copy", ratio=1)
                for p in ln.comparison.alignment.pairs:
                    kind = p.kind.value
                    if p.source and p.copy and kind not in ("identical", "translated"):  # (no word
                        # diff between two languages: every word differs)
                        left, right = _diff_texts(p.source, p.copy)
                    else:
                        left, right = Text(p.source or ""), Text(p.copy or "")
                    table.add_row(left, Text(kind, style=_KIND_STYLE.get(kind, "")), right)
                out.print(table)
    if tr.copies:
        metas, everything = seen
        more = everything - len(tr.copies)
        out.print(Text(f"Copies of this article: {len(tr.copies)}"
                       + (f" ({everything} articles derive from it in all, {more} of them through other "
                          "copies)" if more > 0 else ""), style="bold"))
        for e in tr.copies:
            ident = f"#{e.copy_id}" if e.copy_id is not None else ""
            m = metas.get(e.copy_id) if e.copy_id is not None else None
            about = f"{m['site'] or 'unknown site'} — {m['title'] or '(no title)'} " \
                    f"({m['published'] or 'no date'})" if m else ""
            where = " ".join(x for x in (ident, about, e.copy_url or "") if x) or "(no address)"
            how = basis_text(e.direction_basis)
            out.print(Text(f"  {e.relation.value} ({e.score:.2f}, direction {how}, "
                           f"{e.credit_text}): {where}"))



@app.command()
def trace(
    ref: Annotated[str, typer.Argument(help="Article id, URL, or a page/text file to compare on the fly.")],
    db: DbOpt = Path("newstrace.db"),
    json_: JsonOpt = False,
    brief: Annotated[bool, typer.Option(help="Omit the side-by-side sentences.")] = False,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private/loopback addresses.")] = False,
) -> None:
    """Origin, copy chain, relations and aligned sentences of one article."""
    from .pipeline import Corpus

    _existing_db(db)  # a page is traced against a corpus: a mistyped --db would find "no source"
    with _errors(), Corpus(db, State.settings) as corpus:
        tr = corpus.trace(ref, allow_private=allow_private)
        seen = _copies_seen(corpus.store, tr) if not json_ and tr.stored else ({}, 0)
    if json_:
        _print_json(tr.to_json())
    else:
        _print_trace(tr, side_by_side=not brief, seen=seen)
        _print_related(tr)


RELATED_SHOWN = 20
"""How many articles of each related list ``trace`` prints (``--json`` gives them all)."""


def _print_related(tr: Any) -> None:
    """The same story written independently elsewhere, and the site's own text reused: neither is a
    copy, and both are what a reader checks before calling a page original or copied."""
    sections = (("Same story, written independently on other sites (not copies):", tr.same_story),
                ("On the same site, its text again (not copies, not independent coverage):", tr.same_site))
    for heading, items in sections:
        if not items:
            continue
        out.print(Text(heading, style="bold"))
        for r in items[:RELATED_SHOWN]:
            a = r.article
            ident = f"#{a.id} " if a.id is not None else ""
            site = "" if r.same_site else f" — {a.site or 'unknown site'}"
            line = f"{ident}{a.title or '(no title)'}{site} ({a.published or 'no date'})"
            if r.own_text:
                who = "this article reuses its text" if r.reuses else "it reuses this article's text"
                line += f": {who} (a {r.own_text.replace('_', ' ')} by the measures)"
            out.print(Text(f"  {line}"))
        if len(items) > RELATED_SHOWN:
            out.print(Text(f"  … and {len(items) - RELATED_SHOWN} more (--json lists them all)", style="dim"))


# --- demo -------------------------------------------------------------------------------------------
def sample_corpus() -> Path:
    return Path(__file__).parent / "samples" / "corpus"


@app.command()
def demo(
    db: Annotated[Path | None, typer.Option("--db", help="Keep the demo database here.")] = None,
) -> None:
    """Ingest the bundled sample corpus into a fresh database, link it, print the findings."""
    from .pipeline import Corpus

    tmpdir = None
    if db is None:
        tmpdir = tempfile.mkdtemp(prefix="newstrace-demo-")
        db = Path(tmpdir) / "demo.db"
    try:
        with _errors(), Corpus(db, State.settings) as corpus:
            rep = corpus.ingest([str(sample_corpus())], on_error=_error)
            out.print(
                Text(
                    f"Ingested the sample corpus: {rep.stored} articles stored ({rep.unchanged} unchanged)",
                    style="bold",
                )
            )
            lr = corpus.link()
            out.print(Text(f"Linked: {lr.compared} comparisons, {lr.edges} provenance edges"))
            table = Table(title="Articles and where they came from", expand=True)
            table.add_column("#", no_wrap=True)
            table.add_column("site", no_wrap=True)
            table.add_column("date", no_wrap=True)
            table.add_column("derives from", ratio=1)
            arts = list(corpus.store.iter_articles())
            for a in arts:
                srcs = corpus.store.sources_of(a.id)  # type: ignore[arg-type]
                if srcs:
                    frm = "; ".join(
                        f"{e.relation.value} of #{e.source_id} ({e.score:.2f}, by {e.direction_basis})"
                        for e in srcs
                    )
                else:
                    n = len(corpus.store.copies_of(a.id))  # type: ignore[arg-type]
                    same = sorted(
                        r["b_id"] if r["a_id"] == a.id else r["a_id"]
                        for r in corpus.store.relations_of(a.id)  # type: ignore[arg-type]
                        if r["relation"] == "same_story"
                    )
                    from .link import publisher

                    sites = {i: o.site for i, o in corpus.store.get_many(same).items()}
                    own = publisher(a.site)  # None on medium.com: many authors
                    elsewhere = [i for i in same if not own or sites.get(i) != own]
                    if n:
                        frm = f"origin of {n} cop{'y' if n == 1 else 'ies'}"
                    elif elsewhere:
                        frm = "independent: same story as " + ", ".join(f"#{i}" for i in elsewhere)
                    elif same:
                        frm = "the site's own text, as " + ", ".join(f"#{i}" for i in same)
                    else:
                        frm = "independent: no related article found"
                table.add_row(str(a.id), Text(a.site or ""), (a.published or "")[:10], Text(frm))
            out.print(table)
            spun = [e for e in corpus.store.all_edges() if e.relation.value == "spun_copy"]
            if spun:
                out.print(Text("\nTrace of the spun copy:", style="bold"))
                _print_trace(corpus.trace(str(spun[0].copy_id)))
            if db is not None and tmpdir is None:
                out.print(Text(f"\nDatabase kept at {db}. Try: newstrace trace 3 --db {db}"))
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


# --- export -----------------------------------------------------------------------------------------
_EXPORT_FIELDS = {
    "articles": [
        "id",
        "url",
        "canonical_url",
        "site",
        "title",
        "author",
        "published",
        "lang",
        "version",
        "content_hash",
        "origin",
        "outlet",
    ],
    "edges": ["copy_id", "copy_url", "copy_site", "copy_title", "copy_published", "source_id", "source_url",
              "source_site", "source_title", "source_published", "lag_days", "relation", "score",
              "direction_basis", "credits_source", "names_other_source", "source_outlet", "source_superseded",
              "source_current_id", "origin_id", "origin_site", "origin_outlet", "source_coverage",
              "copy_coverage", "word_change", "share_paraphrased", "copy_origin", "source_origin"],
    "alterations": ["copy_id", "copy_url", "copy_site", "copy_title", "copy_published", "source_id",
                    "source_url", "source_site", "source_title", "source_published", "lag_days", "relation",
                    "direction_basis", "credits_source", "kind",
                    "source", "copy", "speaker", "detail", "source_outlet", "note", "copy_origin",
                    "source_origin"],
}
_EDGE_ARTICLE_FIELDS = ("copy_site", "copy_title", "copy_published", "copy_origin", "source_site",
                        "source_title", "source_published", "source_origin")
"""What edge and alteration exports say of the two articles, so that a direction or a lag can be
checked without joining them to ``export articles``."""


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas: titles and URLs come from hostile sites ("=HYPERLINK(...)").
    Booleans are written as JSON writes them (true, false), so that an empty cell only means null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="articles, edges or alterations")],
    db: DbOpt = Path("newstrace.db"),
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File to write (default or -: stdout).")] = None,
) -> None:
    """Export stored articles (metadata), provenance edges, or what copies altered, as JSON Lines or CSV.

    JSONL rows have the documented JSON shapes (edges with their evidence); CSV rows the flat fields.
    An edge's ``credits_source`` says whether the copy names that source (true, false, or empty /
    null where the edge was linked before newstrace recorded credits); ``names_other_source`` is true
    where it does not but names some other source (a wire service or an agency named in a credit line).
    ``alterations`` has one row per altered quote, speaker, number or name of a kept edge (JSONL rows
    add the word-level ``diff``, and each row its edge's ``direction_basis``, ``lag_days`` and
    ``credits_source``); edges and alterations name both sites and where each article was
    read (``copy_origin``, ``source_origin``: a file, a crawl record or an address, which tells
    saved pages without an address apart), with both titles and publication dates; edges add
    ``lag_days``, the days from the source's publication to the copy's (negative for a copy dated
    before its source). CSV writes booleans as true and false, and null as an empty cell.
    ``outlet`` (articles) and ``source_outlet`` (edges, alterations) name the known state-media outlet of
    the article's / the source's site (setting ``outlets_file``), empty otherwise. Edges name the
    origin of their source's chain as a trace follows it (``origin_id``, ``origin_site``,
    ``origin_outlet``; the source itself when it derives from nothing): a copy of a copy of a
    state-media article names that outlet there. Only current versions
    are exported: ``articles`` lists the latest version of each page, ``edges`` and ``alterations`` the
    edges of those copies; ``source_superseded`` is true where the copy was made from an older version of
    its source (the page has changed since), whose id is then not among the exported articles:
    ``source_current_id`` is the id of that page's current version (the source's own id otherwise),
    which joins the articles export. Edges also give, as columns of their own, how much of the source
    the copy covers and of the copy the source explains (``source_coverage``, ``copy_coverage``), the
    share of changed words (``word_change``) and of paraphrased sentence pairs (``share_paraphrased``).
    """
    import csv

    from .pipeline import Corpus
    from .web import queries

    if what not in _EXPORT_FIELDS:
        _fail(f"export: {what!r} is not one of {', '.join(_EXPORT_FIELDS)}", 2)
    if fmt not in ("jsonl", "csv"):
        _fail(f"export: --format {fmt!r} is not jsonl or csv", 2)
    _existing_db(db)
    with _errors(), Corpus(db, State.settings) as corpus:
        outlets = _outlets()
        if what == "articles":
            rows = [dict(a.to_json(with_text=False), outlet=outlets.name_of(a.site))
                    for a in corpus.store.iter_articles()]
        else:
            # origin: where a page without an address was read
            found = {r[0]: r[1:] for r in corpus.store.conn.execute(
                "SELECT id, site, title, published, origin FROM articles")}
            old = corpus.store.superseded_ids()
            current = dict(corpus.store.conn.execute(  # an older version -> its page's current one
                "SELECT o.id, c.id FROM articles o JOIN articles c ON c.key=o.key AND c.superseded=0 "
                "WHERE o.superseded=1"))
            parents = queries.traced_sources(corpus.store)
            rows = []
            for e in corpus.store.all_edges():
                c, src = found.get(e.copy_id, (None,) * 4), found.get(e.source_id, (None,) * 4)
                lag = copy_lag(src[2], c[2])
                # the origin of the source's chain as its trace follows it (the source when it has none)
                up = queries.ancestors(parents, e.source_id) if e.source_id is not None else []
                origin = up[-1][0] if up else e.source_id
                origin_site = found.get(origin, (None,))[0]
                ev = e.evidence or {}
                rows.append(dict(e.to_json(), source_outlet=outlets.name_of(src[0]),
                                 source_superseded=e.source_id in old,
                                 source_current_id=current.get(e.source_id, e.source_id), origin_id=origin,
                                 **{k: ev.get(k) for k in _EDGE_EVIDENCE_FIELDS},
                                 origin_site=origin_site, origin_outlet=outlets.name_of(origin_site),
                                 lag_days=round(lag, 3) if lag is not None else None,
                                 **dict(zip(_EDGE_ARTICLE_FIELDS, (*c, *src), strict=True))))
            if what == "alterations":
                rows = [_alteration_row(r, a) for r in rows
                        for a in (r.get("evidence") or {}).get("alterations") or [] if isinstance(a, dict)]
    def write(fh: IO[str]) -> None:
        if fmt == "jsonl":
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(fh, fieldnames=_EXPORT_FIELDS[what], extrasaction="ignore")
            writer.writeheader()
            writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in rows)

    try:
        write_output(out_path, write)
    except NewstraceError as e:
        _fail(str(e), 1)
    if out_path is not None and str(out_path) != "-":
        err.print(Text(f"{len(rows)} {what} -> {out_path}"))


_EDGE_EVIDENCE_FIELDS = ("source_coverage", "copy_coverage", "word_change", "share_paraphrased")
"""Evidence figures an edge row also gives as columns of their own (a CSV has no nested evidence)."""


def _alteration_row(edge: dict[str, Any], alt: dict[str, Any]) -> dict[str, Any]:
    """One exported alteration: the edge it belongs to and what changed."""
    # the edge's direction, lag and credit, so that alterations can be counted as `sites` counts
    # them (settled directions only) without joining them to the edges
    keys = ("copy_id", "copy_url", "source_id", "source_url", "relation", "direction_basis", "lag_days",
            "credits_source", "source_outlet", *_EDGE_ARTICLE_FIELDS)
    row = {k: edge.get(k) for k in keys}
    row.update({k: alt.get(k) for k in ("kind", "source", "copy", "detail", "note", "speaker")})
    row["diff"] = alt.get("diff") or []
    return row


# --- quotes -----------------------------------------------------------------------------------------
@app.command()
def quotes(
    ref: Annotated[str, typer.Argument(help="Article id, URL, or a page/text file.")],
    db: DbOpt = Path("newstrace.db"),
    json_: JsonOpt = False,
) -> None:
    """Quotes with their speakers, and the numbers of one article."""
    from .pipeline import Corpus
    from .quotes import extract_numbers, extract_quotes

    _existing_db(db, ref)
    # a page file needs no database: none is created for it
    with _errors(), Corpus(db if db.is_file() else Path(":memory:"), State.settings) as corpus:
        art, _stored = corpus.resolve(ref)
    found = extract_quotes(art.text, art.lang, State.settings)
    nums = extract_numbers(art.text, art.lang)
    if json_:
        _print_json(
            {
                "article": art.to_json(with_text=False),
                "quotes": [q.to_json() for q in found],
                "numbers": [n.to_json() for n in nums],
            }
        )
        return
    out.print(Text(art.title, style="bold"))
    rows = _pieces_joined(found, art.text)
    table = Table(title=f"{len(rows)} quote{'s' * (len(rows) != 1)}", expand=True, show_lines=True)
    table.add_column("speaker", ratio=1)
    table.add_column("cue", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("quote", ratio=3)
    for q, content in rows:
        who = q.speaker or "?"
        if q.role:
            who = f"{who} ({q.role})"
        table.add_row(Text(who), Text(q.cue or ""), q.kind, Text(content))
    out.print(table)
    if nums:
        nt = Table(title=f"{len(nums)} numbers", expand=True)
        for col in ("as written", "value", "unit", "kind"):
            nt.add_column(col)
        for n in nums:
            value = n.normalized or ""
            if n.unit:  # the unit has a column of its own
                value = value.removesuffix(n.unit).rstrip()
            nt.add_row(Text(n.text), Text(value), Text(n.unit or ""), n.kind)
        out.print(nt)


def _pieces_joined(found: list[Any], text: str) -> list[tuple[Any, str]]:
    """Quotes with the pieces of one interrupted quote joined for reading ("“Many of the prisons,”
    she said, “are aging”": one row, "Many of the prisons […] are aging"); ``--json`` keeps each
    piece with its offsets."""
    rows: list[tuple[Any, str]] = []
    for q in found:
        if rows:
            last, content = rows[-1]
            between = text[last.end : q.start]
            key = (q.kind, q.speaker, q.speaker_start, q.cue)
            near = len(between) <= 200 and (q.cue or "") in between and "\n" not in between
            if q.speaker and near and key == (last.kind, last.speaker, last.speaker_start, last.cue):
                rows[-1] = (q, f"{content} […] {q.content}")
                continue
        rows.append((q, q.content))
    return rows


# --- evaluations ------------------------------------------------------------------------------------
_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}


_EVALS = {
    "reuse": ("reuse", "Lineage P/R/F1, recall per relation, false links, labels, origins — with baselines."),
    "extraction": (
        "extraction",
        "Zyte body F1 and trafilatura-set snippet F1, plain trafilatura side by side.",
    ),
    "story": ("story", "Story similarity: Pearson on SemEval-2022 Task 8, P/R/F1 on Gedikli story chains."),
    "quotes": ("quotes", "Quotes and speakers on PolNeAR, textacy side by side; fidelity on a reuse set."),
    "round-trips": ("roundtrip", "Copies found among real articles and their machine round trips (SemEval)."),
    "pair-links": ("pair_links", "Rated SemEval pairs of two articles that linking joins (false links)."),
    "make-reuse-set": ("make_reuse_set", "Generate a development reuse set (farm copies of real articles)."),
}


def _register_evals() -> None:
    """One `newstrace eval NAME` per evaluation module; arguments go to the module's own parser."""
    import importlib

    for name, (module, doc) in _EVALS.items():

        def run(ctx: typer.Context, _module: str = module) -> None:
            mod = importlib.import_module(f"newstrace.eval.{_module}")
            raise typer.Exit(mod.main(list(ctx.args)) or 0)

        run.__doc__ = doc
        eval_app.command(name, context_settings=_PASS_THROUGH, add_help_option=False)(run)


_register_evals()


# --- sites ------------------------------------------------------------------------------------------
@app.command("sites")
def sites_cmd(
    db: DbOpt = Path("newstrace.db"),
    json_: JsonOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1_000_000,
                                       help="At most this many sites (by --sort).")] = 100,
    sort: Annotated[str, typer.Option(
        "--sort", help="Most first by: articles, copies, share, altered (copies altering their source), "
        "copied, uncredited (copies naming no source at all).")] = "articles",
) -> None:
    """Every site: articles, how many are copies (and alter their source, or name none of their
    sources), copies others made of it, known state media, and the labels `site` gives it."""
    from .pipeline import Corpus
    from .web import queries

    _existing_db(db)
    with _errors(), Corpus(db, State.settings) as corpus:
        outlets = _outlets()
        rows = queries.sites(corpus.store, limit, outlets, sort, labels=True)  # UsageError: unknown --sort
        total = corpus.store.conn.execute(  # sites as queries.sites groups them (no site is one)
            "SELECT count(*) FROM (SELECT 1 FROM articles WHERE superseded=0 GROUP BY site)").fetchone()[0]
    if len(rows) < total:  # on stderr: --json stays one list, and a cut list is never taken for all
        err.print(Text(f"showing {len(rows)} of {total} sites (by --sort {sort}); --limit {total} lists all"))
    if json_:
        _print_json(rows)
        return
    def guessed(n: int, k: int) -> str:
        return f"{n} ({k}?)" if k else str(n)

    known = any(r["outlet"] for r in rows)
    cells = [[r["site"] or "?", str(r["articles"]), guessed(r["copies"], r["copies_undetermined"]),
              f"{r['share_copies']:.0%}", str(r["copies_altered"] or ""), str(r["copies_uncredited"] or ""),
              guessed(r["copied_by_others"], r["copied_by_others_undetermined"]),
              *([r["outlet"] or ""] if known else [])] for r in rows]
    heads = ["site", "articles", "copies", "share", "altering", "no credit", "copied by others",
             *(["state media"] if known else [])]
    # Each number column is as wide as its numbers and its header's longest word (the header wraps),
    # state media at most 12 (it folds); the site column takes what is left, at least 16, and a
    # longer name folds over lines: one long name no longer squeezes the numbers away (80 piped
    # columns included).
    widths = [max([len(w) for w in h.split()] + [len(c[i]) for c in cells]) for i, h in enumerate(heads)]
    if known:
        widths[-1] = min(widths[-1], 12)
    room = out.width - sum(widths[1:]) - 2 * (len(heads) - 1)
    widths[0] = max(min(widths[0], room), min(widths[0], 16))
    shown = f"{len(rows)} of {total}" if len(rows) < total else str(len(rows))
    table = Table(title=f"{shown} sites", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  padding=(0, 1), collapse_padding=True)
    for i, (h, w) in enumerate(zip(heads, widths, strict=True)):
        numeric = 0 < i < 7
        table.add_column(h, width=w, justify="right" if numeric else "left", overflow="fold")
    for c in cells:
        table.add_row(*(Text(v) for v in c))
    out.print(table)
    if any(r["copies_undetermined"] or r["copied_by_others_undetermined"] for r in rows):
        out.print(Text("(n?): n of them with a guessed direction (nothing settled which article came first); "
                       "labels leave them out, and altering and no credit count only settled copies."))
    labelled = [r for r in rows if r["labels"]]
    if labelled:  # below the table, one line a site: a column would squeeze the numbers on 80 columns
        out.print(Text("Labels (`newstrace site SITE` says why):", style="bold"))
        for r in labelled:
            out.print(Text(f"  {r['site'] or '?'}: {', '.join(lb['label'] for lb in r['labels'])}"))


@app.command("site")
def site_cmd(
    name: Annotated[str, typer.Argument(help="The site (registered domain, as `sites` lists it).")],
    db: DbOpt = Path("newstrace.db"),
    json_: JsonOpt = False,
) -> None:
    """One site's profile: labels, share of copies, sources, who copies it, how long after its direct
    source each copy appeared (one lag per copy), what its copies altered, how many name their source."""
    from .pipeline import Corpus
    from .web import queries

    _existing_db(db)
    with _errors(), Corpus(db, State.settings) as corpus:
        prof = queries.site_profile(corpus.store, name, outlets=_outlets())
    if prof is None:
        _fail(f"{name}: no articles from this site in {db}", 1)
        return
    if json_:
        _print_json(prof)
        return
    out.print(Text(prof["site"], style="bold"))
    if prof["outlet"]:
        o = prof["outlet"]
        out.print(Text(f"{o['label']} ({o['note']})", style="bold red"))
    for lb in prof["labels"]:
        out.print(Text.assemble((f"[{lb['label']}] ", "bold"), lb["why"]))
    for note in prof["direction_notes"]:
        out.print(Text(note, style="yellow"))
    rels = ", ".join(f"{k} {v}" for k, v in sorted(prof["copies_by_relation"].items(), key=lambda kv: -kv[1]))
    out.print(f"{queries._count(prof['articles'], 'article', 'articles')}, "
              f"{queries._count(prof['copies'], 'copy', 'copies')}"
              f" ({prof['share_copies']:.0%})"
              + (f": {rels}" if rels else "")
              + f"; {queries._count(prof['copied_by_others'], 'copy', 'copies')} made of it by others")
    alt = prof["alterations"]
    if alt["copies_altered"]:
        kinds = ", ".join(f"{k.replace('_', ' ')} in {n}" for k, n in
                          sorted(alt["copies_by_kind"].items(), key=lambda kv: (-kv[1], kv[0])))
        n_alt = alt["copies_altered"]
        settled = prof["settled"]["copies"]
        of = f"{settled} with a settled direction" if prof["copies_undetermined"] else str(settled)
        close = alt.get("numbers_close", 0)
        close = f"; {close} of the number changes only round or convert the source's" if close else ""
        if minor := alt.get("quotes_minor", 0):
            close += f"; {minor} of the altered quotes only gain or lose an article or 'that'"
        out.print(Text(f"copies altering their source: {n_alt} of {of} ({kinds}{close})"))
    credit = prof["settled"]
    if credit["copies"]:
        of = f"{credit['copies']} with a settled direction" if prof["copies_undetermined"] else \
            str(credit["copies"])
        yes, no, unknown = credit["credited"], credit["uncredited"], credit["credit_unrecorded"]
        other = credit.get("credits_other_source", 0)
        out.print(Text(f"copies naming their source: {yes} of {of}; {no} name no source at all"
                       + (f"; {other} {queries._verb(other, 'names', 'name')} another (a wire service or "
                          "agency)" if other else "")
                       + (f"; {unknown} not recorded (linked before newstrace recorded credits: "
                          "link again with --relink)" if unknown else "")))
    for title, key, total in (("copied from", "source_sites", len(prof["source_sites"])),
                              ("copied by", "copied_by", prof["copied_by_sites"])):
        if prof[key]:
            shown = min(20, len(prof[key]))
            if shown < total:
                title += f" (the {shown} of {total} sites with most copies)"
            t = Table(title=title)
            t.add_column("site")
            t.add_column("copies", justify="right")
            t.add_column("guessed direction", justify="right")
            for r in prof[key][:shown]:
                t.add_row(Text((r["site"] or "?") + (f"  ({r['outlet']})" if r.get("outlet") else "")),
                          str(r["copies"]), str(r["undetermined"] or ""))
            out.print(t)
    if prof["lag_median"] is not None:
        out.print(f"Lag behind its source (one per dated copy; median {prof['lag_median']:.1f} days):")
        top = max(n for _, n in prof["lag_histogram"]) or 1
        for label, n in prof["lag_histogram"]:
            out.print(f"  {label:>12}  {'█' * round(20 * n / top):<20} {n}")
    if early := prof["dated_before_source"]:
        out.print(f"{queries._count(early, 'copy', 'copies')} dated before "
                  f"{queries._verb(early, 'its', 'their')} source (re-dated, or a wrong date; left out "
                  "of the lag figures)")
    if prof["lags"] and prof["copies_undetermined"]:
        out.print("Lags count only copies with a settled direction.")


# --- settings ---------------------------------------------------------------------------------------
@app.command("settings")
def settings_cmd(json_: JsonOpt = False) -> None:
    """List every setting with its current value and meaning."""
    if json_:
        _print_json(State.settings.to_json())
        return
    table = Table(expand=True)
    table.add_column("setting")
    table.add_column("value")
    table.add_column("meaning")
    for name, _default, doc in describe():
        table.add_row(name, Text(str(getattr(State.settings, name))), Text(doc))
    out.print(table)


# --- outlets ----------------------------------------------------------------------------------------
@app.command("outlets")
def outlets_cmd(
    site: Annotated[str | None, typer.Argument(help="A site, host or URL to look up.")] = None,
    json_: JsonOpt = False,
) -> None:
    """List the known state-media outlets (built-in list plus the setting outlets_file), or look one up.

    Looking up a site that is on no list prints nothing on stdout (``[]`` with --json), says so
    on stderr and exits with 1 (usable in scripts)."""
    with _errors():
        outlets = _outlets()
    found = outlets.all() if site is None else [o for o in [outlets.of(site)] if o is not None]
    if json_:
        _print_json([o.to_json() for o in found])
    else:
        table = Table(expand=True)
        for col in ("outlet", "country", "kind", "domains", "note"):
            table.add_column(col)
        for o in found:
            table.add_row(Text(o.name), Text(o.country), o.kind, Text(" ".join(o.domains)), Text(o.note))
        if found:
            out.print(table)
    if site is not None and not found:
        err.print(Text(f"{printable(site)}: not on the list of known state-media outlets"
                       " (built-in list and the setting outlets_file)"))
        raise typer.Exit(1)


def _register_web() -> None:
    from .web.commands import register

    register(app)


_register_web()


def _terminated(signum: int, _frame: Any) -> None:
    """SIGTERM (``kill``, a container stopping) unwinds like Ctrl-C: open transactions roll back,
    worker processes are stopped and their semaphores released, then exit 143 (128 + SIGTERM)."""
    raise SystemExit(128 + signum)


def main() -> None:
    with suppress(ValueError):  # not the main thread (an embedding program): keep its handler
        signal.signal(signal.SIGTERM, _terminated)
    app()


if __name__ == "__main__":
    main()
