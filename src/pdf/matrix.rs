//! Affine matrices as PDF writes them (`[a b c d e f]`), for placing text
//! and forms on a page.

use lopdf::{Document, Object};

use super::PdfError;
use super::objects::numbers;

/// An affine matrix `[a b c d e f]`, as PDF writes them.
pub type Matrix = [f64; 6];

/// The matrix that moves nothing.
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `second`, as PDF composes matrices.
pub fn multiply(first: &Matrix, second: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [p, q, r, s, t, u] = *second;
    [
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    ]
}

/// A matrix written as six numbers (a `cm` operation's operands, a form's
/// `/Matrix`), following references.
pub fn matrix_from(doc: &Document, objects: &[Object]) -> Result<Matrix, PdfError> {
    match numbers(doc, objects, "a matrix")?[..] {
        [a, b, c, d, e, f] => Ok([a, b, c, d, e, f]),
        ref other => Err(PdfError::malformed(
            "a matrix",
            format!("holds {} numbers, not 6", other.len()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_first_then_second() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 5.0];
        assert_eq!(multiply(&scale, &shift), [2.0, 0.0, 0.0, 2.0, 10.0, 5.0]);
        assert_eq!(multiply(&shift, &scale), [2.0, 0.0, 0.0, 2.0, 20.0, 10.0]);
        assert_eq!(multiply(&IDENTITY, &shift), shift);
    }

    #[test]
    fn a_matrix_holds_six_numbers() {
        let document = Document::with_version("1.7");
        let six: Vec<Object> = (1..=6).map(Object::Integer).collect();
        assert_eq!(
            matrix_from(&document, &six),
            Ok([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        );
        assert_eq!(
            matrix_from(&document, &six[..4]).unwrap_err().to_string(),
            "a matrix holds 4 numbers, not 6"
        );
    }
}
