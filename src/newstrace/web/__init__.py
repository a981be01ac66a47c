"""The web UI (``newstrace serve``) and the self-contained HTML report (``newstrace report``).

``create_app`` is imported on first use, so that ``newstrace.web.commands`` (registered on the main
CLI) does not load FastAPI for every ``newstrace`` command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
