"""The sugidx command: failures an analyst can act on print a message, never a traceback."""

from __future__ import annotations

import subprocess
import sys

from sugidx_analysis.cli import main


def test_cli_unwritable_output_is_a_message_not_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["synth", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert "sugidx synth:" in err and str(blocker) in err and "Traceback" not in err


def test_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "sugidx_analysis.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for name in ("validate", "synth", "render"):
        assert name in result.stdout
