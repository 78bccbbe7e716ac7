//! Colours as a reader's eye meets them: a PDF's device colour values as
//! sRGB, one colour laid over another with some opacity, and the contrast
//! between two colours as WCAG 2.x measures it (relative luminance, and the
//! ratio `(L1 + 0.05) / (L2 + 0.05)`, from 1:1 to 21:1).
//!
//! CMYK is turned into RGB naively (`r = (1 - c)(1 - k)`), without an ICC
//! profile: the contrast of black or white ink on white paper is the same
//! either way, and a colour near the limit is a colour to change anyway.

/// A colour in sRGB, each component from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub [f64; 3]);

/// White paper.
pub const WHITE: Rgb = Rgb([1.0, 1.0, 1.0]);

/// Black ink.
pub const BLACK: Rgb = Rgb([0.0, 0.0, 0.0]);

impl Rgb {
    /// A grey (0 is black, 1 white).
    pub fn grey(level: f64) -> Rgb {
        let level = level.clamp(0.0, 1.0);
        Rgb([level; 3])
    }

    /// An RGB colour, its components clamped to 0..1.
    pub fn new(r: f64, g: f64, b: f64) -> Rgb {
        Rgb([r, g, b].map(|value| value.clamp(0.0, 1.0)))
    }

    /// A CMYK colour, turned into RGB without a profile.
    pub fn cmyk(c: f64, m: f64, y: f64, k: f64) -> Rgb {
        let ink = |value: f64| value.clamp(0.0, 1.0);
        let k = ink(k);
        Rgb([c, m, y].map(|value| (1.0 - ink(value)) * (1.0 - k)))
    }

    /// The colour a device space with `values` (as many as its components:
    /// 1 grey, 3 RGB, 4 CMYK) gives; `None` for any other count.
    pub fn from_components(values: &[f64]) -> Option<Rgb> {
        match *values {
            [grey] => Some(Rgb::grey(grey)),
            [r, g, b] => Some(Rgb::new(r, g, b)),
            [c, m, y, k] => Some(Rgb::cmyk(c, m, y, k)),
            _ => None,
        }
    }

    /// This colour laid over `under` with `opacity` (0 shows only `under`,
    /// 1 only this colour).
    pub fn over(self, under: Rgb, opacity: f64) -> Rgb {
        let opacity = opacity.clamp(0.0, 1.0);
        let mut mixed = [0.0; 3];
        for (index, value) in mixed.iter_mut().enumerate() {
            *value = opacity * self.0[index] + (1.0 - opacity) * under.0[index];
        }
        Rgb(mixed)
    }

    /// Its relative luminance (WCAG 2.x): 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        let linear = |value: f64| {
            if value <= 0.04045 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(linear);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// Its name in words: `black`, `white`, or `#rrggbb`.
    pub fn describe(self) -> String {
        let bytes = self
            .0
            .map(|value| (value.clamp(0.0, 1.0) * 255.0).round() as u8);
        match bytes {
            [0, 0, 0] => "black".to_owned(),
            [255, 255, 255] => "white".to_owned(),
            [r, g, b] => format!("#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

/// The WCAG 2.x contrast ratio of two colours, from 1 (the same) to 21
/// (black on white), whichever is lighter.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (a, b) = (a.luminance(), b.luminance());
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_measured_as_wcag_does() {
        assert!((contrast_ratio(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(WHITE, BLACK) - 21.0).abs() < 1e-9);
        assert_eq!(contrast_ratio(WHITE, WHITE), 1.0);
        // WCAG's own examples: #767676 on white is the lightest grey that
        // passes 4.5:1; #777777 fails.
        let passes = Rgb::grey(f64::from(0x76) / 255.0);
        let fails = Rgb::grey(f64::from(0x77) / 255.0);
        assert!(contrast_ratio(passes, WHITE) >= 4.5);
        assert!(contrast_ratio(fails, WHITE) < 4.5);
        // Pure red on white is 4:1.
        let red = Rgb::new(1.0, 0.0, 0.0);
        assert!((contrast_ratio(red, WHITE) - 4.0).abs() < 0.01);
    }

    #[test]
    fn device_colours_and_opacity() {
        assert_eq!(Rgb::cmyk(0.0, 0.0, 0.0, 1.0), BLACK);
        assert_eq!(Rgb::cmyk(0.0, 0.0, 0.0, 0.0), WHITE);
        assert_eq!(Rgb::from_components(&[1.0]), Some(WHITE));
        assert_eq!(Rgb::from_components(&[1.0, 2.0]), None);
        assert_eq!(BLACK.over(WHITE, 0.0), WHITE);
        assert_eq!(BLACK.over(WHITE, 0.5), Rgb::grey(0.5));
        assert_eq!(WHITE.describe(), "white");
        assert_eq!(Rgb::new(1.0, 0.0, 0.5).describe(), "#ff0080");
    }
}
