//! A progress bar of leaflets done, on stderr, drawn by `indicatif` while a
//! run of several leaflets goes on on a terminal and wiped at the end (the
//! summary line follows). Hidden when stderr is not a terminal (indicatif
//! checks), and for a single leaflet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The progress of a run.
pub struct Progress(ProgressBar);

/// `leafpress [#######.............] 35/100 leaflets`.
const TEMPLATE: &str = "leafpress [{bar:30}] {pos}/{len} leaflets";

impl Progress {
    /// A bar for `total` leaflets, shown if `wanted` and there are several.
    pub fn new(wanted: bool, total: usize) -> Progress {
        let target = if wanted && total > 1 {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(total as u64), target);
        bar.set_style(
            ProgressStyle::with_template(TEMPLATE)
                .expect("the template is valid")
                .progress_chars("#."),
        );
        Progress(bar)
    }

    /// One more leaflet done.
    pub fn one_done(&self) {
        self.0.inc(1);
    }

    /// Wipes the bar.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_counts_leaflets_done() {
        let progress = Progress::new(false, 4);
        progress.one_done();
        progress.one_done();
        assert_eq!(progress.0.position(), 2);
        assert_eq!(progress.0.length(), Some(4));
        progress.finish();
    }
}
