//! Braille (`ID.brf`): contracted Unified English Braille (grade 2) as
//! North American ASCII braille, through liblouis ([`louis`]).

pub mod louis;
