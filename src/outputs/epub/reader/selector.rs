//! Selectors, and whether one matches an element: yes, no, or *perhaps*.
//!
//! Understood: type selectors and `*`, classes, ids, attribute selectors
//! (presence and the six operators, with the `i` flag), the descendant
//! and child combinators, comma lists, `:not()` of simple selectors, and
//! the structural pseudo-classes (`:root`, `:empty`, `:link`,
//! `:first-child` and the other `-child` and `-of-type` ones, `:nth-*`
//! with `An+B`). A selector that matches a pseudo-element (`::before`)
//! matches no element.
//!
//! Everything else answers *perhaps*: the sibling combinators, `:hover`
//! and the other states a reader may or may not put the page in, `:is()`,
//! `:has()`, `::first-line`. A selector the reader cannot read at all
//! perhaps matches every element, and makes every selector of its list a
//! perhaps (a browser drops the whole rule if one of its selectors is
//! invalid, so the reader cannot be sure of any). A rule that perhaps
//! applies can keep text in view but never takes it away
//! ([`super::style`]).

use roxmltree::Node;

use super::css::Piece;

/// Whether a selector matches an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// It does not.
    No,
    /// It may: it holds something the reader does not judge.
    Perhaps,
    /// It does.
    Yes,
}

impl Match {
    fn not(self) -> Match {
        match self {
            Match::Yes => Match::No,
            Match::No => Match::Yes,
            Match::Perhaps => Match::Perhaps,
        }
    }
}

/// A selector's specificity: ids, then classes, attributes and
/// pseudo-classes, then types and pseudo-elements.
pub type Specificity = (u16, u16, u16);

/// A comma-separated list of selectors.
#[derive(Debug, Clone)]
pub struct SelectorList {
    /// The selectors, in order.
    pub selectors: Vec<Selector>,
}

impl SelectorList {
    /// A list whose one selector perhaps matches every element (for a
    /// rule whose selector the reader cannot place, such as a nested one).
    pub fn anything() -> SelectorList {
        SelectorList {
            selectors: vec![Selector::anything()],
        }
    }
}

/// One complex selector: compounds joined by combinators.
#[derive(Debug, Clone)]
pub struct Selector {
    /// Its compound selectors, left to right; the last is the subject.
    pub compounds: Vec<Compound>,
    /// `combinators[i]` joins `compounds[i]` and `compounds[i + 1]`.
    pub combinators: Vec<Combinator>,
    /// Its specificity.
    pub specificity: Specificity,
    /// False when its list holds a selector the reader could not read:
    /// then even a full match is only a perhaps.
    pub sure: bool,
}

/// How two compounds of a selector are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combinator {
    /// White space: any ancestor.
    Descendant,
    /// `>`: the parent.
    Child,
    /// `+` or `~`: a previous sibling, which the reader does not follow.
    Sibling,
}

/// A compound selector: a type (or none) and tests that must all pass.
#[derive(Debug, Clone, Default)]
pub struct Compound {
    /// The element's local name, or `None` for `*` or no type.
    pub tag: Option<String>,
    /// The other simple selectors.
    pub tests: Vec<Test>,
}

/// One simple selector other than a type.
#[derive(Debug, Clone)]
pub enum Test {
    /// `#id`
    Id(String),
    /// `.class`
    Class(String),
    /// `[name]`, `[name op value i]`
    Attribute {
        /// The attribute's name (in no namespace).
        name: String,
        /// The operator (`=`, `~=`, ...), the value, and whether case is
        /// ignored; `None` for presence alone.
        test: Option<(&'static str, String, bool)>,
    },
    /// `:nth-child(An+B)` and its relatives.
    Nth(Nth),
    /// `:only-child`, `:only-of-type`
    Only {
        /// Among siblings of the same type only.
        of_type: bool,
    },
    /// `:root`
    Root,
    /// `:empty`
    Empty,
    /// `:link`, `:any-link`
    Link,
    /// `:not(a, b)`
    Not(Vec<Compound>),
    /// A pseudo-element that never holds the element's own text.
    Never,
    /// Something the reader does not judge.
    Perhaps,
}

/// `An+B` over an element's place among its siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nth {
    /// A
    pub a: i64,
    /// B
    pub b: i64,
    /// Counting only siblings of the same type.
    pub of_type: bool,
    /// Counting from the last sibling.
    pub from_end: bool,
}

/// Where an element stands among its parent's element children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Its place, from 1.
    pub index: u32,
    /// How many there are.
    pub count: u32,
    /// Its place among those of its type, from 1.
    pub type_index: u32,
    /// How many of its type there are.
    pub type_count: u32,
}

impl Selector {
    /// A selector that perhaps matches every element, ranked above any
    /// other.
    pub fn anything() -> Selector {
        Selector {
            compounds: vec![Compound {
                tag: None,
                tests: vec![Test::Perhaps],
            }],
            combinators: Vec::new(),
            specificity: (u16::MAX, u16::MAX, u16::MAX),
            sure: false,
        }
    }

    /// Whether it tests an element's place among its siblings.
    pub fn needs_places(&self) -> bool {
        fn needs(compound: &Compound) -> bool {
            compound.tests.iter().any(|test| match test {
                Test::Nth(_) | Test::Only { .. } => true,
                Test::Not(inner) => inner.iter().any(needs),
                _ => false,
            })
        }
        self.compounds.iter().any(needs)
    }

    /// Steps the selector's matching down the tree: `parent` is the state
    /// at the element's parent (`None` at the root), `state` receives the
    /// element's, one `(here, at or above)` pair per compound: whether the
    /// compounds up to that one match with it at this element, and at
    /// this element or an ancestor. Returns whether the whole selector
    /// matches the element.
    pub fn step(
        &self,
        element: Node<'_, '_>,
        place: Option<Place>,
        parent: Option<&[(Match, Match)]>,
        state: &mut [(Match, Match)],
    ) -> Match {
        for (i, compound) in self.compounds.iter().enumerate() {
            let own = compound.matches(element, place);
            let here = if i == 0 {
                own
            } else {
                let via = match self.combinators[i - 1] {
                    Combinator::Child => parent.map_or(Match::No, |p| p[i - 1].0),
                    Combinator::Descendant => parent.map_or(Match::No, |p| p[i - 1].1),
                    Combinator::Sibling => Match::Perhaps,
                };
                own.min(via)
            };
            let above = parent.map_or(Match::No, |p| p[i].1);
            state[i] = (here, here.max(above));
        }
        let subject = state[self.compounds.len() - 1].0;
        if self.sure {
            subject
        } else {
            subject.min(Match::Perhaps)
        }
    }
}

impl Compound {
    /// Whether the compound matches the element.
    fn matches(&self, element: Node<'_, '_>, place: Option<Place>) -> Match {
        let mut result = match &self.tag {
            None => Match::Yes,
            Some(tag) if element.tag_name().name() == tag => Match::Yes,
            // XHTML is case-sensitive; a reading system that is not might
            // still apply it.
            Some(tag) if element.tag_name().name().eq_ignore_ascii_case(tag) => Match::Perhaps,
            Some(_) => return Match::No,
        };
        for test in &self.tests {
            result = result.min(test.matches(element, place));
            if result == Match::No {
                break;
            }
        }
        result
    }
}

/// An attribute in no namespace.
fn attribute<'a>(element: Node<'a, '_>, name: &str) -> Option<&'a str> {
    element
        .attributes()
        .find(|a| a.namespace().is_none() && a.name() == name)
        .map(|a| a.value())
}

fn yes(holds: bool) -> Match {
    if holds { Match::Yes } else { Match::No }
}

impl Test {
    fn matches(&self, element: Node<'_, '_>, place: Option<Place>) -> Match {
        match self {
            Test::Id(id) => yes(attribute(element, "id") == Some(id.as_str())),
            Test::Class(class) => yes(attribute(element, "class").is_some_and(|classes| {
                classes
                    .split_ascii_whitespace()
                    .any(|c| c == class.as_str())
            })),
            Test::Attribute { name, test } => {
                let Some(found) = attribute(element, name) else {
                    return Match::No;
                };
                let Some((operator, wanted, ignore_case)) = test else {
                    return Match::Yes;
                };
                let (found, wanted) = if *ignore_case {
                    (found.to_lowercase(), wanted.to_lowercase())
                } else {
                    (found.to_owned(), wanted.clone())
                };
                yes(match *operator {
                    "=" => found == wanted,
                    "~=" => {
                        !wanted.is_empty()
                            && !wanted.contains(char::is_whitespace)
                            && found.split_ascii_whitespace().any(|w| w == wanted)
                    }
                    "|=" => found == wanted || found.starts_with(&format!("{wanted}-")),
                    "^=" => !wanted.is_empty() && found.starts_with(&wanted),
                    "$=" => !wanted.is_empty() && found.ends_with(&wanted),
                    "*=" => !wanted.is_empty() && found.contains(&wanted),
                    _ => false,
                })
            }
            Test::Nth(nth) => {
                let Some(place) = place else {
                    return Match::Perhaps;
                };
                let (index, count) = if nth.of_type {
                    (place.type_index, place.type_count)
                } else {
                    (place.index, place.count)
                };
                let position = if nth.from_end {
                    i64::from(count) - i64::from(index) + 1
                } else {
                    i64::from(index)
                };
                yes(nth_holds(nth.a, nth.b, position))
            }
            Test::Only { of_type } => match place {
                None => Match::Perhaps,
                Some(place) if *of_type => yes(place.type_count == 1),
                Some(place) => yes(place.count == 1),
            },
            Test::Root => yes(element.parent().is_some_and(|p| p.is_root())),
            Test::Empty => yes(element.children().all(|child| {
                let text = child.is_text() && !child.text().unwrap_or("").is_empty();
                !child.is_element() && !text
            })),
            Test::Link => yes(matches!(element.tag_name().name(), "a" | "area")
                && attribute(element, "href").is_some()),
            Test::Not(inner) => inner
                .iter()
                .map(|compound| compound.matches(element, place))
                .max()
                .unwrap_or(Match::No)
                .not(),
            Test::Never => Match::No,
            Test::Perhaps => Match::Perhaps,
        }
    }
}

/// Whether `An+B` takes the value `position` for some n ≥ 0.
fn nth_holds(a: i64, b: i64, position: i64) -> bool {
    let offset = position - b;
    if a == 0 {
        offset == 0
    } else {
        offset % a == 0 && offset / a >= 0
    }
}

/// Parses a selector list from the pieces of a rule's prelude.
pub fn parse_list(pieces: &[Piece]) -> SelectorList {
    let parsed: Vec<Option<Selector>> = pieces
        .split(|piece| *piece == Piece::Comma)
        .map(parse_complex)
        .collect();
    let sure = parsed.iter().all(Option::is_some);
    SelectorList {
        selectors: parsed
            .into_iter()
            .map(|selector| match selector {
                Some(selector) => Selector { sure, ..selector },
                None => Selector::anything(),
            })
            .collect(),
    }
}

/// Parses one complex selector, or `None` if the reader cannot read it.
fn parse_complex(pieces: &[Piece]) -> Option<Selector> {
    let mut compounds: Vec<Compound> = Vec::new();
    let mut combinators = Vec::new();
    let mut current: Option<Compound> = None;
    // The combinator before the next compound: an explicit one, or
    // white space's descendant.
    let mut pending: Option<Combinator> = None;
    let mut explicit = false;
    let mut i = 0;
    while i < pieces.len() {
        let piece = &pieces[i];
        i += 1;
        let combinator = match piece {
            Piece::Space => {
                if let Some(compound) = current.take() {
                    compounds.push(compound);
                    pending = Some(Combinator::Descendant);
                }
                continue;
            }
            Piece::Delim('>') => Some(Combinator::Child),
            Piece::Delim('+' | '~') => Some(Combinator::Sibling),
            _ => None,
        };
        if let Some(combinator) = combinator {
            if let Some(compound) = current.take() {
                compounds.push(compound);
            }
            if compounds.is_empty() || explicit {
                return None;
            }
            pending = Some(combinator);
            explicit = true;
            continue;
        }
        // A simple selector: it opens a compound if none is open.
        let compound = match current.as_mut() {
            Some(compound) => compound,
            None => {
                if !compounds.is_empty() {
                    combinators.push(pending.take()?);
                }
                explicit = false;
                current.insert(Compound::default())
            }
        };
        let fresh = compound.tag.is_none() && compound.tests.is_empty();
        match piece {
            Piece::Ident(name) if fresh => compound.tag = Some(name.clone()),
            Piece::Delim('*') if fresh => {}
            Piece::Delim('.') => match pieces.get(i) {
                Some(Piece::Ident(class)) => {
                    compound.tests.push(Test::Class(class.clone()));
                    i += 1;
                }
                _ => return None,
            },
            Piece::Hash { value, id: true } => compound.tests.push(Test::Id(value.clone())),
            Piece::Square(inner) => compound.tests.push(parse_attribute(inner)?),
            Piece::Colon => {
                let (test, used) = parse_pseudo(&pieces[i..])?;
                compound.tests.push(test);
                i += used;
            }
            _ => return None,
        }
    }
    if let Some(compound) = current.take() {
        compounds.push(compound);
    }
    if compounds.is_empty() || compounds.len() != combinators.len() + 1 || explicit {
        return None;
    }
    let specificity = compounds.iter().map(specificity).fold((0, 0, 0), add);
    Some(Selector {
        compounds,
        combinators,
        specificity,
        sure: true,
    })
}

fn add(a: Specificity, b: Specificity) -> Specificity {
    (
        a.0.saturating_add(b.0),
        a.1.saturating_add(b.1),
        a.2.saturating_add(b.2),
    )
}

fn specificity(compound: &Compound) -> Specificity {
    let mut total = (0, 0, u16::from(compound.tag.is_some()));
    for test in &compound.tests {
        let own = match test {
            Test::Id(_) => (1, 0, 0),
            Test::Never => (0, 0, 1),
            Test::Not(inner) => inner.iter().map(specificity).max().unwrap_or((0, 0, 0)),
            _ => (0, 1, 0),
        };
        total = add(total, own);
    }
    total
}

/// `[name]` or `[name op value flag]`.
fn parse_attribute(inner: &[Piece]) -> Option<Test> {
    let inner: Vec<&Piece> = inner.iter().filter(|p| **p != Piece::Space).collect();
    let (name, rest) = match inner.as_slice() {
        [Piece::Ident(name), rest @ ..] => (name.clone(), rest),
        _ => return None,
    };
    let operator = match rest.first() {
        None => return Some(Test::Attribute { name, test: None }),
        Some(Piece::Delim('=')) => "=",
        Some(Piece::Match(operator)) => operator,
        Some(_) => return None,
    };
    let value = match rest.get(1) {
        Some(Piece::Ident(value) | Piece::Str(value)) => value.clone(),
        _ => return None,
    };
    let ignore_case = match rest.get(2) {
        None => false,
        Some(Piece::Ident(flag)) if flag.eq_ignore_ascii_case("i") => true,
        Some(Piece::Ident(flag)) if flag.eq_ignore_ascii_case("s") => false,
        Some(_) => return None,
    };
    if rest.len() > 3 {
        return None;
    }
    Some(Test::Attribute {
        name,
        test: Some((operator, value, ignore_case)),
    })
}

/// Pseudo-classes a reader may see in either state: the reader cannot
/// tell, so they match perhaps.
const STATES: [&str; 31] = [
    "hover",
    "focus",
    "focus-visible",
    "focus-within",
    "active",
    "visited",
    "target",
    "target-within",
    "checked",
    "disabled",
    "enabled",
    "indeterminate",
    "default",
    "valid",
    "invalid",
    "required",
    "optional",
    "read-only",
    "read-write",
    "placeholder-shown",
    "autofill",
    "playing",
    "paused",
    "fullscreen",
    "modal",
    "popover-open",
    "open",
    "closed",
    "defined",
    "scope",
    "local-link",
];

/// Pseudo-elements that hold generated content or decoration, never the
/// element's own text.
const OTHER_BOXES: [&str; 10] = [
    "before",
    "after",
    "marker",
    "placeholder",
    "selection",
    "backdrop",
    "file-selector-button",
    "cue",
    "spelling-error",
    "grammar-error",
];

/// What follows a `:`: a pseudo-class, or (after a second `:`) a
/// pseudo-element. Returns the test and how many pieces it used.
fn parse_pseudo(pieces: &[Piece]) -> Option<(Test, usize)> {
    let (element, at) = match pieces.first() {
        Some(Piece::Colon) => (true, 1),
        _ => (false, 0),
    };
    let piece = pieces.get(at)?;
    let used = at + 1;
    let test = match piece {
        Piece::Ident(name) => {
            let name = name.to_ascii_lowercase();
            let legacy = matches!(
                name.as_str(),
                "before" | "after" | "first-line" | "first-letter"
            );
            if element || legacy {
                if OTHER_BOXES.contains(&name.as_str()) {
                    Test::Never
                } else if matches!(name.as_str(), "first-line" | "first-letter") {
                    Test::Perhaps
                } else {
                    return None;
                }
            } else {
                let nth = |a, b, of_type, from_end| {
                    Test::Nth(Nth {
                        a,
                        b,
                        of_type,
                        from_end,
                    })
                };
                match name.as_str() {
                    "root" => Test::Root,
                    "empty" => Test::Empty,
                    "link" | "any-link" => Test::Link,
                    "first-child" => nth(0, 1, false, false),
                    "last-child" => nth(0, 1, false, true),
                    "first-of-type" => nth(0, 1, true, false),
                    "last-of-type" => nth(0, 1, true, true),
                    "only-child" => Test::Only { of_type: false },
                    "only-of-type" => Test::Only { of_type: true },
                    name if STATES.contains(&name) => Test::Perhaps,
                    _ => return None,
                }
            }
        }
        Piece::Function(name, args) => {
            if element {
                // ::part(), ::slotted(), ::highlight(), ...
                Test::Perhaps
            } else {
                match name.as_str() {
                    "nth-child" | "nth-last-child" | "nth-of-type" | "nth-last-of-type" => {
                        match parse_nth(args) {
                            Some((a, b)) => Test::Nth(Nth {
                                a,
                                b,
                                of_type: name.ends_with("of-type"),
                                from_end: name.starts_with("nth-last"),
                            }),
                            None => Test::Perhaps,
                        }
                    }
                    "not" => parse_not(args)?,
                    "is" | "where" | "has" | "lang" | "dir" | "matches" | "-webkit-any"
                    | "-moz-any" | "host" | "host-context" | "state" => Test::Perhaps,
                    _ => return None,
                }
            }
        }
        _ => return None,
    };
    Some((test, used))
}

/// `:not(a, b)` of compound selectors; one with a combinator is a perhaps.
fn parse_not(args: &[Piece]) -> Option<Test> {
    let mut inner = Vec::new();
    for part in args.split(|piece| *piece == Piece::Comma) {
        let mut selector = parse_complex(trim(part))?;
        if selector.compounds.len() != 1 {
            return Some(Test::Perhaps);
        }
        inner.push(selector.compounds.remove(0));
    }
    Some(Test::Not(inner))
}

fn trim(pieces: &[Piece]) -> &[Piece] {
    let start = pieces.iter().position(|p| *p != Piece::Space);
    let end = pieces.iter().rposition(|p| *p != Piece::Space);
    match (start, end) {
        (Some(start), Some(end)) => &pieces[start..=end],
        _ => &[],
    }
}

/// `An+B` in the common spellings: `odd`, `even`, `3`, `2n`, `2n+1`,
/// `-n+3`, `n`, `2n - 1`; anything else is `None`.
fn parse_nth(args: &[Piece]) -> Option<(i64, i64)> {
    let args: Vec<&Piece> = args.iter().filter(|p| **p != Piece::Space).collect();
    let whole = |n: f64| (n.fract() == 0.0 && n.abs() < 1e9).then_some(n as i64);
    // A unit or identifier `n`, `-n`, `n-3`, `-n-3`: (a sign, b).
    let n_word = |word: &str| -> Option<(i64, i64)> {
        let word = word.to_ascii_lowercase();
        let (sign, rest) = match word.strip_prefix('-') {
            Some(rest) => (-1, rest.to_owned()),
            None => (1, word),
        };
        let rest = rest.strip_prefix('n')?;
        let b = if rest.is_empty() {
            0
        } else {
            -rest.strip_prefix('-')?.parse::<i64>().ok()?
        };
        Some((sign, b))
    };
    let (a, b) = match args.as_slice() {
        [Piece::Ident(word)] if word.eq_ignore_ascii_case("odd") => (2, 1),
        [Piece::Ident(word)] if word.eq_ignore_ascii_case("even") => (2, 0),
        [Piece::Number(b)] => (0, whole(*b)?),
        [Piece::Dimension(a, unit)] => {
            let (sign, b) = n_word(unit)?;
            (whole(*a)? * sign, b)
        }
        [Piece::Ident(word)] => n_word(word)?,
        [first, rest @ ..] => {
            let (a, b0) = match first {
                Piece::Dimension(a, unit) => {
                    let (sign, b) = n_word(unit)?;
                    (whole(*a)? * sign, b)
                }
                Piece::Ident(word) => n_word(word)?,
                _ => return None,
            };
            if b0 != 0 {
                return None;
            }
            let b = match rest {
                [Piece::Number(b)] => whole(*b)?,
                [Piece::Delim('+'), Piece::Number(b)] => whole(*b)?,
                [Piece::Delim('-'), Piece::Number(b)] => -whole(*b)?,
                _ => return None,
            };
            (a, b)
        }
        _ => return None,
    };
    Some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use roxmltree::Document;

    fn list(text: &str) -> SelectorList {
        let mut input = cssparser::Parser::new(text);
        parse_list(&super::super::css::pieces(&mut input, 0))
    }

    /// Whether the first selector of `text` matches the element with
    /// `id="x"`, stepping down from the root as the reader does.
    fn matches(text: &str, xhtml: &str) -> Match {
        let document = Document::parse(xhtml).unwrap();
        let selector = &list(text).selectors[0];
        let target = document
            .descendants()
            .find(|n| n.attribute("id") == Some("x"))
            .unwrap();
        let mut chain: Vec<Node> = target.ancestors().filter(Node::is_element).collect();
        chain.reverse();
        let k = selector.compounds.len();
        let mut parent: Option<Vec<(Match, Match)>> = None;
        let mut result = Match::No;
        for element in chain {
            let place = {
                let siblings: Vec<Node> = element
                    .parent()
                    .unwrap()
                    .children()
                    .filter(Node::is_element)
                    .collect();
                let same: Vec<&Node> = siblings
                    .iter()
                    .filter(|s| s.tag_name() == element.tag_name())
                    .collect();
                Place {
                    index: siblings.iter().position(|s| *s == element).unwrap() as u32 + 1,
                    count: siblings.len() as u32,
                    type_index: same.iter().position(|s| **s == element).unwrap() as u32 + 1,
                    type_count: same.len() as u32,
                }
            };
            let mut state = vec![(Match::No, Match::No); k];
            result = selector.step(element, Some(place), parent.as_deref(), &mut state);
            parent = Some(state);
        }
        result
    }

    const PAGE: &str = r#"<html xmlns="http://www.w3.org/1999/xhtml"><body class="b">
<section id="s" class="one two"><div><p lang="en-GB" data-x="A b">a</p><p id="x" class="c" title="t">b</p></div></section>
</body></html>"#;

    #[test]
    fn simple_selectors_and_combinators_match_as_css_says() {
        use Match::*;
        let cases = [
            ("p", Yes),
            ("*", Yes),
            ("div", No),
            ("P", Perhaps),
            (".c", Yes),
            ("p.c", Yes),
            ("p.d", No),
            ("#x", Yes),
            ("#s p", Yes),
            ("#s > p", No),
            ("div > p", Yes),
            ("section div p", Yes),
            ("body > section > div > #x", Yes),
            (".one.two p", Yes),
            (".one.three p", No),
            ("[title]", Yes),
            ("[title=t]", Yes),
            ("[title='u']", No),
            ("[class~=c]", Yes),
            ("[id^=x]", Yes),
            ("p + p", Perhaps),
            ("p:hover", Perhaps),
            ("p:last-child", Yes),
            ("p:first-child", No),
            ("p:nth-child(2)", Yes),
            ("p:nth-child(odd)", No),
            ("p:nth-child(2n)", Yes),
            ("p:nth-last-child(1)", Yes),
            ("p:only-child", No),
            ("p:not(.c)", No),
            ("p:not(.d, span)", Yes),
            ("p::before", No),
            ("p::first-line", Perhaps),
            ("html:root p", Yes),
            ("p:empty", No),
        ];
        for (text, expected) in cases {
            assert_eq!(matches(text, PAGE), expected, "{text}");
        }
    }

    #[test]
    fn an_unreadable_selector_makes_its_whole_list_a_perhaps() {
        let parsed = list("p, a:unheard-of, li");
        assert_eq!(parsed.selectors.len(), 3);
        assert!(parsed.selectors.iter().all(|s| !s.sure));
        assert_eq!(matches("p, a:unheard-of", PAGE), Match::Perhaps);
        for broken in ["p >", "> p", "p > > p", "p..c", "svg|p", "#1x", ""] {
            assert!(!list(broken).selectors[0].sure, "{broken:?}");
        }
    }

    #[test]
    fn specificity_counts_ids_classes_and_types() {
        let of = |text: &str| list(text).selectors[0].specificity;
        assert_eq!(of("*"), (0, 0, 0));
        assert_eq!(of("p"), (0, 0, 1));
        assert_eq!(of("section p.c"), (0, 1, 2));
        assert_eq!(of("#s > p[title]:first-child"), (1, 2, 1));
        assert_eq!(of("p:not(#x)"), (1, 0, 1));
        assert_eq!(of("p::before"), (0, 0, 2));
    }

    #[test]
    fn an_plus_b_reads_the_usual_spellings() {
        let nth = |text: &str| {
            let mut input = cssparser::Parser::new(text);
            parse_nth(&super::super::css::pieces(&mut input, 0))
        };
        assert_eq!(nth("odd"), Some((2, 1)));
        assert_eq!(nth("even"), Some((2, 0)));
        assert_eq!(nth("3"), Some((0, 3)));
        assert_eq!(nth("2n+1"), Some((2, 1)));
        assert_eq!(nth("2n - 1"), Some((2, -1)));
        assert_eq!(nth("2n-1"), Some((2, -1)));
        assert_eq!(nth("-n+3"), Some((-1, 3)));
        assert_eq!(nth("n"), Some((1, 0)));
        assert_eq!(nth("2n of .x"), None);
        assert!(nth_holds(2, 1, 3) && !nth_holds(2, 1, 2) && nth_holds(-1, 3, 1));
        assert!(!nth_holds(-1, 3, 4));
    }
}
