//! The cascade over one content document, and what it leaves a reader
//! able to see: for each element, whether it is removed (`display: none`,
//! the `hidden` attribute) and, if not, whether its own text can be seen,
//! and if not why (hidden, moved off screen, clipped away, shrunk to
//! nothing by a transform, transparent, in a colour with no alpha, too
//! small, too close to its background's colour). A colour is judged only
//! where nothing else may draw the text (a `text-shadow`, a
//! `-webkit-text-stroke`, a background clipped to the text);
//! `-webkit-text-fill-color`, where given, is the colour judged. Where
//! the background is not known (an image, perhaps another colour), a
//! colour is still too faint if its alpha is so low that no background
//! could give it contrast enough.
//!
//! The cascade ranks declarations as CSS does: `!important` over normal,
//! the `style` attribute over any selector, then specificity, then order;
//! the `hidden` attribute is the browser's own `display: none`, which any
//! author `display` overrides. `visibility`, `color`, `font-size` and
//! `text-indent` inherit (and `-webkit-text-fill-color`, `text-shadow`
//! and `-webkit-text-stroke`); the rest do not, though what removes, clips,
//! shrinks or moves an element takes its descendants with it.
//!
//! Conservative throughout: a rule that only *perhaps* applies (its
//! selector holds something the reader does not judge, or it sits in an
//! `@media` block) never hides text, but when it outranks the declaration
//! that would hide, the property counts as unknown, and unknown never
//! hides. A value the reader does not understand is unknown too.

use std::rc::Rc;

use roxmltree::Node;

use super::css::{Colour, Declaration, Length, PROPERTIES, Property, Sheet, Value};
use super::selector::{Match, Place, Selector, Specificity};
use crate::outputs::unseen::Why;

/// Text smaller than this many CSS pixels (4.5 pt) cannot be read.
pub const MIN_FONT_PX: f64 = 6.0;
/// Text whose contrast with its background is below this ratio (WCAG's
/// formula) cannot be told from it.
pub const MIN_CONTRAST: f64 = 1.5;
/// An offset at or past these many pixels moves a box off any screen:
/// `left: -9999px` and its kind.
const OFF_SCREEN_BEFORE_PX: f64 = -1000.0;
/// ... or as far the other way.
const OFF_SCREEN_AFTER_PX: f64 = 5000.0;
/// A box this small or smaller, with its overflow hidden, shows nothing.
const TINY_BOX_PX: f64 = 1.0;
/// The font size of the root's parent, and of `initial` (`medium`).
const MEDIUM_PX: f64 = 16.0;

/// The style rules that apply to one content document, in cascade order.
#[derive(Debug, Default)]
pub struct Cascade {
    sheets: Vec<Rc<Sheet>>,
    entries: Vec<Entry>,
    compounds: usize,
    declarations: usize,
    needs_places: bool,
}

/// One selector of one rule, with where its matching state sits.
#[derive(Debug)]
struct Entry {
    sheet: usize,
    rule: usize,
    selector: usize,
    certain: bool,
    offset: usize,
}

impl Cascade {
    /// Adds a sheet's rules after those already added; `certain` is false
    /// for a sheet that may not apply on screen (`media="print"`).
    pub fn add(&mut self, sheet: Rc<Sheet>, certain: bool) {
        let index = self.sheets.len();
        for (r, rule) in sheet.rules.iter().enumerate() {
            for (s, selector) in rule.selectors.selectors.iter().enumerate() {
                self.entries.push(Entry {
                    sheet: index,
                    rule: r,
                    selector: s,
                    certain: certain && rule.certain,
                    offset: self.compounds,
                });
                self.compounds += selector.compounds.len();
                self.declarations += rule.declarations.len();
                self.needs_places |= selector.needs_places();
            }
        }
        self.sheets.push(sheet);
    }

    /// Roughly how many steps styling one element takes: the measure the
    /// reader's work limit counts in.
    pub fn work_per_element(&self) -> usize {
        self.compounds + self.declarations + 1
    }

    /// Whether any selector needs an element's place among its siblings.
    pub fn needs_places(&self) -> bool {
        self.needs_places
    }

    fn selector(&self, entry: &Entry) -> &Selector {
        &self.sheets[entry.sheet].rules[entry.rule]
            .selectors
            .selectors[entry.selector]
    }

    fn declarations(&self, entry: &Entry) -> &[Declaration] {
        &self.sheets[entry.sheet].rules[entry.rule].declarations
    }

    /// The style of `element`, whose parent's style is `parent` (`None`
    /// for the root element). `block_by_default` says whether the element
    /// is laid out as a block when no `display` says otherwise; `rem` is
    /// the root element's font size (for the root itself, `medium`).
    pub fn style(
        &self,
        element: Node<'_, '_>,
        place: Option<Place>,
        parent: Option<&Styled>,
        block_by_default: bool,
        rem: Option<f64>,
    ) -> Styled {
        let mut state = vec![(Match::No, Match::No); self.compounds];
        let local = local_declarations(element);
        let mut slots: [Slot<'_>; PROPERTIES] = std::array::from_fn(|_| Slot::default());
        for (order, entry) in self.entries.iter().enumerate() {
            let selector = self.selector(entry);
            let range = entry.offset..entry.offset + selector.compounds.len();
            let parent_state = parent.map(|p| &p.state[range.clone()]);
            let matched = selector.step(element, place, parent_state, &mut state[range]);
            if matched == Match::No {
                continue;
            }
            let definite = matched == Match::Yes && entry.certain;
            for declaration in self.declarations(entry) {
                let rank = Rank {
                    tier: if declaration.important { 2 } else { 1 },
                    inline: false,
                    specificity: selector.specificity,
                    order: order as u32,
                };
                slots[declaration.property.index()].offer(rank, declaration, definite);
            }
        }
        for (declaration, tier) in &local {
            let rank = Rank {
                tier: *tier,
                inline: *tier > 0,
                specificity: (0, 0, 0),
                order: u32::MAX,
            };
            slots[declaration.property.index()].offer(rank, declaration, true);
        }
        let initial = Computed::initial();
        let parent_computed = parent.map_or(&initial, |p| &p.computed);
        let declared = |property: Property| slots[property.index()].declared();
        let computed = compute(declared, parent_computed, block_by_default, rem);
        let removed = match declared(Property::Display) {
            Declared::Given(d) if d.value == Value::Keyword("none".into()) => {
                Some(d.written.clone())
            }
            _ => None,
        };
        let text = computed.text_hidden();
        Styled {
            state,
            computed,
            removed,
            text,
            unknown: false,
        }
    }
}

/// The declarations an element carries itself: its `style` attribute
/// (tier 1 or 2, by importance) and the browser's own rules for it (tier
/// 0): `[hidden]` and a closed `<dialog>` are `display: none`.
fn local_declarations(element: Node<'_, '_>) -> Vec<(Declaration, u8)> {
    let mut local = Vec::new();
    let plain = |name: &str| {
        element
            .attributes()
            .find(|a| a.namespace().is_none() && a.name() == name)
            .map(|a| a.value())
    };
    let removed_by = |how: &str| Declaration {
        property: Property::Display,
        value: Value::Keyword("none".into()),
        important: false,
        written: how.into(),
    };
    if plain("hidden").is_some() {
        local.push((removed_by("the hidden attribute"), 0));
    } else if element.tag_name().name() == "dialog" && plain("open").is_none() {
        local.push((removed_by("a closed dialog"), 0));
    }
    if let Some(style) = plain("style") {
        for declaration in super::css::style_attribute(style) {
            let tier = if declaration.important { 2 } else { 1 };
            local.push((declaration, tier));
        }
    }
    local
}

/// Where a declaration ranks in the cascade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    /// 0 the browser's own, 1 normal, 2 `!important`.
    tier: u8,
    /// From the `style` attribute.
    inline: bool,
    specificity: Specificity,
    order: u32,
}

/// The declarations offered for one property of one element.
#[derive(Debug, Default)]
struct Slot<'d> {
    /// The best-ranked declaration that certainly applies.
    definite: Option<(Rank, &'d Declaration)>,
    /// The best rank among those that perhaps apply.
    perhaps: Option<Rank>,
}

impl<'d> Slot<'d> {
    /// Offers are made in document order, so of two that rank the same
    /// (declarations of one rule, or of one `style` attribute) the later
    /// wins, as in CSS.
    fn offer(&mut self, rank: Rank, declaration: &'d Declaration, definite: bool) {
        if definite {
            if self.definite.is_none_or(|(best, _)| rank >= best) {
                self.definite = Some((rank, declaration));
            }
        } else if self.perhaps.is_none_or(|best| rank >= best) {
            self.perhaps = Some(rank);
        }
    }

    fn declared(&self) -> Declared<'d> {
        match (self.definite, self.perhaps) {
            (Some((rank, _)), Some(perhaps)) if perhaps > rank => Declared::Unsure,
            (Some((_, declaration)), _) => Declared::Given(declaration),
            (None, Some(_)) => Declared::Unsure,
            (None, None) => Declared::Absent,
        }
    }
}

/// What the cascade gives for one property of one element.
#[derive(Debug, Clone, Copy)]
enum Declared<'d> {
    /// Nothing declares it.
    Absent,
    /// This declaration wins.
    Given(&'d Declaration),
    /// A rule that perhaps applies could win: the reader cannot say.
    Unsure,
}

/// An element's style, as far as the reader judges it.
#[derive(Debug, Clone)]
pub struct Styled {
    /// Each selector's matching state at this element.
    state: Vec<(Match, Match)>,
    computed: Computed,
    /// How the element is removed from the page with all it holds
    /// (`display: none`, `the hidden attribute`), if it is.
    pub removed: Option<Rc<str>>,
    /// Why the element's own text cannot be seen, if it cannot.
    pub text: Option<Why>,
    /// Whether the reader did not style it (nothing about it is known).
    unknown: bool,
}

impl Styled {
    /// The style of an element the reader does not style (deeper than it
    /// follows): nothing about it is known, so nothing in it is hidden.
    pub fn unknown() -> Styled {
        Styled {
            state: Vec::new(),
            computed: Computed::unknown(),
            removed: None,
            text: None,
            unknown: true,
        }
    }

    /// Whether it is [`Styled::unknown`]: its descendants are not styled
    /// either.
    pub fn is_unknown(&self) -> bool {
        self.unknown
    }

    /// Its font size in CSS pixels, if known.
    pub fn font_px(&self) -> Option<f64> {
        self.computed.font_px
    }
}

/// How an element is laid out, as far as it matters here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boxing {
    Block,
    Inline,
    Unknown,
}

/// The `position` of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Static,
    Relative,
    Absolute,
    Fixed,
    Unknown,
}

/// `visibility`, inherited.
#[derive(Debug, Clone, PartialEq)]
enum Visibility {
    Visible,
    Hidden(Rc<str>),
    Unknown,
}

/// `-webkit-text-fill-color`, inherited: what paints the glyphs.
#[derive(Debug, Clone, PartialEq)]
enum Fill {
    /// `currentcolor`, the initial value: the element's own `color`.
    Current,
    /// A colour, with how it was written.
    Colour(Colour, Rc<str>),
    /// Not known.
    Unknown,
}

/// The computed values the reader judges by; `None` is unknown.
#[derive(Debug, Clone)]
struct Computed {
    font_px: Option<f64>,
    colour: Option<Colour>,
    /// How `color` was set (`color: transparent`), if a declaration set it.
    colour_how: Option<Rc<str>>,
    fill: Fill,
    /// Whether its text may be drawn by more than its fill: a
    /// `text-shadow` or `-webkit-text-stroke` (inherited), or a background
    /// clipped to the text on it or an ancestor (or perhaps any of these).
    /// Its colour is then not judged.
    paints: bool,
    /// Whether a `text-shadow` (perhaps) applies.
    shadow: bool,
    /// Whether a `-webkit-text-stroke` (perhaps) applies.
    stroke: bool,
    /// Whether it or an ancestor (perhaps) clips its background to text.
    clip_text: bool,
    /// What shrank it or an ancestor to nothing (`transform: scale(0)`),
    /// if something did.
    flattened: Option<Rc<str>>,
    /// The element's own `background-color`.
    own_background: Option<Colour>,
    /// Whether it has a background image (or perhaps has).
    own_image: bool,
    /// The opaque colour its text is drawn on.
    backdrop: Option<Colour>,
    /// Whether that is the reading system's page, with no background
    /// declared on the way.
    on_page: bool,
    visibility: Visibility,
    /// `text-indent`, in pixels, with how it was written.
    indent: Option<(f64, Rc<str>)>,
    /// The `text-indent` of the block its text is laid out in.
    line_indent: Option<(f64, Rc<str>)>,
    position: Position,
    own_opacity: f64,
    /// The product of its and its ancestors' opacities.
    opacity: f64,
    /// What made the opacity 0, if something did.
    transparent: Option<Rc<str>>,
    /// How the element and what it holds are moved off screen or clipped
    /// away, if they are.
    gone: Option<String>,
}

impl Computed {
    /// The values the root element inherits: a reading system's defaults.
    fn initial() -> Computed {
        Computed {
            font_px: Some(MEDIUM_PX),
            colour: Some(Colour::BLACK),
            colour_how: None,
            fill: Fill::Current,
            paints: false,
            shadow: false,
            stroke: false,
            clip_text: false,
            flattened: None,
            own_background: Some(TRANSPARENT),
            own_image: false,
            backdrop: Some(Colour::WHITE),
            on_page: true,
            visibility: Visibility::Visible,
            indent: Some((0.0, "".into())),
            line_indent: Some((0.0, "".into())),
            position: Position::Static,
            own_opacity: 1.0,
            opacity: 1.0,
            transparent: None,
            gone: None,
        }
    }

    fn unknown() -> Computed {
        Computed {
            font_px: None,
            colour: None,
            colour_how: None,
            fill: Fill::Unknown,
            paints: true,
            shadow: true,
            stroke: true,
            clip_text: true,
            flattened: None,
            own_background: None,
            own_image: true,
            backdrop: None,
            on_page: false,
            visibility: Visibility::Unknown,
            indent: None,
            line_indent: None,
            position: Position::Unknown,
            own_opacity: 1.0,
            opacity: 1.0,
            transparent: None,
            gone: None,
        }
    }

    /// Why text in this element cannot be seen, if it cannot.
    fn text_hidden(&self) -> Option<Why> {
        if let Some(how) = &self.gone {
            return Some(Why::Hidden { how: how.clone() });
        }
        if let Some(how) = &self.transparent {
            return Some(Why::Hidden {
                how: how.to_string(),
            });
        }
        if let Some(how) = &self.flattened {
            return Some(Why::Hidden {
                how: format!("shrunk to nothing by {how}"),
            });
        }
        if let Visibility::Hidden(how) = &self.visibility {
            return Some(Why::Hidden {
                how: how.to_string(),
            });
        }
        if let Some((px, how)) = &self.line_indent
            && *px <= OFF_SCREEN_BEFORE_PX
        {
            return Some(Why::Hidden {
                how: format!("moved off screen by {how}"),
            });
        }
        let ink = if self.paints { None } else { self.ink() };
        if let Some((colour, how)) = &ink
            && colour.a <= 0.0
        {
            // No colour at all: unseen on any background.
            return Some(Why::Hidden {
                how: how
                    .as_deref()
                    .unwrap_or("a transparent text colour")
                    .to_owned(),
            });
        }
        if let Some(px) = self.font_px
            && px < MIN_FONT_PX
        {
            return Some(Why::TooSmall {
                size_pt: px * 0.75,
                minimum_pt: MIN_FONT_PX * 0.75,
                standard: "legible".into(),
            });
        }
        let (colour, _) = ink?;
        let Some(backdrop) = self.backdrop else {
            // The background is not known (an image, or a colour set
            // differently for dark mode), but a colour faint enough is too
            // close to any.
            let most = (CONTRAST_PER_ALPHA * colour.a * self.opacity).exp();
            return (most < MIN_CONTRAST).then(|| Why::LowContrast {
                colour: words(colour),
                against: "any background".into(),
                ratio: most,
                minimum: MIN_CONTRAST,
            });
        };
        let seen = over(
            Colour {
                a: colour.a * self.opacity,
                ..colour
            },
            backdrop,
        );
        let ratio = contrast(seen, backdrop);
        (ratio < MIN_CONTRAST).then(|| Why::LowContrast {
            colour: words(colour),
            against: if self.on_page {
                "a white page".to_owned()
            } else {
                format!("a {} background", words(backdrop))
            },
            ratio,
            minimum: MIN_CONTRAST,
        })
    }
}

impl Computed {
    /// The colour that paints its glyphs (`-webkit-text-fill-color`, or
    /// else `color`) and the declaration that set it, if known.
    fn ink(&self) -> Option<(Colour, Option<Rc<str>>)> {
        match &self.fill {
            Fill::Current => self.colour.map(|c| (c, self.colour_how.clone())),
            Fill::Colour(c, how) => Some((*c, Some(how.clone()))),
            Fill::Unknown => None,
        }
    }
}

const TRANSPARENT: Colour = Colour {
    r: 0.0,
    g: 0.0,
    b: 0.0,
    a: 0.0,
};

/// How far, at most, a colour of alpha 1 blended over any opaque
/// background can take the logarithm of its contrast with it: the
/// greatest `lin'(v) / (lin(v) + 0.05)` of the sRGB transfer function
/// `lin` over `v` in 0..1 (about 4.03, near `v` = 0.3), rounded up. Each
/// channel moves by at most alpha, and the contrast's logarithm by at most
/// this much per unit of each channel's move (weighted as luminance is),
/// so a colour of alpha `a` has a contrast under `e^(CONTRAST_PER_ALPHA *
/// a)` with whatever lies under it: under 1.5:1 for an alpha under about
/// 0.1.
const CONTRAST_PER_ALPHA: f64 = 4.05;

/// A length in pixels, for an element of font size `font` (`None` for a
/// percentage, `auto`, or anything relative to what is unknown).
fn pixels(length: Length, font: Option<f64>, rem: Option<f64>) -> Option<f64> {
    match length {
        Length::Px(px) => Some(px),
        Length::Em(em) => font.map(|f| f * em),
        Length::Rem(r) => rem.map(|f| f * r),
        _ => None,
    }
}

/// The element's computed values, from what the cascade declared and its
/// parent's.
fn compute<'d>(
    declared: impl Fn(Property) -> Declared<'d>,
    parent: &Computed,
    block_by_default: bool,
    rem: Option<f64>,
) -> Computed {
    use Property as P;
    // The declaration, or what a CSS-wide keyword stands for: `Err(true)`
    // to inherit, `Err(false)` for the initial value.
    let given = |property: Property, inherited: bool| -> Result<Option<&'d Declaration>, bool> {
        match declared(property) {
            Declared::Absent => Err(inherited),
            Declared::Unsure => Ok(None),
            Declared::Given(d) => match d.value {
                Value::Inherit => Err(true),
                Value::Initial => Err(false),
                Value::Unset => Err(inherited),
                _ => Ok(Some(d)),
            },
        }
    };

    let font_px = match given(P::FontSize, true) {
        Err(true) => parent.font_px,
        Err(false) => Some(MEDIUM_PX),
        Ok(None) => None,
        Ok(Some(d)) => match d.value {
            Value::Length(Length::Px(px)) if px >= 0.0 => Some(px),
            Value::Length(Length::Em(em)) if em >= 0.0 => parent.font_px.map(|p| p * em),
            Value::Length(Length::Percent(pc)) if pc >= 0.0 => {
                parent.font_px.map(|p| p * pc / 100.0)
            }
            Value::Length(Length::Rem(r)) if r >= 0.0 => rem.map(|f| f * r),
            Value::Length(Length::Larger) => parent.font_px.map(|p| p * 1.2),
            Value::Length(Length::Smaller) => parent.font_px.map(|p| p / 1.2),
            _ => None,
        },
    };
    let length = |property: Property| -> Option<(f64, Rc<str>)> {
        match given(property, false) {
            Ok(Some(d)) => match d.value {
                Value::Length(length) => Some((pixels(length, font_px, rem)?, d.written.clone())),
                _ => None,
            },
            _ => None,
        }
    };
    let keyword = |property: Property| -> Option<(&'d str, &'d Rc<str>)> {
        match given(property, false) {
            Ok(Some(d)) => match &d.value {
                Value::Keyword(k) => Some((k.as_str(), &d.written)),
                _ => None,
            },
            _ => None,
        }
    };

    let (colour, colour_how) = match given(P::Color, true) {
        Err(true) => (parent.colour, parent.colour_how.clone()),
        Err(false) => (Some(Colour::BLACK), None),
        Ok(Some(d)) => match d.value {
            Value::Colour(c) => (Some(c), Some(d.written.clone())),
            Value::CurrentColour => (parent.colour, parent.colour_how.clone()),
            _ => (None, None),
        },
        Ok(None) => (None, None),
    };
    let fill = match given(P::FillColor, true) {
        Err(true) => parent.fill.clone(),
        Err(false) => Fill::Current,
        Ok(Some(d)) => match d.value {
            Value::Colour(c) => Fill::Colour(c, d.written.clone()),
            Value::CurrentColour => Fill::Current,
            _ => Fill::Unknown,
        },
        Ok(None) => Fill::Unknown,
    };
    // What else may draw the text: unknown counts as drawing.
    let shadow = match given(P::TextShadow, true) {
        Err(true) => parent.shadow,
        Err(false) => false,
        Ok(Some(d)) => d.value != Value::Keyword("none".into()),
        Ok(None) => true,
    };
    let stroke = match given(P::TextStroke, true) {
        Err(true) => parent.stroke,
        Err(false) => false,
        Ok(Some(d)) => d.value != Value::Length(Length::Px(0.0)),
        Ok(None) => true,
    };
    let clip_text = parent.clip_text
        || match given(P::BackgroundClip, false) {
            Err(_) => false,
            Ok(Some(d)) => !matches!(
                &d.value,
                Value::Keyword(k) if matches!(k.as_str(), "border-box" | "padding-box" | "content-box")
            ),
            Ok(None) => true,
        };
    // A transform does not inherit, but takes what the element holds with
    // it, whatever its position.
    let flattened = [P::Transform, P::Scale]
        .into_iter()
        .find_map(|property| match given(property, false) {
            Ok(Some(d)) if d.value == Value::Flattens(true) => Some(d.written.clone()),
            _ => None,
        })
        .or_else(|| parent.flattened.clone());

    let visibility = match given(P::Visibility, true) {
        Err(true) => parent.visibility.clone(),
        Err(false) => Visibility::Visible,
        Ok(Some(d)) => match &d.value {
            Value::Keyword(k) if k == "visible" => Visibility::Visible,
            Value::Keyword(k) if k == "hidden" || k == "collapse" => {
                Visibility::Hidden(d.written.clone())
            }
            _ => Visibility::Unknown,
        },
        Ok(None) => Visibility::Unknown,
    };

    let position = match given(P::Position, false) {
        Err(true) => parent.position,
        Err(false) => Position::Static,
        Ok(Some(d)) => match &d.value {
            Value::Keyword(k) => match k.as_str() {
                "static" | "sticky" => Position::Static,
                "relative" => Position::Relative,
                "absolute" => Position::Absolute,
                "fixed" => Position::Fixed,
                _ => Position::Unknown,
            },
            _ => Position::Unknown,
        },
        Ok(None) => Position::Unknown,
    };
    let out_of_flow = matches!(position, Position::Absolute | Position::Fixed);

    let boxing = match given(P::Display, false) {
        Err(false) => Boxing::Inline,
        Err(true) => Boxing::Unknown,
        Ok(Some(d)) => match &d.value {
            Value::Keyword(k) => match k.as_str() {
                "block" | "list-item" | "flex" | "grid" | "flow-root" | "table" | "table-cell"
                | "table-caption" | "inline-block" | "inline-flex" | "inline-grid"
                | "inline-table" => Boxing::Block,
                "inline" | "contents" | "none" => Boxing::Inline,
                _ => Boxing::Unknown,
            },
            _ => Boxing::Unknown,
        },
        Ok(None) => Boxing::Unknown,
    };
    let boxing = match declared(P::Display) {
        _ if out_of_flow => Boxing::Block,
        Declared::Absent if block_by_default => Boxing::Block,
        _ => boxing,
    };

    let own_background = match given(P::BackgroundColor, false) {
        Err(true) => parent.own_background,
        Err(false) => Some(TRANSPARENT),
        Ok(Some(d)) => match d.value {
            Value::Colour(c) => Some(c),
            Value::CurrentColour => colour,
            _ => None,
        },
        Ok(None) => None,
    };
    let own_image = match given(P::BackgroundImage, false) {
        Err(true) => parent.own_image,
        Err(false) => false,
        Ok(Some(d)) => d.value != Value::Keyword("none".into()),
        Ok(None) => true,
    };
    let (backdrop, on_page) = match own_background {
        _ if own_image => (None, false),
        None => (None, false),
        Some(c) if c.a <= 0.0 => (parent.backdrop, parent.on_page),
        Some(c) if c.a >= 1.0 => (Some(c), false),
        Some(c) => (parent.backdrop.map(|b| over(c, b)), false),
    };

    let indent = match given(P::TextIndent, true) {
        Err(true) => parent.indent.clone(),
        Err(false) => Some((0.0, "".into())),
        Ok(_) => length(P::TextIndent),
    };
    let line_indent = match boxing {
        Boxing::Block => indent.clone(),
        Boxing::Inline => parent.line_indent.clone(),
        Boxing::Unknown => None,
    };

    let own_opacity = match given(P::Opacity, false) {
        Err(true) => parent.own_opacity,
        Err(false) => 1.0,
        Ok(Some(d)) => match d.value {
            Value::Number(n) => n.clamp(0.0, 1.0),
            _ => 1.0,
        },
        Ok(None) => 1.0,
    };
    let transparent = match declared(P::Opacity) {
        Declared::Given(d) if own_opacity <= 0.0 => Some(d.written.clone()),
        _ => parent.transparent.clone(),
    };

    // Moved off screen, or clipped to nothing: the element and all it
    // holds, except what is fixed to the screen itself.
    let offsets = || {
        if !matches!(
            position,
            Position::Relative | Position::Absolute | Position::Fixed
        ) {
            return None;
        }
        [P::Left, P::Top, P::Right, P::Bottom]
            .into_iter()
            .filter_map(length)
            .find(|(px, _)| *px <= OFF_SCREEN_BEFORE_PX || *px >= OFF_SCREEN_AFTER_PX)
            .map(|(_, how)| format!("moved off screen by {how}"))
    };
    let clip = || {
        if !out_of_flow {
            return None;
        }
        let d = given(P::Clip, false).ok().flatten()?;
        let Value::Rect(edges) = &d.value else {
            return None;
        };
        let edge = |e: Option<Length>| pixels(e?, font_px, rem);
        let (top, right, bottom, left) = (
            edge(edges[0])?,
            edge(edges[1])?,
            edge(edges[2])?,
            edge(edges[3])?,
        );
        (bottom <= top || right <= left).then(|| format!("clipped away by {}", d.written))
    };
    let clip_path = || {
        let d = given(P::ClipPath, false).ok().flatten()?;
        (d.value == Value::ClipsAll(true)).then(|| format!("clipped away by {}", d.written))
    };
    let tiny = || {
        if boxing != Boxing::Block {
            return None;
        }
        let overflow = [P::OverflowX, P::OverflowY]
            .into_iter()
            .filter_map(keyword)
            .find(|(k, _)| matches!(*k, "hidden" | "clip"))?;
        let (_, size) = [P::Width, P::Height, P::MaxWidth, P::MaxHeight]
            .into_iter()
            .filter_map(length)
            .find(|(px, _)| *px <= TINY_BOX_PX)?;
        Some(format!("clipped away by {size} and {}", overflow.1))
    };
    let escapes = matches!(position, Position::Fixed | Position::Unknown);
    let inherited_gone = if escapes { None } else { parent.gone.clone() };
    let gone = offsets()
        .or_else(clip)
        .or_else(clip_path)
        .or_else(tiny)
        .or(inherited_gone);

    Computed {
        font_px,
        colour,
        colour_how,
        fill,
        paints: shadow || stroke || clip_text,
        shadow,
        stroke,
        clip_text,
        flattened,
        own_background,
        own_image,
        backdrop,
        on_page,
        visibility,
        indent,
        line_indent,
        position,
        own_opacity,
        opacity: parent.opacity * own_opacity,
        transparent,
        gone,
    }
}

/// `top` composited over the opaque `bottom`.
fn over(top: Colour, bottom: Colour) -> Colour {
    let a = top.a.clamp(0.0, 1.0);
    Colour {
        r: top.r * a + bottom.r * (1.0 - a),
        g: top.g * a + bottom.g * (1.0 - a),
        b: top.b * a + bottom.b * (1.0 - a),
        a: 1.0,
    }
}

/// WCAG 2's relative luminance of an opaque sRGB colour.
fn luminance(c: Colour) -> f64 {
    let linear = |channel: f64| {
        let v = (channel / 255.0).clamp(0.0, 1.0);
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
}

/// WCAG 2's contrast ratio of two opaque colours, 1 to 21.
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A colour in words: its CSS name if it has one, else `#rrggbb`, with its
/// opacity if it is not opaque.
fn words(c: Colour) -> String {
    let channels = [c.r, c.g, c.b].map(|v| v.round().clamp(0.0, 255.0) as u8);
    let name = cssparser::color::all_named_colors()
        .filter(|(_, rgb)| *rgb == (channels[0], channels[1], channels[2]))
        .map(|(name, _)| name)
        .min()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("#{:02x}{:02x}{:02x}", channels[0], channels[1], channels[2]));
    if c.a < 1.0 {
        format!("{name} at {:.0} % opacity", c.a * 100.0)
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roxmltree::Document;

    /// Why the text of the element with `id="x"` cannot be seen, styled
    /// by `css` as the reader styles a document: from the root down.
    fn judge(css: &str, body: &str) -> Option<String> {
        let xhtml =
            format!(r#"<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>"#);
        let document = Document::parse(&xhtml).unwrap();
        let mut cascade = Cascade::default();
        cascade.add(Rc::new(Sheet::parse(css)), true);
        let target = document
            .descendants()
            .find(|n| n.attribute("id") == Some("x"))
            .unwrap();
        let mut chain: Vec<Node> = target.ancestors().filter(Node::is_element).collect();
        chain.reverse();
        let mut styles: Vec<Styled> = Vec::new();
        let mut rem = Some(MEDIUM_PX);
        for element in chain {
            let block = matches!(element.tag_name().name(), "html" | "body" | "p" | "div");
            let style = cascade.style(element, None, styles.last(), block, rem);
            if let Some(how) = &style.removed {
                return Some(format!("removed: {how}"));
            }
            if styles.is_empty() {
                rem = style.font_px();
            }
            styles.push(style);
        }
        styles.last().unwrap().text.as_ref().map(Why::describe)
    }

    const P: &str = r#"<div class="box"><p id="x" class="t">Text</p></div>"#;

    #[test]
    fn the_plain_page_and_a_harmless_sheet_hide_nothing() {
        assert_eq!(judge("", P), None);
        assert_eq!(
            judge(
                "p { color: #333; font-size: 0.9em; margin: 0 } .box { background: #eee }",
                P
            ),
            None
        );
    }

    #[test]
    fn display_none_removes_and_the_cascade_decides_who_wins() {
        let removed = Some("removed: display: none".to_owned());
        assert_eq!(judge("p { display: none }", P), removed);
        assert_eq!(
            judge(".box p { display: none } p { display: block }", P),
            removed
        );
        assert_eq!(
            judge("p { display: none } .box p { display: block }", P),
            None
        );
        assert_eq!(judge("p.t { display: block } p { display: none }", P), None);
        // Same specificity: the later wins.
        assert_eq!(judge("p { display: none } p { display: block }", P), None);
        // ...within one rule and one style attribute too.
        assert_eq!(judge("p { display: none; display: block }", P), None);
        assert_eq!(judge("p { display: block; display: none }", P), removed);
        assert_eq!(
            judge(
                "",
                r#"<p id="x" style="display: none; display: block">Text</p>"#
            ),
            None
        );
        assert_eq!(
            judge("p { display: block } p { display: none }", P),
            removed
        );
        // !important beats a more specific rule and the style attribute.
        assert_eq!(
            judge(
                "p { display: none !important } #x.t { display: block }",
                r#"<p id="x" class="t" style="display: block">Text</p>"#
            ),
            removed
        );
        // display does not inherit, but takes the children with it.
        assert_eq!(
            judge("div { display: none } p { display: block }", P),
            removed
        );
        // A comma list, a child combinator, an attribute.
        assert_eq!(judge("h2, div > p { display: none }", P), removed);
        assert_eq!(judge("body > p { display: none }", P), None);
        assert_eq!(
            judge("[class] { display: none }", P),
            Some("removed: display: none".into())
        );
    }

    #[test]
    fn what_only_perhaps_applies_never_hides_but_can_keep_in_view() {
        assert_eq!(judge("p:hover { display: none }", P), None);
        assert_eq!(
            judge(
                "@media screen and (min-width: 1px) { p { display: none } }",
                P
            ),
            None
        );
        assert_eq!(judge("p, q:unheard-of { display: none }", P), None);
        // A rule that perhaps applies and outranks the hiding one.
        assert_eq!(
            judge("p { display: none } .box p:hover { display: block }", P),
            None
        );
        assert_eq!(
            judge(
                "p { visibility: hidden } @media (min-width: 1px) { p { visibility: visible } }",
                P
            ),
            None
        );
        // ...but one it outranks changes nothing.
        assert_eq!(
            judge(
                "p { display: none !important } .box p:hover { display: block }",
                P
            ),
            Some("removed: display: none".into())
        );
        // A value the reader cannot read is unknown: not hidden.
        assert_eq!(judge("p { color: white } p { color: var(--ink) }", P), None);
    }

    #[test]
    fn the_hidden_attribute_is_display_none_unless_the_sheet_says_otherwise() {
        let hidden = r#"<p id="x" hidden="">Text</p>"#;
        assert_eq!(
            judge("", hidden),
            Some("removed: the hidden attribute".into())
        );
        assert_eq!(judge("p { display: block }", hidden), None);
        assert_eq!(
            judge("", r#"<dialog><p id="x">Text</p></dialog>"#),
            Some("removed: a closed dialog".into())
        );
    }

    #[test]
    fn visibility_inherits_and_can_be_undone() {
        assert_eq!(
            judge("div { visibility: hidden }", P),
            Some("is hidden (visibility: hidden)".into())
        );
        assert_eq!(
            judge("div { visibility: collapse }", P),
            Some("is hidden (visibility: collapse)".into())
        );
        assert_eq!(
            judge("div { visibility: hidden } p { visibility: visible }", P),
            None
        );
        assert_eq!(
            judge("", r#"<p id="x" style="visibility:hidden">Text</p>"#),
            Some("is hidden (visibility: hidden)".into())
        );
    }

    #[test]
    fn tiny_text_is_too_small_with_sizes_relative_to_the_parent() {
        let small = |pt: &str| Some(format!("is {pt} pt, under the 4.5 pt legible minimum"));
        assert_eq!(judge("p { font-size: 0 }", P), small("0"));
        assert_eq!(judge("p { font-size: 4px }", P), small("3"));
        assert_eq!(judge("p { font-size: 4pt }", P), small("4"));
        assert_eq!(judge("p { font-size: 5pt }", P), None);
        assert_eq!(
            judge("div { font-size: 0.5em } p { font-size: 0.5em }", P),
            small("3")
        );
        assert_eq!(judge("div { font-size: 10% }", P), small("1.2"));
        assert_eq!(
            judge("html { font-size: 2px } p { font-size: 2rem }", P),
            small("3")
        );
        assert_eq!(judge("div { font-size: 0 } p { font-size: 1rem }", P), None);
        assert_eq!(judge("div { font: 0/0 a }", P), small("0"));
        assert_eq!(judge("div { font-size: 0 } p { font-size: 12px }", P), None);
    }

    #[test]
    fn text_moved_off_screen_or_clipped_away_is_hidden() {
        let how = |how: &str| Some(format!("is hidden ({how})"));
        assert_eq!(
            judge("p { position: absolute; left: -9999px }", P),
            how("moved off screen by left: -9999px")
        );
        assert_eq!(
            judge("div { position: relative; top: -200em }", P),
            how("moved off screen by top: -200em")
        );
        assert_eq!(
            judge("p { left: -9999px }", P),
            None,
            "static: offsets do nothing"
        );
        assert_eq!(judge("p { position: absolute; left: -10px }", P), None);
        assert_eq!(
            judge("p { text-indent: -9999px }", P),
            how("moved off screen by text-indent: -9999px")
        );
        assert_eq!(
            judge("div { text-indent: -9999px }", P),
            how("moved off screen by text-indent: -9999px"),
            "text-indent inherits"
        );
        assert_eq!(
            judge(
                "span { text-indent: -9999px }",
                r#"<p><span id="x">Text</span></p>"#
            ),
            None,
            "an inline element has no indent of its own"
        );
        let visually_hidden = ".box { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }";
        assert_eq!(
            judge(visually_hidden, P),
            how("clipped away by clip: rect(0 0 0 0)")
        );
        assert_eq!(
            judge("p { clip-path: inset(50%) }", P),
            how("clipped away by clip-path: inset(50%)")
        );
        assert_eq!(
            judge("p { height: 1px; overflow: hidden }", P),
            how("clipped away by height: 1px and overflow: hidden")
        );
        assert_eq!(judge("p { height: 1px }", P), None);
        // Fixed to the screen, a child escapes the box moved away.
        assert_eq!(
            judge(
                "div { position: absolute; left: -9999px } p { position: fixed; left: 0 }",
                P
            ),
            None
        );
        assert_eq!(judge("div { opacity: 0 }", P), how("opacity: 0"));
        assert_eq!(judge("div { opacity: 0.5 }", P), None);
    }

    #[test]
    fn text_too_close_to_its_background_is_low_contrast() {
        let low = |text: &str| Some(text.to_owned());
        assert_eq!(
            judge("p { color: white }", P),
            low("is white on a white page (contrast 1:1, under 1.5:1)")
        );
        assert_eq!(
            judge("p { color: #fafafa }", P),
            low("is #fafafa on a white page (contrast 1:1, under 1.5:1)")
        );
        assert_eq!(
            judge(".box { background-color: black } p { color: #111 }", P),
            low("is #111111 on a black background (contrast 1.1:1, under 1.5:1)")
        );
        assert_eq!(
            judge(".box { background: black } p { color: white }", P),
            None
        );
        assert_eq!(
            judge(".box { background: url(x.png) } p { color: white }", P),
            None
        );
        assert_eq!(judge("p { color: #333 }", P), None);
        assert_eq!(
            judge("p { color: rgba(0, 0, 0, 0.05) }", P),
            low("is black at 5 % opacity on a white page (contrast 1.1:1, under 1.5:1)")
        );
        assert_eq!(
            judge(".box { background: currentcolor; color: navy }", P),
            low("is navy on a navy background (contrast 1:1, under 1.5:1)")
        );
        assert!((contrast(Colour::BLACK, Colour::WHITE) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn text_in_a_colour_with_no_alpha_is_hidden_on_any_background() {
        let how = |how: &str| Some(format!("is hidden ({how})"));
        assert_eq!(
            judge("p { color: transparent }", P),
            how("color: transparent")
        );
        assert_eq!(
            judge("div { color: rgba(0,0,0,0) }", P),
            how("color: rgba(0,0,0,0)"),
            "color inherits"
        );
        assert_eq!(
            judge(".box { background: url(x.png) } p { color: #0000 }", P),
            how("color: #0000"),
            "whatever lies under it"
        );
        assert_eq!(
            judge("div { color: #00000000 } p { color: currentcolor }", P),
            how("color: #00000000")
        );
        assert_eq!(
            judge("p { color: hsl(0 0% 0% / 0) }", P),
            how("color: hsl(0 0% 0% / 0)")
        );
        assert_eq!(
            judge("p { -webkit-text-fill-color: transparent }", P),
            how("-webkit-text-fill-color: transparent")
        );
        // A faint colour is blended over its background and judged.
        assert_eq!(
            judge("p { color: rgb(0 0 0 / 5%) }", P),
            Some("is black at 5 % opacity on a white page (contrast 1.1:1, under 1.5:1)".into())
        );
        assert_eq!(judge("p { color: rgba(0,0,0,0.9) }", P), None);
        // Overridden, or drawn another way: not judged hidden.
        assert_eq!(
            judge("div { color: transparent } p { color: black }", P),
            None
        );
        assert_eq!(
            judge(
                "p { color: transparent; -webkit-text-fill-color: black }",
                P
            ),
            None
        );
        assert_eq!(
            judge(
                "p { color: transparent; -webkit-text-stroke: 1px black }",
                P
            ),
            None
        );
        assert_eq!(
            judge("p { color: transparent; text-shadow: 0 0 0 black }", P),
            None
        );
        assert_eq!(
            judge(
                ".box { background: linear-gradient(red, blue); -webkit-background-clip: text } p { color: transparent }",
                P
            ),
            None,
            "gradient text shows its background through the glyphs"
        );
        assert_eq!(
            judge("p { color: transparent } p:hover { color: black }", P),
            None
        );
    }

    #[test]
    fn a_faint_colour_is_judged_on_a_background_not_known() {
        // The bound holds: the steepest the contrast's logarithm grows.
        let lin = |v: f64| {
            luminance(Colour {
                r: v * 255.0,
                g: v * 255.0,
                b: v * 255.0,
                a: 1.0,
            })
        };
        let steepest = (0..100_000)
            .map(|i| {
                let (v, h) = (i as f64 / 100_000.0, 1e-6);
                (lin(v + h) - lin(v)) / h / (lin(v) + 0.05)
            })
            .fold(0.0, f64::max);
        assert!(
            steepest > 4.0 && steepest < CONTRAST_PER_ALPHA,
            "{steepest}"
        );
        // ...for every text colour over every backdrop tried.
        let mut grid = Vec::new();
        for r in (0..=255).step_by(51) {
            for g in (0..=255).step_by(51) {
                for b in (0..=255).step_by(51) {
                    let [r, g, b] = [r, g, b].map(f64::from);
                    grid.push(Colour { r, g, b, a: 1.0 });
                }
            }
        }
        for alpha in [0.02, 0.05, 0.09] {
            let most = (CONTRAST_PER_ALPHA * alpha).exp();
            for under in &grid {
                for text in &grid {
                    let seen = over(Colour { a: alpha, ..*text }, *under);
                    assert!(contrast(seen, *under) <= most, "{text:?} over {under:?}");
                }
            }
        }
        let image = ".box { background: url(x.png) }";
        assert_eq!(
            judge(&format!("{image} p {{ color: rgba(0, 0, 0, 0.05) }}"), P),
            Some("is black at 5 % opacity on any background (contrast 1.2:1, under 1.5:1)".into())
        );
        assert_eq!(
            judge(&format!("{image} p {{ color: white; opacity: 0.05 }}"), P),
            Some("is white on any background (contrast 1.2:1, under 1.5:1)".into())
        );
        assert_eq!(
            judge(&format!("{image} p {{ color: rgba(0, 0, 0, 0.2) }}"), P),
            None
        );
        assert_eq!(judge(&format!("{image} p {{ color: white }}"), P), None);
    }

    #[test]
    fn text_shrunk_to_nothing_by_a_transform_is_hidden() {
        let how = |how: &str| Some(format!("is hidden (shrunk to nothing by {how})"));
        assert_eq!(
            judge("p { transform: scale(0) }", P),
            how("transform: scale(0)")
        );
        assert_eq!(
            judge(".box { transform: scaleY(0) }", P),
            how("transform: scaleY(0)"),
            "an ancestor's transform takes its contents with it"
        );
        assert_eq!(
            judge(
                ".box { transform: scale(0, 1) } p { transform: scale(1); position: fixed }",
                P
            ),
            how("transform: scale(0, 1)"),
            "a transform holds even what is fixed"
        );
        assert_eq!(
            judge("p { transform: matrix(0,0,0,0,0,0) }", P),
            how("transform: matrix(0,0,0,0,0,0)")
        );
        assert_eq!(judge("div { scale: 0 }", P), how("scale: 0"));
        assert_eq!(judge("p { transform: scale(1) }", P), None);
        assert_eq!(judge("p { transform: scale(0.8) rotate(3deg) }", P), None);
        assert_eq!(judge("p { transform: scale3d(0, 0, 1) }", P), None);
        assert_eq!(
            judge("p { transform: scale(0) } p { transform: none }", P),
            None
        );
        assert_eq!(
            judge("@media (min-width: 1px) { p { transform: scale(0) } }", P),
            None
        );
    }
}
