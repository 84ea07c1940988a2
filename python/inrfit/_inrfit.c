/* _inrfit.c - the CPython extension under the inrfit package: thin types
 * over libinr's handles (include/inr.h). Arrays come in and go out through
 * the buffer protocol (numpy arrays allocated by inrfit/__init__.py), so
 * this module needs no numpy headers. Every long call releases the GIL;
 * a fit takes it back once per step to run the step callback and
 * PyErr_CheckSignals, so that Ctrl-C becomes a KeyboardInterrupt after the
 * step it arrived in. libinr blocks SIGINT, SIGTERM, SIGHUP and SIGWINCH
 * in its computing threads, so no handler ever runs inside its kernels:
 * a signal either goes to another Python thread (whose C handler only
 * records it, and the next step's check raises it) or stays pending until
 * inrfit_fit stops after its step and returns INRFIT_INTERRUPTED. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string.h>

#include "inr.h"

/* ---- errors --------------------------------------------------------------- */

/* The exception for a status, carrying libinr's one-line reason: files
 * OSError, out of memory MemoryError, unsupported RuntimeError, the rest
 * (bad arguments and options) ValueError. */
static PyObject *fail(inrfit_status st)
{
    PyObject *type = PyExc_ValueError;
    switch (st) {
    case INRFIT_ERR_IO:
    case INRFIT_ERR_FORMAT: type = PyExc_OSError; break;
    case INRFIT_ERR_NOMEM: type = PyExc_MemoryError; break;
    case INRFIT_ERR_UNSUPPORTED: type = PyExc_RuntimeError; break;
    case INRFIT_INTERRUPTED: type = PyExc_KeyboardInterrupt; break;
    default: break;
    }
    const char *why = inrfit_error();
    PyErr_SetString(type, why && *why ? why : inrfit_status_name(st));
    return NULL;
}

/* A C-contiguous buffer of `format` items ("f" float32, "d" float64). */
static int get_buffer(PyObject *obj, Py_buffer *view, const char *format, int writable,
                      const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@') f++;
    if (strcmp(f, format) != 0) {
        PyErr_Format(PyExc_ValueError, "%s: expected %s values, got format '%s'", what,
                     format[0] == 'f' ? "float32" : "float64", view->format);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* ---- Signal --------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    inrfit_signal *s;
} SignalObject;

static void Signal_dealloc(SignalObject *self)
{
    inrfit_signal_free(self->s);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject SignalType;

static PyObject *wrap_signal(inrfit_signal *s)
{
    SignalObject *o = PyObject_New(SignalObject, &SignalType);
    if (!o) {
        inrfit_signal_free(s);
        return NULL;
    }
    o->s = s;
    return (PyObject *)o;
}

static PyObject *shape_tuple(const inrfit_shape *sh)
{
    return Py_BuildValue("(iilli)", sh->dims, sh->channels, sh->height, sh->width, sh->sample_rate);
}

static PyObject *Signal_shape(SignalObject *self, PyObject *unused)
{
    (void)unused;
    inrfit_shape sh;
    inrfit_signal_shape(self->s, &sh);
    return shape_tuple(&sh);
}

/* values_into(out): the values (n x channels float32) into a buffer. */
static PyObject *Signal_values_into(SignalObject *self, PyObject *arg)
{
    Py_buffer out;
    if (get_buffer(arg, &out, "f", 1, "out") < 0) return NULL;
    inrfit_shape sh;
    inrfit_signal_shape(self->s, &sh);
    size_t n = (size_t)sh.height * sh.width * sh.channels;
    if ((size_t)out.len != n * sizeof(float)) {
        PyBuffer_Release(&out);
        return PyErr_Format(PyExc_ValueError, "out holds %zd bytes, the values %zu",
                            out.len, n * sizeof(float));
    }
    memcpy(out.buf, inrfit_signal_values(self->s), n * sizeof(float));
    PyBuffer_Release(&out);
    Py_RETURN_NONE;
}

static PyObject *Signal_winner(SignalObject *self, PyObject *unused)
{
    (void)unused;
    inrfit_winner_info wi;
    inrfit_status st;
    Py_BEGIN_ALLOW_THREADS
    st = inrfit_signal_winner(self->s, &wi);
    Py_END_ALLOW_THREADS
    if (st) return fail(st);
    return Py_BuildValue("(dddd)", wi.centroid, wi.z, wi.s0, wi.s1);
}

/* spectrum_into(out float64 (nbins,)) */
static PyObject *Signal_spectrum_into(SignalObject *self, PyObject *arg)
{
    Py_buffer out;
    if (get_buffer(arg, &out, "d", 1, "out") < 0) return NULL;
    int nbins = (int)(out.len / (Py_ssize_t)sizeof(double));
    inrfit_status st;
    Py_BEGIN_ALLOW_THREADS
    st = inrfit_signal_spectrum(self->s, nbins, out.buf);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&out);
    if (st) return fail(st);
    Py_RETURN_NONE;
}

static PyMethodDef Signal_methods[] = {
    { "shape", (PyCFunction)Signal_shape, METH_NOARGS, "(dims, channels, height, width, rate)" },
    { "values_into", (PyCFunction)Signal_values_into, METH_O, "copy the values into a buffer" },
    { "winner", (PyCFunction)Signal_winner, METH_NOARGS, "(centroid, z, s0, s1)" },
    { "spectrum_into", (PyCFunction)Signal_spectrum_into, METH_O, "FreSh spectrum into a buffer" },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject SignalType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "inrfit._inrfit.CSignal",
    .tp_basicsize = sizeof(SignalObject),
    .tp_dealloc = (destructor)Signal_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a libinr signal (use inrfit.Signal)",
    .tp_methods = Signal_methods,
};

/* load_signal(path) */
static PyObject *load_signal(PyObject *mod, PyObject *arg)
{
    (void)mod;
    PyObject *bytes;
    if (!PyUnicode_FSConverter(arg, &bytes)) return NULL;
    inrfit_signal *s;
    inrfit_status st;
    const char *path = PyBytes_AS_STRING(bytes);
    Py_BEGIN_ALLOW_THREADS
    st = inrfit_signal_load(path, &s);
    Py_END_ALLOW_THREADS
    Py_DECREF(bytes);
    if (st) return fail(st);
    return wrap_signal(s);
}

/* signal_new(values float32 buffer, dims, channels, height, width, rate, bit_depth) */
static PyObject *signal_new(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *obj;
    inrfit_shape sh;
    int bits = 16;
    if (!PyArg_ParseTuple(args, "Oiilli|i", &obj, &sh.dims, &sh.channels, &sh.height, &sh.width,
                          &sh.sample_rate, &bits))
        return NULL;
    Py_buffer in;
    if (get_buffer(obj, &in, "f", 0, "values") < 0) return NULL;
    if (sh.height < 0 || sh.width < 0 || sh.channels < 0 ||
        (size_t)in.len != (size_t)sh.height * sh.width * sh.channels * sizeof(float)) {
        PyBuffer_Release(&in);
        return PyErr_Format(PyExc_ValueError, "values hold %zd bytes, not %ld x %ld x %d floats",
                            in.len, sh.height, sh.width, sh.channels);
    }
    inrfit_signal *s;
    inrfit_status st;
    Py_BEGIN_ALLOW_THREADS
    st = inrfit_signal_new(&sh, in.buf, bits, &s);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&in);
    if (st) return fail(st);
    return wrap_signal(s);
}

/* ---- Model ---------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    inrfit_model *m;
    PyThread_type_lock lock;   /* one thread at a time uses the handle */
} ModelObject;

static PyTypeObject ModelType;

static void Model_dealloc(ModelObject *self)
{
    inrfit_model_free(self->m);
    if (self->lock) PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *wrap_model(inrfit_model *m)
{
    ModelObject *o = PyObject_New(ModelObject, &ModelType);
    if (!o) {
        inrfit_model_free(m);
        return NULL;
    }
    o->m = m;
    o->lock = PyThread_allocate_lock();
    if (!o->lock) {
        Py_DECREF(o);
        return PyErr_NoMemory();
    }
    return (PyObject *)o;
}

/* The handle for this call, or an error when another thread has it. */
static int take(ModelObject *self)
{
    if (PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) return 0;
    PyErr_SetString(PyExc_RuntimeError,
                    "the model is in use by another thread (a model is fitted or evaluated by "
                    "one thread at a time)");
    return -1;
}
static void give(ModelObject *self) { PyThread_release_lock(self->lock); }

/* model_new(kind, signal) */
static PyObject *model_new(PyObject *mod, PyObject *args)
{
    (void)mod;
    const char *kind;
    SignalObject *sig;
    if (!PyArg_ParseTuple(args, "sO!", &kind, &SignalType, &sig)) return NULL;
    inrfit_model *m;
    inrfit_status st = inrfit_model_new(kind, sig->s, &m);
    if (st) return fail(st);
    return wrap_model(m);
}

/* load_model(path) */
static PyObject *load_model(PyObject *mod, PyObject *arg)
{
    (void)mod;
    PyObject *bytes;
    if (!PyUnicode_FSConverter(arg, &bytes)) return NULL;
    inrfit_model *m;
    inrfit_status st;
    const char *path = PyBytes_AS_STRING(bytes);
    Py_BEGIN_ALLOW_THREADS
    st = inrfit_model_load(path, &m);
    Py_END_ALLOW_THREADS
    Py_DECREF(bytes);
    if (st) return fail(st);
    return wrap_model(m);
}

/* set(name, value): both strings; bad ones ValueError. */
static PyObject *Model_set(ModelObject *self, PyObject *args)
{
    const char *name, *value;
    if (!PyArg_ParseTuple(args, "ss", &name, &value)) return NULL;
    if (take(self) < 0) return NULL;
    inrfit_status st = inrfit_model_set(self->m, name, value);
    give(self);
    if (st == INRFIT_ERR_UNSUPPORTED) st = INRFIT_ERR_INVALID;   /* an option this machine refuses */
    if (st) return fail(st);
    Py_RETURN_NONE;
}

/* What a fit's step callback needs. */
typedef struct {
    PyThreadState *ts;     /* the caller's, while the GIL is released */
    PyObject *callback;    /* callback(step, steps, loss) -> stop when False; may be None */
    long done, total;      /* steps before this inrfit_fit call, and asked for in all */
    long last;             /* the last step the callback saw (in all) */
    int raised;            /* an exception is set in ts */
    int stopped;           /* the callback returned False */
} fit_ctx;

static int on_step(long step, long steps, double loss, void *user)
{
    (void)steps;
    fit_ctx *c = user;
    PyEval_RestoreThread(c->ts);
    int stop = 0;
    c->last = c->done + step;
    if (c->callback != Py_None) {
        PyObject *r = PyObject_CallFunction(c->callback, "lld", c->done + step, c->total, loss);
        if (!r) stop = c->raised = 1;
        else {
            if (r != Py_None) {
                int t = PyObject_IsTrue(r);
                if (t < 0) stop = c->raised = 1;
                else if (!t) stop = c->stopped = 1;
            }
            Py_DECREF(r);
        }
    }
    /* A signal a Python thread took: its handler runs here (in the main
     * thread; elsewhere this does nothing). */
    if (!stop && PyErr_CheckSignals() < 0) stop = c->raised = 1;
    c->ts = PyEval_SaveThread();
    return stop;
}

/* fit(signal, steps, callback): steps more steps; returns the steps done. */
static PyObject *Model_fit(ModelObject *self, PyObject *args)
{
    SignalObject *sig;
    long steps;
    PyObject *callback = Py_None;
    if (!PyArg_ParseTuple(args, "O!l|O", &SignalType, &sig, &steps, &callback)) return NULL;
    if (callback != Py_None && !PyCallable_Check(callback))
        return PyErr_Format(PyExc_TypeError, "callback must be callable or None");
    if (take(self) < 0) return NULL;
    fit_ctx c = { NULL, callback, 0, steps, 0, 0, 0 };
    inrfit_status st = INRFIT_OK;
    long start = inrfit_model_steps(self->m);
    Py_INCREF(sig);
    Py_XINCREF(callback);
    while (c.done < steps) {
        c.ts = PyEval_SaveThread();
        st = inrfit_fit(self->m, sig->s, steps - c.done, on_step, &c);
        PyEval_RestoreThread(c.ts);
        c.done = inrfit_model_steps(self->m) - start;
        if (st != INRFIT_INTERRUPTED || c.raised) break;
        /* Stopped by a signal, now delivered: its handler (KeyboardInterrupt
         * for SIGINT) runs here; one that returns lets the fit go on. */
        if (PyErr_CheckSignals() < 0) {
            c.raised = 1;
            break;
        }
        st = INRFIT_OK;
    }
    Py_DECREF(sig);
    Py_XDECREF(callback);
    give(self);
    if (c.raised) return NULL;
    if (st == INRFIT_ERR_INVALID && strstr(inrfit_error(), "diverged")) {
        PyErr_SetString(PyExc_RuntimeError, inrfit_error());
        return NULL;
    }
    if (st) return fail(st);
    return PyLong_FromLong(c.done);
}

/* eval_into(coords float32 (n, dims), out float32 (n, channels)) */
static PyObject *Model_eval_into(ModelObject *self, PyObject *args)
{
    PyObject *co, *oo;
    if (!PyArg_ParseTuple(args, "OO", &co, &oo)) return NULL;
    Py_buffer in, out;
    if (get_buffer(co, &in, "f", 0, "coords") < 0) return NULL;
    if (get_buffer(oo, &out, "f", 1, "out") < 0) {
        PyBuffer_Release(&in);
        return NULL;
    }
    inrfit_shape sh;
    inrfit_model_shape(self->m, &sh);
    long n = (long)(in.len / (Py_ssize_t)(sizeof(float) * sh.dims));
    PyObject *ret = NULL;
    if ((size_t)in.len != (size_t)n * sh.dims * sizeof(float) ||
        (size_t)out.len != (size_t)n * sh.channels * sizeof(float)) {
        PyErr_Format(PyExc_ValueError, "coords must be (n, %d) and out (n, %d)", sh.dims,
                     sh.channels);
    } else if (take(self) == 0) {
        inrfit_status st;
        Py_BEGIN_ALLOW_THREADS
        st = inrfit_model_eval(self->m, in.buf, n, out.buf);
        Py_END_ALLOW_THREADS
        give(self);
        if (st) fail(st);
        else {
            Py_INCREF(Py_None);
            ret = Py_None;
        }
    }
    PyBuffer_Release(&in);
    PyBuffer_Release(&out);
    return ret;
}

static PyObject *Model_shape(ModelObject *self, PyObject *unused)
{
    (void)unused;
    inrfit_shape sh;
    inrfit_model_shape(self->m, &sh);
    return shape_tuple(&sh);
}

static PyObject *Model_steps(ModelObject *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromLong(inrfit_model_steps(self->m));
}

static PyObject *Model_parameters(ModelObject *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromSize_t(inrfit_model_parameters(self->m));
}

static PyObject *Model_kind(ModelObject *self, PyObject *unused)
{
    (void)unused;
    return PyUnicode_FromString(inrfit_model_kind(self->m));
}

static PyObject *Model_config(ModelObject *self, PyObject *unused)
{
    (void)unused;
    char buf[8192];
    if (take(self) < 0) return NULL;
    inrfit_status st = inrfit_model_config(self->m, buf, sizeof buf);
    give(self);
    if (st) return fail(st);
    return PyUnicode_FromString(buf);
}

/* save(path, with_state) and export(path) */
static PyObject *save_or_export(ModelObject *self, PyObject *path_obj, int with_state, int export)
{
    PyObject *bytes;
    if (!PyUnicode_FSConverter(path_obj, &bytes)) return NULL;
    if (take(self) < 0) {
        Py_DECREF(bytes);
        return NULL;
    }
    inrfit_status st;
    const char *path = PyBytes_AS_STRING(bytes);
    Py_BEGIN_ALLOW_THREADS
    st = export ? inrfit_model_export(self->m, path) : inrfit_model_save(self->m, path, with_state);
    Py_END_ALLOW_THREADS
    give(self);
    Py_DECREF(bytes);
    if (st) return fail(st);
    Py_RETURN_NONE;
}

static PyObject *Model_save(ModelObject *self, PyObject *args)
{
    PyObject *path;
    int with_state = 1;
    if (!PyArg_ParseTuple(args, "O|p", &path, &with_state)) return NULL;
    return save_or_export(self, path, with_state, 0);
}

static PyObject *Model_export(ModelObject *self, PyObject *path)
{
    return save_or_export(self, path, 0, 1);
}

/* tensors(): [(name, shape tuple, bytes)], copies of the parameters. */
static PyObject *Model_tensors(ModelObject *self, PyObject *unused)
{
    (void)unused;
    if (take(self) < 0) return NULL;
    int n = inrfit_model_tensor_count(self->m);
    PyObject *list = n > 0 ? PyList_New(n) : NULL;
    for (int i = 0; list && i < n; i++) {
        inrfit_tensor t;
        inrfit_status st = inrfit_model_tensor(self->m, i, &t);
        if (st) {
            fail(st);
            Py_CLEAR(list);
            break;
        }
        size_t count = t.shape[0] * (t.ndim == 2 ? t.shape[1] : 1);
        PyObject *item = t.ndim == 2
            ? Py_BuildValue("(s(nn)y#)", t.name, (Py_ssize_t)t.shape[0], (Py_ssize_t)t.shape[1],
                            (const char *)t.data, (Py_ssize_t)(count * sizeof(float)))
            : Py_BuildValue("(s(n)y#)", t.name, (Py_ssize_t)t.shape[0], (const char *)t.data,
                            (Py_ssize_t)(count * sizeof(float)));
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, item);
    }
    if (n <= 0 && !PyErr_Occurred()) fail(INRFIT_ERR_INVALID);
    give(self);
    return list;
}

/* quality(signal): (psnr, psnr_8bit, ssim, snr) */
static PyObject *Model_quality(ModelObject *self, PyObject *arg)
{
    if (!PyObject_TypeCheck(arg, &SignalType))
        return PyErr_Format(PyExc_TypeError, "quality takes a signal");
    if (take(self) < 0) return NULL;
    inrfit_quality q;
    inrfit_status st;
    inrfit_signal *s = ((SignalObject *)arg)->s;
    Py_BEGIN_ALLOW_THREADS
    st = inrfit_model_quality(self->m, s, &q);
    Py_END_ALLOW_THREADS
    give(self);
    if (st) return fail(st);
    return Py_BuildValue("(dddd)", q.psnr, q.psnr_8bit, q.ssim, q.snr);
}

static PyMethodDef Model_methods[] = {
    { "set", (PyCFunction)Model_set, METH_VARARGS, "set(name, value)" },
    { "fit", (PyCFunction)Model_fit, METH_VARARGS, "fit(signal, steps, callback=None) -> steps done" },
    { "eval_into", (PyCFunction)Model_eval_into, METH_VARARGS, "eval_into(coords, out)" },
    { "shape", (PyCFunction)Model_shape, METH_NOARGS, "(dims, channels, height, width, rate)" },
    { "steps", (PyCFunction)Model_steps, METH_NOARGS, "training steps done" },
    { "parameters", (PyCFunction)Model_parameters, METH_NOARGS, "floats stored" },
    { "kind", (PyCFunction)Model_kind, METH_NOARGS, "the model's kind" },
    { "config", (PyCFunction)Model_config, METH_NOARGS, "key=value lines" },
    { "save", (PyCFunction)Model_save, METH_VARARGS, "save(path, with_state=True)" },
    { "export", (PyCFunction)Model_export, METH_O, "export(path): safetensors" },
    { "tensors", (PyCFunction)Model_tensors, METH_NOARGS, "[(name, shape, bytes)]" },
    { "quality", (PyCFunction)Model_quality, METH_O, "(psnr, psnr_8bit, ssim, snr)" },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "inrfit._inrfit.CModel",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a libinr model (use inrfit.Model)",
    .tp_methods = Model_methods,
};

/* grid_into(dims, height, width, out float32) */
static PyObject *grid_into(PyObject *mod, PyObject *args)
{
    (void)mod;
    inrfit_shape sh = { 0, 1, 1, 1, 0 };
    PyObject *oo;
    if (!PyArg_ParseTuple(args, "illO", &sh.dims, &sh.height, &sh.width, &oo)) return NULL;
    if ((sh.dims != 1 && sh.dims != 2) || sh.height < 1 || sh.width < 1)
        return PyErr_Format(PyExc_ValueError, "a grid of %ld x %ld points in %d dimensions",
                            sh.height, sh.width, sh.dims);
    Py_buffer out;
    if (get_buffer(oo, &out, "f", 1, "out") < 0) return NULL;
    if ((size_t)out.len != (size_t)sh.height * sh.width * sh.dims * sizeof(float)) {
        PyBuffer_Release(&out);
        return PyErr_Format(PyExc_ValueError, "out has the wrong size for the grid");
    }
    Py_BEGIN_ALLOW_THREADS
    inrfit_grid(&sh, out.buf);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&out);
    Py_RETURN_NONE;
}

/* kinds() -> the model kinds libinr fits, as a tuple of names. */
static PyObject *kinds(PyObject *mod, PyObject *unused)
{
    (void)mod, (void)unused;
    int n = 0;
    while (inrfit_kind_name(n)) n++;
    PyObject *t = PyTuple_New(n);
    for (int i = 0; t && i < n; i++) {
        PyObject *name = PyUnicode_FromString(inrfit_kind_name(i));
        if (!name) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, name);
    }
    return t;
}

static PyMethodDef module_methods[] = {
    { "kinds", kinds, METH_NOARGS, "kinds() -> the model kinds, a tuple of names" },
    { "load_signal", load_signal, METH_O, "load_signal(path) -> CSignal" },
    { "signal_new", signal_new, METH_VARARGS,
      "signal_new(values, dims, channels, height, width, rate[, bit_depth]) -> CSignal" },
    { "model_new", model_new, METH_VARARGS, "model_new(kind, signal) -> CModel" },
    { "load_model", load_model, METH_O, "load_model(path) -> CModel" },
    { "grid_into", grid_into, METH_VARARGS, "grid_into(dims, height, width, out)" },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_inrfit", "libinr for Python (the inrfit package's core)", -1,
    module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__inrfit(void)
{
    if (PyType_Ready(&SignalType) < 0 || PyType_Ready(&ModelType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&SignalType);
    Py_INCREF(&ModelType);
    if (PyModule_AddObject(m, "CSignal", (PyObject *)&SignalType) < 0 ||
        PyModule_AddObject(m, "CModel", (PyObject *)&ModelType) < 0 ||
        PyModule_AddIntConstant(m, "API_VERSION", INRFIT_API_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
