"""newstrace: trace where a news article came from."""

from __future__ import annotations

__version__ = "0.1.0"
