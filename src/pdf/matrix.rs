//! Affine matrices as PDF writes them (`[a b c d e f]`), for placing text
//! and forms on a page.

/// An affine matrix `[a b c d e f]`, as PDF writes them.
pub(crate) type Matrix = [f64; 6];

/// The matrix that moves nothing.
pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `second`, as PDF composes matrices.
pub(crate) fn multiply(first: &Matrix, second: &Matrix) -> Matrix {
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
