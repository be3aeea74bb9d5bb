"""Type hints of the Python frontend -> IR types.

Understood: int, float, complex, bool; NumPy scalar types (np.float32, numpy.int64, ...);
numpy.typing.NDArray[dtype] (rank inferred later from use); NumPy's shape-typed
`np.ndarray[tuple[int, int], np.dtype[np.float64]]`; Pyccel-style strings ('float[:,:]',
'int32[:](order=F)', 'float64'). A bare `np.ndarray` or `NDArray[Any]` names an array whose
dtype and rank come from the first call (@transpile), like a missing hint. Module-level type
aliases (`F64 = NDArray[np.float64]`, `Vec = 'float[:]'`, `type V = ...`) are read through;
`Final[T]` is T. A union (`int | float`, `'int|float'`, `Union[...]`, a constrained
`TypeVar('T', int, float)`) is a `Choice`: @transpile's call picks the member (one
specialisation per member, as Pyccel makes). NumPy's unsigned integers are refused: Fortran has
none, and their arithmetic, comparisons and overflow differ from the signed kinds'.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from transpyle import messages as msg
from transpyle.errors import SourceLoc, TranspileError
from transpyle.ir.types import (
    BOOL,
    COMPLEX128,
    FLOAT64,
    INT64,
    NUMPY_DTYPES,
    Array,
    Character,
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
FINAL = frozenset(("typing.Final", "typing_extensions.Final"))
UNION = frozenset(("typing.Union", "typing_extensions.Union"))
UNSIGNED = frozenset(("uint8", "uint16", "uint32", "uint64", "uint", "uintc", "uintp",
                      "ubyte", "ushort", "ulonglong"))


@dataclass(frozen=True, slots=True)
class Choice:
    """A union hint: the call's argument picks one member (runtime/jit.py), the only place
    where a Choice may stand; the typing passes refuse one that is left."""

    members: tuple[Type | None, ...]

    def __str__(self) -> str:
        return " | ".join(str(m) for m in self.members)


def type_alias(stmt: ast.stmt) -> tuple[str, ast.expr | None] | None:
    """A module-level statement that names a type: (name, the aliased hint expression, or None
    for an unconstrained TypeVar). `F64 = NDArray[np.float64]`, `Vec = 'float[:]'`,
    `V: TypeAlias = ...`, `V: type = ...`, `type V = ...`, `T = TypeVar('T', int, float)`."""
    target: ast.expr | None = None
    value: ast.expr | None = None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None \
            and ((dotted(stmt.annotation) or "").endswith("TypeAlias")
                 or dotted(stmt.annotation) == "type"):  # Pyccel's `T : type = 'int|float'`
        target, value = stmt.target, stmt.value
    elif type(stmt).__name__ == "TypeAlias":  # `type V = ...` (Python 3.12)
        target, value = stmt.name, stmt.value  # type: ignore[attr-defined]
    if not isinstance(target, ast.Name) or value is None:
        return None
    if isinstance(value, ast.Call) and (dotted(value.func) or "").endswith("TypeVar"):
        if not value.args:
            return None
        if len(value.args) == 1:  # TypeVar('T') or TypeVar('T', bound=...): any type
            return target.id, None
        union = ast.Tuple(list(value.args[1:]), ast.Load())
        return target.id, ast.copy_location(
            ast.Subscript(ast.Name("Union", ast.Load()), union, ast.Load()), value)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return target.id, value
    if isinstance(value, ast.Subscript | ast.Attribute | ast.BinOp) or (
            isinstance(value, ast.Name) and value.id in BUILTIN_SCALARS):
        return target.id, value
    return None


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

    def __init__(self, aliases: dict[str, str], filename: str,
                 types: dict[str, ast.expr | None] | None = None) -> None:
        self.aliases = aliases
        self.filename = filename
        self.types = types if types is not None else {}  # module-level type aliases
        self.reading: set[str] = set()  # the aliases being read (a cycle is a bad hint)

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
        if isinstance(node, ast.Name) and node.id in self.types:
            return self._read_alias(node)
        if isinstance(node, ast.Subscript):
            return self._read_subscript(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self._choice([node.left, node.right])
        name = dotted(node)
        if name is not None and self.canonical(name) in FINAL:
            return None  # `x: Final = 3`: the type is the value's
        if name is not None and self.canonical(name) in OPEN_ARRAYS:
            return None  # an array of any dtype and rank: @transpile takes them from the call
        if name is not None:
            full = self.canonical(name)
            if full.removeprefix("numpy.") in UNSIGNED:
                raise self._unsigned(node, full.removeprefix("numpy."))
            t = self._scalar(full)
            if t is not None:
                return t
        raise self._bad(node)

    def _read_alias(self, node: ast.Name) -> Type | None:
        target = self.types[node.id]
        if target is None:  # an unconstrained TypeVar: any type, from the call
            return None
        if node.id in self.reading:
            raise self._bad(node)
        self.reading.add(node.id)
        try:
            return self.read(target)
        finally:
            self.reading.discard(node.id)

    def _choice(self, parts: list[ast.expr]) -> Choice:
        members: list[Type | None] = []
        for part in parts:
            t = self.read(part)
            for m in t.members if isinstance(t, Choice) else (t,):  # type: ignore[union-attr]
                if m not in members:
                    members.append(m)
        return Choice(tuple(members))

    def read_string(self, text: str, node: ast.AST) -> Type:
        bare = text.replace(" ", "")
        for wrap in ("Final[", "typing.Final["):  # Pyccel's 'Final[float[:]]': read-only
            if bare.startswith(wrap) and bare.endswith("]"):
                return self.read_string(bare[len(wrap):-1], node)
        if bare.startswith("const") and len(text.split()) == 2:  # Pyccel's 'const int'
            return self.read_string(text.split()[1], node)
        if "|" in text:  # 'int|float', 'float[:]|int[:]': one member per part
            members: list[Type | None] = []
            for part in text.split("|"):
                t = self.read_string(part, node)
                members += t.members if isinstance(t, Choice) else [t]  # type: ignore[union-attr]
            return Choice(tuple(dict.fromkeys(members)))  # type: ignore[return-value]
        m = _PYCCEL.match(text)
        if m and m.group(1) in UNSIGNED:
            raise self._unsigned(node, m.group(1))
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
        if full in FINAL or full in ("typing.Annotated", "typing_extensions.Annotated"):
            inner = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
            return self.read(inner)
        if full in UNION or base == "Union":
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return self._choice(list(parts))  # type: ignore[return-value]
        if full == "numpy.ndarray":  # np.ndarray[tuple[int, int], np.dtype[np.float64]]
            return self._shaped(node)
        if full == "numpy.typing.NDArray":
            arg = node.slice
            if self.canonical(dotted(arg) or "") == "typing.Any":
                return None  # NDArray[Any]: dtype and rank from the call, as np.ndarray
            if isinstance(arg, ast.Subscript) and self.canonical(dotted(arg.value) or "") in (
                "numpy.dtype",
            ):
                arg = arg.slice
            elem = self._element(arg, node)
            return Array(elem, None, "C")  # type: ignore[arg-type]
        raise self._bad(node)

    def _element(self, arg: ast.expr, node: ast.AST) -> Type:
        full = self.canonical(dotted(arg) or "")
        if full.removeprefix("numpy.") in UNSIGNED:
            raise self._unsigned(arg, full.removeprefix("numpy."))
        elem = self._scalar(full)
        if elem is None or isinstance(elem, Array):
            raise self._bad(node)
        return elem

    def _shaped(self, node: ast.Subscript) -> Type | None:
        """np.ndarray[shape, dtype]: shape `tuple[int, int]` gives the rank, `tuple[int, ...]`
        or Any leaves it to the use; dtype `np.dtype[np.float64]` (Any: from the call)."""
        if not (isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2):
            raise self._bad(node)
        shape, dtype = node.slice.elts
        if isinstance(dtype, ast.Subscript) and self.canonical(dotted(dtype.value) or "") \
                == "numpy.dtype":
            dtype = dtype.slice
        if self.canonical(dotted(dtype) or "") == "typing.Any":
            return None
        elem = self._element(dtype, node)
        rank: int | None = None
        if isinstance(shape, ast.Subscript) and dotted(shape.value) in ("tuple", "typing.Tuple",
                                                                        "Tuple"):
            dims = shape.slice.elts if isinstance(shape.slice, ast.Tuple) else [shape.slice]
            if any(isinstance(d, ast.Constant) and d.value is Ellipsis for d in dims):
                rank = None
            elif dims:
                rank = len(dims)
        elif self.canonical(dotted(shape) or "") != "typing.Any":
            raise self._bad(node)
        if rank == 0:
            raise self._bad(node)
        return Array(elem, rank, "C")  # type: ignore[arg-type]

    @staticmethod
    def _scalar(full: str) -> Type | None:
        if full in BUILTIN_SCALARS:
            return BUILTIN_SCALARS[full]
        if full == "str":  # a string argument (Fortran's CHARACTER(*)); read only
            return Character(None)
        if full.startswith("numpy."):
            return NUMPY_DTYPES.get(full.removeprefix("numpy."))
        return None

    def _unsigned(self, node: ast.AST, name: str) -> TranspileError:
        return TranspileError(self.loc(node), msg.UNSIGNED_HINT.format(name=name),
                              hint=msg.UNSIGNED_HINT_HINT, code="E-hint")

    def _bad(self, node: ast.AST, text: str | None = None) -> TranspileError:
        return TranspileError(
            self.loc(node), msg.BAD_HINT.format(hint=text or ast.unparse(node)),  # type: ignore[arg-type]
            hint=msg.BAD_HINT_HINT, code="E-hint",
        )
