//! Reading a PDF's PDF/X-4 claim (ISO 15930-7:2010) and the rules of it a
//! program can check from the file, without knowing how it was made:
//!
//! - exactly one OutputIntent of subtype `GTS_PDFX`, embedding a profile
//!   whose header says a printer (`prtr`) in CMYK, with an
//!   `OutputConditionIdentifier`;
//! - `GTS_PDFXVersion` in the Info dictionary and `pdfxid:GTS_PDFXVersion`
//!   in the XMP, both `PDF/X-4`;
//! - `Trapped` in the Info dictionary `True` or `False`, and `pdf:Trapped`
//!   in the XMP agreeing;
//! - a title, and creation and modification dates, in the Info dictionary,
//!   and `xmpMM:DocumentID`, `xmpMM:VersionID` and `xmpMM:RenditionClass`
//!   in the XMP;
//! - a file version of 1.6 or lower (header and catalog);
//! - no encryption;
//! - on every page a TrimBox inside the BleedBox inside the MediaBox;
//! - every font embedded (Type 3 fonts are their own glyphs);
//! - no annotation inside the BleedBox but a `PrinterMark` or `TrapNet`;
//! - no colour set in DeviceRGB (device RGB needs an RGB output intent).
//!
//! A print shop's preflight checks much more (images, transparency,
//! optional content, the profile's own data) and is the judge; this reader
//! is leafpress's own proof that it wrote what it says it wrote.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::page_geometry::{PageBox, Rect, page_box};

/// The version a PDF/X-4 file claims.
const CLAIM: &str = "PDF/X-4";
/// How far, in points, one box may stick out of another and still be in
/// it (their numbers are rounded when written).
const SLACK: f64 = 0.01;

/// What a PDF says of PDF/X, and where it breaks the rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfxReading {
    /// The version it claims (`GTS_PDFXVersion` in the Info dictionary,
    /// else in the XMP), if any.
    pub claimed: Option<String>,
    /// Its output intent's description (the OutputIntent's `/Info`), if
    /// it has one.
    pub profile: Option<String>,
    /// Each PDF/X rule it breaks, named.
    pub flaws: Vec<String>,
}

/// Reads a loaded PDF's PDF/X claim and, when it claims PDF/X-4, judges it
/// by every rule listed in the module's documentation; `device_rgb` is
/// whether its pages set a colour in DeviceRGB (the content reader knows).
pub fn read_pdfx(document: &Document, pages: &[ObjectId], device_rgb: bool) -> PdfxReading {
    let info = info(document);
    let xmp = xmp(document);
    let xmp_value = |property: &str| xmp.as_deref().and_then(|xmp| xmp_property(xmp, property));
    let info_claim = info.and_then(|info| text(document, info, b"GTS_PDFXVersion"));
    let xmp_claim = xmp_value("pdfxid:GTS_PDFXVersion");
    let intents = pdfx_intents(document);
    let claimed = info_claim.clone().or_else(|| xmp_claim.clone());
    let mut reading = PdfxReading {
        claimed: claimed.clone(),
        profile: intents
            .first()
            .and_then(|intent| text(document, intent, b"Info")),
        flaws: Vec::new(),
    };
    if claimed.is_none() && intents.is_empty() {
        return reading;
    }
    let mut flaw =
        |rule: &str, what: String| reading.flaws.push(format!("PDF/X-4 ({rule}): {what}"));
    // Identification.
    match (&info_claim, &xmp_claim) {
        (Some(info), Some(xmp)) if info == CLAIM && xmp == CLAIM => {}
        (Some(info), Some(xmp)) if info != xmp => flaw(
            "identification",
            format!("the Info dictionary says {info} but the XMP says {xmp}"),
        ),
        (None, _) => flaw(
            "identification",
            "the Info dictionary has no GTS_PDFXVersion".into(),
        ),
        (_, None) => flaw(
            "identification",
            "the XMP has no pdfxid:GTS_PDFXVersion".into(),
        ),
        (Some(info), _) => flaw(
            "identification",
            format!("the file claims {info}, not {CLAIM}"),
        ),
    }
    // The output intent.
    match intents.as_slice() {
        [] => flaw(
            "output intent",
            "the file has no GTS_PDFX OutputIntent (a PDF/X file needs exactly one)".into(),
        ),
        [intent] => {
            if let Some(why) = intent_fault(document, intent) {
                flaw("output intent", why);
            }
        }
        more => flaw(
            "output intent",
            format!(
                "the file has {} GTS_PDFX OutputIntents, not one",
                more.len()
            ),
        ),
    }
    // Trapped, title, dates, XMP identification.
    let trapped = info
        .and_then(|info| info.get(b"Trapped").ok())
        .and_then(|t| t.as_name().ok());
    match trapped {
        Some(value @ (b"True" | b"False")) => {
            let value = String::from_utf8_lossy(value).into_owned();
            if xmp_value("pdf:Trapped").as_deref() != Some(value.as_str()) {
                flaw(
                    "Trapped",
                    format!(
                        "the Info dictionary says Trapped {value}, the XMP's pdf:Trapped does not"
                    ),
                );
            }
        }
        _ => flaw(
            "Trapped",
            "the Info dictionary's Trapped is not True or False".into(),
        ),
    }
    for (key, what) in [
        (&b"Title"[..], "a Title"),
        (b"CreationDate", "a CreationDate"),
        (b"ModDate", "a ModDate"),
    ] {
        if info.and_then(|info| text(document, info, key)).is_none() {
            flaw("metadata", format!("the Info dictionary has no {what}"));
        }
    }
    match &xmp {
        None => flaw("metadata", "the file has no XMP metadata".into()),
        Some(xmp) => {
            for property in [
                "xmpMM:DocumentID",
                "xmpMM:VersionID",
                "xmpMM:RenditionClass",
            ] {
                if xmp_property(xmp, property).is_none() {
                    flaw("metadata", format!("the XMP has no {property}"));
                }
            }
        }
    }
    // Version and encryption.
    let catalog_version = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Version").ok())
        .and_then(|version| version.as_name().ok())
        .map(|version| String::from_utf8_lossy(version).into_owned());
    for version in std::iter::once(document.version.clone()).chain(catalog_version) {
        if !matches!(
            version.as_str(),
            "1.0" | "1.1" | "1.2" | "1.3" | "1.4" | "1.5" | "1.6"
        ) {
            flaw(
                "file version",
                format!("the file says PDF {version}; PDF/X-4 is PDF 1.6 or lower"),
            );
        }
    }
    if document.trailer.has(b"Encrypt") {
        flaw("encryption", "the file is encrypted".into());
    }
    // Pages: boxes and annotations.
    for (index, page) in pages.iter().enumerate() {
        let number = index + 1;
        let read = |which| page_box(document, *page, which).ok().flatten();
        let (media, bleed, trim) = (
            read(PageBox::Media),
            read(PageBox::Bleed),
            read(PageBox::Trim),
        );
        let Some(trim) = trim else {
            flaw("page boxes", format!("page {number} has no TrimBox"));
            continue;
        };
        let media = media.unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let bleed = bleed.unwrap_or(trim);
        if !inside(&trim, &bleed) || !inside(&bleed, &media) {
            flaw(
                "page boxes",
                format!(
                    "on page {number} the TrimBox is not inside the BleedBox inside the MediaBox"
                ),
            );
        }
        if let Some(annotation) = annotation_inside(document, *page, &bleed) {
            flaw(
                "annotations",
                format!("page {number} has a {annotation} annotation inside the BleedBox"),
            );
        }
    }
    // Fonts and colour.
    if let Some(font) = unembedded_font(document) {
        flaw("fonts", format!("the font {font} is not embedded"));
    }
    if device_rgb {
        flaw(
            "colour",
            "the pages set a colour in DeviceRGB, which needs an RGB output intent".into(),
        );
    }
    reading
}

/// The document's Info dictionary, if it has one.
fn info(document: &Document) -> Option<&Dictionary> {
    let info = document.trailer.get(b"Info").ok()?;
    document.dereference(info).ok()?.1.as_dict().ok()
}

/// A text entry of a dictionary, decoded.
fn text(document: &Document, dictionary: &Dictionary, key: &[u8]) -> Option<String> {
    let value = dictionary.get_deref(key, document).ok()?;
    lopdf::decode_text_string(value).ok()
}

/// The XMP packet the catalog points to, as text.
fn xmp(document: &Document) -> Option<String> {
    let catalog = document.catalog().ok()?;
    let stream = catalog
        .get_deref(b"Metadata", document)
        .ok()?
        .as_stream()
        .ok()?;
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8(content).ok()
}

/// An XMP property's simple value (`prefix:name`), as an element or as an
/// attribute of an `rdf:Description`, found by its namespace.
fn xmp_property(xmp: &str, property: &str) -> Option<String> {
    let (prefix, name) = property.split_once(':')?;
    let namespace = match prefix {
        "pdfxid" => "http://www.npes.org/pdfx/ns/id/",
        "pdf" => "http://ns.adobe.com/pdf/1.3/",
        "xmpMM" => "http://ns.adobe.com/xap/1.0/mm/",
        _ => return None,
    };
    let tree = roxmltree::Document::parse(xmp).ok()?;
    for node in tree.descendants().filter(|node| node.is_element()) {
        if node.tag_name().name() == name && node.tag_name().namespace() == Some(namespace) {
            let value = node.text().unwrap_or_default().trim().to_owned();
            return (!value.is_empty()).then_some(value);
        }
        if let Some(value) = node.attribute((namespace, name)) {
            return Some(value.trim().to_owned());
        }
    }
    None
}

/// The catalog's OutputIntents of subtype `GTS_PDFX`.
fn pdfx_intents(document: &Document) -> Vec<&Dictionary> {
    let Some(intents) = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get_deref(b"OutputIntents", document).ok())
        .and_then(|intents| intents.as_array().ok())
    else {
        return Vec::new();
    };
    intents
        .iter()
        .filter_map(|intent| document.dereference(intent).ok()?.1.as_dict().ok())
        .filter(|intent| intent.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFX"))
        .collect()
}

/// What is wrong with a `GTS_PDFX` OutputIntent, if anything: it must have
/// an `OutputConditionIdentifier` and embed a CMYK printer profile.
fn intent_fault(document: &Document, intent: &Dictionary) -> Option<String> {
    if text(document, intent, b"OutputConditionIdentifier").is_none() {
        return Some("the OutputIntent has no OutputConditionIdentifier".into());
    }
    let Some(profile) = intent
        .get_deref(b"DestOutputProfile", document)
        .ok()
        .and_then(|profile| profile.as_stream().ok())
    else {
        return Some("the OutputIntent embeds no profile (DestOutputProfile)".into());
    };
    let bytes = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    // The ICC header: the device class at 12..16, the data's colour space
    // at 16..20 (ICC.1, 7.2).
    let printer_cmyk = bytes.get(12..16) == Some(b"prtr".as_slice())
        && bytes.get(16..20) == Some(b"CMYK".as_slice());
    if !printer_cmyk {
        return Some("the OutputIntent's profile is not a CMYK printer (prtr) profile".into());
    }
    if profile.dict.get(b"N").and_then(Object::as_i64).ok() != Some(4) {
        return Some("the OutputIntent's profile stream does not say /N 4".into());
    }
    None
}

/// Whether `inner` lies inside `outer`.
fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner[0] >= outer[0] - SLACK
        && inner[1] >= outer[1] - SLACK
        && inner[2] <= outer[2] + SLACK
        && inner[3] <= outer[3] + SLACK
}

/// The subtype of an annotation on `page` whose rectangle reaches into
/// `bleed`, other than those PDF/X allows there (`PrinterMark`, `TrapNet`).
fn annotation_inside(document: &Document, page: ObjectId, bleed: &Rect) -> Option<String> {
    let page = document.get_dictionary(page).ok()?;
    let annotations = page.get_deref(b"Annots", document).ok()?.as_array().ok()?;
    for annotation in annotations {
        let Some(annotation) = document
            .dereference(annotation)
            .ok()
            .and_then(|(_, annotation)| annotation.as_dict().ok())
        else {
            continue;
        };
        let subtype = annotation
            .get(b"Subtype")
            .and_then(Object::as_name)
            .map(|name| String::from_utf8_lossy(name).into_owned())
            .unwrap_or_else(|_| "untyped".into());
        if matches!(subtype.as_str(), "PrinterMark" | "TrapNet") {
            continue;
        }
        let rect: Option<Vec<f64>> = annotation
            .get_deref(b"Rect", document)
            .ok()
            .and_then(|rect| rect.as_array().ok())
            .map(|parts| {
                parts
                    .iter()
                    .filter_map(crate::pdf::objects::number)
                    .collect()
            });
        let reaches = match rect.as_deref() {
            Some(&[x0, y0, x1, y1]) => {
                x0.max(x1) > bleed[0]
                    && x0.min(x1) < bleed[2]
                    && y0.max(y1) > bleed[1]
                    && y0.min(y1) < bleed[3]
            }
            // An annotation with no readable place may be anywhere.
            _ => true,
        };
        if reaches {
            return Some(subtype);
        }
    }
    None
}

/// The name of a font the file uses but does not embed, if there is one:
/// every font dictionary in the file, a Type 0 font through its
/// descendant, needs its descriptor to hold a font file.
fn unembedded_font(document: &Document) -> Option<String> {
    let mut seen = HashSet::new();
    for (id, object) in &document.objects {
        let Ok(font) = object.as_dict() else {
            continue;
        };
        if font.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") || !seen.insert(*id) {
            continue;
        }
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or_default();
        if matches!(subtype, b"Type3" | b"Type0") {
            // A Type 3 font draws its own glyphs; a Type 0 font is judged
            // by its descendant, a font dictionary of its own.
            if subtype == b"Type0" && !has_descendant(document, font) {
                return Some(name_of(font));
            }
            continue;
        }
        let embedded = embeds_font_file(document, font);
        if !embedded {
            return Some(name_of(font));
        }
    }
    None
}

/// Whether a Type 0 font has a descendant font (which the loop over the
/// file's objects judges when it is an object of its own) that embeds its
/// font file.
fn has_descendant(document: &Document, font: &Dictionary) -> bool {
    font.get_deref(b"DescendantFonts", document)
        .ok()
        .and_then(|fonts| fonts.as_array().ok())
        .and_then(|fonts| fonts.first())
        .and_then(|descendant| document.dereference(descendant).ok())
        .and_then(|(_, descendant)| descendant.as_dict().ok())
        .is_some_and(|descendant| embeds_font_file(document, descendant))
}

/// Whether a font's descriptor holds a font file (`FontFile`, `FontFile2`
/// or `FontFile3`).
fn embeds_font_file(document: &Document, font: &Dictionary) -> bool {
    font.get_deref(b"FontDescriptor", document)
        .ok()
        .and_then(|descriptor| descriptor.as_dict().ok())
        .is_some_and(|descriptor| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| descriptor.has(key))
        })
}

/// A font's `/BaseFont`, for a message.
fn name_of(font: &Dictionary) -> String {
    font.get(b"BaseFont")
        .and_then(Object::as_name)
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .unwrap_or_else(|_| "with no name".into())
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    /// A one-page document claiming PDF/X-4 in its Info dictionary, with
    /// `intent` as its output intents' profile header (class, space) and
    /// `trim` as its page's TrimBox inside a BleedBox of 0 0 100 100.
    fn claiming(intent: Option<(&[u8; 4], &[u8; 4])>, trim: [i64; 4]) -> Document {
        let mut document = Document::with_version("1.6");
        let pages = document.new_object_id();
        let rect = |r: [i64; 4]| r.iter().map(|&n| Object::from(n)).collect::<Vec<_>>();
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages,
            "MediaBox" => rect([0, 0, 200, 200]), "BleedBox" => rect([0, 0, 100, 100]),
            "TrimBox" => rect(trim),
        });
        document.objects.insert(
            pages,
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }.into(),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages };
        if let Some((class, space)) = intent {
            let mut header = vec![0u8; 128];
            header[12..16].copy_from_slice(class);
            header[16..20].copy_from_slice(space);
            let profile = document.add_object(Stream::new(dictionary! { "N" => 4 }, header));
            catalog.set(
                "OutputIntents",
                vec![Object::from(dictionary! {
                    "Type" => "OutputIntent", "S" => "GTS_PDFX",
                    "OutputConditionIdentifier" => Object::string_literal("Custom"),
                    "DestOutputProfile" => profile,
                })],
            );
        }
        let catalog = document.add_object(catalog);
        document.trailer.set("Root", catalog);
        let info = document.add_object(dictionary! {
            "GTS_PDFXVersion" => Object::string_literal("PDF/X-4"),
            "Trapped" => "False",
            "Title" => Object::string_literal("T"),
            "CreationDate" => Object::string_literal("D:2026"),
            "ModDate" => Object::string_literal("D:2026"),
        });
        document.trailer.set("Info", info);
        document
    }

    fn flaws(document: &Document) -> Vec<String> {
        let pages: Vec<ObjectId> = document.page_iter().collect();
        read_pdfx(document, &pages, false).flaws
    }

    #[test]
    fn each_broken_rule_is_named() {
        let good = claiming(Some((b"prtr", b"CMYK")), [10, 10, 90, 90]);
        // No XMP: the rest holds.
        assert_eq!(
            flaws(&good),
            [
                "PDF/X-4 (identification): the XMP has no pdfxid:GTS_PDFXVersion",
                "PDF/X-4 (Trapped): the Info dictionary says Trapped False, the XMP's pdf:Trapped does not",
                "PDF/X-4 (metadata): the file has no XMP metadata",
            ]
        );
        let rgb = flaws(&claiming(Some((b"mntr", b"RGB ")), [10, 10, 90, 90]));
        assert!(rgb.contains(&"PDF/X-4 (output intent): the OutputIntent's profile is not a CMYK printer (prtr) profile".to_owned()), "{rgb:?}");
        let none = flaws(&claiming(None, [10, 10, 90, 90]));
        assert!(
            none.iter()
                .any(|flaw| flaw.starts_with("PDF/X-4 (output intent): the file has no GTS_PDFX")),
            "{none:?}"
        );
        let outside = flaws(&claiming(Some((b"prtr", b"CMYK")), [10, 10, 150, 90]));
        assert!(
            outside
                .iter()
                .any(|flaw| flaw.starts_with("PDF/X-4 (page boxes): on page 1")),
            "{outside:?}"
        );
        let mut unclaimed = claiming(None, [10, 10, 90, 90]);
        unclaimed.trailer.remove(b"Info");
        assert_eq!(read_pdfx(&unclaimed, &[], false), PdfxReading::default());
    }
}
