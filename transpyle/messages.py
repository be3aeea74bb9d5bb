"""Message texts of user-facing diagnostics, in one place so they can be reviewed together."""

UNSUPPORTED = "{what} is not supported in translated functions"
MISSING_TYPE = "parameter '{name}' has no type hint"
MISSING_TYPE_HINT = "annotate it, e.g. '{name}: float' or '{name}: NDArray[np.float64]'"
BAD_HINT = "cannot understand the type hint '{hint}'"
BAD_HINT_HINT = (
    "use int, float, complex, bool, a NumPy scalar type (np.float32, ...), "
    "NDArray[np.float64] or a Pyccel-style string such as 'float[:,:]'"
)
UNSIGNED_HINT = "unsigned integer type '{name}' is not supported: Fortran has no unsigned integers"
UNSIGNED_HINT_HINT = ("their comparisons, division and overflow differ from the signed kinds'; "
                      "use a signed type (np.int16 holds every uint8) or convert before the call")
CHOICE_LEFT = "parameter '{name}' has a union hint ({members}): only @transpile's call picks one"
CHOICE_LEFT_HINT = "call it through @transpile, or give one type for a translation ahead of time"
# calls between module functions, in CPython's words (frontends/python/args.py)
CALL_TOO_MANY = "{name}() takes {n} positional arguments but {given} were given"
CALL_BAD_KEYWORD = "{name}() got an unexpected keyword argument '{kw}'"
CALL_TWICE = "{name}() got multiple values for argument '{kw}'"
CALL_MISSING = "{name}() missing {n} required positional argument(s): {names}"
INPLACE_CAST = ("in-place operation on array '{name}' of {old} with a {new} result: NumPy "
                "raises UFuncTypeError (casting rule 'same_kind')")
INPLACE_CAST_HINT = "compute into a new array of the wider type"
TYPE_CLASH = "'{name}' is {old} but is assigned a value of type {new}"
TYPE_CLASH_HINT = "a translated variable keeps one type; use a new name for the {new} value"
UNDEFINED = "name '{name}' is not defined"
UNDEFINED_PROCEDURE = ("'{name}' is called, but no file of the program (in this directory) defines "
                       "it, and it is not an intrinsic the migration implements (a NameError "
                       "when it runs)")
UNDEFINED_PROCEDURE_HINT = ("migrate the file that defines it into the same directory, together "
                            "with this one")
NOT_CALLABLE = "'{name}' is not a function of this module nor a supported intrinsic"
ARG_COUNT = "'{name}' takes {expected} argument(s), got {got}"
SYNTAX = "{msg}"
RECURSIVE_RETURN = "recursive function '{name}' needs a return type hint"
# module functions without hints, specialised on the types of each call (passes/call_types.py)
GENERIC_RECURSIVE = "'{name}' has parameters without type hints and is recursive"
GENERIC_RECURSIVE_HINT = ("annotate its parameters: a recursive function's types cannot come "
                          "from its calls")
GENERIC_ARG = ("argument '{name}' of '{func}' is {type}: a parameter without a hint takes a "
               "number or an array")
GENERIC_TOO_MANY = "'{name}' is called with more than {n} combinations of argument types"
NUMPY_ARG_MIXED = ("argument '{name}' of '{func}' is a NumPy scalar here and a Python scalar at "
                   "another call: CPython's rules differ between them (1.0 / x raises "
                   "ZeroDivisionError for a float, gives inf for an np.float64)")
NUMPY_ARG_PATHS = ("argument '{name}' of '{func}' is a NumPy scalar on some paths only: CPython's "
                   "rules for it in '{func}' would depend on the path")
NUMPY_ARG_HINT = ("convert it where it is passed: float(a[i]) is a Python float, np.float64(x) "
                  "a NumPy one")
NUMPY_RETURN_MIXED = ("'{func}' returns a NumPy scalar on some paths and a Python scalar on "
                      "others here (its arguments are NumPy scalars)")
NUMPY_RETURN_HINT = "convert what it returns: float(...) on every path, or np.float64(...)"
GENERIC_TOO_MANY_HINT = "annotate its parameters, or convert the arguments to one type"
LOOP_VAR_ASSIGNED = "loop variable '{name}' is assigned inside its loop"
RANK_UNKNOWN = "cannot infer the rank of array '{name}': it is never indexed"
RANK_UNKNOWN_HINT = "give it in the hint, e.g. 'float[:,:]'"
INDEX_COUNT = "'{name}' has rank {rank} but is indexed with {got} indices"
NOT_ARRAY = "'{name}' is not an array and cannot be indexed"
RETURN_ARRAY = "returning an array is not supported in translated functions"
RETURN_ARRAY_HINT = "pass an output array as a parameter and fill it in place"
ARRAY_REBIND = "array parameter '{name}' is rebound"
ARRAY_REBIND_HINT = "assign into it with '{name}[:] = ...' to change the caller's array"
MIXED_RETURNS = "function '{name}' returns a value on some paths and nothing on others"
NON_NUMERIC = "operator '{op}' is not defined between {left} and {right}"
# @transpile's source and module constants (runtime/jit_source.py)
NO_SOURCE = "the source of '{name}' cannot be found, so @transpile cannot translate it"
NO_SOURCE_HINT = "define it in a .py file (or a notebook cell) that Python imports"
SOURCE_CHANGED = ("'{name}' in {path} is not the code Python imported: the file changed "
                  "between the import and the decorator")
SOURCE_CHANGED_HINT = "import the module again (or restart) to translate the edited file"
CONSTANT_VALUE = ("module constant '{name}' is now {value!r}, which @transpile cannot build "
                  "in as a constant")
CONSTANT_VALUE_HINT = ("a module constant read by a translated function must stay a "
                       "non-negative int or float (or an imaginary literal); pass it as an "
                       "argument instead")
TOP_LEVEL = "{what} is not supported in a translated module"
TOP_LEVEL_HINT = "a translated module holds functions; keep this in a module that imports it"
MAYBE_NONE = ("'{name}' may be None here (an optional parameter): compiled code reads it only "
              "where a test shows it is not None")
CASE_CLASH = ("module constants '{name}' and another spelled the same but for case: Fortran "
              "ignores case; rename one")
STRING_RESULT = ("returning a string is not supported in translated functions: strings are "
                 "passed in only")
CHOICE_ARG = ("argument '{name}' of {func}() is {type}, which none of its hint's members "
              "({members}) takes")
RANK_ASSIGN = ("assigning a rank-{new} array to a rank-{old} section (NumPy would broadcast it) "
               "is not supported in translated functions")
