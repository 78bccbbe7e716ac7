//! The gate: a file that fails its check never reaches its final path. A
//! deliberately broken writer stands in for a real one here, since the real
//! writers are meant never to fail.

mod common;

use std::path::PathBuf;

use leafpress::build::{self, Options};
use leafpress::model::LinkAddresses;
use leafpress::outputs::text::PlainText;
use leafpress::outputs::{Output, ReadBack, ReadError, RenderContext, RenderError, Rendered};

use common::{SEED_ID, files_below, scratch, seed_source};

/// Plain text whose writer loses a sentence, as a careless hand edit would.
struct LosesASentence;

impl Output for LosesASentence {
    fn name(&self) -> &'static str {
        PlainText.name()
    }
    fn file_name(&self, leaflet_id: &str) -> String {
        PlainText.file_name(leaflet_id)
    }
    fn link_addresses(&self) -> LinkAddresses {
        PlainText.link_addresses()
    }
    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let text = String::from_utf8(PlainText.write(context)?.bytes).unwrap();
        Ok(Rendered::file(
            text.replace(
                "It takes about an hour and you can usually go home later that day.",
                "",
            )
            .into_bytes(),
        ))
    }
    fn read_back(&self, bytes: &[u8]) -> Result<ReadBack, ReadError> {
        PlainText.read_back(bytes)
    }
}

fn options(out: PathBuf) -> Options {
    Options {
        today: (2026, 1, 1),
        ..Options::new(out)
    }
}

#[test]
fn an_output_that_fails_its_check_is_never_released() {
    let dir = scratch();
    let out = dir.path().join("out");
    let broken: Vec<Box<dyn Output>> = vec![Box::new(LosesASentence)];
    let outcomes = build::build_with_outputs(&[seed_source()], &options(out.clone()), &broken);
    assert!(!outcomes[0].succeeded());
    let problem = &outcomes[0].outputs[0].problems[0];
    assert_eq!(problem.section.as_deref(), Some("vertebroplasty"));
    assert!(problem.first_words.starts_with("It takes about an hour"));
    assert_eq!(
        files_below(&out),
        Vec::<PathBuf>::new(),
        "nothing released, nothing left over"
    );
}

#[test]
fn a_failed_rebuild_leaves_the_earlier_verified_outputs_in_place() {
    let dir = scratch();
    let out = dir.path().join("out");
    let good = build::build(&[seed_source()], &options(out.clone()));
    assert!(good[0].succeeded());
    let released = out.join(format!("{SEED_ID}/{SEED_ID}.txt"));
    let before = std::fs::read(&released).unwrap();

    let broken: Vec<Box<dyn Output>> = vec![Box::new(LosesASentence)];
    let outcomes = build::build_with_outputs(&[seed_source()], &options(out.clone()), &broken);
    assert!(!outcomes[0].succeeded());
    assert_eq!(std::fs::read(&released).unwrap(), before);
    assert_eq!(
        files_below(&out).len(),
        7,
        "the earlier outputs, job ticket and sheet and their stamp, no temporary files"
    );
}
