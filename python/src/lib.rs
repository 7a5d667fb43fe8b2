//! `mentormatch._mentormatch`, the native half of the Python package
//! `mentormatch`: scipy-compatible assignment solvers on numpy arrays
//! (`solvers`) and the engine on a validated network (`engine`). The
//! Python half (`mentormatch/__init__.py`) converts inputs and parses the
//! JSON the engine returns.

mod engine;
mod solvers;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    _mentormatch,
    MentormatchError,
    PyValueError,
    "An error of the mentormatch library: a file that cannot be read, or input \
     that is malformed, inconsistent or out of range. The message names the file, \
     record, field and value; so do the attributes `kind`, `file`, `record`, \
     `field`, `value` and `reason`."
);

/// The library's error as a `MentormatchError` with its parts as attributes.
pub(crate) fn to_py(error: mentormatch::Error) -> PyErr {
    Python::with_gil(|py| {
        let err = MentormatchError::new_err(error.to_string());
        let value = err.value(py);
        let parts = match error.as_invalid() {
            Some(invalid) => [
                format!("{:?}", invalid.kind()),
                invalid.file().to_string(),
                invalid.record().to_string(),
                invalid.field().to_string(),
                invalid.value().to_string(),
                invalid.reason().to_string(),
            ],
            None => {
                let (file, reason) = match &error {
                    mentormatch::Error::Io { path, source } => {
                        (path.display().to_string(), source.to_string())
                    }
                    _ => (String::new(), error.to_string()),
                };
                [
                    format!("{:?}", error.kind()),
                    file,
                    String::new(),
                    String::new(),
                    String::new(),
                    reason,
                ]
            }
        };
        let names = ["kind", "file", "record", "field", "value", "reason"];
        for (name, part) in names.into_iter().zip(parts) {
            // Setting an attribute on a fresh exception cannot fail.
            let _ = value.setattr(name, part);
        }
        err
    })
}

#[pymodule]
fn _mentormatch(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("MentormatchError", m.py().get_type::<MentormatchError>())?;
    m.add_function(wrap_pyfunction!(solvers::linear_sum_assignment, m)?)?;
    m.add_function(wrap_pyfunction!(solvers::full_matching, m)?)?;
    m.add_function(wrap_pyfunction!(solvers::assign, m)?)?;
    m.add_class::<engine::NativeNetwork>()?;
    Ok(())
}
