//! Generated English leaflets for the tests that try leafpress on text
//! they do not hold (`tests/braille_outside.rs`, `tests/browser.rs`):
//! capitals, acronyms, numbers, phone numbers, long addresses, `£`, `%`,
//! quotes, accents, links of each kind, nested bold and italic, lists
//! (some numbered from other than 1), and `[braille]` page sizes.

use super::property::Rng;

const WORDS: &[&str] = &[
    "you",
    "will",
    "be",
    "offered",
    "treatment",
    "the",
    "and",
    "of",
    "to",
    "in",
    "for",
    "with",
    "your",
    "doctor",
    "nurse",
    "appointment",
    "hospital",
    "clinic",
    "ward",
    "medicine",
    "tablets",
    "should",
    "could",
    "would",
    "about",
    "after",
    "before",
    "together",
    "knowledge",
    "children",
    "people",
    "little",
    "question",
    "ought",
    "through",
    "another",
    "himself",
    "themselves",
    "their",
    "there",
    "where",
    "which",
    "whether",
    "because",
    "against",
    "enough",
    "were",
    "was",
    "his",
    "every",
    "sometimes",
    "immediately",
    "important",
    "necessary",
    "characteristically",
    "side",
    "effects",
    "pain",
    "bone",
    "blood",
    "test",
    "results",
    "letter",
    "phone",
    "call",
    "ring",
    "write",
    "carer",
    "family",
    "friend",
    "ask",
    "help",
    "support",
    "home",
    "day",
    "week",
    "month",
    "morning",
    "evening",
    "night",
    "great",
    "good",
    "under",
    "upon",
    "work",
    "world",
    "right",
    "first",
    "ever",
    "lord",
    "mother",
    "father",
    "time",
    "part",
    "young",
    "spirit",
    "ation",
    "tion",
    "ness",
    "ment",
    "ence",
    "ound",
    "anything",
    "everything",
    "something",
];

const CAPITALISED: &[&str] = &[
    "NHS",
    "GP",
    "A&E",
    "Riverside",
    "Macmillan",
    "London",
    "Monday",
    "Friday",
    "Dr",
    "BBC",
    "McDonald",
    "iPad",
    "COVID-19",
    "X-ray",
    "Helpline",
    "English",
    "UEB",
];

const SPECIAL: &[&str] = &[
    "0808 800 6000",
    "3",
    "10-12",
    "2.5",
    "24/7",
    "1st",
    "9am",
    "£20",
    "50%",
    "don't",
    "you're",
    "it's",
    "co-operate",
    "self-care",
    "(if you can)",
    "\"as soon as possible\"",
    "‘quickly’",
    "Pneumonoultramicroscopicsilicovolcanoconiosis",
    "https://www.example.org/patients/transport/booking-and-cancellations/read-this-first.html",
    "help@example.org",
    "Riverside-Clinic-Building-Twenty-Three/Floor-Two/Room:Fourteen",
    "café",
    "naïve",
    "–",
];

/// A phrase of one to `most` words.
fn words(rng: &mut Rng, most: usize) -> String {
    (0..1 + rng.below(most))
        .map(|_| word(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn word(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=1 => rng.pick(CAPITALISED).to_string(),
        2..=3 => rng.pick(SPECIAL).to_string(),
        4 => capitalised(rng.pick(WORDS).to_string()),
        5 => rng.pick(WORDS).to_ascii_uppercase(),
        _ => rng.pick(WORDS).to_string(),
    }
}

/// A phrase with inline markup, sometimes.
fn marked(rng: &mut Rng) -> String {
    match rng.below(14) {
        0 => format!("**{}**", words(rng, 6)),
        1 => format!("*{}*", words(rng, 6)),
        2 => format!(
            "[{}](https://example.org/{})",
            words(rng, 3),
            rng.below(1000)
        ),
        3 => format!(
            "[{}](https://www.example.org/patients/transport/booking-and-cancellations/{}.html)",
            words(rng, 3),
            rng.below(1000)
        ),
        4 => "[01632 960 555](tel:+441632960555)".to_owned(),
        5 => "<help@example.org>".to_owned(),
        6 => format!("[write to us](mailto:help{}@example.org)", rng.below(100)),
        7 => format!(
            "**{} *{}* {}**",
            words(rng, 3),
            words(rng, 2),
            words(rng, 3)
        ),
        _ => words(rng, 5),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let mut parts = Vec::new();
    for index in 0..1 + rng.below(4) {
        if index > 0 {
            parts.push(rng.pick(&[",", ";", ":", " –", ""]).to_string());
        }
        parts.push(format!(" {}", marked(rng)));
    }
    let mut text = capitalised(parts.concat().trim().to_owned());
    const ENDS: &[&str] = &[".", ".", ".", "!", "?"];
    let end = rng.pick(ENDS);
    text.push_str(end);
    text
}

fn paragraph(rng: &mut Rng) -> String {
    (0..1 + rng.below(5))
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn body(rng: &mut Rng) -> String {
    let mut blocks = Vec::new();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 => blocks.push(
                (0..2 + rng.below(3))
                    .map(|_| format!("- {}", marked(rng)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            1 => {
                let start = if rng.one_in(2) { 1 } else { 1 + rng.below(20) };
                blocks.push(
                    (0..2 + rng.below(3))
                        .map(|n| format!("{}. {}", start + n, sentence(rng)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            _ => blocks.push(paragraph(rng)),
        }
    }
    blocks.join("\n\n")
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn heading(rng: &mut Rng) -> String {
    // A word first: a title or heading of only `–` has no words.
    let first = capitalised(rng.pick(WORDS).to_string());
    format!("{first} {}", words(rng, 4))
}

/// `text` with its first letter a capital, if it is a small ASCII letter.
fn capitalised(mut text: String) -> String {
    if text.starts_with(|c: char| c.is_ascii_lowercase()) {
        text[..1].make_ascii_uppercase();
    }
    text
}

/// A generated English leaflet source with the id `id`.
pub fn generated_leaflet(rng: &mut Rng, id: &str) -> String {
    let mut text = format!(
        "[leaflet]\nid = \"{id}\"\ntitle = {}\nlanguage = \"{}\"\nreviewed = \"2026-03\"\nnext_review = \"2099-03\"\n",
        quoted(&heading(rng)),
        *rng.pick(&["en-GB", "en", "en-US"]),
    );
    if rng.one_in(2) {
        text.push_str(&format!("summary = {}\n", quoted(&paragraph(rng))));
    }
    if rng.one_in(3) {
        text.push_str(&format!(
            "\n[braille]\ncells_per_line = {}\nlines_per_page = {}\n",
            28 + rng.below(15),
            20 + rng.below(9)
        ));
    }
    for n in 0..1 + rng.below(5) {
        text.push_str(&format!(
            "\n[[section]]\nid = \"s{n}\"\nheading = {}\nbody = '''\n{}\n'''\n",
            quoted(&heading(rng)),
            body(rng)
        ));
    }
    text
}
