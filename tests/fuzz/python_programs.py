"""Random typed Python functions for the Python -> Fortran differential fuzzer.

`generate(rng, name, features)` returns a `Program`: a function of scalars and arrays built from
statements (`Line`, `Block`) that a minimiser can delete, its parameters, and `inputs(rng)`,
random argument values (NaN, inf, -0.0, huge and tiny floats, negative ints, zeros).

Every feature that can mismatch today sits behind a name in FEATURES; `SAFE` is what the bounded
run in the suite uses. Integer values stay within +-10**6 between statements (each integer
assignment is clamped or reduced), so no program depends on 64-bit wrap-around.
"""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass, field

# what each feature adds to the programs
FEATURES = {
    "int_divmod": "integer // and % (divisor guarded unless 'unguarded')",
    "unguarded": "divisors and math arguments not guarded: ZeroDivisionError/ValueError on both sides",
    "true_div": "float / (guarded unless 'unguarded')",
    "float_divmod": "float // and %",
    "pow_const": "float ** integer constant (CPython calls pow)",
    "pow_float": "abs(x) ** y on floats",
    "pow_int": "int ** 0..3",
    "pow_neg": "int ** negative constant (a float in Python)",
    "minmax_int": "min/max of ints",
    "minmax_float": "min/max of floats (NaN and -0.0 rules)",
    "int_cast": "int(float expression)",
    "math_safe": "math.atan, math.tanh, math.sqrt(abs(x)), math.fabs",
    "math_domain": "math.sqrt, math.log, math.exp, math.sin, math.cos (may raise in CPython)",
    "loopvar_after": "the loop variable read after its loop (incl. after an empty range)",
    "neg_step": "range with negative constant steps",
    "var_step": "range with a step held in a variable",
    "while": "while loops with a bounded counter",
    "break_continue": "break and continue under an if",
    "early_return": "return from inside a loop or branch",
    "boolop": "and/or/not in conditions (short-circuit)",
    "ifexp": "x if c else y (only one side evaluated)",
    "arrays": "1-D float and int array parameters: element reads and writes",
    "array2d": "a 2-D float array parameter",
    "local_array": "local arrays from np.zeros",
    "whole_array": "a local array assigned from a whole-array expression (d = a * 2.0 + x)",
    "alias": "b = a on an array parameter, then writes through b",
    "elem_divmod": "int(ia[i]) in integer expressions with unguarded // and % (Python ints: raise)",
    "store_divmod": "unguarded int // and % in the value stored to an array element",
    "npscalar": "array elements used as NumPy scalars (else read as float(a[i]), int(ia[i])):"
                " np.float64 / 0.0 is inf, np.int64 ** -1 raises",
}
ALL = frozenset(FEATURES)
# passes on today's main (tests/fuzz/test_python_fuzz.py runs these)
SAFE = frozenset({"int_divmod", "unguarded", "pow_int", "minmax_int", "math_safe",
                  "neg_step", "var_step", "while", "break_continue", "early_return", "boolop",
                  "arrays", "array2d", "local_array", "minmax_float", "loopvar_after", "ifexp",
                  "whole_array", "alias"})

CLAMP = 10**6
SPECIAL_FLOATS = (math.nan, math.inf, -math.inf, -0.0, 0.0, 1e308, -1e308, 5e-324, -1e-310,
                  1e-300, 1.0, -1.0, 0.5, 2.0, 3.0, 1e16, -7.25)
SPECIAL_INTS = (0, 0, 1, -1, 2, -2, 3, 7, -7, 10, CLAMP, -CLAMP)


@dataclass
class Line:
    text: str
    protected: bool = False  # never deleted (a while loop's counter increment)


@dataclass
class Block:
    header: str  # "for i in range(...):", "while ...:", "if ...:"
    body: list[Stmt]
    orelse: list[tuple[str, list[Stmt]]] = field(default_factory=list)  # ("elif c:", body)
    loop: bool = False


Stmt = Line | Block


@dataclass
class Program:
    name: str
    params: list[tuple[str, str]]  # (name, hint)
    returns: str  # "int" | "float"
    prelude: list[str]
    body: list[Stmt]
    ret: str  # the final return expression
    features: frozenset[str]

    def source(self) -> str:
        hints = ", ".join(f"{n}: {h}" for n, h in self.params)
        out = ["@transpile", f"def {self.name}({hints}) -> {self.returns}:"]
        out += [f"    {x}" for x in self.prelude]
        _render(self.body, 1, out)
        out.append(f"    return {self.ret}")
        return "\n".join(out) + "\n"

    def inputs(self, rng: random.Random) -> list[tuple]:
        """Argument specs: ("i", v), ("f", hex), ("fa", [hex]), ("ia", [v]), ("fm", r, c, [hex])."""
        n, r, c = rng.randint(1, 7), rng.randint(1, 4), rng.randint(1, 4)
        specs: list[tuple] = []
        for _, hint in self.params:
            if hint == "int":
                specs.append(("i", _int(rng)))
            elif hint == "float":
                specs.append(("f", _float(rng).hex()))
            elif hint == "'float[:]'":
                specs.append(("fa", [_float(rng).hex() for _ in range(n)]))
            elif hint == "'int[:]'":
                specs.append(("ia", [_int(rng) for _ in range(n)]))
            else:
                specs.append(("fm", r, c, [_float(rng).hex() for _ in range(r * c)]))
        return specs


def _render(stmts: list[Stmt], depth: int, out: list[str]) -> None:
    pad = "    " * depth
    for s in stmts:
        if isinstance(s, Line):
            out.append(pad + s.text)
            continue
        out.append(pad + s.header)
        _render(s.body or [Line("pass")], depth + 1, out)
        for head, body in s.orelse:
            out.append(pad + head)
            _render(body or [Line("pass")], depth + 1, out)


def _int(rng: random.Random) -> int:
    return rng.choice(SPECIAL_INTS) if rng.random() < 0.4 else rng.randint(-1000, 1000)


def _float(rng: random.Random) -> float:
    p = rng.random()
    if p < 0.35:
        return rng.choice(SPECIAL_FLOATS)
    if p < 0.7:
        return round(rng.uniform(-20, 20), rng.randint(0, 3))
    return rng.uniform(-1, 1) * 10.0 ** rng.randint(-30, 30)


@dataclass
class _Gen:
    rng: random.Random
    feats: frozenset[str]
    ints: list[str]  # integer variables readable anywhere
    floats: list[str]
    farrays: list[str]  # 1-D float arrays (params and locals), each with a length variable
    iarrays: list[str]
    matrix: str | None
    loop_vars: list[str] = field(default_factory=list)  # loop variables in scope
    free_loop_vars: list[str] = field(default_factory=list)
    after_vars: list[str] = field(default_factory=list)  # loop variables of finished loops
    spans: dict[str, str] = field(default_factory=dict)  # loop variable -> array it indexes
    prelude_extra: list[str] = field(default_factory=list)  # while counters
    in_store: bool = False  # generating the value of an array element store
    depth: int = 0
    loops: int = 0
    counters: int = 0
    returns: str = "float"

    def has(self, f: str) -> bool:
        return f in self.feats

    # ---- expressions ----------------------------------------------------------------------
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
        return a

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

    def float_leaf(self) -> str:
        r = self.rng
        kinds = ["var"] * 4 + ["const"] * 2 + ["int"]
        if self.farrays:
            kinds += ["elem"] * 3
        if self.matrix:
            kinds += ["melem"]
        kind = r.choice(kinds)
        if kind == "var" and self.floats:
            return r.choice(self.floats)
        if kind == "elem":
            a = r.choice(self.farrays)
            return self.element(f"{a}[{self.index(a)}]", "float")
        if kind == "melem":
            m = self.matrix
            return self.element(f"{m}[{self.int_leaf(True)} % {m}_r, "
                                f"{self.int_leaf(True)} % {m}_c]", "float")
        if kind == "int":
            return f"float({self.int_leaf()})"
        return r.choice(("0.0", "1.0", "0.5", "2.0", "3.0", "1e300", "1e-300", "(-0.0)",
                         "(-1.5)", "0.1", "10.0"))

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
        return f"({a} if {self.cond()} else {self.float_expr(depth + 1)})"

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
        if r.random() < 0.5:
            c = f"{self.int_expr()} {r.choice(('<', '<=', '==', '!=', '>', '>='))} {self.int_leaf()}"
        else:
            c = f"{self.float_expr(1)} {r.choice(('<', '<=', '==', '!=', '>', '>='))} {self.float_leaf()}"
        if self.has("boolop") and r.random() < 0.3:
            op = r.choice(("and", "or"))
            return f"({c}) {op} ({self.cond()})" if r.random() < 0.7 else f"not ({c})"
        return c

    # ---- statements -----------------------------------------------------------------------
    def assign(self) -> Stmt:
        r = self.rng
        kinds = ["int", "float", "float", "aug"]
        if self.farrays:
            kinds += ["store"] * 2
        if self.iarrays:
            kinds += ["istore"]
        if self.matrix:
            kinds += ["mstore"]
        kind = r.choice(kinds)
        self.in_store = kind in ("store", "istore", "mstore")
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
            m = self.matrix
            return Line(f"{m}[{self.int_leaf(True)} % {m}_r, {self.int_leaf(True)} % {m}_c] = "
                        f"{self.float_expr()}")
        return Line(f"{r.choice(self.floats)} = {self.float_expr()}")

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


def generate(rng: random.Random, name: str, features: frozenset[str] = SAFE) -> Program:
    """One random function named `name` using only `features`."""
    params: list[tuple[str, str]] = []
    ints, floats = ["n0", "n1"], ["x0", "x1"]
    params += [(v, "int") for v in ints] + [(v, "float") for v in floats]
    farrays: list[str] = []
    iarrays: list[str] = []
    matrix = None
    prelude = ["t0 = n0 % 97", "s0 = 0.0", "s1 = x0"]
    if "arrays" in features:
        params += [("a", "'float[:]'"), ("ia", "'int[:]'")]
        farrays, iarrays = ["a"], ["ia"]
    if "array2d" in features and rng.random() < 0.5:
        params.append(("m", "'float[:,:]'"))
        matrix = "m"
        prelude.append("m_r, m_c = m.shape")
    if "local_array" in features and rng.random() < 0.5:
        size = rng.choice(("3", "len(a)" if farrays else "4", "n0 % 5 + 1"))
        prelude.append(f"z = np.zeros({size})")
        farrays = farrays + ["z"]
    if "whole_array" in features and farrays[:1] == ["a"] and rng.random() < 0.6:
        prelude.append(rng.choice(("d = a * 2.0 + x1", "d = a - x0", "d = 0.5 * a")))
        farrays = farrays + ["d"]
    if "alias" in features and farrays[:1] == ["a"] and rng.random() < 0.6:
        prelude.append("b = a")
        farrays = farrays + ["b"]
    gen = _Gen(rng, features, ints + ["t0"], floats + ["s0", "s1"], farrays, iarrays, matrix,
               free_loop_vars=["k0", "k1", "k2"], returns=rng.choice(("int", "float")))
    prelude += [f"{v} = {rng.randint(-2, 5)}" for v in gen.free_loop_vars]
    if "var_step" in features:
        prelude += [f"st0 = {rng.choice(('1', '2', '-1', '-2'))}",
                    f"st1 = 1 + abs(n1) % 3" if rng.random() < 0.5 else "st1 = -1 - abs(n0) % 2"]
    body = gen.block()
    ret_pool = [f"float({v})" for v in gen.ints] + gen.floats
    if "loopvar_after" in features:
        ret_pool += [f"float({v})" for v in gen.after_vars] * 3
    if gen.returns == "int":
        ret = gen.clamped_int() if rng.random() < 0.3 else rng.choice(
            gen.ints + (gen.after_vars * 2 if "loopvar_after" in features else []))
    else:
        ret = " + ".join(rng.sample(ret_pool, min(len(ret_pool), rng.randint(1, 3))))
    return Program(name, params, gen.returns, prelude + gen.prelude_extra, body, ret, features)


def statements(body: list[Stmt]) -> list[list[Stmt]]:
    """Every statement list of a body, nested ones included: where the minimiser deletes."""
    lists = [body]
    for s in body:
        if isinstance(s, Block):
            lists += statements(s.body)
            for _, b in s.orelse:
                lists += statements(b)
    return lists


def shrunk(p: Program) -> list[Program]:
    """Programs one step smaller than `p`: one statement deleted, an if replaced by one of its
    bodies, or one operation of a statement replaced by one of its operands."""
    out = []
    count = sum(len(x) for x in statements(p.body))
    for k in range(count):
        for how in ("delete", "unwrap", *range(4)):
            body = _copy(p.body)
            flat = [(lst, j) for lst in statements(body) for j in range(len(lst))]
            lst, j = flat[k]
            s = lst[j]
            if isinstance(s, Line) and s.protected:
                continue
            if how == "delete":
                del lst[j]
            elif isinstance(s, Block) and not s.loop and how == "unwrap":
                lst[j:j + 1] = s.body
            elif isinstance(s, Block) and isinstance(how, int) and how < len(s.orelse):
                lst[j:j + 1] = s.orelse[how][1]  # the if replaced by its elif or else body
            else:
                continue
            out.append(dataclasses.replace(p, body=body))
    if " + " in p.ret:
        out += [dataclasses.replace(p, ret=t) for t in p.ret.split(" + ")]
    for k in range(count):  # then one expression replaced by one of its operands
        flat = [(lst, j) for lst in statements(p.body) for j in range(len(lst))]
        s = flat[k][0][flat[k][1]]
        for text in _simpler_texts(s.text if isinstance(s, Line) else s.header):
            body = _copy(p.body)
            lst, j = [(x, i) for x in statements(body) for i in range(len(x))][k]
            if isinstance(lst[j], Line):
                lst[j].text = text
            else:
                lst[j].header = text
            out.append(dataclasses.replace(p, body=body))
    return out


def _simpler_texts(text: str) -> list[str]:
    """`text` (a statement or a block header) with one operation replaced by an operand."""
    import ast
    elif_ = text.startswith("elif ")
    if text.endswith(":") and not text.startswith(("if ", "elif ")):
        return []  # loop headers keep their bounds (a simpler bound may not terminate)
    code = (text[2:] if elif_ else text) + " pass" if text.endswith(":") else text
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out = []
    indices = {id(n) for sub in ast.walk(tree) if isinstance(sub, ast.Subscript)
               for n in ast.walk(sub.slice)}  # indices stay in range
    parents = [(node, name) for node in ast.walk(tree) if id(node) not in indices
               for name, _ in ast.iter_fields(node)]
    for node, name in parents:
        child = getattr(node, name)
        if not isinstance(child, ast.expr) or id(child) in indices:
            continue
        for sub in _operands(child):
            setattr(node, name, sub)
            new = ast.unparse(tree)
            setattr(node, name, child)
            if text.endswith(":"):
                new = ("el" if elif_ else "") + new.split("\n")[0]
            if new != text and ":\n" not in new:
                out.append(new)
    return out


def _operands(e: object) -> list[object]:
    import ast
    if isinstance(e, ast.BinOp):  # a reduction by a constant keeps integers small
        return [] if isinstance(e.op, ast.Mod) and isinstance(e.right, ast.Constant) else [
            e.left, e.right]
    if isinstance(e, ast.BoolOp):
        return list(e.values)
    if isinstance(e, ast.IfExp):
        return [e.body, e.orelse]
    if isinstance(e, ast.UnaryOp) and not isinstance(e.operand, ast.Constant):
        return [e.operand]
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id in ("min", "max"):
        clamp = any(str(CLAMP) in ast.unparse(a) for a in e.args)
        return [] if clamp else list(e.args)
    return []


def _copy(body: list[Stmt]) -> list[Stmt]:
    return [Line(s.text, s.protected) if isinstance(s, Line) else
            Block(s.header, _copy(s.body), [(h, _copy(b)) for h, b in s.orelse], s.loop)
            for s in body]


def size(p: Program) -> int:
    return sum(len(x) for x in statements(p.body))


def without_unused(p: Program) -> Program:
    """`p` without prelude assignments to names that nothing else reads."""
    import re
    keep = list(p.prelude)
    changed = True
    while changed:
        changed = False
        for line in keep:
            targets = [t.strip() for t in line.split("=")[0].split(",")]
            rest = "\n".join(x for x in keep if x is not line)
            text = rest + "\n" + Program(p.name, [], p.returns, [], p.body, p.ret,
                                         p.features).source()
            if not any(re.search(rf"\b{t}\b", text) for t in targets):
                keep.remove(line)
                changed = True
                break
    return dataclasses.replace(p, prelude=keep)
