//! A tool for layout designers and for debugging the check: renders every
//! output of one leaflet into a folder *without* the release gate, and prints
//! the blocks each output's reader gets back from its file and what the check
//! finds missing.
//!
//! `cargo run --example inspect -- SOURCE.toml DIR [--layouts LAYOUTS]`

use std::path::PathBuf;

use leafpress::outputs::{self, RenderContext};
use leafpress::typeset::Layouts;
use leafpress::verify;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(source), Some(folder)) = (args.first(), args.get(1)) else {
        return Err("usage: inspect SOURCE.toml DIR [--layouts LAYOUTS]".into());
    };
    let layouts = match args.iter().position(|a| a == "--layouts") {
        Some(i) => Layouts::from_folder(&PathBuf::from(&args[i + 1]))?,
        None => Layouts::built_in(),
    };
    let loaded = leafpress::source::load(source.as_ref(), (2000, 1, 1)).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let leaflet = loaded.leaflet;
    std::fs::create_dir_all(folder)?;
    let date = leafpress::model::FileDate::of_leaflet(&leaflet);
    let context = RenderContext::new(&leaflet, &layouts, false, date);
    for output in outputs::all() {
        let path = PathBuf::from(folder).join(output.file_name(&leaflet.id));
        let rendered = output.write(&context)?;
        std::fs::write(&path, &rendered.bytes)?;
        println!("== {} ({})", output.name(), path.display());
        match output.read_back(&rendered.bytes) {
            Ok(read) => {
                for block in &read.blocks {
                    println!("  | {block}");
                }
                for flaw in &read.flaws {
                    println!("  flaw: {flaw}");
                }
            }
            Err(error) => println!("  cannot be read: {error}"),
        }
        let report = verify::check_file(output.as_ref(), &leaflet, &path);
        for problem in &report.problems {
            println!("  problem: {problem}");
        }
    }
    Ok(())
}
