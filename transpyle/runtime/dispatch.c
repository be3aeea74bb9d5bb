/* The @transpile call path in C: the base type of runtime/jit.py's Transpiled (see dispatch.py).
 *
 * A call compares each argument with the keys of the few entries the Python path registered
 * (`_fast_add`): a scalar (Python's or NumPy's numeric) by its exact type, an array by its
 * dtype object (by identity, held), rank, F-order flag and small contiguous extent, as
 * jit.arg_signature does; it checks the module constants by identity (`_fast_frozen`), applies
 * the binding's plan (runtime/binding.py: contiguity of arrays written in place, .T of a C-order
 * array, the int8 view of a bool array), calls the f2py entry, reads the status array and
 * returns. Anything else (no matching entry, a rebound constant, keywords, an array the plan
 * refuses) goes to the Python path `_slow_call`, which does what it always did and raises the
 * same errors. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL tp_dispatch_ARRAY_API
#include <numpy/arrayobject.h>

#define MAX_ENTRIES 8
#define MAX_ARGS 16

enum { A_TRANSPOSE = 1, A_INT8 = 2, A_NEED_C = 4, A_NEED_F = 8 };

typedef struct {
    PyTypeObject *type;   /* exact type of the argument */
    PyObject *descr;      /* an array's dtype (held), NULL for a scalar */
    int ndim, fnc;
    npy_intp small;
    unsigned char action;
} ArgKey;

typedef struct {
    Py_ssize_t nargs;
    ArgKey keys[MAX_ARGS];
    PyObject *target, *status, *depth, *raiser;
    PyObject *convert;  /* called on the result (bool, np.float64, ...), or NULL */
    int transform;
    int overlap;  /* an array written in place and another array: their memory is compared */
} Entry;

typedef struct {
    PyObject_HEAD
    Py_ssize_t n, last, small_limit;
    Entry entries[MAX_ENTRIES];
    PyObject *ns, *names, *values;  /* the module constants, by identity */
    PyObject *fn, *defaults;  /* the Python function and its defaults then (by identity) */
    Py_ssize_t argcount;
} Dispatcher;

static int api_ready = 0;
static PyObject *slow_name = NULL;

static npy_intp small_of(PyArrayObject *a, int fnc, npy_intp limit) {
    int nd = PyArray_NDIM(a);
    if (nd < 2) return 0;
    npy_intp n = PyArray_DIMS(a)[fnc ? 0 : nd - 1];
    return (n > 0 && n <= limit) ? n : 0;
}

static int arg_fnc(PyArrayObject *a) {
    int f = PyArray_FLAGS(a);
    return (f & NPY_ARRAY_F_CONTIGUOUS) && !(f & NPY_ARRAY_C_CONTIGUOUS);
}

static int key_match(const Dispatcher *d, const ArgKey *k, PyObject *a) {
    if (Py_TYPE(a) != k->type) return 0;
    /* a str goes to CHARACTER as it is where it is ASCII; else the Python path refuses it */
    if (k->type == &PyUnicode_Type) return PyUnicode_IS_ASCII(a);
    if (k->descr == NULL) return 1;
    PyArrayObject *arr = (PyArrayObject *)a;
    if ((PyObject *)PyArray_DESCR(arr) != k->descr || PyArray_NDIM(arr) != k->ndim) return 0;
    int fnc = arg_fnc(arr);
    if (fnc != k->fnc || small_of(arr, fnc, d->small_limit) != k->small) return 0;
    int flags = PyArray_FLAGS(arr);
    if ((k->action & A_NEED_C) && !(flags & NPY_ARRAY_C_CONTIGUOUS)) return 0;
    if ((k->action & A_NEED_F) && !(flags & NPY_ARRAY_F_CONTIGUOUS)) return 0;
    /* written in place: a read-only or unaligned array takes the Python path, which refuses it */
    if ((k->action & (A_NEED_C | A_NEED_F))
            && (flags & (NPY_ARRAY_WRITEABLE | NPY_ARRAY_ALIGNED))
               != (NPY_ARRAY_WRITEABLE | NPY_ARRAY_ALIGNED)) return 0;
    return 1;
}

/* the bytes from the lowest to one past the highest element of `a` (NumPy's bounds test of
   np.may_share_memory); 0 where it is empty */
static int extent_of(PyArrayObject *a, char **lo, char **hi) {
    char *l = PyArray_BYTES(a), *h = l;
    for (int k = 0; k < PyArray_NDIM(a); k++) {
        npy_intp n = PyArray_DIMS(a)[k], st = PyArray_STRIDES(a)[k];
        if (n == 0) return 0;
        if (st < 0) l += st * (n - 1); else h += st * (n - 1);
    }
    *lo = l; *hi = h + PyArray_ITEMSIZE(a);
    return 1;
}

/* an array written in place whose memory may overlap another array argument's: compiled code
   assumes that it does not (Fortran's rule for dummy arguments), so the call takes the Python
   path, which tests exactly and runs such a call as CPython does */
static int may_overlap(const Entry *e, PyObject *args, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        char *lo, *hi, *lo2, *hi2;
        if (!(e->keys[i].action & (A_NEED_C | A_NEED_F))) continue;
        if (!extent_of((PyArrayObject *)PyTuple_GET_ITEM(args, i), &lo, &hi)) continue;
        for (Py_ssize_t j = 0; j < n; j++) {
            if (j == i || e->keys[j].descr == NULL) continue;
            if (extent_of((PyArrayObject *)PyTuple_GET_ITEM(args, j), &lo2, &hi2)
                    && lo < hi2 && lo2 < hi) return 1;
        }
    }
    return 0;
}

static int keys_match(const Dispatcher *d, const Entry *e, PyObject *args, Py_ssize_t n) {
    if (e->nargs != n) return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!key_match(d, &e->keys[i], PyTuple_GET_ITEM(args, i))) return 0;
    return 1;
}

static int entry_match(const Dispatcher *d, const Entry *e, PyObject *args, Py_ssize_t n) {
    return keys_match(d, e, args, n) && !(e->overlap && may_overlap(e, args, n));
}

static void entry_clear(Entry *e) {
    for (Py_ssize_t i = 0; i < e->nargs; i++) Py_CLEAR(e->keys[i].descr);
    Py_CLEAR(e->target); Py_CLEAR(e->status); Py_CLEAR(e->depth); Py_CLEAR(e->raiser);
    Py_CLEAR(e->convert);
    e->nargs = 0;
}

static PyObject *transformed(const Entry *e, PyObject *args) {
    PyObject *t = PyTuple_New(e->nargs);
    if (t == NULL) return NULL;
    for (Py_ssize_t i = 0; i < e->nargs; i++) {
        PyObject *v = PyTuple_GET_ITEM(args, i), *w;
        Py_INCREF(v);
        if (e->keys[i].action & A_TRANSPOSE) {
            w = PyArray_Transpose((PyArrayObject *)v, NULL);
            Py_DECREF(v);
            if ((v = w) == NULL) goto fail;
        }
        if (e->keys[i].action & A_INT8) {
            w = PyArray_View((PyArrayObject *)v, PyArray_DescrFromType(NPY_INT8), NULL);
            Py_DECREF(v);
            if ((v = w) == NULL) goto fail;
        }
        PyTuple_SET_ITEM(t, i, v);
    }
    return t;
fail:
    Py_DECREF(t);
    return NULL;
}

/* The NumPy scalar of `descr`'s type holding f2py's Python scalar `v` (what np.float64(v)
   makes, without its ~250 ns of argument parsing) */
static PyObject *numpy_scalar(PyArray_Descr *descr, PyObject *v) {
    union { double d; float f; npy_int64 i8; npy_int32 i4; npy_int16 i2; npy_int8 i1;
            double c16[2]; float c8[2]; } u;  /* complex: (real, imaginary), NumPy's layout */
    Py_complex z;
    switch (descr->type_num) {
    case NPY_DOUBLE: u.d = PyFloat_AsDouble(v); break;
    case NPY_FLOAT: u.f = (float)PyFloat_AsDouble(v); break;
    case NPY_INT64: u.i8 = PyLong_AsLongLong(v); break;
    case NPY_INT32: u.i4 = (npy_int32)PyLong_AsLong(v); break;
    case NPY_INT16: u.i2 = (npy_int16)PyLong_AsLong(v); break;
    case NPY_INT8: u.i1 = (npy_int8)PyLong_AsLong(v); break;
    case NPY_CDOUBLE:
        z = PyComplex_AsCComplex(v);
        u.c16[0] = z.real; u.c16[1] = z.imag;
        break;
    case NPY_CFLOAT:
        z = PyComplex_AsCComplex(v);
        u.c8[0] = (float)z.real; u.c8[1] = (float)z.imag;
        break;
    default: return PyObject_CallOneArg((PyObject *)descr->typeobj, v);
    }
    if (PyErr_Occurred()) return NULL;
    return PyArray_Scalar(&u, descr, NULL);
}

static PyObject *call_entry(Entry *e, PyObject *args) {
    /* held across the call: a Python fallback entry may re-enter and clear the entries */
    PyObject *target = e->target, *status = e->status, *depth = e->depth, *raiser = e->raiser;
    PyObject *convert = e->convert;
    PyObject *callargs = e->transform ? transformed(e, args) : (Py_INCREF(args), args);
    if (callargs == NULL) return NULL;
    Py_INCREF(target); Py_XINCREF(status); Py_XINCREF(depth); Py_XINCREF(raiser);
    Py_XINCREF(convert);
    PyObject *result = PyObject_Call(target, callargs, NULL);
    Py_DECREF(callargs);
    if (result != NULL && status != NULL
            && ((npy_int64 *)PyArray_DATA((PyArrayObject *)status))[0] != 0) {
        Py_CLEAR(result);
        if (depth != NULL) ((npy_int64 *)PyArray_DATA((PyArrayObject *)depth))[0] = 0;
        PyObject *r = PyObject_CallNoArgs(raiser);  /* raises the reported exception */
        if (r != NULL) {
            Py_DECREF(r);
            PyErr_SetString(PyExc_SystemError, "compiled code reported a failure not raised");
        }
    }
    if (result != NULL && convert != NULL) {  /* f2py's int of a logical, a NumPy scalar */
        PyObject *converted = PyArray_DescrCheck(convert)
            ? numpy_scalar((PyArray_Descr *)convert, result)
            : PyObject_CallOneArg(convert, result);
        Py_DECREF(result);
        result = converted;
    }
    Py_DECREF(target); Py_XDECREF(status); Py_XDECREF(depth); Py_XDECREF(raiser);
    Py_XDECREF(convert);
    return result;
}

static PyObject *slow(PyObject *self, PyObject *args, PyObject *kw) {
    PyObject *m = PyObject_GetAttr(self, slow_name);
    if (m == NULL) return NULL;
    PyObject *r = PyObject_Call(m, args, kw);
    Py_DECREF(m);
    return r;
}

static PyObject not_found_marker;
#define NOT_FOUND (&not_found_marker)

/* the entry's result for `args`, or NOT_FOUND */
static PyObject *dispatch(Dispatcher *d, PyObject *args, Py_ssize_t n) {
    if (entry_match(d, &d->entries[d->last], args, n))
        return call_entry(&d->entries[d->last], args);
    for (Py_ssize_t j = 0; j < d->n; j++) {
        if (j != d->last && entry_match(d, &d->entries[j], args, n)) {
            d->last = j;
            return call_entry(&d->entries[j], args);
        }
    }
    return NOT_FOUND;
}

/* `args` with the function's trailing defaults appended; NULL (no error set) where they do
 * not fill the call or are no longer the ones registered */
static PyObject *with_defaults(Dispatcher *d, PyObject *args, Py_ssize_t n) {
    PyObject *now = PyFunction_GetDefaults(d->fn);
    Py_ssize_t nd = PyTuple_GET_SIZE(d->defaults), missing = d->argcount - n;
    if (now != d->defaults || missing > nd) return NULL;
    PyObject *full = PyTuple_New(d->argcount);
    if (full == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyTuple_GET_ITEM(args, i);
        Py_INCREF(v);
        PyTuple_SET_ITEM(full, i, v);
    }
    for (Py_ssize_t i = 0; i < missing; i++) {
        PyObject *v = PyTuple_GET_ITEM(d->defaults, nd - missing + i);
        Py_INCREF(v);
        PyTuple_SET_ITEM(full, n + i, v);
    }
    return full;
}

static PyObject *dispatcher_call(PyObject *op, PyObject *args, PyObject *kw) {
    Dispatcher *d = (Dispatcher *)op;
    if (d->n == 0 || (kw != NULL && PyDict_GET_SIZE(kw) != 0)) return slow(op, args, kw);
    if (d->ns != NULL) {
        Py_ssize_t m = PyTuple_GET_SIZE(d->names);
        for (Py_ssize_t i = 0; i < m; i++) {
            PyObject *v = PyDict_GetItemWithError(d->ns, PyTuple_GET_ITEM(d->names, i));
            if (v != PyTuple_GET_ITEM(d->values, i)) {
                PyErr_Clear();
                return slow(op, args, kw);
            }
        }
    }
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < d->argcount && d->defaults != NULL) {  /* trailing defaults, as CPython binds */
        PyObject *full = with_defaults(d, args, n);
        if (full == NULL) return PyErr_Occurred() ? NULL : slow(op, args, kw);
        PyObject *r = dispatch(d, full, d->argcount);
        Py_DECREF(full);
        return r != NOT_FOUND ? r : slow(op, args, kw);
    }
    PyObject *r = dispatch(d, args, n);
    return r != NOT_FOUND ? r : slow(op, args, kw);
}

static int set_key(Dispatcher *d, ArgKey *k, PyObject *a, unsigned char action) {
    PyTypeObject *t = Py_TYPE(a);
    k->type = t; k->descr = NULL; k->ndim = 0; k->fnc = 0; k->small = 0; k->action = action;
    if (t == &PyLong_Type || t == &PyFloat_Type || t == &PyBool_Type || t == &PyComplex_Type)
        return action == 0;
    if (!api_ready) {
        if (_import_array() < 0) return -1;
        api_ready = 1;
    }
    if (t != &PyArray_Type) return action == 0;  /* NumPy's numeric scalars (dispatch.py) */
    PyArrayObject *arr = (PyArrayObject *)a;
    k->descr = (PyObject *)PyArray_DESCR(arr);
    Py_INCREF(k->descr);
    k->ndim = PyArray_NDIM(arr);
    k->fnc = arg_fnc(arr);
    k->small = small_of(arr, k->fnc, d->small_limit);
    return 1;
}

static int is_int64(PyObject *a) {  /* f2py's integer(8) arrays are NPY_LONG or NPY_LONGLONG */
    if (Py_TYPE(a) != &PyArray_Type) return 0;
    PyArrayObject *arr = (PyArrayObject *)a;
    return PyArray_ISSIGNED(arr) && PyArray_ITEMSIZE(arr) == 8 && PyArray_ISCARRAY(arr)
        && PyArray_SIZE(arr) >= 1;
}

/* _fast_add(args, actions, target, status, depth, raiser, convert, small_limit) -> bool */
static PyObject *fast_add(PyObject *op, PyObject *a) {
    Dispatcher *d = (Dispatcher *)op;
    PyObject *args, *target, *status, *depth, *raiser, *convert;
    Py_buffer actions;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(a, "O!y*OOOOOn", &PyTuple_Type, &args, &actions, &target, &status,
                          &depth, &raiser, &convert, &limit))
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (d->n >= MAX_ENTRIES || n > MAX_ARGS || actions.len != n
            || (d->n > 0 && d->small_limit != limit)) {
        PyBuffer_Release(&actions);
        Py_RETURN_FALSE;
    }
    d->small_limit = limit;
    Entry *e = &d->entries[d->n];
    memset(e, 0, sizeof(*e));
    const unsigned char *act = (const unsigned char *)actions.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        e->nargs = i;  /* what entry_clear releases */
        int ok = set_key(d, &e->keys[i], PyTuple_GET_ITEM(args, i), act[i]);
        e->transform |= act[i] & (A_TRANSPOSE | A_INT8);
        if (ok <= 0) {
            e->nargs = i + (e->keys[i].descr != NULL);
            entry_clear(e);
            PyBuffer_Release(&actions);
            if (ok < 0) return NULL;
            Py_RETURN_FALSE;
        }
    }
    PyBuffer_Release(&actions);
    int arrays = 0, written = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        arrays += e->keys[i].descr != NULL;
        written |= (e->keys[i].action & (A_NEED_C | A_NEED_F)) != 0;
    }
    e->overlap = written && arrays >= 2;
    for (Py_ssize_t j = 0; j < d->n; j++) {
        if (keys_match(d, &d->entries[j], args, n)) {  /* already there */
            e->nargs = n;
            entry_clear(e);
            Py_RETURN_FALSE;
        }
    }
    e->nargs = n;
    Py_INCREF(target); e->target = target;
    if (status != Py_None) {
        if (!api_ready) {
            if (_import_array() < 0) { entry_clear(e); return NULL; }
            api_ready = 1;
        }
        if (!is_int64(status) || raiser == Py_None || (depth != Py_None && !is_int64(depth))) {
            entry_clear(e);
            PyErr_SetString(PyExc_TypeError, "status and depth must be int64 arrays");
            return NULL;
        }
        Py_INCREF(status); e->status = status;
        Py_INCREF(raiser); e->raiser = raiser;
        if (depth != Py_None) { Py_INCREF(depth); e->depth = depth; }
    }
    if (convert != Py_None) {
        if (!api_ready) {  /* PyArray_DescrCheck in call_entry */
            if (_import_array() < 0) { entry_clear(e); return NULL; }
            api_ready = 1;
        }
        Py_INCREF(convert); e->convert = convert;
    }
    d->last = d->n++;
    Py_RETURN_TRUE;
}

static int dispatcher_clear(PyObject *op) {
    Dispatcher *d = (Dispatcher *)op;
    for (Py_ssize_t j = 0; j < d->n; j++) entry_clear(&d->entries[j]);
    d->n = 0; d->last = 0;
    Py_CLEAR(d->ns); Py_CLEAR(d->names); Py_CLEAR(d->values);
    Py_CLEAR(d->fn); Py_CLEAR(d->defaults);
    d->argcount = 0;
    return 0;
}

static PyObject *fast_clear(PyObject *op, PyObject *unused) {
    Dispatcher *d = (Dispatcher *)op;
    for (Py_ssize_t j = 0; j < d->n; j++) entry_clear(&d->entries[j]);
    d->n = 0; d->last = 0;
    Py_RETURN_NONE;
}

/* _fast_frozen(namespace or None, names: tuple, values: tuple) */
static PyObject *fast_frozen(PyObject *op, PyObject *a) {
    Dispatcher *d = (Dispatcher *)op;
    PyObject *ns, *names, *values;
    if (!PyArg_ParseTuple(a, "OO!O!", &ns, &PyTuple_Type, &names, &PyTuple_Type, &values))
        return NULL;
    if ((ns != Py_None && !PyDict_CheckExact(ns))
            || PyTuple_GET_SIZE(names) != PyTuple_GET_SIZE(values)) {
        PyErr_SetString(PyExc_TypeError, "a dict and two tuples of one length");
        return NULL;
    }
    Py_CLEAR(d->ns); Py_CLEAR(d->names); Py_CLEAR(d->values);
    if (ns != Py_None) {
        Py_INCREF(ns); d->ns = ns;
        Py_INCREF(names); d->names = names;
        Py_INCREF(values); d->values = values;
    }
    Py_RETURN_NONE;
}

/* _fast_defaults(function, its defaults: tuple, its number of parameters): calls that leave
 * trailing parameters out take these defaults while the function still has them */
static PyObject *fast_defaults(PyObject *op, PyObject *a) {
    Dispatcher *d = (Dispatcher *)op;
    PyObject *fn, *defaults;
    Py_ssize_t argcount;
    if (!PyArg_ParseTuple(a, "O!O!n", &PyFunction_Type, &fn, &PyTuple_Type, &defaults,
                          &argcount))
        return NULL;
    Py_CLEAR(d->fn); Py_CLEAR(d->defaults);
    Py_INCREF(fn); d->fn = fn;
    Py_INCREF(defaults); d->defaults = defaults;
    d->argcount = argcount;
    Py_RETURN_NONE;
}

static PyObject *fast_count(PyObject *op, PyObject *unused) {
    return PyLong_FromSsize_t(((Dispatcher *)op)->n);
}

static int dispatcher_traverse(PyObject *op, visitproc visit, void *arg) {
    Dispatcher *d = (Dispatcher *)op;
    for (Py_ssize_t j = 0; j < d->n; j++) {
        Entry *e = &d->entries[j];
        Py_VISIT(e->target); Py_VISIT(e->status); Py_VISIT(e->depth); Py_VISIT(e->raiser);
    }
    Py_VISIT(d->ns); Py_VISIT(d->names); Py_VISIT(d->values);
    Py_VISIT(d->fn); Py_VISIT(d->defaults);
    return 0;
}

static void dispatcher_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    dispatcher_clear(op);
    Py_TYPE(op)->tp_free(op);
}

static PyMethodDef dispatcher_methods[] = {
    {"_fast_add", fast_add, METH_VARARGS, "register an entry for arguments like these"},
    {"_fast_clear", fast_clear, METH_NOARGS, "drop every entry"},
    {"_fast_frozen", fast_frozen, METH_VARARGS, "the module constants to check by identity"},
    {"_fast_defaults", fast_defaults, METH_VARARGS, "the defaults of trailing parameters"},
    {"_fast_count", fast_count, METH_NOARGS, "how many entries there are"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DispatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "transpyle_dispatch.Dispatcher",
    .tp_basicsize = sizeof(Dispatcher),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "the C call path of @transpile",
    .tp_call = dispatcher_call,
    .tp_traverse = dispatcher_traverse,
    .tp_clear = dispatcher_clear,
    .tp_dealloc = dispatcher_dealloc,
    .tp_methods = dispatcher_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "transpyle_dispatch", "the C call path of @transpile", -1, NULL,
};

PyMODINIT_FUNC PyInit_transpyle_dispatch(void) {
    if (PyType_Ready(&DispatcherType) < 0) return NULL;
    slow_name = PyUnicode_InternFromString("_slow_call");
    if (slow_name == NULL) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    Py_INCREF(&DispatcherType);
    if (PyModule_AddObject(m, "Dispatcher", (PyObject *)&DispatcherType) < 0) {
        Py_DECREF(&DispatcherType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
