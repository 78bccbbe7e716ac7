//! Plane geometry for what a page draws: points and boxes moved by a
//! [`Matrix`], the box a moved rectangle fills, intersections of boxes (a
//! clipping path of rectangles, a glyph and what is painted over it) and how
//! much of one box another covers. Boxes are [`Rect`]s in default user
//! space; a box with no area (`x0 >= x1` or `y0 >= y1`) is empty.

use super::matrix::Matrix;
use super::page_geometry::Rect;

/// The whole plane: the clip before any clipping path is set.
pub const EVERYWHERE: Rect = [
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
    f64::INFINITY,
    f64::INFINITY,
];

/// Where `matrix` moves the point `(x, y)`.
pub fn transform(matrix: &Matrix, x: f64, y: f64) -> (f64, f64) {
    let [a, b, c, d, e, f] = *matrix;
    (a * x + c * y + e, b * x + d * y + f)
}

/// The smallest box holding `rect` moved by `matrix`: the rectangle itself
/// when the matrix only scales, flips and moves (as typst's do), its
/// bounding box when it rotates or skews.
pub fn bounding_box(matrix: &Matrix, rect: &Rect) -> Rect {
    let [x0, y0, x1, y1] = *rect;
    let corners = [
        transform(matrix, x0, y0),
        transform(matrix, x1, y0),
        transform(matrix, x0, y1),
        transform(matrix, x1, y1),
    ];
    let mut bounds = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for (x, y) in corners {
        bounds = [
            bounds[0].min(x),
            bounds[1].min(y),
            bounds[2].max(x),
            bounds[3].max(y),
        ];
    }
    bounds
}

/// The box two boxes share (empty when they do not meet).
pub fn intersection(a: &Rect, b: &Rect) -> Rect {
    [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ]
}

/// The smallest box holding both.
pub fn union(a: &Rect, b: &Rect) -> Rect {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// A box's area; 0 for an empty box.
pub fn area(rect: &Rect) -> f64 {
    let (width, height) = (rect[2] - rect[0], rect[3] - rect[1]);
    if width > 0.0 && height > 0.0 {
        width * height
    } else {
        0.0
    }
}

/// A box's centre.
pub fn centre(rect: &Rect) -> (f64, f64) {
    ((rect[0] + rect[2]) / 2.0, (rect[1] + rect[3]) / 2.0)
}

/// Whether a point lies in a box (its edges included).
pub fn contains(rect: &Rect, (x, y): (f64, f64)) -> bool {
    rect[0] <= x && x <= rect[2] && rect[1] <= y && y <= rect[3]
}

/// How much of `target` (from 0 to 1) lies inside `cover`. A target with no
/// area counts as wholly inside or wholly outside by its centre.
pub fn covered_fraction(target: &Rect, cover: &Rect) -> f64 {
    let whole = area(target);
    if whole <= 0.0 || !whole.is_finite() {
        return if contains(cover, centre(target)) {
            1.0
        } else {
            0.0
        };
    }
    (area(&intersection(target, cover)) / whole).clamp(0.0, 1.0)
}

/// How far `inner` keeps inside `outer` at its nearest edge (negative where
/// it reaches past that edge), in the boxes' units.
pub fn inset(inner: &Rect, outer: &Rect) -> f64 {
    (inner[0] - outer[0])
        .min(inner[1] - outer[1])
        .min(outer[2] - inner[2])
        .min(outer[3] - inner[3])
}

/// How far a matrix's axes lean from square, in degrees: 0 for a matrix
/// that scales, flips, rotates and moves; the slant of a skew (a synthetic
/// oblique) otherwise.
pub fn skew_degrees(matrix: &Matrix) -> f64 {
    let [a, b, c, d, _, _] = *matrix;
    let (x_length, y_length) = (a.hypot(b), c.hypot(d));
    if x_length == 0.0 || y_length == 0.0 {
        return 0.0;
    }
    let cosine = ((a * c + b * d) / (x_length * y_length)).clamp(-1.0, 1.0);
    (90.0 - cosine.acos().to_degrees()).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flipped_and_moved_rectangle_keeps_its_box() {
        // typst's `1 0 0 -1 x y cm`: y runs down from the top.
        let flip = [1.0, 0.0, 0.0, -1.0, 50.0, 500.0];
        assert_eq!(
            bounding_box(&flip, &[0.0, 0.0, 10.0, 20.0]),
            [50.0, 480.0, 60.0, 500.0]
        );
        // A quarter turn: the box of the turned rectangle.
        let turn = [0.0, 1.0, -1.0, 0.0, 0.0, 0.0];
        assert_eq!(
            bounding_box(&turn, &[0.0, 0.0, 10.0, 20.0]),
            [-20.0, 0.0, 0.0, 10.0]
        );
    }

    #[test]
    fn clip_rectangles_intersect_exactly() {
        let page = [0.0, 0.0, 420.0, 595.0];
        let column = [30.0, 40.0, 200.0, 560.0];
        let clip = intersection(&intersection(&EVERYWHERE, &page), &column);
        assert_eq!(clip, column);
        let beside = [300.0, 0.0, 400.0, 100.0];
        assert_eq!(
            area(&intersection(&column, &beside)),
            0.0,
            "they do not meet"
        );
        let overlap = intersection(&column, &[100.0, 500.0, 300.0, 700.0]);
        assert_eq!(overlap, [100.0, 500.0, 200.0, 560.0]);
        assert_eq!(area(&overlap), 100.0 * 60.0);
    }

    #[test]
    fn coverage_is_the_share_of_the_box_covered() {
        let glyph = [0.0, 0.0, 10.0, 10.0];
        assert_eq!(covered_fraction(&glyph, &[-5.0, -5.0, 20.0, 20.0]), 1.0);
        assert_eq!(covered_fraction(&glyph, &[0.0, 0.0, 5.0, 10.0]), 0.5);
        assert_eq!(covered_fraction(&glyph, &[0.0, 0.0, 5.0, 5.0]), 0.25);
        assert_eq!(covered_fraction(&glyph, &[20.0, 0.0, 30.0, 10.0]), 0.0);
        // A box of no area is covered by its centre.
        let mark = [5.0, 5.0, 5.0, 8.0];
        assert_eq!(covered_fraction(&mark, &glyph), 1.0);
        assert_eq!(covered_fraction(&mark, &[6.0, 0.0, 9.0, 9.0]), 0.0);
    }

    #[test]
    fn insets_and_skews() {
        let trim = [0.0, 0.0, 100.0, 200.0];
        assert_eq!(inset(&[10.0, 30.0, 95.0, 150.0], &trim), 5.0);
        assert_eq!(inset(&[-3.0, 30.0, 95.0, 150.0], &trim), -3.0);
        assert_eq!(skew_degrees(&[1.0, 0.0, 0.0, -1.0, 3.0, 4.0]), 0.0);
        assert!(skew_degrees(&[0.0, 1.0, -1.0, 0.0, 0.0, 0.0]) < 1e-9);
        let oblique = [1.0, 0.0, 12f64.to_radians().tan(), 1.0, 0.0, 0.0];
        assert!((skew_degrees(&oblique) - 12.0).abs() < 1e-9);
    }
}
