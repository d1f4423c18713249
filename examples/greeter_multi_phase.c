/*
 * The same greeter with multi-phase initialization and the Py_mod_gil slot set
 * to Py_MOD_GIL_NOT_USED: it declares that it is safe to run without the GIL,
 * so a free-threaded interpreter imports it and keeps the GIL off.
 *
 *     pythons ext build examples/greeter_multi_phase.c --python 3.13t
 *     pythons ext check greeter_multi_phase.cpython-313t-x86_64-linux-gnu.so
 *
 * The module has no mutable state, which is what makes the declaration true.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
greet(PyObject *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name)) {
        return NULL;
    }
    return PyUnicode_FromFormat("Hello, %s!", name);
}

static PyMethodDef greeter_methods[] = {
    {"greet", greet, METH_VARARGS, "Return a greeting for NAME."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot greeter_slots[] = {
#ifdef Py_mod_gil
    /* Py_mod_gil exists from 3.13 on; older headers build without it. */
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef greeter_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "greeter_multi_phase",
    .m_doc = "Greets people; multi-phase init, safe without the GIL.",
    .m_size = 0,
    .m_methods = greeter_methods,
    .m_slots = greeter_slots,
};

PyMODINIT_FUNC
PyInit_greeter_multi_phase(void)
{
    return PyModuleDef_Init(&greeter_module);
}
