//! The gate: a file that fails its check never reaches its final path. A
//! deliberately broken writer stands in for a real one here, since the real
//! writers are meant never to fail.

mod common;

use std::path::PathBuf;

use leafpress::Error;
use leafpress::build::{self, Options};
use leafpress::outputs::text::PlainText;
use leafpress::outputs::{Output, RenderContext, Rendered};
use leafpress::registry::Registry;
use leafpress::verify::{CheckContext, FileAt, OutputReport};

use common::{SEED_ID, files_below, scratch, seed_source};

/// Plain text whose writer loses a sentence, as a careless hand edit would.
struct LosesASentence;

impl Output for LosesASentence {
    fn key(&self) -> &'static str {
        PlainText.key()
    }
    fn name(&self) -> &'static str {
        PlainText.name()
    }
    fn file_name(&self, leaflet_id: &str) -> String {
        PlainText.file_name(leaflet_id)
    }
    fn write(&self, context: &RenderContext<'_>) -> Result<Rendered, Error> {
        let mut rendered = PlainText.write(context)?;
        let text = String::from_utf8(rendered.files[0].bytes.clone()).unwrap();
        rendered.files[0].bytes = text
            .replace(
                "It takes about an hour and you can usually go home later that day.",
                "",
            )
            .into_bytes();
        Ok(rendered)
    }
    fn check(&self, files: &[FileAt], context: &CheckContext<'_>) -> OutputReport {
        PlainText.check(files, context)
    }
}

/// Every output, with the plain text's writer broken.
fn broken() -> Registry {
    Registry::standard().with(Box::new(LosesASentence))
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
    let outcomes = build::build_with(&broken(), &[seed_source()], &options(out.clone())).unwrap();
    assert!(!outcomes[0].succeeded());
    let text = outcomes[0]
        .outputs
        .iter()
        .find(|report| report.output == PlainText.name())
        .unwrap();
    let problem = &text.problems[0];
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
    let good = build::build(&[seed_source()], &options(out.clone())).unwrap();
    assert!(good[0].succeeded());
    let released = out.join(format!("{SEED_ID}/{SEED_ID}.txt"));
    let before = std::fs::read(&released).unwrap();

    // Forced: the source is unchanged, so the build would skip it.
    let rebuild = Options {
        force: true,
        ..options(out.clone())
    };
    let outcomes = build::build_with(&broken(), &[seed_source()], &rebuild).unwrap();
    assert!(!outcomes[0].succeeded());
    assert_eq!(std::fs::read(&released).unwrap(), before);
    assert_eq!(
        files_below(&out).len(),
        10,
        "the earlier outputs, job ticket and sheet and their stamp, the catalogue page, no temporary files"
    );
}
