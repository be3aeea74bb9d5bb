"""Type hints of the Python frontend -> IR types.

Understood: int, float, complex, bool; NumPy scalar types (np.float32, numpy.int64, ...);
numpy.typing.NDArray[dtype] (rank inferred later from use); Pyccel-style strings
('float[:,:]', 'int32[:](order=F)', 'float64'). A bare `np.ndarray` or `NDArray[Any]` names an
array whose dtype and rank come from the first call (@transpile), like a missing hint.
"""

from __future__ import annotations

import ast
import re

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir.types import (
    BOOL,
    COMPLEX128,
    FLOAT64,
    INT64,
    NUMPY_DTYPES,
    Array,
    Complex,
    Integer,
    Real,
    Type,
    Void,
)

BUILTIN_SCALARS: dict[str, Type] = {
    "int": INT64, "float": FLOAT64, "complex": COMPLEX128, "bool": BOOL,
}
# Pyccel's names: 'real' and 'double' are float64 there too.
PYCCEL_SCALARS: dict[str, Type] = {
    **BUILTIN_SCALARS, **NUMPY_DTYPES, "real": FLOAT64, "double": FLOAT64,
    "float32": Real(4), "float64": Real(8), "int32": Integer(4), "int64": Integer(8),
    "complex64": Complex(8), "complex128": Complex(16),
}
# the order may be quoted, "float[:,:](order='F')", which linters read as a valid expression
# and the dtype may carry NumPy's prefix, "np.int32[:]", which linters resolve
_PYCCEL = re.compile(r"^\s*(?:np\.|numpy\.)?(\w+)\s*(?:\[([:,\s]*)\])?\s*"
                     r"(?:\(\s*order\s*=\s*['\"]?([CF])['\"]?\s*\))?\s*$")


OPEN_ARRAYS = frozenset(("numpy.ndarray", "numpy.typing.NDArray"))


def dotted(node: ast.expr) -> str | None:
    """'np.float64' for an Attribute chain, 'x' for a Name, None otherwise."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class HintReader:
    """Reads hints in the context of a module's imports (`aliases`: local name -> full name)."""

    def __init__(self, aliases: dict[str, str], filename: str) -> None:
        self.aliases = aliases
        self.filename = filename

    def loc(self, node: ast.AST) -> SourceLoc:
        return SourceLoc(self.filename, node.lineno, node.col_offset + 1)  # type: ignore[attr-defined]

    def canonical(self, name: str) -> str:
        head, _, rest = name.partition(".")
        full = self.aliases.get(head, head)
        return f"{full}.{rest}" if rest else full

    def read(self, node: ast.expr | None) -> Type | None:
        if node is None:
            return None
        if isinstance(node, ast.Constant) and node.value is None:
            return Void()
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self.read_string(node.value, node)
        if isinstance(node, ast.Subscript):
            return self._read_subscript(node)
        name = dotted(node)
        if name is not None and self.canonical(name) in OPEN_ARRAYS:
            return None  # an array of any dtype and rank: @transpile takes them from the call
        if name is not None:
            t = self._scalar(self.canonical(name))
            if t is not None:
                return t
        raise self._bad(node)

    def read_string(self, text: str, node: ast.AST) -> Type:
        m = _PYCCEL.match(text)
        if m and m.group(1) in PYCCEL_SCALARS:
            elem = PYCCEL_SCALARS[m.group(1)]
            if m.group(2) is None:
                if m.group(3):
                    raise self._bad(node, text)
                return elem
            rank = m.group(2).count(":")
            if rank == 0 or rank != m.group(2).count(",") + 1:
                raise self._bad(node, text)
            return Array(elem, rank, m.group(3) or "C")  # type: ignore[arg-type]
        try:  # `from __future__ import annotations`: the hint is an expression in a string
            expr = ast.parse(text, mode="eval").body
        except SyntaxError:
            raise self._bad(node, text) from None
        ast.copy_location(expr, node)
        return self.read(expr)  # type: ignore[return-value]

    def _read_subscript(self, node: ast.Subscript) -> Type | None:
        base = dotted(node.value)
        full = self.canonical(base) if base else ""
        if full in ("numpy.typing.NDArray", "numpy.ndarray"):
            arg = node.slice
            if full == "numpy.ndarray":  # np.ndarray[shape, np.dtype[np.float64]]
                raise self._bad(node)
            if self.canonical(dotted(arg) or "") == "typing.Any":
                return None  # NDArray[Any]: dtype and rank from the call, as np.ndarray
            if isinstance(arg, ast.Subscript) and self.canonical(dotted(arg.value) or "") in (
                "numpy.dtype",
            ):
                arg = arg.slice
            elem = self._scalar(self.canonical(dotted(arg) or ""))
            if elem is None or isinstance(elem, Array):
                raise self._bad(node)
            return Array(elem, None, "C")  # type: ignore[arg-type]
        raise self._bad(node)

    @staticmethod
    def _scalar(full: str) -> Type | None:
        if full in BUILTIN_SCALARS:
            return BUILTIN_SCALARS[full]
        if full.startswith("numpy."):
            return NUMPY_DTYPES.get(full.removeprefix("numpy."))
        return None

    def _bad(self, node: ast.AST, text: str | None = None) -> TranspileError:
        return TranspileError(
            self.loc(node), msg.BAD_HINT.format(hint=text or ast.unparse(node)),  # type: ignore[arg-type]
            hint=msg.BAD_HINT_HINT, code="E-hint",
        )
