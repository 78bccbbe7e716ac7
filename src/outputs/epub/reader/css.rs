//! The EPUB's style sheets, `<style>` elements and `style=""` attributes,
//! parsed into what the reader's cascade ([`super::style`]) needs: style
//! rules (a selector list and declarations), `@import`s, and the values of
//! the few properties that can take text from view.
//!
//! Tokenising and error recovery are `cssparser`'s (CSS Syntax Level 3, as
//! Servo and Firefox read CSS): comments, strings, escapes, nested blocks
//! and bad declarations are handled as a browser handles them. Everything
//! above the tokens is here, and *conservative*: a value the reader does not
//! understand (`var()`, `calc()`, a newer colour syntax) is kept as
//! [`Value::Unknown`], which never hides text but does override what came
//! before it, and a rule inside `@media`, `@supports` or any other
//! conditional block is kept as one that *may* apply.

use std::rc::Rc;

use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, ParseError, Parser, ParserState,
    QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser, StyleSheetParser, Token,
};

use super::selector::{self, SelectorList};

/// How deeply the reader looks into nested functions and blocks of one
/// selector or value; deeper parts count as not understood.
const MAX_PIECE_DEPTH: usize = 16;
/// How deeply conditional at-rules and nested style rules are followed.
const MAX_RULE_DEPTH: usize = 8;
/// The most style rules one sheet may hold (a selector list counts once
/// per selector); past that the sheet is refused, not guessed at.
pub const MAX_RULES: usize = 100_000;

/// One token of a selector or a value, with nested blocks already opened.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// White space (selectors only care that it is there).
    Space,
    /// An identifier, as written.
    Ident(String),
    /// `#name`; `id` if it is a valid id selector.
    Hash {
        /// What follows the `#`.
        value: String,
        /// Whether it may name an id (it does not start with a digit).
        id: bool,
    },
    /// A quoted string.
    Str(String),
    /// `url(...)` without quotes.
    Url(String),
    /// A single character (`.`, `*`, `>`, `!`).
    Delim(char),
    /// A number without a unit.
    Number(f64),
    /// A percentage: `50%` is 50.
    Percent(f64),
    /// A number with a unit (lower case).
    Dimension(f64, String),
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// An attribute-selector operator (`~=`, `|=`, `^=`, `$=`, `*=`).
    Match(&'static str),
    /// A function (lower-case name) and its arguments.
    Function(String, Vec<Piece>),
    /// `[...]`
    Square(Vec<Piece>),
    /// `(...)`
    Paren(Vec<Piece>),
    /// Anything else (a `{}` block, a bad string, a nested part too deep).
    Other,
}

/// The pieces of what is left of `input`, white space included.
pub fn pieces(input: &mut Parser<'_>, depth: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    while let Ok(token) = input.next_including_whitespace() {
        let token = token.clone();
        let piece = match token {
            Token::WhiteSpace(_) => Piece::Space,
            Token::Ident(name) => Piece::Ident(name.to_string()),
            Token::Hash(value) => Piece::Hash {
                value: value.to_string(),
                id: false,
            },
            Token::IDHash(value) => Piece::Hash {
                value: value.to_string(),
                id: true,
            },
            Token::QuotedString(text) => Piece::Str(text.to_string()),
            Token::UnquotedUrl(url) => Piece::Url(url.to_string()),
            Token::Delim(c) => Piece::Delim(c),
            Token::Number { value, .. } => Piece::Number(decimal(value)),
            Token::Percentage { unit_value, .. } => Piece::Percent(decimal(unit_value * 100.0)),
            Token::Dimension { value, unit, .. } => {
                Piece::Dimension(decimal(value), unit.to_ascii_lowercase())
            }
            Token::Colon => Piece::Colon,
            Token::Comma => Piece::Comma,
            Token::IncludeMatch => Piece::Match("~="),
            Token::DashMatch => Piece::Match("|="),
            Token::PrefixMatch => Piece::Match("^="),
            Token::SuffixMatch => Piece::Match("$="),
            Token::SubstringMatch => Piece::Match("*="),
            Token::Function(name) => {
                Piece::Function(name.to_ascii_lowercase(), nested(input, depth))
            }
            Token::ParenthesisBlock => Piece::Paren(nested(input, depth)),
            Token::SquareBracketBlock => Piece::Square(nested(input, depth)),
            _ => Piece::Other,
        };
        out.push(piece);
    }
    out
}

/// A number as written: cssparser's `f32` without the binary noise
/// (`0.2`, not `0.20000000298`), to six decimal places.
fn decimal(value: f32) -> f64 {
    (f64::from(value) * 1e6).round() / 1e6
}

/// The pieces inside the block `input` has just opened (or one
/// [`Piece::Other`] past the depth limit; the parser then skips the block).
fn nested(input: &mut Parser<'_>, depth: usize) -> Vec<Piece> {
    if depth >= MAX_PIECE_DEPTH {
        return vec![Piece::Other];
    }
    input
        .parse_nested_block(|inner| Ok::<_, ParseError<()>>(pieces(inner, depth + 1)))
        .unwrap_or_else(|_| vec![Piece::Other])
}

/// The properties whose values can take text from view. Shorthands
/// (`font`, `background`, `inset`, `overflow`) are split into these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property {
    /// `display`
    Display,
    /// `visibility`
    Visibility,
    /// `font-size` (also from `font`)
    FontSize,
    /// `color`
    Color,
    /// `background-color` (also from `background`)
    BackgroundColor,
    /// `background-image` (also from `background`)
    BackgroundImage,
    /// `position`
    Position,
    /// `left` (also from `inset`)
    Left,
    /// `top`
    Top,
    /// `right`
    Right,
    /// `bottom`
    Bottom,
    /// `text-indent`
    TextIndent,
    /// `clip`
    Clip,
    /// `clip-path`
    ClipPath,
    /// `width`
    Width,
    /// `height`
    Height,
    /// `max-width`
    MaxWidth,
    /// `max-height`
    MaxHeight,
    /// `overflow-x` (also from `overflow`)
    OverflowX,
    /// `overflow-y`
    OverflowY,
    /// `opacity`
    Opacity,
    /// `transform`
    Transform,
    /// `scale`
    Scale,
    /// `-webkit-text-fill-color`, which paints the text instead of `color`
    FillColor,
    /// `text-shadow`
    TextShadow,
    /// `-webkit-text-stroke-width` (also from `-webkit-text-stroke`)
    TextStroke,
    /// `background-clip` (also `-webkit-background-clip`, and from
    /// `background`)
    BackgroundClip,
}

/// How many [`Property`] values there are.
pub const PROPERTIES: usize = 27;

impl Property {
    /// Its place in a table of all properties.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A length as declared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Absolute, in CSS pixels (`pt`, `mm`, ... converted).
    Px(f64),
    /// Relative to the element's font size (`em`; `ex` and `ch` as half).
    Em(f64),
    /// Relative to the root element's font size.
    Rem(f64),
    /// A percentage (of the parent's font size for `font-size`).
    Percent(f64),
    /// `auto`
    Auto,
    /// `font-size: larger`
    Larger,
    /// `font-size: smaller`
    Smaller,
}

/// An sRGB colour, channels 0 to 255, alpha 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour {
    /// Red.
    pub r: f64,
    /// Green.
    pub g: f64,
    /// Blue.
    pub b: f64,
    /// Alpha (0 transparent, 1 opaque).
    pub a: f64,
}

impl Colour {
    /// Opaque white, the page a reading system shows by default.
    pub const WHITE: Colour = Colour {
        r: 255.0,
        g: 255.0,
        b: 255.0,
        a: 1.0,
    };
    /// Opaque black, the initial text colour.
    pub const BLACK: Colour = Colour {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 1.0,
    };
}

/// A declared value, as far as the reader understands it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `inherit`
    Inherit,
    /// `initial`
    Initial,
    /// `unset`
    Unset,
    /// A value the reader does not understand: it never hides text.
    Unknown,
    /// A keyword (lower case): `none`, `hidden`, `absolute`, ...
    Keyword(String),
    /// A length.
    Length(Length),
    /// A colour.
    Colour(Colour),
    /// `currentcolor`
    CurrentColour,
    /// A number (`opacity`; a percentage is divided by 100).
    Number(f64),
    /// `clip: rect(top, right, bottom, left)`; `None` is `auto`.
    Rect([Option<Length>; 4]),
    /// `clip-path`: whether the shape leaves nothing of the element.
    ClipsAll(bool),
    /// `transform` or `scale`: whether it certainly shrinks the element to
    /// nothing (a scale of 0 on either axis, a matrix with no area); false
    /// for one that does not, or that the reader cannot judge.
    Flattens(bool),
}

/// One declaration of a property the reader judges.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    /// The property (a shorthand gives several declarations).
    pub property: Property,
    /// Its value.
    pub value: Value,
    /// Whether it is `!important`.
    pub important: bool,
    /// How it was written (`left: -9999px`), for messages.
    pub written: Rc<str>,
}

/// A style rule: who it is for and what it says.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Its selectors.
    pub selectors: SelectorList,
    /// Its declarations, shared by every selector of the list.
    pub declarations: Rc<[Declaration]>,
    /// False when it stands in a conditional block (`@media`, `@supports`,
    /// a nested rule): it may apply, or not, and so can only ever keep text
    /// in view, never take it away.
    pub certain: bool,
}

/// An `@import` of another sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The address, as written.
    pub href: String,
    /// Whether it certainly applies on screen (no media query, or `all` or
    /// `screen`, and not in a conditional block).
    pub certain: bool,
}

/// A parsed style sheet.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Its style rules, in order.
    pub rules: Vec<Rule>,
    /// Its `@import`s, in order (their rules come before this sheet's).
    pub imports: Vec<Import>,
    /// Whether it holds more rules than [`MAX_RULES`].
    pub too_large: bool,
}

impl Sheet {
    /// Parses a style sheet. Never fails: what cannot be read is left out,
    /// as a browser leaves it out.
    pub fn parse(text: &str) -> Sheet {
        let mut sheet = Sheet::default();
        let mut input = Parser::new(text);
        let mut parser = RuleList {
            sheet: &mut sheet,
            certain: true,
            depth: 0,
        };
        for _ in StyleSheetParser::new(&mut input, &mut parser) {}
        sheet
    }

    fn add(&mut self, selectors: SelectorList, declarations: Rc<[Declaration]>, certain: bool) {
        if declarations.is_empty() {
            return;
        }
        if self.rules.len() >= MAX_RULES {
            self.too_large = true;
            return;
        }
        self.rules.push(Rule {
            selectors,
            declarations,
            certain,
        });
    }
}

/// The declarations of a `style=""` attribute.
pub fn style_attribute(text: &str) -> Vec<Declaration> {
    let mut input = Parser::new(text);
    let mut body = Body {
        nested: Vec::new(),
        allow_rules: false,
        depth: MAX_RULE_DEPTH,
    };
    let mut declarations = Vec::new();
    for item in RuleBodyParser::new(&mut input, &mut body).flatten() {
        declarations.extend(item);
    }
    declarations
}

/// Parses a list of rules: a sheet's top level, or a conditional block.
struct RuleList<'s> {
    sheet: &'s mut Sheet,
    certain: bool,
    depth: usize,
}

/// The at-rules the reader follows.
enum AtRule {
    /// `@import url [media]`
    Import(Import),
    /// A conditional group rule whose block holds rules that may apply.
    Conditional,
}

impl<'i> QualifiedRuleParser<'i> for RuleList<'_> {
    type Prelude = SelectorList;
    type QualifiedRule = ();
    type Error = ();

    fn parse_prelude(&mut self, input: &mut Parser<'i>) -> Result<SelectorList, ParseError<()>> {
        Ok(selector::parse_list(&pieces(input, 0)))
    }

    fn parse_block(
        &mut self,
        selectors: SelectorList,
        _start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<(), ParseError<()>> {
        let (declarations, nested) = rule_body(input, self.depth);
        self.sheet.add(selectors, declarations.into(), self.certain);
        for declarations in nested {
            self.sheet
                .add(SelectorList::anything(), declarations.into(), false);
        }
        Ok(())
    }
}

impl<'i> AtRuleParser<'i> for RuleList<'_> {
    type Prelude = AtRule;
    type AtRule = ();
    type Error = ();

    fn parse_prelude(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
    ) -> Result<AtRule, ParseError<()>> {
        let name = name.to_ascii_lowercase();
        let prelude = pieces(input, 0);
        match name.as_str() {
            "import" => {
                let mut parts = prelude.iter().filter(|p| **p != Piece::Space);
                let href = match parts.next() {
                    Some(Piece::Str(href) | Piece::Url(href)) => href.clone(),
                    Some(Piece::Function(f, args)) if f == "url" => match args.first() {
                        Some(Piece::Str(href)) => href.clone(),
                        _ => return Err(ParseError::unexpected_token()),
                    },
                    _ => return Err(ParseError::unexpected_token()),
                };
                let rest: Vec<Piece> = parts.cloned().collect();
                Ok(AtRule::Import(Import {
                    href,
                    certain: self.certain && media_is_screen(&rest),
                }))
            }
            // Rules inside these may or may not apply to what a reading
            // system shows; @layer changes their rank.
            "media" | "supports" | "layer" | "container" | "scope" | "document"
            | "-moz-document" | "starting-style" => Ok(AtRule::Conditional),
            // @font-face, @page, @keyframes, @namespace, ...: no rules for
            // the text's elements.
            _ => Err(ParseError::unexpected_token()),
        }
    }

    fn rule_without_block(&mut self, prelude: AtRule, _start: &ParserState) -> Result<(), ()> {
        match prelude {
            AtRule::Import(import) => {
                self.sheet.imports.push(import);
                Ok(())
            }
            AtRule::Conditional => Ok(()),
        }
    }

    fn parse_block(
        &mut self,
        prelude: AtRule,
        _start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<(), ParseError<()>> {
        if matches!(prelude, AtRule::Import(_)) || self.depth >= MAX_RULE_DEPTH {
            return Err(ParseError::unexpected_token());
        }
        let mut inner = RuleList {
            sheet: &mut *self.sheet,
            certain: false,
            depth: self.depth + 1,
        };
        for _ in StyleSheetParser::new(input, &mut inner) {}
        Ok(())
    }
}

/// Whether media-query pieces certainly hold for a reading system's
/// screen: none at all, or a list with a plain `all` or `screen`.
fn media_is_screen(pieces: &[Piece]) -> bool {
    let mut parts = pieces.split(|piece| *piece == Piece::Comma).map(|part| {
        part.iter()
            .filter(|piece| **piece != Piece::Space)
            .collect::<Vec<_>>()
    });
    let mut any = false;
    let certain = parts.any(|part| {
        any = true;
        let words: Vec<String> = part
            .iter()
            .map(|piece| match piece {
                Piece::Ident(word) => word.to_ascii_lowercase(),
                _ => "?".to_owned(),
            })
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        matches!(
            words.as_slice(),
            [] | ["all"] | ["screen"] | ["only", "all"] | ["only", "screen"]
        )
    });
    certain || !any
}

/// Whether a `media` attribute certainly applies on screen.
pub fn media_attribute_is_screen(media: Option<&str>) -> bool {
    match media {
        None => true,
        Some(media) => media_is_screen(&pieces(&mut Parser::new(media), 0)),
    }
}

/// The declarations of a rule's block, and the declarations of the style
/// rules nested in it (CSS nesting), which the reader takes as rules that
/// may apply to anything.
fn rule_body(input: &mut Parser<'_>, depth: usize) -> (Vec<Declaration>, Vec<Vec<Declaration>>) {
    let mut body = Body {
        nested: Vec::new(),
        allow_rules: depth < MAX_RULE_DEPTH,
        depth,
    };
    let mut declarations = Vec::new();
    for item in RuleBodyParser::new(input, &mut body).flatten() {
        declarations.extend(item);
    }
    (declarations, body.nested)
}

/// Parses a rule's block: declarations, and nested rules.
struct Body {
    nested: Vec<Vec<Declaration>>,
    allow_rules: bool,
    depth: usize,
}

impl<'i> DeclarationParser<'i> for Body {
    type Declaration = Vec<Declaration>;
    type Error = ();

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        _start: &ParserState,
    ) -> Result<Vec<Declaration>, ParseError<()>> {
        let name = name.to_ascii_lowercase();
        if !is_judged(&name) {
            // Let the parser try it as a nested rule, and otherwise skip it.
            return Err(ParseError::unexpected_token());
        }
        let start = input.position();
        let mut value = pieces(input, 0);
        let raw = input.slice_from(start);
        let important = strip_important(&mut value);
        let raw = match important {
            true => raw.rfind('!').map_or(raw, |bang| &raw[..bang]),
            false => raw,
        };
        let written: Rc<str> = format!("{name}: {}", shorten(raw.trim())).into();
        value.retain(|piece| *piece != Piece::Space);
        if value.is_empty() {
            // Invalid: a browser ignores it.
            return Err(ParseError::unexpected_token());
        }
        Ok(declarations(&name, &value)
            .into_iter()
            .map(|(property, value)| Declaration {
                property,
                value,
                important,
                written: written.clone(),
            })
            .collect())
    }
}

impl<'i> QualifiedRuleParser<'i> for Body {
    type Prelude = ();
    type QualifiedRule = Vec<Declaration>;
    type Error = ();

    fn parse_prelude(&mut self, input: &mut Parser<'i>) -> Result<(), ParseError<()>> {
        if !self.allow_rules {
            return Err(ParseError::unexpected_token());
        }
        while input.next().is_ok() {}
        Ok(())
    }

    fn parse_block(
        &mut self,
        _prelude: (),
        _start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<Vec<Declaration>, ParseError<()>> {
        let (declarations, nested) = rule_body(input, self.depth + 1);
        self.nested.push(declarations);
        self.nested.extend(nested);
        Ok(Vec::new())
    }
}

impl<'i> AtRuleParser<'i> for Body {
    type Prelude = ();
    type AtRule = Vec<Declaration>;
    type Error = ();

    fn parse_prelude(
        &mut self,
        _name: CowRcStr<'i>,
        input: &mut Parser<'i>,
    ) -> Result<(), ParseError<()>> {
        if !self.allow_rules {
            return Err(ParseError::unexpected_token());
        }
        while input.next().is_ok() {}
        Ok(())
    }

    fn parse_block(
        &mut self,
        _prelude: (),
        _start: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<Vec<Declaration>, ParseError<()>> {
        // `@media ... { declarations }` nested in a style rule: they may
        // apply.
        let (declarations, nested) = rule_body(input, self.depth + 1);
        self.nested.push(declarations);
        self.nested.extend(nested);
        Ok(Vec::new())
    }
}

impl<'i> RuleBodyItemParser<'i, Vec<Declaration>, ()> for Body {
    fn parse_declarations(&self) -> bool {
        true
    }

    fn parse_qualified(&self) -> bool {
        self.allow_rules
    }
}

/// A declaration's text cut to a length fit for a message.
fn shorten(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{} …", &text[..cut]),
        None => text,
    }
}

/// Takes a trailing `! important` off a value; says whether it was there.
fn strip_important(value: &mut Vec<Piece>) -> bool {
    while value.last() == Some(&Piece::Space) {
        value.pop();
    }
    let n = value.len();
    let important = n >= 2
        && matches!(&value[n - 1], Piece::Ident(word) if word.eq_ignore_ascii_case("important"))
        && value[..n - 1]
            .iter()
            .rev()
            .find(|piece| **piece != Piece::Space)
            == Some(&Piece::Delim('!'));
    if important {
        value.pop();
        while value.last() == Some(&Piece::Space) {
            value.pop();
        }
        value.pop();
    }
    important
}

/// The properties (and shorthands) whose declarations the reader keeps.
fn is_judged(name: &str) -> bool {
    matches!(
        name,
        "display"
            | "visibility"
            | "font-size"
            | "font"
            | "color"
            | "background-color"
            | "background-image"
            | "background"
            | "position"
            | "left"
            | "top"
            | "right"
            | "bottom"
            | "inset"
            | "text-indent"
            | "clip"
            | "clip-path"
            | "width"
            | "height"
            | "max-width"
            | "max-height"
            | "overflow"
            | "overflow-x"
            | "overflow-y"
            | "opacity"
            | "transform"
            | "scale"
            | "-webkit-text-fill-color"
            | "text-shadow"
            | "-webkit-text-stroke"
            | "-webkit-text-stroke-width"
            | "background-clip"
            | "-webkit-background-clip"
    )
}

/// The declarations one written declaration makes: one, or several for a
/// shorthand. `value` has no white space.
fn declarations(name: &str, value: &[Piece]) -> Vec<(Property, Value)> {
    use Property::*;
    let longhands: &[Property] = match name {
        "font" => &[FontSize],
        "background" => &[BackgroundColor, BackgroundImage, BackgroundClip],
        "inset" => &[Top, Right, Bottom, Left],
        "overflow" => &[OverflowX, OverflowY],
        _ => &[],
    };
    if let Some(wide) = wide_keyword(value) {
        let properties = if longhands.is_empty() {
            property(name).into_iter().collect()
        } else {
            longhands.to_vec()
        };
        return properties.into_iter().map(|p| (p, wide.clone())).collect();
    }
    if value.iter().any(substitutes) {
        // `var()`, `env()`, `attr()`: resolved only at computed-value time.
        let properties = if longhands.is_empty() {
            property(name).into_iter().collect()
        } else {
            longhands.to_vec()
        };
        return properties
            .into_iter()
            .map(|p| (p, Value::Unknown))
            .collect();
    }
    match name {
        "font" => vec![(FontSize, font_shorthand_size(value))],
        "background" => {
            let colour = value
                .iter()
                .find_map(|piece| match colour(std::slice::from_ref(piece)) {
                    Value::Unknown => None,
                    found => Some(found),
                })
                .unwrap_or(Value::Colour(Colour {
                    a: 0.0,
                    ..Colour::BLACK
                }));
            let image = if value.iter().any(is_image) {
                Value::Unknown
            } else {
                Value::Keyword("none".into())
            };
            // The shorthand resets `background-clip`; `text` clips the
            // background to the glyphs, which then show it.
            let clip = if value
                .iter()
                .any(|p| matches!(p, Piece::Ident(w) if w.eq_ignore_ascii_case("text")))
            {
                Value::Keyword("text".into())
            } else {
                Value::Keyword("border-box".into())
            };
            vec![
                (BackgroundColor, colour),
                (BackgroundImage, image),
                (BackgroundClip, clip),
            ]
        }
        "inset" => {
            let lengths: Vec<Value> = value
                .iter()
                .map(|p| length(std::slice::from_ref(p)))
                .collect();
            let [top, right, bottom, left] = match lengths.as_slice() {
                [a] => [a, a, a, a],
                [a, b] => [a, b, a, b],
                [a, b, c] => [a, b, c, b],
                [a, b, c, d] => [a, b, c, d],
                _ => return vec![],
            };
            vec![
                (Top, top.clone()),
                (Right, right.clone()),
                (Bottom, bottom.clone()),
                (Left, left.clone()),
            ]
        }
        "overflow" => {
            let keywords: Vec<Value> = value
                .iter()
                .map(|p| keyword(std::slice::from_ref(p)))
                .collect();
            let (x, y) = match keywords.as_slice() {
                [a] => (a.clone(), a.clone()),
                [a, b] => (a.clone(), b.clone()),
                _ => (Value::Unknown, Value::Unknown),
            };
            vec![(OverflowX, x), (OverflowY, y)]
        }
        _ => {
            let Some(property) = property(name) else {
                return vec![];
            };
            let parsed = match property {
                Display | Visibility | Position | OverflowX | OverflowY | BackgroundClip => {
                    keyword(value)
                }
                FontSize => font_size(value),
                Color | BackgroundColor | FillColor => colour(value),
                Transform => transform(value),
                Scale => scale_property(value),
                TextShadow => keyword(value),
                TextStroke => stroke_width(value),
                BackgroundImage => match keyword(value) {
                    Value::Keyword(none) if none == "none" => Value::Keyword(none),
                    _ => Value::Unknown,
                },
                Left | Top | Right | Bottom | TextIndent | Width | Height | MaxWidth
                | MaxHeight => length(value),
                Clip => clip(value),
                ClipPath => clip_path(value),
                Opacity => match value {
                    [Piece::Number(n)] => Value::Number(*n),
                    [Piece::Percent(p)] => Value::Number(p / 100.0),
                    _ => Value::Unknown,
                },
            };
            vec![(property, parsed)]
        }
    }
}

/// A longhand property by its name.
fn property(name: &str) -> Option<Property> {
    use Property::*;
    Some(match name {
        "display" => Display,
        "visibility" => Visibility,
        "font-size" => FontSize,
        "color" => Color,
        "background-color" => BackgroundColor,
        "background-image" => BackgroundImage,
        "position" => Position,
        "left" => Left,
        "top" => Top,
        "right" => Right,
        "bottom" => Bottom,
        "text-indent" => TextIndent,
        "clip" => Clip,
        "clip-path" => ClipPath,
        "width" => Width,
        "height" => Height,
        "max-width" => MaxWidth,
        "max-height" => MaxHeight,
        "overflow-x" => OverflowX,
        "overflow-y" => OverflowY,
        "opacity" => Opacity,
        "transform" => Transform,
        "scale" => Scale,
        "-webkit-text-fill-color" => FillColor,
        "text-shadow" => TextShadow,
        "-webkit-text-stroke" | "-webkit-text-stroke-width" => TextStroke,
        "background-clip" | "-webkit-background-clip" => BackgroundClip,
        _ => return None,
    })
}

/// `inherit`, `initial`, `unset` (and `revert`, which the reader cannot
/// follow, as unknown).
fn wide_keyword(value: &[Piece]) -> Option<Value> {
    let [Piece::Ident(word)] = value else {
        return None;
    };
    match word.to_ascii_lowercase().as_str() {
        "inherit" => Some(Value::Inherit),
        "initial" => Some(Value::Initial),
        "unset" => Some(Value::Unset),
        "revert" | "revert-layer" => Some(Value::Unknown),
        _ => None,
    }
}

/// Whether a piece is or holds `var()`, `env()` or `attr()`.
fn substitutes(piece: &Piece) -> bool {
    match piece {
        Piece::Function(name, args) => {
            matches!(name.as_str(), "var" | "env" | "attr") || args.iter().any(substitutes)
        }
        Piece::Paren(inner) | Piece::Square(inner) => inner.iter().any(substitutes),
        _ => false,
    }
}

/// Whether a piece of `background` is an image.
fn is_image(piece: &Piece) -> bool {
    match piece {
        Piece::Url(_) => true,
        Piece::Function(name, _) => !matches!(
            name.as_str(),
            "rgb"
                | "rgba"
                | "hsl"
                | "hsla"
                | "hwb"
                | "lab"
                | "lch"
                | "oklab"
                | "oklch"
                | "color"
                | "color-mix"
                | "light-dark"
        ),
        _ => false,
    }
}

fn keyword(value: &[Piece]) -> Value {
    match value {
        [Piece::Ident(word)] => Value::Keyword(word.to_ascii_lowercase()),
        _ => Value::Unknown,
    }
}

/// A length: a dimension, a percentage, `0` or `auto`.
fn length(value: &[Piece]) -> Value {
    match value {
        [Piece::Number(n)] if *n == 0.0 => Value::Length(Length::Px(0.0)),
        [Piece::Percent(p)] => Value::Length(Length::Percent(*p)),
        [Piece::Dimension(n, unit)] => match unit_length(*n, unit) {
            Some(length) => Value::Length(length),
            None => Value::Unknown,
        },
        [Piece::Ident(word)] if word.eq_ignore_ascii_case("auto") => Value::Length(Length::Auto),
        _ => Value::Unknown,
    }
}

/// A number with a unit as a length; `None` for units relative to the
/// viewport or a container, which the reader does not know.
fn unit_length(n: f64, unit: &str) -> Option<Length> {
    const PX_PER_IN: f64 = 96.0;
    Some(match unit {
        "px" => Length::Px(n),
        "pt" => Length::Px(n * PX_PER_IN / 72.0),
        "pc" => Length::Px(n * PX_PER_IN / 6.0),
        "in" => Length::Px(n * PX_PER_IN),
        "cm" => Length::Px(n * PX_PER_IN / 2.54),
        "mm" => Length::Px(n * PX_PER_IN / 25.4),
        "q" => Length::Px(n * PX_PER_IN / 101.6),
        "em" => Length::Em(n),
        "ex" | "ch" => Length::Em(n * 0.5),
        "rem" => Length::Rem(n),
        _ => return None,
    })
}

/// `font-size`: a length, a percentage or a size keyword.
fn font_size(value: &[Piece]) -> Value {
    if let [Piece::Ident(word)] = value
        && let Some(length) = font_size_keyword(&word.to_ascii_lowercase())
    {
        return Value::Length(length);
    }
    match length(value) {
        Value::Length(Length::Auto) => Value::Unknown,
        other => other,
    }
}

/// The sizes of the font-size keywords, as browsers give them (medium is
/// 16px).
fn font_size_keyword(word: &str) -> Option<Length> {
    Some(match word {
        "xx-small" => Length::Px(9.0),
        "x-small" => Length::Px(10.0),
        "small" => Length::Px(13.0),
        "medium" => Length::Px(16.0),
        "large" => Length::Px(18.0),
        "x-large" => Length::Px(24.0),
        "xx-large" => Length::Px(32.0),
        "xxx-large" => Length::Px(48.0),
        "larger" => Length::Larger,
        "smaller" => Length::Smaller,
        _ => return None,
    })
}

/// The font size a `font` shorthand sets: its first length, percentage,
/// `0` or size keyword (weights are unitless numbers other than 0).
fn font_shorthand_size(value: &[Piece]) -> Value {
    for piece in value {
        match piece {
            Piece::Ident(word) => {
                let word = word.to_ascii_lowercase();
                if matches!(
                    word.as_str(),
                    "caption" | "icon" | "menu" | "message-box" | "small-caption" | "status-bar"
                ) {
                    return Value::Unknown;
                }
                if let Some(length) = font_size_keyword(&word) {
                    return Value::Length(length);
                }
            }
            Piece::Number(n) if *n == 0.0 => return Value::Length(Length::Px(0.0)),
            Piece::Percent(_) | Piece::Dimension(..) => {
                return font_size(std::slice::from_ref(piece));
            }
            Piece::Delim('/') => return Value::Unknown,
            _ => {}
        }
    }
    Value::Unknown
}

/// A colour: a name, `transparent`, `currentcolor`, `#hex`, `rgb()` or
/// `hsl()`; anything else is unknown.
pub fn colour(value: &[Piece]) -> Value {
    match value {
        [Piece::Ident(word)] => {
            let word = word.to_ascii_lowercase();
            match word.as_str() {
                "transparent" => Value::Colour(Colour {
                    a: 0.0,
                    ..Colour::BLACK
                }),
                "currentcolor" => Value::CurrentColour,
                name => match cssparser::color::parse_named_color(name) {
                    Ok((r, g, b)) => Value::Colour(Colour {
                        r: f64::from(r),
                        g: f64::from(g),
                        b: f64::from(b),
                        a: 1.0,
                    }),
                    Err(()) => Value::Unknown,
                },
            }
        }
        [Piece::Hash { value, .. }] => match cssparser::color::parse_hash_color(value.as_bytes()) {
            Ok((r, g, b, a)) => Value::Colour(Colour {
                r: f64::from(r),
                g: f64::from(g),
                b: f64::from(b),
                a: f64::from(a),
            }),
            Err(()) => Value::Unknown,
        },
        [Piece::Function(name, args)] => match name.as_str() {
            "rgb" | "rgba" => rgb_function(args).map_or(Value::Unknown, Value::Colour),
            "hsl" | "hsla" => hsl_function(args).map_or(Value::Unknown, Value::Colour),
            _ => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}

/// The arguments of a colour function: three channels and an optional
/// alpha, with commas or with spaces and a slash.
fn colour_arguments(args: &[Piece]) -> Option<(Vec<&Piece>, Option<&Piece>)> {
    let args: Vec<&Piece> = args.iter().filter(|p| **p != Piece::Space).collect();
    let commas = args.iter().any(|p| **p == Piece::Comma);
    let (channels, alpha): (Vec<&Piece>, Option<&Piece>) = if commas {
        // a, b, c[, alpha]: a comma between every two values, nowhere else.
        let well_formed = args
            .iter()
            .enumerate()
            .all(|(i, p)| (i % 2 == 1) == (**p == Piece::Comma));
        if !well_formed {
            return None;
        }
        let parts: Vec<&Piece> = args.iter().step_by(2).copied().collect();
        match parts.len() {
            3 => (parts, None),
            4 => (parts[..3].to_vec(), Some(parts[3])),
            _ => return None,
        }
    } else {
        match args.as_slice() {
            [a, b, c] => (vec![*a, *b, *c], None),
            [a, b, c, Piece::Delim('/'), alpha] => (vec![*a, *b, *c], Some(*alpha)),
            _ => return None,
        }
    };
    Some((channels, alpha))
}

fn alpha_value(alpha: Option<&Piece>) -> Option<f64> {
    match alpha {
        None => Some(1.0),
        Some(Piece::Number(n)) => Some(n.clamp(0.0, 1.0)),
        Some(Piece::Percent(p)) => Some((p / 100.0).clamp(0.0, 1.0)),
        Some(_) => None,
    }
}

fn rgb_function(args: &[Piece]) -> Option<Colour> {
    let (channels, alpha) = colour_arguments(args)?;
    let channel = |piece: &Piece| match piece {
        Piece::Number(n) => Some(n.clamp(0.0, 255.0)),
        Piece::Percent(p) => Some((p * 2.55).clamp(0.0, 255.0)),
        _ => None,
    };
    Some(Colour {
        r: channel(channels[0])?,
        g: channel(channels[1])?,
        b: channel(channels[2])?,
        a: alpha_value(alpha)?,
    })
}

fn hsl_function(args: &[Piece]) -> Option<Colour> {
    let (channels, alpha) = colour_arguments(args)?;
    let hue = match channels[0] {
        Piece::Number(n) => *n,
        Piece::Dimension(n, unit) => match unit.as_str() {
            "deg" => *n,
            "grad" => n * 0.9,
            "rad" => n.to_degrees(),
            "turn" => n * 360.0,
            _ => return None,
        },
        _ => return None,
    };
    let fraction = |piece: &Piece| match piece {
        Piece::Percent(p) => Some((p / 100.0).clamp(0.0, 1.0)),
        Piece::Number(n) => Some((n / 100.0).clamp(0.0, 1.0)),
        _ => None,
    };
    let (s, l) = (fraction(channels[1])?, fraction(channels[2])?);
    // CSS Color 4, "Converting HSL Colors to sRGB".
    let hue = hue.rem_euclid(360.0);
    let f = |n: f64| {
        let k = (n + hue / 30.0) % 12.0;
        let a = s * l.min(1.0 - l);
        l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0)
    };
    Some(Colour {
        r: f(0.0) * 255.0,
        g: f(8.0) * 255.0,
        b: f(4.0) * 255.0,
        a: alpha_value(alpha)?,
    })
}

/// `clip: rect(top, right, bottom, left)` (commas or spaces) or `auto`.
fn clip(value: &[Piece]) -> Value {
    match value {
        [Piece::Ident(word)] if word.eq_ignore_ascii_case("auto") => Value::Keyword("auto".into()),
        [Piece::Function(name, args)] if name == "rect" => {
            let edges: Vec<Option<Length>> = args
                .iter()
                .filter(|p| !matches!(p, Piece::Space | Piece::Comma))
                .map(|p| match length(std::slice::from_ref(p)) {
                    Value::Length(Length::Auto) => None,
                    Value::Length(length) => Some(length),
                    _ => Some(Length::Auto),
                })
                .collect();
            match <[Option<Length>; 4]>::try_from(edges) {
                Ok(edges) if !edges.contains(&Some(Length::Auto)) => Value::Rect(edges),
                _ => Value::Unknown,
            }
        }
        _ => Value::Unknown,
    }
}

/// `clip-path`: whether the shape certainly leaves nothing: an `inset()`
/// of 50% or more from opposite sides, or a `circle()` or `ellipse()` of
/// radius 0.
fn clip_path(value: &[Piece]) -> Value {
    let Some(Piece::Function(name, args)) = value.first() else {
        return Value::ClipsAll(false);
    };
    let args: Vec<&Piece> = args.iter().filter(|p| **p != Piece::Space).collect();
    let zero = |piece: &&Piece| match piece {
        Piece::Number(n) | Piece::Dimension(n, _) | Piece::Percent(n) => *n == 0.0,
        _ => false,
    };
    let all = match name.as_str() {
        "inset" => {
            // Up to four percentages before any `round`.
            let percents: Vec<Option<f64>> = args
                .iter()
                .take_while(|p| !matches!(p, Piece::Ident(w) if w.eq_ignore_ascii_case("round")))
                .map(|p| match p {
                    Piece::Percent(p) => Some(*p),
                    Piece::Number(n) if *n == 0.0 => Some(0.0),
                    _ => None,
                })
                .collect();
            let sides = match percents.as_slice() {
                [a] => Some([*a, *a, *a, *a]),
                [a, b] => Some([*a, *b, *a, *b]),
                [a, b, c] => Some([*a, *b, *c, *b]),
                [a, b, c, d] => Some([*a, *b, *c, *d]),
                _ => None,
            };
            match sides {
                Some([Some(top), Some(right), Some(bottom), Some(left)]) => {
                    top + bottom >= 100.0 || left + right >= 100.0
                }
                _ => false,
            }
        }
        "circle" => args.first().is_some_and(zero),
        "ellipse" => args.first().is_some_and(zero) || args.get(1).is_some_and(zero),
        _ => false,
    };
    Value::ClipsAll(all)
}

/// A plain number (`0`, `50%` as 0.5), as `scale()` and `scale` take.
fn factor(piece: &Piece) -> Option<f64> {
    match piece {
        Piece::Number(n) => Some(*n),
        Piece::Percent(p) => Some(p / 100.0),
        _ => None,
    }
}

/// The arguments of a transform function, without white space or commas.
fn transform_arguments(args: &[Piece]) -> Vec<&Piece> {
    args.iter()
        .filter(|p| !matches!(p, Piece::Space | Piece::Comma))
        .collect()
}

/// `transform`: [`Value::Flattens`] with whether the list certainly
/// shrinks the element to nothing. Every function must be one of the 2D
/// ones the reader knows: translations and rotations never do, a scale of
/// 0 on either axis or a `matrix()` with no area does (the product of the
/// list then has none either). Anything else (3D functions, a skew on both
/// axes, a value it cannot read) counts as not understood, never as
/// flattening.
fn transform(value: &[Piece]) -> Value {
    if let [Piece::Ident(word)] = value
        && word.eq_ignore_ascii_case("none")
    {
        return Value::Flattens(false);
    }
    let mut flattens = false;
    for piece in value {
        let Piece::Function(name, args) = piece else {
            return Value::Unknown;
        };
        let args = transform_arguments(args);
        let numbers: Option<Vec<f64>> = args.iter().map(|p| factor(p)).collect();
        let zero = match (name.as_str(), numbers.as_deref()) {
            ("scale", Some([x])) => *x == 0.0,
            ("scale", Some([x, y])) => *x == 0.0 || *y == 0.0,
            ("scalex" | "scaley", Some([s])) => *s == 0.0,
            ("matrix", Some([a, b, c, d, _, _])) => a * d - b * c == 0.0,
            ("translate" | "translatex" | "translatey" | "rotate" | "skewx" | "skewy", _)
                if !args.is_empty() && args.len() <= 2 =>
            {
                false
            }
            ("skew", _) if args.len() == 1 => false,
            _ => return Value::Unknown,
        };
        flattens |= zero;
    }
    Value::Flattens(flattens)
}

/// The `scale` property: `none`, or one to three factors; a 0 for the
/// first or second (the x or y axis; a lone factor is both) flattens.
fn scale_property(value: &[Piece]) -> Value {
    if let [Piece::Ident(word)] = value
        && word.eq_ignore_ascii_case("none")
    {
        return Value::Flattens(false);
    }
    let numbers: Option<Vec<f64>> = value.iter().map(factor).collect();
    match numbers.as_deref() {
        Some([s]) => Value::Flattens(*s == 0.0),
        Some([x, y]) | Some([x, y, _]) => Value::Flattens(*x == 0.0 || *y == 0.0),
        _ => Value::Unknown,
    }
}

/// `-webkit-text-stroke` or its width: [`Value::Length`] 0 when it
/// certainly draws no stroke (`0`, `0px`, or a colour alone), else
/// unknown (a stroke may outline text whose fill is transparent).
fn stroke_width(value: &[Piece]) -> Value {
    let zero = value.iter().all(|piece| match piece {
        Piece::Number(n) | Piece::Dimension(n, _) => *n == 0.0,
        other => colour(std::slice::from_ref(other)) != Value::Unknown,
    });
    if zero {
        Value::Length(Length::Px(0.0))
    } else {
        Value::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(declarations: &[Declaration]) -> (Property, Value, bool) {
        assert_eq!(declarations.len(), 1, "{declarations:?}");
        let d = &declarations[0];
        (d.property, d.value.clone(), d.important)
    }

    #[test]
    fn declarations_keep_what_can_hide_text_and_drop_the_rest() {
        let declarations = style_attribute("margin: 0; display: NONE !important; color: #fff");
        assert_eq!(declarations.len(), 2);
        assert_eq!(declarations[0].property, Property::Display);
        assert_eq!(declarations[0].value, Value::Keyword("none".into()));
        assert!(declarations[0].important);
        assert_eq!(&*declarations[0].written, "display: NONE");
        assert_eq!(declarations[1].value, Value::Colour(Colour::WHITE));
        assert!(!declarations[1].important);
        // A broken declaration is skipped, the next one still read.
        let declarations = style_attribute("color: ; visibility: hidden");
        assert_eq!(
            only(&declarations),
            (Property::Visibility, Value::Keyword("hidden".into()), false)
        );
    }

    #[test]
    fn values_the_reader_does_not_understand_are_unknown() {
        for text in [
            "color: var(--ink)",
            "color: color-mix(in srgb, red, blue)",
            "font-size: calc(1em - 2px)",
            "font-size: 2vw",
            "color: revert",
        ] {
            assert_eq!(only(&style_attribute(text)).1, Value::Unknown, "{text}");
        }
    }

    #[test]
    fn lengths_and_font_sizes_are_read_in_their_units() {
        let value = |text: &str| only(&style_attribute(text)).1;
        assert_eq!(value("font-size: 0"), Value::Length(Length::Px(0.0)));
        assert_eq!(value("font-size: 3pt"), Value::Length(Length::Px(4.0)));
        assert_eq!(value("font-size: 0.2em"), Value::Length(Length::Em(0.2)));
        assert_eq!(
            value("font-size: 10%"),
            Value::Length(Length::Percent(10.0))
        );
        assert_eq!(value("font-size: x-small"), Value::Length(Length::Px(10.0)));
        assert_eq!(value("font: bold 0/0 a"), Value::Length(Length::Px(0.0)));
        assert_eq!(value("font: 700 1px serif"), Value::Length(Length::Px(1.0)));
        assert_eq!(value("left: -9999px"), Value::Length(Length::Px(-9999.0)));
        assert_eq!(
            value("text-indent: -100em"),
            Value::Length(Length::Em(-100.0))
        );
    }

    #[test]
    fn colours_are_read_in_every_common_syntax() {
        let colour = |text: &str| match only(&style_attribute(&format!("color: {text}"))).1 {
            Value::Colour(c) => (c.r.round(), c.g.round(), c.b.round(), c.a),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(colour("White"), (255.0, 255.0, 255.0, 1.0));
        assert_eq!(colour("#FfF"), (255.0, 255.0, 255.0, 1.0));
        assert!((colour("#33333380").3 - 128.0 / 255.0).abs() < 1e-6);
        assert_eq!(colour("rgb(255, 255, 255)"), (255.0, 255.0, 255.0, 1.0));
        assert_eq!(
            colour("rgb(100% 100% 100% / 50%)"),
            (255.0, 255.0, 255.0, 0.5)
        );
        assert_eq!(colour("rgba(0,0,0,0)"), (0.0, 0.0, 0.0, 0.0));
        assert_eq!(colour("hsl(0, 0%, 100%)"), (255.0, 255.0, 255.0, 1.0));
        assert_eq!(colour("hsl(120deg 100% 25%)"), (0.0, 128.0, 0.0, 1.0));
        assert_eq!(colour("transparent").3, 0.0);
        assert_eq!(only(&style_attribute("color: rgb(1, 2)")).1, Value::Unknown);
    }

    #[test]
    fn shorthands_give_their_longhands() {
        let d = style_attribute("background: url(x.png) #fff; inset: -9999px 0; overflow: hidden");
        let found: Vec<(Property, Value)> =
            d.iter().map(|d| (d.property, d.value.clone())).collect();
        assert_eq!(
            found[0],
            (Property::BackgroundColor, Value::Colour(Colour::WHITE))
        );
        assert_eq!(found[1], (Property::BackgroundImage, Value::Unknown));
        assert_eq!(
            found[2],
            (
                Property::BackgroundClip,
                Value::Keyword("border-box".into())
            )
        );
        assert_eq!(
            found[3],
            (Property::Top, Value::Length(Length::Px(-9999.0)))
        );
        assert_eq!(found[6], (Property::Left, Value::Length(Length::Px(0.0))));
        assert_eq!(
            found[7],
            (Property::OverflowX, Value::Keyword("hidden".into()))
        );
        assert_eq!(
            found[8],
            (Property::OverflowY, Value::Keyword("hidden".into()))
        );
        assert_eq!(&*d[3].written, "inset: -9999px 0");
        // `background: none` sets a transparent colour.
        let d = style_attribute("background: none");
        assert!(matches!(d[0].value, Value::Colour(c) if c.a == 0.0));
    }

    #[test]
    fn clipping_to_nothing_is_recognised() {
        let value = |text: &str| only(&style_attribute(text)).1;
        assert_eq!(
            value("clip: rect(0 0 0 0)"),
            Value::Rect([Some(Length::Px(0.0)); 4])
        );
        assert_eq!(
            value("clip: rect(1px, 1px, 1px, 1px)"),
            Value::Rect([Some(Length::Px(1.0)); 4])
        );
        assert_eq!(value("clip-path: inset(50%)"), Value::ClipsAll(true));
        assert_eq!(value("clip-path: inset(0 0 100% 0)"), Value::ClipsAll(true));
        assert_eq!(value("clip-path: inset(10%)"), Value::ClipsAll(false));
        assert_eq!(value("clip-path: circle(0)"), Value::ClipsAll(true));
        assert_eq!(value("clip-path: url(#c)"), Value::ClipsAll(false));
    }

    #[test]
    fn colours_with_no_alpha_are_read_as_transparent() {
        let alpha = |text: &str| match only(&style_attribute(&format!("color: {text}"))).1 {
            Value::Colour(c) => c.a,
            other => panic!("{text}: {other:?}"),
        };
        for text in [
            "transparent",
            "TRANSPARENT",
            "rgba(0,0,0,0)",
            "rgba(255, 255, 255, 0%)",
            "#0000",
            "#00000000",
            "#fff0",
            "hsl(0 0% 0% / 0)",
            "hsla(120, 50%, 50%, 0)",
            "rgb(0 0 0 / 0%)",
        ] {
            assert_eq!(alpha(text), 0.0, "{text}");
        }
        assert!((alpha("rgba(0,0,0,0.9)") - 0.9).abs() < 1e-6);
        assert!((alpha("rgb(0 0 0 / 5%)") - 0.05).abs() < 1e-6);
        assert_eq!(alpha("#000f"), 1.0);
        assert_eq!(alpha("black"), 1.0);
        // The fill colour is read like `color`.
        assert_eq!(
            only(&style_attribute("-webkit-text-fill-color: transparent")),
            (
                Property::FillColor,
                Value::Colour(Colour {
                    a: 0.0,
                    ..Colour::BLACK
                }),
                false
            )
        );
    }

    #[test]
    fn transforms_that_shrink_to_nothing_are_recognised() {
        let value = |text: &str| only(&style_attribute(text)).1;
        for text in [
            "transform: scale(0)",
            "transform: scale(0, 1)",
            "transform: scale(1 0)",
            "transform: scale(0%)",
            "transform: scaleX(0)",
            "transform: SCALEY(0)",
            "transform: matrix(0,0,0,0,0,0)",
            "transform: matrix(1, 2, 2, 4, 10, 10)",
            "transform: translate(-50%, 0) scale(0)",
            "transform: rotate(45deg) scaleX(0) translateY(3px)",
            "scale: 0",
            "scale: 1 0",
            "scale: 0 1 1",
        ] {
            assert_eq!(value(text), Value::Flattens(true), "{text}");
        }
        for text in [
            "transform: none",
            "transform: scale(1)",
            "transform: scale(0.5, 2)",
            "transform: scaleX(-1)",
            "transform: matrix(1, 0, 0, 1, 0, 0)",
            "transform: translate(-50%, -50%) rotate(90deg)",
            "transform: skewX(20deg)",
            "scale: none",
            "scale: 1",
            "scale: 2 2 0",
        ] {
            assert_eq!(value(text), Value::Flattens(false), "{text}");
        }
        // What the reader cannot judge is not understood, never flattening.
        for text in [
            "transform: scale(calc(1 - 1))",
            "transform: scale3d(0, 1, 1)",
            "transform: perspective(10px) scale(0)",
            "transform: skew(45deg, 45deg)",
            "transform: matrix3d(0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0)",
            "transform: scale(var(--s))",
            "transform: scale(0) 7",
            "scale: 0 0 0 0",
            "scale: 0deg",
        ] {
            assert_eq!(value(text), Value::Unknown, "{text}");
        }
    }

    #[test]
    fn what_else_can_draw_text_is_read() {
        let value = |text: &str| only(&style_attribute(text)).1;
        assert_eq!(value("text-shadow: none"), Value::Keyword("none".into()));
        assert_eq!(value("text-shadow: 0 0 2px black"), Value::Unknown);
        let none = Value::Length(Length::Px(0.0));
        assert_eq!(value("-webkit-text-stroke: 0"), none);
        assert_eq!(value("-webkit-text-stroke: 0px red"), none);
        assert_eq!(value("-webkit-text-stroke-width: 0"), none);
        assert_eq!(value("-webkit-text-stroke: 1px black"), Value::Unknown);
        assert_eq!(
            only(&style_attribute("-webkit-background-clip: text")),
            (
                Property::BackgroundClip,
                Value::Keyword("text".into()),
                false
            )
        );
        let d = style_attribute("background: linear-gradient(red, blue) text");
        assert_eq!(d[2].property, Property::BackgroundClip);
        assert_eq!(d[2].value, Value::Keyword("text".into()));
        let d = style_attribute("background: white");
        assert_eq!(d[2].value, Value::Keyword("border-box".into()));
    }

    #[test]
    fn sheets_keep_rules_in_order_and_conditional_ones_as_uncertain() {
        let sheet = Sheet::parse(
            r#"@charset "utf-8"; @import url("base.css"); @import "print.css" print;
            /* a comment { display: none } */
            p, li { display: none }
            @media (min-width: 10px) { h2 { visibility: hidden } }
            @font-face { font-family: x; src: url(x.woff) }
            div { margin: 0 }
            q { color: red; & em { display: none } }
            "#,
        );
        assert_eq!(
            sheet.imports,
            [
                Import {
                    href: "base.css".into(),
                    certain: true
                },
                Import {
                    href: "print.css".into(),
                    certain: false
                }
            ]
        );
        // p-li, h2 (uncertain), q, q's nested rule (uncertain); div has
        // nothing the reader keeps.
        let certain: Vec<bool> = sheet.rules.iter().map(|rule| rule.certain).collect();
        assert_eq!(certain, [true, false, true, false]);
        assert_eq!(sheet.rules[0].selectors.selectors.len(), 2);
    }

    #[test]
    fn media_attributes_count_only_the_screen_as_certain() {
        assert!(media_attribute_is_screen(None));
        assert!(media_attribute_is_screen(Some("all")));
        assert!(media_attribute_is_screen(Some("print, screen")));
        assert!(!media_attribute_is_screen(Some("print")));
        assert!(!media_attribute_is_screen(Some(
            "screen and (max-width: 10px)"
        )));
    }

    #[test]
    fn garbage_is_read_without_panicking() {
        // A fixed pseudo-random stream of CSS's own characters.
        let alphabet: Vec<char> = "ab-_#.:,;!*>+~=|^$[](){}'\"/\\ \n0123456789%@pxemrgbinset"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let length = (seed >> 58) as usize;
            let text: String = (0..length)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            let _ = Sheet::parse(&text);
            let _ = style_attribute(&text);
            let _ = selector::parse_list(&pieces(&mut Parser::new(&text), 0));
        }
        // Deep nesting stops at the limits, not the stack.
        let deep = format!(
            "p {{ color: {}red{} }}",
            "rgb(".repeat(10_000),
            ")".repeat(10_000)
        );
        let _ = Sheet::parse(&deep);
        let deep = format!(
            "{}p {{ display: none }}{}",
            "@media all {".repeat(10_000),
            "}".repeat(10_000)
        );
        assert!(Sheet::parse(&deep).rules.is_empty());
    }

    #[test]
    fn a_sheet_past_the_rule_limit_is_marked_too_large() {
        let css = "a{color:red}".repeat(MAX_RULES + 1);
        let sheet = Sheet::parse(&css);
        assert!(sheet.too_large);
        assert_eq!(sheet.rules.len(), MAX_RULES);
    }
}
