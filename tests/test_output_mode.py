"""Files written by ``--out`` (exports, edges) get the usual permissions, not mkstemp's 0600."""

import os
import stat
from pathlib import Path

from newstrace.cli import write_output


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_out_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "edges.csv"
        write_output(out, lambda fh: fh.write("copy_id,source_id\n"))
        assert out.read_text() == "copy_id,source_id\n"
        assert _mode(out) == 0o644
    finally:
        os.umask(old)


def test_out_file_written_over_keeps_the_old_file_mode(tmp_path: Path) -> None:
    out = tmp_path / "edges.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    write_output(out, lambda fh: fh.write("new\n"))
    assert out.read_text() == "new\n" and _mode(out) == 0o640
