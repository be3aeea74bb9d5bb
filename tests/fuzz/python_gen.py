"""Statements and whole functions of the random programs: assignments and stores, loops, ifs,
exits, and the preludes of the features that make locals (arrays, views, lists, reductions,
broadcasts, tuples) or module functions (a helper with defaults). `generate` is
python_programs.generate; each feature is a name of python_programs.FEATURES."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.fuzz.python_exprs import Exprs
from tests.fuzz.python_tree import Block, Line, Program, Stmt


@dataclass
class Gen(Exprs):
    free_loop_vars: list[str] = field(default_factory=list)
    prelude_extra: list[str] = field(default_factory=list)  # while counters
    depth: int = 0
    loops: int = 0
    counters: int = 0
    returns: str = "float"

    def assign(self) -> Stmt:
        r = self.rng
        kinds = ["int", "float", "float", "aug"]
        if self.farrays:
            kinds += ["store"] * 2
        if self.iarrays:
            kinds += ["istore"]
        if self.matrices:
            kinds += ["mstore"]
        kinds += ["swap"] * self.has("tuples") + ["sstore"] * self.has("slices")
        kind = r.choice(kinds)
        self.in_store = kind in ("store", "istore", "mstore", "sstore")
        line = self._assign(kind)
        self.in_store = False
        return line

    def _assign(self, kind: str) -> Line:
        r = self.rng
        if kind == "int":
            return Line(f"{r.choice(self.ints)} = {self.clamped_int()}")
        if kind == "aug":
            return Line(f"{r.choice(self.floats)} {r.choice(('+=', '-=', '*='))} {self.float_expr(1)}")
        if kind == "store":
            a = r.choice(self.farrays)
            return Line(f"{a}[{self.index(a)}] = {self.float_expr()}")
        if kind == "istore":
            a = r.choice(self.iarrays)
            return Line(f"{a}[{self.index(a)}] = {self.clamped_int()}")
        if kind == "mstore":
            m = r.choice(self.matrices)
            return Line(f"{m}[{self.int_leaf(True)} % {m}_r, {self.int_leaf(True)} % {m}_c] = "
                        f"{self.float_expr()}")
        if kind == "swap":
            return Line(self.swap())
        if kind == "sstore":
            return Line(self.slice_store())
        return Line(f"{r.choice(self.floats)} = {self.float_expr()}")

    def swap(self) -> str:
        """A tuple assignment: every right side is evaluated before any name is bound."""
        r = self.rng
        f, i = r.sample(self.floats, 2), r.sample(self.ints, 2)
        k = r.randrange(3)
        if k == 0:
            return f"{f[0]}, {f[1]} = {f[1]}, {f[0]}"
        if k == 1:
            return f"{i[0]}, {i[1]} = {i[1]}, {i[0]} % 97"
        return f"{f[0]}, {i[0]} = {self.float_expr(1)}, {self.clamped_int()}"

    def slice_store(self) -> str:
        """A store to a section of an array parameter (possibly empty, clipped as NumPy does):
        a scalar, or an expression of the same section."""
        r = self.rng
        if self.matrices and r.random() < 0.4:
            m = r.choice(self.matrices)
            sec = r.choice((f"{m}[{self.int_leaf(True)} % {m}_r, :]",
                            f"{m}[:, {self.int_leaf(True)} % {m}_c]", f"{m}[::-1, 0]",
                            f"{m}[1:, ::2]", f"{m}[:, :]"))
        elif "a" in self.farrays:
            st = r.choice(("", "2", "-1", "-2", "3"))
            lo = r.choice(("", "1", f"{self.int_leaf(True)} % 5", "-3"))
            hi = r.choice(("", "n0", "len(a) - 1", "-1"))
            if st.startswith("-"):  # bounds of a negative step: defaults or from the end
                lo, hi = r.choice(("", "-1", "-2")), r.choice(("", "-3"))
            sec = f"a[{lo}:{hi}:{st}]"
        else:
            return f"{r.choice(self.floats)} = {self.float_expr()}"
        value = r.choice((self.float_expr(1), f"{sec} * {self.float_leaf()}",
                          f"{sec} + {sec}", f"-{sec}"))
        return f"{sec} = {value}"

    def small(self) -> str:
        """A small integer for a range bound: at most a few dozen iterations."""
        r = self.rng
        k = r.randrange(5)
        if k == 0:
            return str(r.randint(-3, 12))
        if k == 1 and (self.farrays or self.iarrays):
            return f"len({r.choice(self.farrays + self.iarrays)})"
        if k == 2:
            return f"{self.int_leaf()} % 13"
        if k == 3:
            return f"max(min({self.int_leaf()}, 12), -4)"
        return str(r.randint(0, 8))

    def for_loop(self) -> Block:
        r = self.rng
        var = self.free_loop_vars.pop()
        arrays = self.farrays + self.iarrays
        if arrays and r.random() < 0.35:
            arr = r.choice(arrays)
            header, span = f"for {var} in range(len({arr})):", arr
        else:
            span = None
            step = "1"
            if self.has("neg_step") and r.random() < 0.4:
                step = r.choice(("-1", "-2", "-3"))
            elif self.has("var_step") and r.random() < 0.3:
                step = f"st{self.loops % 2}"
            elif r.random() < 0.3:
                step = r.choice(("2", "3"))
            args = [self.small(), self.small()]
            header = (f"for {var} in range({args[1]}):" if step == "1" and r.random() < 0.3
                      else f"for {var} in range({args[0]}, {args[1]}, {step}):")
        self.loops += 1
        self.loop_vars.append(var)
        if span:
            self.spans[var] = span
        body = self.block(loop=True)
        self.loop_vars.remove(var)
        self.spans.pop(var, None)
        self.free_loop_vars.insert(0, var)
        if var not in self.after_vars:
            self.after_vars.append(var)
        return Block(header, body, loop=True)

    def while_loop(self) -> Block:
        w = f"w{self.counters}"
        self.counters += 1
        self.prelude_extra.append(f"{w} = 0")
        self.loops += 1
        body = [Line(f"{w} += 1", protected=True)] + self.block(loop=True)
        return Block(f"while {w} < {self.rng.randint(1, 12)} and ({self.cond()}):", body, loop=True)

    def if_stmt(self, loop: bool) -> Block:
        r = self.rng
        body = self.block(loop)
        orelse = []
        for _ in range(r.choice((0, 0, 1, 2))):
            orelse.append((f"elif {self.cond()}:", self.block(loop)))
        if r.random() < 0.4:
            orelse.append(("else:", self.block(loop)))
        return Block(f"if {self.cond()}:", body, orelse)

    def exit_stmt(self, loop: bool) -> Block:
        r = self.rng
        options = []
        if loop and self.has("break_continue"):
            options += ["break", "continue"]
        if self.has("early_return"):
            options.append("return " + (self.ret_value()))
        return Block(f"if {self.cond()}:", [Line(r.choice(options))])

    def ret_value(self) -> str:
        if self.returns == "int":
            return self.clamped_int()
        if self.returns == "tuple":
            return f"{self.float_expr(1)}, {self.clamped_int()}"
        return self.float_expr(1)

    def block(self, loop: bool = False) -> list[Stmt]:
        r = self.rng
        self.depth += 1
        out: list[Stmt] = []
        for _ in range(r.randint(1, 3) if self.depth > 1 else r.randint(3, 7)):
            p = r.random()
            can_nest = self.depth < 3 and self.loops < 5
            if p < 0.15 and can_nest and self.free_loop_vars:
                out.append(self.for_loop())
            elif p < 0.22 and can_nest and self.has("while"):
                out.append(self.while_loop())
            elif p < 0.35 and self.depth < 3:
                out.append(self.if_stmt(loop))
            elif p < 0.45 and ((loop and self.has("break_continue"))
                               or self.has("early_return")):
                out.append(self.exit_stmt(loop))
            else:
                out.append(self.assign())
        self.depth -= 1
        return out


@dataclass
class _Locals:
    """What the prelude makes: parameters, lines, and the names each kind adds."""
    params: list[tuple[str, str]]
    prelude: list[str]
    ints: list[str]
    floats: list[str]
    farrays: list[str] = field(default_factory=list)
    iarrays: list[str] = field(default_factory=list)
    matrices: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)


def _arrays(rng: random.Random, f: frozenset[str], v: _Locals) -> None:
    if "arrays" in f:
        v.params += [("a", "'float[:]'"), ("ia", "'int[:]'")]
        v.farrays, v.iarrays = ["a"], ["ia"]
    if "array2d" in f and rng.random() < 0.5:
        v.params.append(("m", "'float[:,:]'"))
        v.matrices.append("m")
        v.prelude.append("m_r, m_c = m.shape")
    if "local_array" in f and rng.random() < 0.5:
        size = rng.choice(("3", "len(a)" if v.farrays else "4", "n0 % 5 + 1"))
        v.prelude.append(f"z = np.zeros({size})")
        v.farrays.append("z")
    if "whole_array" in f and v.farrays[:1] == ["a"] and rng.random() < 0.6:
        v.prelude.append(rng.choice(("d = a * 2.0 + x1", "d = a - x0", "d = 0.5 * a")))
        v.farrays.append("d")
    if "alias" in f and v.farrays[:1] == ["a"] and rng.random() < 0.6:
        v.prelude.append("b = a")
        v.farrays.append("b")


def _new_locals(rng: random.Random, f: frozenset[str], v: _Locals) -> None:
    """Views, lists, reductions along an axis, broadcasts and tuples (each under its feature)."""
    has_a, m = v.farrays[:1] == ["a"], "m" if "m" in v.matrices else None
    if "slices" in f and has_a and rng.random() < 0.7:  # views that are never empty
        v.prelude.append(rng.choice(("v = a[::2]", "v = a[::-1]", "v = a[-1::-2]",
                                     "v = a[len(a) // 2:]", "v = a[:len(a) // 2 + 1]",
                                     "v = a[:]")))
        v.farrays.append("v")
    if "slices" in f and m and rng.random() < 0.7:
        v.prelude.append(rng.choice(("row = m[0, :]", "row = m[:, -1]", "row = m[::-1, 0]",
                                     "row = m[-1, ::-1]", "row = m[0]")))
        v.farrays.append("row")
    if "lists" in f and rng.random() < 0.6:
        v.prelude.append(rng.choice((
            "L = [0.0] * (n0 % 5 + 1)", "L = [x0, x1, 0.5]", "L = [x0 * float(i) for i in range(3)]",
            "L = [float(a[i]) * 2.0 for i in range(len(a))]" if has_a else "L = [1.5] * 4",
            "L = [float(i) - x1 for i in range(abs(n1) % 4 + 1)]")))
        v.farrays.append("L")
    if "axis_reduce" in f and m and rng.random() < 0.7:
        ax = rng.choice(("0", "1"))
        v.prelude.append(rng.choice((f"r0 = np.sum(m, axis={ax})", f"r0 = m.sum(axis={ax})",
                                     f"r0 = np.max(m, axis={ax}) + 0.0",
                                     f"r0 = np.min(m, axis={ax}) + 0.0",
                                     f"r0 = m.max(axis={ax}) * 1.0 + 0.0")))
        v.farrays.append("r0")
    if "broadcast" in f and m and rng.random() < 0.7:
        e = rng.choice(("m - m[0, :]", "m * m[:, 0:1]", "m * 2.0 + m[m_r - 1]",
                        "m[::-1, :] * x0 + m"
                        ) + (("a[:, None] * a[None, :]", "a[None, :] - m[:, 0:1]") if has_a else ()))
        v.prelude += [f"e = {e}", "e_r, e_c = e.shape"]
        v.matrices.append("e")
    if "broadcast" in f and has_a and rng.random() < 0.5:
        v.prelude.append(rng.choice(("d2 = a + a[::-1]", "d2 = a * a[0] - a[-1]",
                                     "d2 = a - np.sum(a) / len(a)")))
        v.farrays.append("d2")
    if "tuples" in f and rng.random() < 0.5:
        v.prelude.append("p0, q0 = x0 * 0.5, n0 % 7")
        v.floats.append("p0")
        v.ints.append("q0")


def _defaults(name: str, f: frozenset[str], v: _Locals) -> str | None:
    """A module function with default parameters, and defaults on the function itself."""
    if "optional" not in f:
        return None
    h = f"h_{name}"
    v.helpers += [f"def {h}(x: float, k: int = 2, scale: float = 0.5) -> float:",
                  "    if k > 3:", "        return x * scale - float(k)",
                  "    return x * scale + float(k)", ""]
    v.params += [("q1", "float = 1.5"), ("q2", "int = 3")]
    v.floats.append("q1")
    v.ints.append("q2")
    return h


def generate(rng: random.Random, name: str, features: frozenset[str]) -> Program:
    """One random function named `name` using only `features`."""
    v = _Locals([(n, "int") for n in ("n0", "n1")] + [(n, "float") for n in ("x0", "x1")],
                ["t0 = n0 % 97", "s0 = 0.0", "s1 = x0"], ["n0", "n1", "t0"],
                ["x0", "x1", "s0", "s1"])
    _arrays(rng, features, v)
    _new_locals(rng, features, v)
    helper = _defaults(name, features, v)
    kinds = ("int", "float") + ("tuple",) * ("tuples" in features)
    gen = Gen(rng, features, v.ints, v.floats, v.farrays, v.iarrays, v.matrices, helper,
              free_loop_vars=["k0", "k1", "k2"], returns=rng.choice(kinds))
    prelude = v.prelude + [f"{k} = {rng.randint(-2, 5)}" for k in gen.free_loop_vars]
    if "var_step" in features:
        prelude += [f"st0 = {rng.choice(('1', '2', '-1', '-2'))}",
                    "st1 = 1 + abs(n1) % 3" if rng.random() < 0.5 else "st1 = -1 - abs(n0) % 2"]
    body = gen.block()
    ret_pool = [f"float({k})" for k in gen.ints] + gen.floats
    if "loopvar_after" in features:
        ret_pool += [f"float({k})" for k in gen.after_vars] * 3
    iret = gen.clamped_int() if rng.random() < 0.3 else rng.choice(
        gen.ints + (gen.after_vars * 2 if "loopvar_after" in features else []))
    fret = " + ".join(rng.sample(ret_pool, min(len(ret_pool), rng.randint(1, 3))))
    ret = {"int": iret, "float": fret, "tuple": f"{fret}, {iret}"}[gen.returns]
    return Program(name, v.params, gen.returns, prelude + gen.prelude_extra, body, ret,
                   features, v.helpers)
