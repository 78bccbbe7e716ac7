//! The reader on small `.docx` files made in memory.

use std::io::{Cursor, Write};

use super::read;
use crate::import::document::{Block, BlockKind, Document, Place, Span};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The namespaces every test part declares.
fn namespaces() -> String {
    format!(
        r#"xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#
    )
}

/// A ZIP of these entries.
fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A `.docx` whose body is `body`, with `parts` (`(name, kind, xml)`:
/// related from the document by relationship type `kind` when not empty;
/// `xml` is the part's text) and hyperlink targets `links` (`(id, url)`).
fn docx_with(body: &str, parts: &[(&str, &str, &str)], links: &[(&str, &str)]) -> Vec<u8> {
    let ns = namespaces();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {ns}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let package_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let mut rels = String::from(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, kind, _)) in parts.iter().enumerate() {
        if !kind.is_empty() {
            let target = name.strip_prefix("word/").unwrap_or(name);
            rels.push_str(&format!(
                r#"<Relationship Id="rPart{i}" Type="{REL}/{kind}" Target="{target}"/>"#
            ));
        }
    }
    for (id, url) in links {
        rels.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}/hyperlink" Target="{url}" TargetMode="External"/>"#
        ));
    }
    rels.push_str("</Relationships>");
    let mut entries = vec![
        ("[Content_Types].xml", "<Types/>".to_owned()),
        ("_rels/.rels", package_rels),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", rels),
    ];
    for (name, _, xml) in parts {
        entries.push((name, xml.to_string()));
    }
    let entries: Vec<(&str, &str)> = entries.iter().map(|(n, t)| (*n, t.as_str())).collect();
    zip(&entries)
}

/// A `.docx` whose body is `body`.
fn docx(body: &str) -> Vec<u8> {
    docx_with(body, &[], &[])
}

/// A part's XML with the usual namespaces on its root `w:{root}`.
fn part(root: &str, content: &str) -> String {
    let ns = namespaces();
    format!(r#"<w:{root} {ns}>{content}</w:{root}>"#)
}

/// A paragraph of one plain run.
fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// The blocks' kinds and texts.
fn blocks(document: &Document) -> Vec<(BlockKind, String)> {
    document.blocks.iter().map(|b| (b.kind, b.text())).collect()
}

/// The blocks' texts.
fn texts(document: &Document) -> Vec<String> {
    document.blocks.iter().map(Block::text).collect()
}

fn read_ok(bytes: &[u8]) -> Document {
    match read(bytes) {
        Ok(document) => document,
        Err(error) => panic!("unreadable: {error:?}"),
    }
}

const STYLES: &str = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="Heading 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="My heading"/><w:basedOn w:val="berschrift2"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"/>
<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="Custom"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop one"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop two"/><w:basedOn w:val="Loop1"/></w:style>
<w:style w:type="paragraph" w:styleId="Warning"><w:name w:val="Warning"/><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Bulleted"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="numbering" w:styleId="LinkedList"><w:name w:val="Linked list"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
"#;

const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="11"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="12"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="13"><w:numStyleLink w:val="LinkedList"/></w:abstractNum>
<w:abstractNum w:abstractNumId="14"><w:styleLink w:val="LinkedList"/><w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="14"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="13"/></w:num>
<w:abstractNum w:abstractNumId="15"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="6"><w:abstractNumId w:val="15"/></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="11"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
"#;

/// A `.docx` with the test styles and numbering.
fn styled(body: &str) -> Vec<u8> {
    docx_with(
        body,
        &[
            ("word/styles.xml", "styles", &part("styles", STYLES)),
            (
                "word/numbering.xml",
                "numbering",
                &part("numbering", NUMBERING),
            ),
        ],
        &[],
    )
}

fn styled_p(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn list_p(num: &str, level: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

#[test]
fn paragraphs_in_order_and_blank_ones_left_out() {
    let document = read_ok(&docx(&format!(
        "{}<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>{}",
        p("One"),
        p("Two")
    )));
    assert_eq!(texts(&document), ["One", "Two"]);
    assert!(document.notes.is_empty());
}

#[test]
fn title_headings_by_name_id_and_outline_level() {
    let body = [
        styled_p("Titel", "The leaflet"),
        styled_p("berschrift1", "What it is"),
        styled_p("berschrift2", "Second"),
        styled_p("Mine", "Inherited"),
        styled_p("Outline", "By outline"),
        r#"<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr><w:r><w:t>Direct</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:pPr><w:pStyle w:val="berschrift1"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Body</w:t></w:r></w:p>"#.into(),
        styled_p("Loop1", "Cycle"),
        styled_p("Missing", "Unknown style"),
        styled_p("Heading3", "Nameless"),
    ]
    .concat();
    let document = read_ok(&styled(&body));
    let kinds: Vec<BlockKind> = document.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Title,
            BlockKind::Heading { level: 1 },
            BlockKind::Heading { level: 2 },
            BlockKind::Heading { level: 2 },
            BlockKind::Heading { level: 3 },
            BlockKind::Heading { level: 4 },
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Heading { level: 3 },
        ]
    );
    // A heading's style bold is not an emphasis of its words.
    assert!(!document.blocks[0].spans[0].strong);
    assert!(!document.blocks[1].spans[0].strong);
}

#[test]
fn lists_bulleted_numbered_levels_and_none() {
    let body = [
        list_p("1", 0, "bullet"),
        list_p("1", 1, "deeper bullet"),
        list_p("2", 0, "first"),
        list_p("2", 1, "letter"),
        list_p("3", 0, "no format"),
        list_p("0", 0, "numId zero"),
        list_p("99", 0, "undefined list"),
        list_p("4", 0, "roman"),
        list_p("5", 0, "style link"),
        styled_p("Bulleted", "from the style"),
    ]
    .concat();
    let document = read_ok(&styled(&body));
    let list = |ordered, level| BlockKind::ListItem { ordered, level };
    let kinds: Vec<BlockKind> = document.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            list(false, 0),
            list(false, 1),
            list(true, 0),
            list(true, 1),
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            list(true, 0),
            list(true, 0),
            list(false, 0),
        ]
    );
}

#[test]
fn numbered_items_count_on_across_paragraphs_from_their_start() {
    let body = [
        list_p("2", 0, "one"),
        list_p("2", 1, "a"),
        list_p("2", 1, "b"),
        list_p("2", 0, "two"),
        styled_p("Normal", "between"),
        list_p("2", 0, "three"),
        list_p("2", 1, "a again"),
        list_p("6", 0, "from four"),
        list_p("7", 0, "its own list, from one"),
        list_p("1", 0, "bullet"),
    ]
    .concat();
    let document = read_ok(&styled(&body));
    let numbers: Vec<Option<u64>> = document.blocks.iter().map(|b| b.number).collect();
    assert_eq!(
        numbers,
        [
            Some(1),
            Some(1),
            Some(2),
            Some(2),
            None,
            Some(3),
            Some(1),
            Some(4),
            Some(1),
            None
        ]
    );
}

#[test]
fn bold_and_italic_from_runs_and_styles() {
    let body = r#"<w:p><w:pPr><w:pStyle w:val="Warning"/></w:pPr>
        <w:r><w:t xml:space="preserve">Do </w:t></w:r>
        <w:r><w:rPr><w:b/></w:rPr><w:t>not</w:t></w:r>
        <w:r><w:rPr><w:i w:val="0"/></w:rPr><w:t xml:space="preserve"> drive </w:t></w:r>
        <w:r><w:rPr><w:rStyle w:val="Strong"/><w:b w:val="false"/></w:rPr><w:t>plain</w:t></w:r>
        <w:r><w:rPr><w:rStyle w:val="Strong"/><w:i w:val="off"/></w:rPr><w:t xml:space="preserve"> strong</w:t></w:r>
        </w:p>"#;
    let document = read_ok(&styled(body));
    let spans: Vec<(String, bool, bool)> = document.blocks[0]
        .spans
        .iter()
        .map(|s| (s.text.clone(), s.strong, s.emphasis))
        .collect();
    assert_eq!(
        spans,
        [
            ("Do ".into(), false, true),
            ("not".into(), true, true),
            (" drive ".into(), false, false),
            ("plain ".into(), false, true),
            ("strong".into(), true, false),
        ]
    );
}

#[test]
fn white_space_collapsed_and_runs_not_glued() {
    let body = r#"<w:p>
        <w:r><w:t xml:space="preserve">  Take   one</w:t></w:r>
        <w:r><w:tab/><w:t>tablet</w:t><w:br/><w:t>a</w:t><w:br w:type="page"/><w:t>day</w:t><w:cr/></w:r>
        <w:r><w:t xml:space="preserve">, non</w:t><w:noBreakHyphen/><w:t>stop,</w:t></w:r>
        <w:r><w:t>care</w:t><w:softHyphen/><w:t>ful</w:t></w:r>
        <w:r><w:t xml:space="preserve"> </w:t><w:sym w:font="Wingdings" w:char="F0E0"/><w:sym w:char="2192"/><w:sym w:font="Symbol" w:char="F06D"/><w:t>g</w:t><w:sym w:font="Symbol" w:char="F0B1"/><w:t xml:space="preserve">&#160;x</w:t></w:r>
        </w:p>"#;
    let document = read_ok(&docx(body));
    assert_eq!(
        texts(&document),
        ["Take one tablet a day , non-stop,careful →μg±\u{a0}x"]
    );
    // The Wingdings symbol, and the line breaks (not the page break) that
    // became spaces.
    assert_eq!(document.notes.len(), 2, "{:?}", document.notes);
    assert!(document.notes[0].message.contains("Wingdings"));
    assert!(
        document.notes[1]
            .message
            .starts_with("a line break inside a paragraph")
    );
}

#[test]
fn spaces_go_outside_bold() {
    let body = r#"<w:p><w:r><w:t>Take</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> two </w:t></w:r><w:r><w:t>tablets</w:t></w:r></w:p>"#;
    let document = read_ok(&docx(body));
    let spans: Vec<&str> = document.blocks[0]
        .spans
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(spans, ["Take ", "two", " tablets"]);
}

#[test]
fn hyperlinks_external_internal_and_fields() {
    let body = r#"<w:p>
        <w:hyperlink r:id="rIdL"><w:r><w:t>the site</w:t></w:r></w:hyperlink>
        <w:r><w:t xml:space="preserve"> and </w:t></w:r>
        <w:hyperlink w:anchor="dose"><w:r><w:t>the dose</w:t></w:r></w:hyperlink>
        <w:r><w:t xml:space="preserve"> and </w:t></w:r>
        <w:fldSimple w:instr=" HYPERLINK &quot;https://simple.example&quot; "><w:r><w:t>simple</w:t></w:r></w:fldSimple>
        <w:r><w:t xml:space="preserve"> and </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:instrText xml:space="preserve"> HYPERLINK "https://complex.example" \o "tip" </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r>
        <w:r><w:t>complex</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:t xml:space="preserve"> page </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>NESTED</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>inner</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        </w:p>"#;
    let document = read_ok(&docx_with(body, &[], &[("rIdL", "https://site.example/")]));
    let spans: Vec<(&str, Option<&str>)> = document.blocks[0]
        .spans
        .iter()
        .map(|s| (s.text.as_str(), s.link.as_deref()))
        .collect();
    assert_eq!(
        spans,
        [
            ("the site", Some("https://site.example/")),
            (" and the dose and ", None),
            ("simple", Some("https://simple.example")),
            (" and ", None),
            ("complex", Some("https://complex.example")),
            (" page 3", None),
        ]
    );
    assert_eq!(document.notes.len(), 2, "{:?}", document.notes);
    assert!(document.notes[0].message.contains("bookmark \"dose\""));
    // The page number is kept as shown, and said to be a field; the field
    // inside its instruction is never shown, so never noted.
    assert!(document.notes[1].message.starts_with("a field (PAGE)"));
}

#[test]
fn alternate_content_read_once() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">A </w:t></w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
        <mc:AlternateContent><mc:Fallback><w:p><w:r><w:t>only fallback</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>"#;
    assert_eq!(texts(&read_ok(&docx(body))), ["A choice", "only fallback"]);
}

#[test]
fn content_controls_smart_tags_custom_xml() {
    let body = r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:customXml w:element="a"><w:smartTag w:element="b"><w:r><w:t>Inside</w:t></w:r></w:smartTag></w:customXml>
        <w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> control</w:t></w:r></w:sdtContent></w:sdt></w:p></w:sdtContent></w:sdt>"#;
    assert_eq!(texts(&read_ok(&docx(body))), ["Inside control"]);
}

#[test]
fn tracked_changes_one_note() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Take </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>three</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>two</w:t></w:r></w:ins><w:r><w:rPr><w:b/><w:rPrChange w:id="5"><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve"> tablets</w:t></w:r></w:p>
        <w:p><w:moveFrom w:id="3"><w:r><w:t>moved</w:t></w:r></w:moveFrom><w:del w:id="4"><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>stay</w:t></w:r><w:moveTo w:id="6"><w:r><w:t xml:space="preserve"> moved</w:t></w:r></w:moveTo></w:p>"#;
    let document = read_ok(&docx(body));
    assert_eq!(texts(&document), ["Take two tablets", "stay moved"]);
    assert_eq!(document.notes.len(), 1);
    let note = &document.notes[0];
    assert_eq!(note.place, Place::Block(0));
    assert!(note.message.starts_with(
        "the document had unaccepted tracked changes: 1 insertion kept, 2 deletions dropped"
    ));
    assert_eq!(note.text, "three … gone");
}

#[test]
fn comments_dropped_with_a_note() {
    let comments = part(
        "comments",
        r#"<w:comment w:id="7" w:author="Dr Ames"><w:p><w:r><w:t>Check the dose</w:t></w:r></w:p></w:comment><w:comment w:id="8"><w:p><w:r><w:t>Nowhere</w:t></w:r></w:p></w:comment>"#,
    );
    let body = format!(
        r#"{}<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>Two a day</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r></w:p>"#,
        p("First")
    );
    let document = read_ok(&docx_with(
        &body,
        &[("word/comments.xml", "comments", &comments)],
        &[],
    ));
    assert_eq!(texts(&document), ["First", "Two a day"]);
    assert_eq!(document.notes.len(), 2);
    assert_eq!(document.notes[0].place, Place::Block(1));
    assert_eq!(
        document.notes[0].message,
        "a comment by Dr Ames was left out"
    );
    assert_eq!(document.notes[0].text, "Check the dose");
    assert_eq!(document.notes[1].text, "Nowhere");
}

#[test]
fn tables_rows_become_paragraphs() {
    let cell = |text: &str| format!("<w:tc><w:tcPr/>{}</w:tc>", p(text));
    let body = format!(
        "{}<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}<w:tc>{}{}</w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>{}",
        p("Before"),
        cell("Dose"),
        cell("Age"),
        cell("2 tablets"),
        p("over 12"),
        p("years"),
        p("After")
    );
    let document = read_ok(&docx(&body));
    assert_eq!(
        texts(&document),
        ["Before", "Dose – Age", "2 tablets – over 12 years", "After"]
    );
    assert_eq!(document.notes.len(), 1);
    assert_eq!(document.notes[0].place, Place::Block(1));
    assert_eq!(
        document.notes[0].message,
        "a table of 3 rows and 2 columns: each row became a paragraph"
    );
}

fn drawing(doc_pr: &str, graphic: &str) -> String {
    format!(
        r#"<w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" {doc_pr}/><a:graphic><a:graphicData>{graphic}</a:graphicData></a:graphic></wp:inline></w:drawing>"#
    )
}

#[test]
fn images_alt_text_after_the_paragraph() {
    let body = format!(
        r#"<w:p><w:r><w:t>See</w:t></w:r><w:r>{}</w:r><w:r>{}</w:r><w:r>{}</w:r></w:p>{}<w:p><w:r><w:pict><v:shape alt="A VML pill"><v:imagedata r:id="x" o:title="ignored"/></v:shape></w:pict></w:r></w:p>"#,
        drawing(r#"descr="A pack of tablets" title="t""#, "<a:blip/>"),
        drawing(r#"title="Only a title""#, "<a:blip/>"),
        drawing("", "<a:blip/>"),
        p("Next"),
    );
    let document = read_ok(&docx(&body));
    assert_eq!(
        texts(&document),
        [
            "See",
            "A pack of tablets",
            "Only a title",
            "Next",
            "A VML pill"
        ]
    );
    let messages: Vec<(&Place, &str)> = document
        .notes
        .iter()
        .map(|n| (&n.place, n.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (&Place::Block(0), "an image with no alt text was left out"),
            (
                &Place::Block(1),
                "an image: its alt text became a paragraph after the paragraph holding it"
            ),
            (
                &Place::Block(2),
                "an image: its alt text became a paragraph after the paragraph holding it"
            ),
            (
                &Place::Block(4),
                "an image: its alt text became a paragraph after the paragraph holding it"
            ),
        ]
    );
}

#[test]
fn text_boxes_after_the_paragraph() {
    let text_box = format!(
        r#"<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="2" name="Text Box 2"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{}{}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"#,
        p("Boxed one"),
        p("Boxed two"),
        p("Boxed one"),
    );
    let body = format!(
        r#"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r>{text_box}</w:r></w:p>{}"#,
        p("Then")
    );
    let document = read_ok(&docx(&body));
    assert_eq!(
        texts(&document),
        ["Anchor", "Boxed one", "Boxed two", "Then"]
    );
    assert_eq!(document.notes.len(), 1);
    assert_eq!(document.notes[0].place, Place::Block(1));
    assert!(document.notes[0].message.starts_with("a text box"));
}

#[test]
fn footnotes_and_endnotes_after_the_paragraph() {
    let footnotes = part(
        "footnotes",
        r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
           <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
           <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Ask your pharmacist.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:footnote>"#,
    );
    let endnotes = part(
        "endnotes",
        r#"<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>See the end.</w:t></w:r></w:p></w:endnote>"#,
    );
    let body = format!(
        r#"<w:p><w:r><w:t>Take it</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> daily</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:id="42"/></w:r></w:p>{}"#,
        p("Next")
    );
    let document = read_ok(&docx_with(
        &body,
        &[
            ("word/footnotes.xml", "footnotes", &footnotes),
            ("word/endnotes.xml", "endnotes", &endnotes),
        ],
        &[],
    ));
    assert_eq!(
        texts(&document),
        [
            "Take it daily",
            "Ask your pharmacist.",
            "See the end.",
            "Next"
        ]
    );
    assert_eq!(document.notes.len(), 2);
    assert_eq!(document.notes[0].place, Place::Block(1));
    assert_eq!(document.notes[0].text, "Ask your pharmacist.");
    assert!(document.notes[0].message.starts_with("a footnote"));
    assert_eq!(document.notes[1].place, Place::Block(2));
    assert!(document.notes[1].message.starts_with("an endnote"));
}

#[test]
fn headers_and_footers_noted_when_they_hold_words() {
    let header = part("hdr", &p("Acme Pharma"));
    let header2 = part("hdr", &p("Acme Pharma"));
    let footer = part("ftr", "<w:p/>");
    let document = read_ok(&docx_with(
        &p("Body"),
        &[
            ("word/header1.xml", "header", &header),
            ("word/header2.xml", "header", &header2),
            ("word/footer1.xml", "footer", &footer),
        ],
        &[],
    ));
    assert_eq!(document.notes.len(), 1);
    assert_eq!(
        document.notes[0].place,
        Place::Outside("the page header".into())
    );
    assert_eq!(document.notes[0].text, "Acme Pharma");
}

#[test]
fn hidden_text_dropped_with_a_note() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Seen </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret words</w:t></w:r><w:r><w:t>too</w:t></w:r></w:p>"#;
    let document = read_ok(&docx(body));
    assert_eq!(texts(&document), ["Seen too"]);
    assert_eq!(document.notes.len(), 1);
    assert_eq!(document.notes[0].text, "secret words");
}

#[test]
fn language_from_defaults_normal_style_or_runs() {
    let document = read_ok(&styled(&p("x")));
    assert_eq!(document.language.as_deref(), Some("en-GB"));
    let normal = part(
        "styles",
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/><w:rPr><w:lang w:val="de-DE"/></w:rPr></w:style>"#,
    );
    let document = read_ok(&docx_with(
        &p("x"),
        &[("word/styles.xml", "styles", &normal)],
        &[],
    ));
    assert_eq!(document.language.as_deref(), Some("de-DE"));
    let run = |lang: &str| {
        format!(r#"<w:p><w:r><w:rPr><w:lang w:val="{lang}"/></w:rPr><w:t>x</w:t></w:r></w:p>"#)
    };
    let document = read_ok(&docx(&[run("fr-FR"), run("nl-NL"), run("fr-FR")].concat()));
    assert_eq!(document.language.as_deref(), Some("fr-FR"));
    assert_eq!(read_ok(&docx(&p("x"))).language, None);
}

#[test]
fn unknown_elements_keep_their_words() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">a </w:t></w:r><w:future><w:r><w:t>new</w:t></w:r></w:future></w:p><w:oddBlock><w:r><w:t>block words</w:t></w:r></w:oddBlock>"#;
    let document = read_ok(&docx(body));
    assert_eq!(texts(&document), ["a new", "block words"]);
    assert_eq!(document.notes.len(), 2);
}

#[test]
fn main_part_found_through_package_relationships() {
    let ns = namespaces();
    let document = format!(
        r#"<w:document {ns}><w:body>{}</w:body></w:document>"#,
        p("Moved")
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="/content/main.xml"/></Relationships>"#
    );
    let bytes = zip(&[("_rels/.rels", &rels), ("content/main.xml", &document)]);
    assert_eq!(texts(&read_ok(&bytes)), ["Moved"]);
    // Without relationships, the usual name.
    let bytes = zip(&[("word/document.xml", &document)]);
    assert_eq!(texts(&read_ok(&bytes)), ["Moved"]);
}

#[test]
fn errors_say_what_the_file_is() {
    let message = |bytes: &[u8]| read(bytes).unwrap_err().message;
    assert!(message(b"plain text").contains("not a Word document"));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0; 64]);
    assert!(message(&ole).contains("Word 97–2003"));
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    ole.extend(name);
    assert!(message(&ole).contains("password-protected"));
    assert!(message(&zip(&[("hello.txt", "hi")])).contains("not a Word document"));
    let workbook = zip(&[("word/document.xml", "<workbook/>")]);
    assert!(read(&workbook).unwrap_err().hint.unwrap().contains("Excel"));
    let damaged = read(&zip(&[("word/document.xml", "<w:document><w:body>")])).unwrap_err();
    assert!(damaged.message.contains("damaged"));
    assert!(damaged.message.contains("word/document.xml"));
    assert!(damaged.message.contains("1:"), "{}", damaged.message);
    assert!(message(&docx("<w:p/>")).contains("holds no text"));
}

#[test]
fn damaged_styles_part_named() {
    let bytes = docx_with(&p("x"), &[("word/styles.xml", "styles", "<w:styles>")], &[]);
    let error = read(&bytes).unwrap_err();
    assert!(
        error.message.contains("word/styles.xml"),
        "{}",
        error.message
    );
}

#[test]
fn deep_nesting_refused() {
    let open = "<w:smartTag>".repeat(200);
    let close = "</w:smartTag>".repeat(200);
    let body = format!("<w:p>{open}<w:r><w:t>deep</w:t></w:r>{close}</w:p>");
    let error = read(&docx(&body)).unwrap_err();
    assert!(error.message.contains("levels deep"), "{}", error.message);
    // Nested tables count too.
    let open = "<w:tbl><w:tr><w:tc>".repeat(100);
    let close = "<w:p/></w:tc></w:tr></w:tbl>".repeat(100);
    let error = read(&docx(&format!("{open}{close}"))).unwrap_err();
    assert!(error.message.contains("levels deep"));
}

#[test]
fn zip_bomb_refused() {
    let ns = namespaces();
    let padding = " ".repeat(65 * 1024 * 1024);
    let document = format!(
        r#"<w:document {ns}><w:body>{}{padding}</w:body></w:document>"#,
        p("x")
    );
    let error = read(&zip(&[("word/document.xml", &document)])).unwrap_err();
    assert!(error.message.contains("ZIP bomb"), "{}", error.message);
}

#[test]
fn equation_kept_as_text() {
    let body =
        r#"<w:p><w:r><w:t>Dose</w:t></w:r><m:oMath><m:r><m:t>x=2</m:t></m:r></m:oMath></w:p>"#;
    let document = read_ok(&docx(body));
    assert_eq!(texts(&document), ["Dose x=2"]);
    assert_eq!(document.notes.len(), 1);
}

#[test]
fn spans_tidy() {
    let span = |text: &str, strong: bool| Span {
        text: text.into(),
        strong,
        ..Span::default()
    };
    let tidy = super::text::tidy(vec![
        span(" a ", false),
        span(" b", true),
        span("c  ", true),
        span(" ", false),
    ]);
    assert_eq!(tidy, [span("a ", false), span("bc", true)]);
    let _ = blocks;
}

#[test]
fn alt_text_same_as_caption_once() {
    let image = drawing(r#"descr="A white tablet""#, "<a:blip/>");
    let body =
        format!(r#"<w:p><w:r>{image}</w:r></w:p><w:p><w:r><w:t>A white tablet</w:t></w:r></w:p>"#);
    let document = read_ok(&docx(&body));
    assert_eq!(texts(&document), ["A white tablet"]);
    assert_eq!(document.notes.len(), 1);
    assert!(document.notes[0].message.contains("caption"));
}

#[test]
fn a_footnote_placed_once() {
    let footnotes = part(
        "footnotes",
        r#"<w:footnote w:id="1"><w:p><w:r><w:t>Once.</w:t></w:r></w:p></w:footnote>"#,
    );
    let body = r#"<w:p><w:r><w:t>A</w:t><w:footnoteReference w:id="1"/><w:footnoteReference w:id="1"/></w:r></w:p>"#;
    let document = read_ok(&docx_with(
        body,
        &[("word/footnotes.xml", "footnotes", &footnotes)],
        &[],
    ));
    assert_eq!(texts(&document), ["A", "Once."]);
}

#[test]
fn ruby_base_kept_guide_noted() {
    let body = r#"<w:p><w:r><w:ruby><w:rt><w:r><w:t>kan</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"#;
    let document = read_ok(&docx(body));
    assert_eq!(texts(&document), ["漢"]);
    assert_eq!(document.notes[0].text, "kan");
}
#[test]
fn a_cell_footnote_goes_after_its_row() {
    let footnotes = part(
        "footnotes",
        r#"<w:footnote w:id="1"><w:p><w:r><w:t>Under 12: ask.</w:t></w:r></w:p></w:footnote>"#,
    );
    let body = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Children</w:t><w:footnoteReference w:id="1"/></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1 tablet</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let document = read_ok(&docx_with(
        body,
        &[("word/footnotes.xml", "footnotes", &footnotes)],
        &[],
    ));
    assert_eq!(texts(&document), ["Children – 1 tablet", "Under 12: ask."]);
    assert_eq!(document.notes[1].place, Place::Block(1));
}

#[test]
fn a_page_number_alone_is_no_words() {
    let footer = part(
        "ftr",
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
    );
    let document = read_ok(&docx_with(
        &p("Body"),
        &[("word/footer1.xml", "footer", &footer)],
        &[],
    ));
    assert!(document.notes.is_empty());
}

#[test]
fn a_table_of_contents_left_out() {
    let run = |inner: &str| format!("<w:r>{inner}</w:r>");
    let body = [
        format!(
            r#"<w:p>{}{}{}<w:hyperlink w:anchor="_Toc1"><w:r><w:t>What it is</w:t></w:r></w:hyperlink></w:p>"#,
            run(r#"<w:fldChar w:fldCharType="begin"/>"#),
            run(r#"<w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText>"#),
            run(r#"<w:fldChar w:fldCharType="separate"/>"#),
        ),
        format!(
            r#"<w:p><w:hyperlink w:anchor="_Toc2"><w:r><w:t>How to take it</w:t></w:r></w:hyperlink>{}</w:p>"#,
            run(r#"<w:fldChar w:fldCharType="end"/>"#)
        ),
        p("What it is"),
    ]
    .concat();
    let document = read_ok(&docx(&body));
    assert_eq!(texts(&document), ["What it is"]);
    assert_eq!(document.notes.len(), 1);
    assert!(document.notes[0].message.contains("table of contents"));
}

#[test]
fn fields_bounded_and_an_unclosed_one_noted() {
    let begins = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#.repeat(100);
    let error = read(&docx(&format!("<w:p>{begins}</w:p>"))).unwrap_err();
    assert!(error.message.contains("fields"), "{}", error.message);
    let body = format!(
        r#"{}<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>REF x</w:instrText></w:r></w:p>{}"#,
        p("Before"),
        p("lost")
    );
    let document = read_ok(&docx(&body));
    assert_eq!(texts(&document), ["Before"]);
    assert!(document.notes[0].message.contains("never closed"));
}

#[test]
fn a_table_of_contents_control_left_out() {
    let body = format!(
        r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}"#,
        p("Contents"),
        p("Body")
    );
    let document = read_ok(&docx(&body));
    assert_eq!(texts(&document), ["Body"]);
    assert!(document.notes[0].message.contains("table of contents"));
}

#[test]
fn strict_namespaces_read_too() {
    let w = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    let r = "http://purl.oclc.org/ooxml/officeDocument/relationships";
    let document = format!(
        r#"<w:document xmlns:w="{w}" xmlns:r="{r}"><w:body><w:p><w:pPr><w:pStyle w:val="H"/></w:pPr><w:r><w:t>Strict</w:t></w:r></w:p><w:p><w:hyperlink r:id="l"><w:r><w:rPr><w:b w:val="true"/></w:rPr><w:t>link</w:t></w:r></w:hyperlink></w:p></w:body></w:document>"#
    );
    let styles = format!(
        r#"<w:styles xmlns:w="{w}"><w:style w:type="paragraph" w:styleId="H"><w:name w:val="heading 1"/></w:style></w:styles>"#
    );
    let package_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="d" Type="{r}/officeDocument" Target="word/document.xml"/></Relationships>"#
    );
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="{r}/styles" Target="styles.xml"/><Relationship Id="l" Type="{r}/hyperlink" Target="https://strict.example" TargetMode="External"/></Relationships>"#
    );
    let bytes = zip(&[
        ("_rels/.rels", &package_rels),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", &rels),
        ("word/styles.xml", &styles),
    ]);
    let document = read_ok(&bytes);
    assert_eq!(document.blocks[0].kind, BlockKind::Heading { level: 1 });
    let link = &document.blocks[1].spans[0];
    assert_eq!(link.link.as_deref(), Some("https://strict.example"));
    assert!(link.strong);
}

#[test]
fn block_level_wrappers_and_objects() {
    let body = format!(
        r#"<w:customXml w:element="x">{}</w:customXml><w:ins w:id="1">{}</w:ins><w:del w:id="2"><w:p><w:r><w:delText>Old</w:delText></w:r></w:p></w:del><w:p><w:r><w:object><v:shape alt="An embedded chart"><v:imagedata r:id="i"/></v:shape></w:object></w:r></w:p>"#,
        p("Custom"),
        p("Inserted")
    );
    let document = read_ok(&docx(&body));
    assert_eq!(
        texts(&document),
        ["Custom", "Inserted", "An embedded chart"]
    );
    assert!(
        document.notes[0]
            .message
            .contains("1 insertion kept, 1 deletion dropped")
    );
    assert_eq!(document.notes[0].text, "Old");
}

#[test]
fn damaged_files_are_reported_not_panicked_on() {
    let footnotes = part(
        "footnotes",
        r#"<w:footnote w:id="1"><w:p><w:r><w:t>Note.</w:t></w:r></w:p></w:footnote>"#,
    );
    let body = format!(
        r#"{}<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>a</w:t><w:footnoteReference w:id="1"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>"#,
        p("Text"),
        p("Cell")
    );
    let whole = docx_with(
        &body,
        &[("word/footnotes.xml", "footnotes", &footnotes)],
        &[],
    );
    // The package's bytes cut and flipped.
    for cut in (0..whole.len()).step_by(97) {
        let _ = read(&whole[..cut]);
        let mut flipped = whole.clone();
        flipped[cut] ^= 0x5A;
        let _ = read(&flipped);
    }
    // The document's XML cut anywhere, in a whole package.
    let ns = namespaces();
    let xml = format!(r#"<w:document {ns}><w:body>{body}</w:body></w:document>"#);
    for cut in (0..xml.len()).step_by(7) {
        let Some(text) = xml.get(..cut) else { continue };
        let _ = read(&zip(&[("word/document.xml", text)]));
    }
}
