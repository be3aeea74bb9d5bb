"""The pass pipeline: small IR -> IR steps run in a fixed order.

`typed`: two arrays that swap names versioned (`array_swaps.py`), names and types resolved
(boolean masks: `masks.py`), array aliases made views (`safety/aliases.py`), intents inferred
(then sections passed with other arrays checked: `section_args.py`), array results named,
local arrays lowered; target-neutral.
`for_fortran`: then what Python means and Fortran does not say: a local read before it is
assigned raises UnboundLocalError (`safety/unbound.py`), loop variables keep Python's
final values (`safety/loop_vars.py`), negative indices wrap and, with boundscheck, indices are
checked (`safety/indices.py`), whole-array extents agree (`safety/shapes.py`), recursion is
bounded (`safety/recursion.py`), operations that raise in CPython raise (`checked/`), and only
where Python evaluates them (`lazy_operands.py`), a failed allocation raises MemoryError
(`safety/allocation.py`); then
C-order arrays reversed, array extents made explicit, assigned scalar parameters copied in,
variables renamed where Fortran cannot spell them, and raises numbered and propagated through
callers (`raises.py`), `0 <= i < n` tests written so that they fuse (`range_tests.py`); last,
the scalars of parallel loops get their OpenMP clauses (`parallel_loops.py`); a `while` loop
whose integer variables stay in a box (tested once) drops the checks the box decides
(`checked/ranges.py`), and the innermost loops of a nest count in 32 bits where their bounds,
checked once, allow (`narrow_counters.py`).
"""

from __future__ import annotations

from transpyle.ir import nodes as ir
from transpyle.ir.verify import verify
from transpyle.passes.array_results import array_results, named_results
from transpyle.passes.array_swaps import array_swaps
from transpyle.passes.checked import checked_ops
from transpyle.passes.checked.ranges import while_ranges
from transpyle.passes.copy_in import copy_in_scalars
from transpyle.passes.explicit_shapes import explicit_shapes
from transpyle.passes.fortran_layout import fortran_layout
from transpyle.passes.fortran_names import fortran_names
from transpyle.passes.infer_types import infer_types
from transpyle.passes.intents import infer_intents
from transpyle.passes.lazy_operands import lazy_operands
from transpyle.passes.lower_arrays import lower_arrays
from transpyle.passes.mixed_orders import mixed_orders
from transpyle.passes.narrow_counters import narrow_counters
from transpyle.passes.narrow_ints import narrow_ints
from transpyle.passes.numpy_lowering import numpy_lowering
from transpyle.passes.numpy_params import numpy_params
from transpyle.passes.parallel_loops import parallel_loops
from transpyle.passes.products import lower_products
from transpyle.passes.raises import number_raises
from transpyle.passes.range_tests import range_tests
from transpyle.passes.safety.aliases import array_aliases
from transpyle.passes.safety.allocation import allocation_failures
from transpyle.passes.safety.indices import python_indices
from transpyle.passes.safety.range_steps import range_steps
from transpyle.passes.safety.loop_vars import loop_vars
from transpyle.passes.safety.recursion import recursion_depth
from transpyle.passes.safety.shapes import array_shapes
from transpyle.passes.safety.strings import python_strings
from transpyle.passes.safety.unbound import unbound_locals
from transpyle.passes.section_args import section_args
from transpyle.passes.tuples import result_flags


def typed(module: ir.Module) -> ir.Module:
    module = array_aliases(infer_types(array_swaps(module)))
    module = section_args(infer_intents(module))
    module = lower_arrays(named_results(module))
    verify(module)
    return module


def for_fortran(module: ir.Module, overflow: str = "wrap",
                boundscheck: bool = False, fastmath: bool = False) -> ir.Module:
    """`overflow`: "wrap" (integers wrap at 64 bits) or "raise" (checked, OverflowError).
    `boundscheck`: element indices out of range raise IndexError (else unchecked).
    `fastmath`: float `**` as Fortran computes it (not CPython's pow) where it cannot raise."""
    module = python_strings(range_steps(module))
    module = result_flags(array_results(unbound_locals(numpy_params(module, overflow, fastmath))))
    module = python_indices(loop_vars(module), boundscheck)
    module = recursion_depth(numpy_lowering(lower_products(array_shapes(module))))
    module = allocation_failures(lazy_operands(checked_ops(module, overflow, fastmath)))
    module = narrow_ints(module)
    module = fortran_names(copy_in_scalars(explicit_shapes(fortran_layout(mixed_orders(module)))))
    module = parallel_loops(number_raises(range_tests(module)))
    module = narrow_counters(while_ranges(module))
    _finite_complex(module)
    verify(module)
    return module


def _finite_complex(module: ir.Module) -> None:
    """A complex constant with an infinite or NaN part is refused where written: gfortran
    folds CMPLX of such parts and rejects the overflow (a real one is TRANSFER of its bits)."""
    import cmath

    from transpyle.errors import TranspileError
    from transpyle.ir.visitor import walk

    def nonfinite(e: ir.Expr) -> bool:
        e = e.value if isinstance(e, ir.Cast) else e
        return isinstance(e, ir.Const) and isinstance(e.value, float | complex) \
            and not cmath.isfinite(e.value)

    for node in walk(module):
        if isinstance(node, ir.Intrinsic) and node.name == "complex" \
                and any(nonfinite(a) for a in node.args) or isinstance(node, ir.Const) \
                and isinstance(node.value, complex) and not cmath.isfinite(node.value):
            raise TranspileError(node.loc, "a complex constant with an infinite or NaN part "
                                 "is not translated", code="E-range")
