/*
 * A one-function extension module with single-phase initialization and no
 * free-threading declaration. Imported by a free-threaded interpreter, it turns
 * the GIL back on for the whole process and CPython prints a RuntimeWarning.
 *
 *     pythons ext build examples/greeter_single_phase.c --python 3.13t
 *     pythons ext check greeter_single_phase.cpython-313t-x86_64-linux-gnu.so
 *
 * The fix for a single-phase module is one call after PyModule_Create:
 *
 *     #ifdef Py_GIL_DISABLED
 *     PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);
 *     #endif
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

static struct PyModuleDef greeter_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "greeter_single_phase",
    .m_doc = "Greets people; single-phase init, no Py_mod_gil declaration.",
    .m_size = -1,
    .m_methods = greeter_methods,
};

PyMODINIT_FUNC
PyInit_greeter_single_phase(void)
{
    return PyModule_Create(&greeter_module);
}
