//! A tool for layout designers and for debugging the check: renders every
//! output of one leaflet into `DIR/ID/` *without* the release gate, and prints
//! the blocks each output's reader gets back from its file and what the check
//! finds missing.
//!
//! `cargo run --example inspect -- SOURCE.toml DIR [--layouts LAYOUTS] [--font-path FONTS]...`

use std::path::PathBuf;
use std::sync::Arc;

use leafpress::outputs::editions::Editions;
use leafpress::outputs::{Output, RenderContext};
use leafpress::registry::Registry;
use leafpress::typeset::Layouts;
use leafpress::typeset::font_path::FontPath;
use leafpress::verify::{self, FileAt};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(source), Some(folder)) = (args.first(), args.get(1)) else {
        return Err(
            "usage: inspect SOURCE.toml DIR [--layouts LAYOUTS] [--font-path FONTS]...".into(),
        );
    };
    let mut layouts = match args.iter().position(|a| a == "--layouts") {
        Some(i) => Layouts::from_folder(&PathBuf::from(&args[i + 1]))?,
        None => Layouts::built_in(),
    };
    let font_folders: Vec<PathBuf> = args
        .windows(2)
        .filter(|pair| pair[0] == "--font-path")
        .map(|pair| PathBuf::from(&pair[1]))
        .collect();
    if !font_folders.is_empty() {
        layouts = layouts.with_font_path(Arc::new(FontPath::new(&font_folders)?));
    }
    let loaded = leafpress::source::load(source.as_ref(), (2000, 1, 1)).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let leaflet = loaded.leaflet;
    let folder = PathBuf::from(folder).join(&leaflet.id);
    std::fs::create_dir_all(&folder)?;
    let editions = Editions::new();
    let context = RenderContext {
        leaflet: &leaflet,
        layouts: &layouts,
        proofs: false,
        date: leafpress::model::FileDate::of_leaflet(&leaflet),
        editions: &editions,
        made: &[],
    };
    let registry = Registry::standard();
    // What a build makes of this leaflet (no braille for most languages).
    let (selection, left_out) = registry
        .default_selection()
        .for_leaflet(&registry, &leaflet);
    for warning in &left_out {
        println!("== left out: {warning}");
    }
    let mut written: Vec<(&str, Vec<FileAt>)> = Vec::new();
    for output in selection.outputs(&registry) {
        let rendered = output.write(&context)?;
        let mut files = Vec::new();
        for file in rendered.files {
            let at = FileAt::released(&folder, &file.name);
            std::fs::write(&at.path, &file.bytes)?;
            println!("== {} ({})", output.name(), at.path.display());
            match output.read_text(&file.bytes) {
                Some(Ok(read)) => {
                    for block in &read.blocks {
                        println!("  | {block}");
                    }
                    for flaw in &read.flaws {
                        println!("  flaw: {flaw}");
                    }
                    for unseen in &read.unseen {
                        println!("  unseen ({}): {}", unseen.why.describe(), unseen.text);
                    }
                }
                Some(Err(error)) => println!("  cannot be read: {error}"),
                None => {}
            }
            files.push(at);
        }
        written.push((output.key(), files));
    }
    let files_of = |output: &dyn Output| {
        written
            .iter()
            .find(|(key, _)| *key == output.key())
            .map(|(_, files)| files.clone())
            .unwrap_or_default()
    };
    for report in verify::check_outputs(selection.outputs(&registry), &leaflet, &files_of) {
        println!("== check of the {}: {:?}", report.output, report.status);
        if let Some(error) = &report.error {
            println!("  error: {error}");
        }
        for flaw in &report.flaws {
            println!("  flaw: {flaw}");
        }
        for problem in &report.problems {
            println!("  problem: {problem}");
        }
    }
    Ok(())
}
