"""Expressions of the random programs: integer and float terms, conditions, element reads, and
the features that add to them (bitwise operators, literal arithmetic near 2**31 and 2**63, float
constants past the range, math functions, calls of a module function with defaults and
keywords, reductions and slices). Each feature is a name of python_programs.FEATURES."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from tests.fuzz.python_tree import CLAMP

INT64 = 2**63
# literals near the integer kinds' limits, as a user writes them
BIG = (("2147483647", 2**31 - 1), ("2147483648", 2**31), ("(-2147483648)", -2**31),
       ("2 ** 31", 2**31), ("(2 ** 31 - 1)", 2**31 - 1), ("4294967296", 2**32),
       ("2 ** 62", 2**62), ("9223372036854775807", 2**63 - 1), ("(2 ** 63 - 1)", 2**63 - 1),
       ("(-9223372036854775807 - 1)", -2**63), ("4611686018427387904", 2**62),
       ("(-2 ** 62)", -2**62), ("1000000007", 10**9 + 7))
# float constant expressions at the range's limits: inf, nan, subnormals, underflow to zero
EDGE_FLOATS = ("(1e300 * 1e300)", "(-1e300 * 1e300)", "(1.7976931348623157e308 + 1e292)",
               "(1.7976931348623157e308 * 2.0)", "(5e-324 / 2.0)", "(5e-324 * 0.5)",
               "(1e-300 * 1e-300)", "(2.0 ** 1023 * 2.0)", "(1e308 - (-1e308))",
               "(1e300 * 1e300 - 1e300 * 1e300)", "(2.2250738585072014e-308 / 3.0)",
               "1.7976931348623157e308", "4.9406564584124654e-324", "(1e308 * 10.0 * 0.0)")


def _has_variable(text: str) -> bool:
    """Whether an expression's text reads a variable (not constants and calls of them only)."""
    rest = re.sub(r"math\.\w+|\d+(\.\d*)?e[-+]?\d+|\b(float|int|abs|min|max|len)\b", "", text)
    return re.search(r"[A-Za-z_]", rest) is not None


@dataclass
class Exprs:
    rng: random.Random
    feats: frozenset[str]
    ints: list[str]  # integer variables readable anywhere
    floats: list[str]
    farrays: list[str]  # 1-D float arrays and lists (params, locals, views); never empty
    iarrays: list[str]
    matrices: list[str]  # 2-D float arrays, each with NAME_r, NAME_c
    helper: str | None = None  # a module function with defaults: (x, k=.., scale=..)
    loop_vars: list[str] = field(default_factory=list)  # loop variables in scope
    after_vars: list[str] = field(default_factory=list)  # loop variables of finished loops
    spans: dict[str, str] = field(default_factory=dict)  # loop variable -> array it indexes
    in_store: bool = False  # generating the value of an array element store

    def has(self, f: str) -> bool:
        return f in self.feats

    # ---- integers ---------------------------------------------------------------------------
    def int_leaf(self, simple: bool = False) -> str:
        r = self.rng
        pool = self.ints + self.loop_vars
        if self.has("loopvar_after"):
            pool = pool + self.after_vars
        choices = ["var"] * 4 + ["const"] * 2 + ["len"]
        # a compiled expression with an int array element in it does // and % the NumPy way
        # (no ZeroDivisionError) even where Python ints divide: under 'elem_divmod' only
        mixed = not self.has("unguarded") or self.has("elem_divmod") or self.has("npscalar")
        if self.iarrays and not simple and mixed:
            choices += ["elem"] * 2
        kind = r.choice(choices)
        if kind == "var" and pool:
            return r.choice(pool)
        if kind == "len" and (self.farrays or self.iarrays):
            return f"len({r.choice(self.farrays + self.iarrays)})"
        if kind == "elem" and self.iarrays:
            a = r.choice(self.iarrays)
            return self.element(f"{a}[{self.index(a)}]", "int")
        v = r.choice((0, 1, 2, 3, -1, -3, 5, 7, 10, 100))
        return f"({v})" if v < 0 else str(v)

    def divisor(self, leaf: str) -> str:
        free = self.has("unguarded") and (not self.in_store or self.has("store_divmod"))
        if free and self.rng.random() < 0.6:
            return leaf
        return f"({self.rng.choice(('', '-'))}(abs({leaf}) + 1))"

    def int_term(self) -> str:
        r, a = self.rng, self.int_leaf()
        ops = ["leaf"] * 3 + ["mul", "abs"]
        ops += ["div", "mod"] * self.has("int_divmod") + ["pow"] * self.has("pow_int")
        ops += ["min", "max"] * self.has("minmax_int") + ["cast"] * self.has("int_cast")
        ops += ["bit", "shift"] * self.has("bitwise") + ["ifexp"] * self.has("ifexp_int")
        ops += ["big"] * self.has("int_big") + ["floor"] * self.has("math_funcs")
        op = r.choice(ops)
        if op == "mul":
            return f"{a} * {self.int_leaf()}"
        if op == "abs":
            return f"abs({a})"
        if op in ("div", "mod"):
            elems = self.has("elem_divmod") or self.has("npscalar")
            a = a if elems or "[" not in a else self.int_leaf(simple=True)
            b = self.int_leaf(simple=not elems)
            return f"{a} {'//' if op == 'div' else '%'} {self.divisor(b)}"
        if op == "pow":
            return f"{a} ** {r.randint(0, 3)}"
        if op in ("min", "max"):
            return f"{op}({a}, {self.int_leaf()})"
        if op == "cast":
            return f"max(min(int({self.float_expr(1)}), {CLAMP}), -{CLAMP})"
        if op == "floor":
            fn = r.choice(("math.floor", "math.ceil", "math.trunc", "round"))
            x = r.choice(self.floats) if fn == "round" else self.float_expr(1)
            return f"max(min({fn}({x}), {CLAMP}), -{CLAMP})"
        if op == "bit":
            return self.bitwise(a)
        if op == "shift":
            return self.shift(a)
        if op == "ifexp":
            return f"({a} if {self.cond()} else {self.int_leaf()})"
        if op == "big":
            return self.big()
        return a

    def bitwise(self, a: str) -> str:
        r = self.rng
        k = r.randrange(4)
        if k == 3:
            return f"(~{a})"
        return f"({a} {'&|^'[k]} {r.choice((self.int_leaf(), str(r.choice((1, 3, 255, -8)))))})"

    def shift(self, a: str) -> str:
        """`a << k` for a small k (a stays well inside 64 bits), `a >> k` for any k >= 0; a
        negative count raises ValueError (under 'unguarded')."""
        r = self.rng
        if r.random() < 0.5:
            return f"({a} << {r.choice(('0', '1', '3', '7', f'(abs({self.int_leaf(True)}) % 9)'))})"
        count = r.choice(("1", "5", "31", "63", "64", "100", f"(abs({self.int_leaf(True)}) % 70)"))
        if self.has("unguarded") and not self.in_store and r.random() < 0.3:
            count = self.int_leaf(True)
        return f"({a} >> {count})"

    def big(self) -> str:
        """Literal arithmetic near 2**31 and 2**63 whose every step fits an int64 (as CPython
        computes it), reduced below 2**40 so what is done with it stays inside 64 bits."""
        r = self.rng
        text, value = r.choice(BIG)
        for _ in range(r.randint(0, 2)):
            t2, v2 = r.choice(BIG) if r.random() < 0.4 else (str(k := r.choice((1, 2, 3, 7, 10))), k)
            op = r.choice(("+", "-", "*", "//", "%"))
            v = {"+": value + v2, "-": value - v2, "*": value * v2,
                 "//": value // v2, "%": value % v2}[op]
            if -INT64 <= v < INT64:
                text, value = f"({text} {op} {t2})", v
        leaf = self.int_leaf(True)
        if abs(value) < INT64 - 2 * CLAMP and r.random() < 0.5:
            text = f"({text} {r.choice('+-')} {leaf})"
        if r.random() < 0.5:
            return f"({text}) % {r.choice((7, 97, 9973, 2**31 - 1, 65536))}"
        return f"({text}) // {r.choice(('2 ** 40', '1099511627776', '2 ** 50', '2 ** 62'))}"

    def int_expr(self) -> str:
        t = self.int_term()
        if self.rng.random() < 0.5:
            return f"{t} {self.rng.choice('+-')} {self.int_term()}"
        return t

    def clamped_int(self) -> str:
        e = self.int_expr()
        if self.rng.random() < 0.5:
            return f"({e}) % {self.rng.choice((7, 13, 97, 9973))}"
        return f"max(min({e}, {CLAMP}), -{CLAMP})"

    # ---- floats -----------------------------------------------------------------------------
    def float_leaf(self) -> str:
        r = self.rng
        kinds = ["var"] * 4 + ["const"] * 2 + ["int"]
        if self.farrays:
            kinds += ["elem"] * 3
        if self.matrices:
            kinds += ["melem"]
        kinds += ["edge"] * self.has("float_range") + ["mconst"] * self.has("math_funcs")
        kinds += ["reduce"] * 2 * self.has("axis_reduce") + ["slice"] * 2 * self.has("slices")
        kind = r.choice(kinds)
        if kind == "var" and self.floats:
            return r.choice(self.floats)
        if kind == "elem":
            a = r.choice(self.farrays)
            return self.element(f"{a}[{self.index(a)}]", "float")
        if kind == "melem":
            m = r.choice(self.matrices)
            return self.element(f"{m}[{self.int_leaf(True)} % {m}_r, "
                                f"{self.int_leaf(True)} % {m}_c]", "float")
        if kind == "int":
            return f"float({self.int_leaf()})"
        if kind == "edge":
            return r.choice(EDGE_FLOATS)
        if kind == "mconst":
            return r.choice(("math.pi", "math.e", "math.inf", "(-math.inf)", "math.tau"))
        if kind == "reduce":
            return self.reduction()
        if kind == "slice":
            return self.slice_sum()
        return r.choice(("0.0", "1.0", "0.5", "2.0", "3.0", "1e300", "1e-300", "(-0.0)",
                         "(-1.5)", "0.1", "10.0"))

    def reduction(self) -> str:
        """np.sum / np.max / np.min of a whole array (an extreme's zero sign made +0.0: which
        zero NumPy's SIMD order picks is a row of docs/DIFFERENCES.md)."""
        r = self.rng
        arrays = [a for a in self.farrays if not a.startswith("L")] + self.matrices
        if not arrays:
            return "0.0"
        a = r.choice(arrays)
        fn = r.choice(("np.sum", "np.sum", "np.max", "np.min", "method"))
        if fn == "method":
            fn = r.choice(("sum", "max", "min"))
            call = f"{a}.{fn}()"
        else:
            call = f"{fn}({a})"
        text = self.element(call, "float")
        return text if "sum" in call else f"({text} + 0.0)"

    def slice_sum(self) -> str:
        """np.sum of a slice with any bounds (clipped as NumPy clips them; may be empty)."""
        r = self.rng
        if not [a for a in self.farrays if a in ("a", "d", "z")]:
            return "0.0"
        a = r.choice([a for a in self.farrays if a in ("a", "d", "z")])
        st = r.choice(("", "2", "3", "-1", "-2"))
        if st.startswith("-"):  # bounds of a negative step: defaults or counted from the end
            lo, hi = r.choice(("", "-1", "-2")), r.choice(("", "-3"))
        else:
            lo = r.choice(("", "1", self.int_leaf(True), f"len({a}) // 2", "-2"))
            hi = r.choice(("", "n0", self.int_leaf(True), f"len({a}) - 1", "-1"))
        return self.element(f"np.sum({a}[{lo}:{hi}:{st}])", "float")

    def float_expr(self, depth: int = 0) -> str:
        r = self.rng
        if depth >= 2 or r.random() < 0.3:
            return self.float_leaf()
        ops = ["+", "-", "*", "+", "-", "*", "neg", "abs"]
        ops += ["/"] * self.has("true_div") + ["//", "%"] * self.has("float_divmod")
        ops += ["pc"] * self.has("pow_const") + ["pf"] * self.has("pow_float")
        ops += ["pn"] * self.has("pow_neg") + ["min", "max"] * self.has("minmax_float")
        ops += ["safe"] * self.has("math_safe") + ["dom"] * self.has("math_domain")
        ops += ["ifexp"] * self.has("ifexp") + ["idiv"] * self.has("true_div")
        ops += ["math2"] * 2 * self.has("math_funcs") + ["call"] * 2 * bool(self.helper)
        op = r.choice(ops)
        a = self.float_expr(depth + 1)
        if op in "+-*":
            return f"({a} {op} {self.float_expr(depth + 1)})"
        if op == "neg":
            return f"(-{a})"
        if op == "abs":
            return f"abs({a})"
        if op in ("/", "//", "%"):
            b = self.float_expr(depth + 1)
            if not self.has("unguarded") or r.random() < 0.4:
                b = f"(abs({b}) + 1.0)"
            return f"({a} {op} {b})"
        if op == "idiv":
            return f"({self.int_leaf()} / {self.divisor(self.int_leaf())})"
        if op == "pc":
            return f"({a} ** {r.choice((2, 3, 4, 5, -1, -2, 0, 1))})"
        if op == "pf":
            return f"(abs({a}) ** {self.float_expr(depth + 1)})"
        if op == "pn":
            return f"({self.int_leaf()} ** {r.choice((-1, -2, -3))})"
        if op in ("min", "max"):
            return f"{op}({a}, {self.float_expr(depth + 1)})"
        if op == "safe":
            fn = r.choice(("math.atan", "math.tanh", "math.fabs", "sqrt"))
            return f"math.sqrt(abs({a}))" if fn == "sqrt" else f"{fn}({a})"
        if op == "dom":
            return f"{r.choice(('math.sqrt', 'math.log', 'math.exp', 'math.sin', 'math.cos'))}({a})"
        if op == "math2":
            return self.math2(a, depth)
        if op == "call":
            return self.call(a, depth)
        return f"({a} if {self.cond()} else {self.float_expr(depth + 1)})"

    def math2(self, a: str, depth: int) -> str:
        """math's functions of two floats and those that never raise on a float."""
        r = self.rng
        if not _has_variable(a):  # gfortran folds a function of constants (DIFFERENCES.md)
            a = r.choice(self.floats)
        fn = r.choice(("math.hypot", "math.atan2", "math.copysign", "math.fmod", "math.erf",
                       "math.erfc", "math.asinh", "math.atan"))
        if fn in ("math.erf", "math.erfc", "math.asinh", "math.atan"):
            return f"{fn}({a})"
        b = self.float_expr(depth + 1)
        if fn == "math.fmod" and not self.has("unguarded"):  # ValueError: inf, or y == 0
            return f"math.fmod(min(max({a}, -1e300), 1e300), abs({b}) + 1.0)"
        return f"{fn}({a}, {b})"

    def call(self, a: str, depth: int) -> str:
        """The module function with defaults: positional, keyword and left-out arguments."""
        r, h = self.rng, self.helper
        k, scale = self.int_leaf(True), self.float_expr(depth + 1)
        if self.has("npscalar"):  # one parameter, NumPy scalars at one call and floats at
            a, scale, k = f"float({a})", f"float({scale})", f"int({k})"  # another: refused
        return r.choice((f"{h}({a})", f"{h}({a}, {k})", f"{h}({a}, {k}, {scale})",
                         f"{h}({a}, scale={scale})", f"{h}({a}, scale={scale}, k={k})",
                         f"{h}(x={a})", f"{h}({a}, k={k})"))

    def element(self, read: str, kind: str) -> str:
        """An array element: a NumPy scalar in CPython, unless converted to a Python one."""
        return read if self.has("npscalar") else f"{kind}({read})"

    def index(self, arr: str) -> str:
        r = self.rng
        for v in self.loop_vars:
            if self.spans.get(v) == arr and r.random() < 0.6:
                return v  # a loop over range(len(arr))
        if r.random() < 0.2:
            return r.choice(("0", "-1", f"len({arr}) - 1"))
        return f"{self.int_leaf(simple=True)} % len({arr})"

    def cond(self) -> str:
        r = self.rng
        if self.has("math_funcs") and r.random() < 0.1:
            c = f"{r.choice(('math.isnan', 'math.isinf', 'math.isfinite'))}({r.choice(self.floats)})"
        elif r.random() < 0.5:
            c = f"{self.int_expr()} {r.choice(('<', '<=', '==', '!=', '>', '>='))} {self.int_leaf()}"
        else:
            c = f"{self.float_expr(1)} {r.choice(('<', '<=', '==', '!=', '>', '>='))} {self.float_leaf()}"
        if self.has("boolop") and r.random() < 0.3:
            op = r.choice(("and", "or"))
            return f"({c}) {op} ({self.cond()})" if r.random() < 0.7 else f"not ({c})"
        return c
