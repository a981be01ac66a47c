"""The ``serve`` and ``report`` commands, added to the main ``newstrace`` app by ``register``."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..errors import NewstraceError
from ..settings import Settings
from .security import LOOPBACK_HOSTS


def _settings() -> Settings:
    from ..cli import State  # the main app's --config/--set, read when the command runs

    return State.settings


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, bound here before the server is announced, so that a port
    in use or an address this machine does not have is one error line (``OSError``), not a
    "serving" line followed by the server's own log."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # as uvicorn chooses it
    fam, kind, proto, _name, addr = socket.getaddrinfo(host.strip("[]"), port, family, socket.SOCK_STREAM)[0]
    sock = socket.socket(fam, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart reuses the port at once
        sock.bind(addr)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _fail(msg: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``report`` to ``app``."""

    @app.command()
    def serve(
        db: Annotated[Path, typer.Option("--db", help="SQLite database file.")] = Path("newstrace.db"),
        host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    ) -> None:
        """Serve the web UI and its JSON API (read-only) over one database."""
        import uvicorn

        from .app import create_app

        if not db.is_file():
            _fail(
                f"{db}: no such database (build one with `newstrace ingest` or `newstrace demo --db {db}`)", 2
            )
        loopback = is_loopback(host)
        if not loopback:
            typer.echo(
                f"warning: serving on {host}: anyone who can reach this address can read the corpus "
                "and make the server fetch public URLs",
                err=True,
            )
        try:
            application = create_app(
                db, _settings(), trusted_hosts=list(LOOPBACK_HOSTS) if loopback else None
            )
        except NewstraceError as e:
            _fail(str(e))
        try:
            sock = bind_socket(host, port)
        except OSError as e:
            _fail(f"{host}:{port}: cannot listen there ({e.strerror or e})")
        bound = sock.getsockname()[1]  # the port the system chose for --port 0
        typer.echo(
            f"newstrace: serving {db} on http://{host if ':' not in host else f'[{host}]'}:{bound}/", err=True
        )
        config = uvicorn.Config(
            application, host=host, port=bound, log_level="warning", server_header=False, proxy_headers=False
        )
        with sock:
            uvicorn.Server(config).run(sockets=[sock])

    @app.command()
    def report(
        refs: Annotated[
            list[str],
            typer.Argument(help="Article ids, URLs or page files to trace.", metavar="ID_OR_URL..."),
        ],
        db: Annotated[Path, typer.Option("--db", help="SQLite database file.")] = Path("newstrace.db"),
        html: Annotated[
            Path, typer.Option("--html", help="Write the self-contained HTML report here.")
        ] = Path("newstrace-report.html"),
        title: Annotated[str | None, typer.Option(help="Report title (default: a summary).")] = None,
    ) -> None:
        """Write one self-contained HTML file with the trace of each article (for an editor)."""
        from ..pipeline import Corpus
        from .report import write_report

        if not db.is_file():
            _fail(f"{db}: no such database", 2)
        failed: list[str] = []

        def on_error(msg: str) -> None:
            failed.append(msg)
            typer.echo(f"error: {msg}", err=True)

        try:
            with Corpus(db, _settings()) as corpus:
                out = write_report(corpus, refs, html, title=title, on_error=on_error)
        except NewstraceError as e:
            _fail(str(e))
        except OSError as e:
            _fail(f"{html}: cannot write the report ({e.strerror})")
        n = len(refs) - len(failed)
        typer.echo(f"report: {n} article{'s' if n != 1 else ''} -> {out}")
