"""Bad input: each file in tests/errors carries its expected diagnostic on its first line,
`# expect: LINE:COL: message`; the error must say exactly that, at exactly that place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transpyle import TranspileError, compile_file

ERRORS = sorted((Path(__file__).parent / "errors").glob("*.py"))
EXPECT = re.compile(r"# expect: (\d+):(\d+): (.*)")


@pytest.mark.parametrize("path", ERRORS, ids=lambda p: p.stem)
def test_error_message_and_location(path: Path) -> None:
    m = EXPECT.match(path.read_text().splitlines()[0])
    assert m, f"{path} has no '# expect:' line"
    line, col, message = int(m.group(1)), int(m.group(2)), m.group(3)
    with pytest.raises(TranspileError) as info:
        compile_file(path)
    err = info.value
    assert (err.loc.line, err.loc.col) == (line, col), err.render()
    assert err.loc.file == str(path)
    assert err.message.startswith(message), err.render()
    rendered = err.render().splitlines()
    assert rendered[0] == f"{path}:{line}:{col}: error: {err.message}"
    source_line = path.read_text().splitlines()[line - 1]
    assert rendered[1].endswith(source_line)
    caret = rendered[2]
    assert caret.index("^") - caret.index("|") - 2 == col - 1


def test_every_error_case_is_distinct() -> None:
    messages = [EXPECT.match(p.read_text().splitlines()[0]).group(3) for p in ERRORS]  # type: ignore[union-attr]
    assert len(set(messages)) == len(messages) >= 10
