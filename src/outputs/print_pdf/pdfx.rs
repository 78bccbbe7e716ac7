//! PDF/X-4 (ISO 15930-7:2010), written by leafpress after typst, which
//! cannot write it (krilla 0.8 knows only PDF/A and PDF/UA; typst issue
//! 6012): the print shop's CMYK profile as the file's one `GTS_PDFX`
//! OutputIntent, `GTS_PDFXVersion` and `Trapped` in the Info dictionary,
//! and the same in the XMP (`pdfxid:GTS_PDFXVersion`, `pdf:Trapped`) with
//! the `xmpMM` version identification PDF/X asks for, keeping typst's
//! PDF/UA-1 identification and tags as they are.
//!
//! The file says PDF 1.6: PDF/X-4 is PDF 1.6 restricted, and every feature
//! typst's PDF/UA-1 file uses (tagged structure, `/Tabs`, `/ActualText`,
//! Separation colour, OpenType fonts) is in PDF 1.6; PDF/UA-1 asks for the
//! structure, not for a 1.7 header.
//!
//! A colour in RGB (a house style's `rgb(…)`, an RGB image, an RGB
//! transparency group) is refused, not converted: leafpress does no
//! colour management, and a PDF/X print PDF is for a print shop's CMYK
//! press, where the designer, not leafpress, should choose the inks.

use lopdf::{Dictionary, Document, Object, Stream, StringFormat, dictionary};

use crate::typeset::output_intent::OutputIntent;

/// The version the Info dictionary and the XMP name.
const PDFX_VERSION: &str = "PDF/X-4";
/// The XMP namespace of `pdfxid:GTS_PDFXVersion`.
const PDFXID_NAMESPACE: &str = "http://www.npes.org/pdfx/ns/id/";
/// The PDF version PDF/X-4 is built on.
const PDF_VERSION: &str = "1.6";

/// Makes `document` PDF/X-4 for `intent`; `Err` says what stood in the way.
pub fn make_pdfx(document: &mut Document, intent: &OutputIntent) -> Result<(), String> {
    if let Some(what) = rgb_colour(document) {
        return Err(format!(
            "{what} is in RGB; a PDF/X-4 print PDF (--output-intent) takes CMYK, grey \
             and spot colours only: set the layout's colours with cmyk(…) or luma(…)"
        ));
    }
    add_output_intent(document, intent)?;
    mark_info(document)?;
    mark_metadata(document)?;
    document.version = PDF_VERSION.to_owned();
    if let Ok(catalog) = document.catalog_mut() {
        catalog.remove(b"Version");
    }
    Ok(())
}

/// What in the file is in RGB, if anything: a colour space in some
/// resources, an image, or a transparency group.
fn rgb_colour(document: &Document) -> Option<String> {
    for (id, object) in &document.objects {
        let dictionary = match object {
            Object::Dictionary(dictionary) => dictionary,
            Object::Stream(stream) => &stream.dict,
            _ => continue,
        };
        let rgb = |space: Result<&Object, _>| space.is_ok_and(|space| is_rgb(document, space));
        let is_image = dictionary.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image");
        let group = dictionary
            .get_deref(b"Group", document)
            .and_then(Object::as_dict);
        let spaces = dictionary
            .get_deref(b"ColorSpace", document)
            .and_then(Object::as_dict);
        let found = if is_image && rgb(dictionary.get(b"ColorSpace")) {
            Some("an image".to_owned())
        } else if group.is_ok_and(|group| rgb(group.get(b"CS"))) {
            Some("a transparency group".to_owned())
        } else {
            spaces.ok().and_then(|spaces| {
                let (name, _) = spaces.iter().find(|(_, space)| is_rgb(document, space))?;
                Some(format!(
                    "the colour space /{}",
                    String::from_utf8_lossy(name)
                ))
            })
        };
        if let Some(what) = found {
            return Some(format!("{what} (object {})", id.0));
        }
    }
    None
}

/// Whether a colour space is RGB: device, calibrated, ICC-based with
/// three components, or an indexed space over one of those.
fn is_rgb(document: &Document, space: &Object) -> bool {
    let Ok((_, space)) = document.dereference(space) else {
        return false;
    };
    match space {
        Object::Name(name) => matches!(name.as_slice(), b"DeviceRGB" | b"RGB" | b"CalRGB"),
        Object::Array(parts) => match parts.first().and_then(|part| part.as_name().ok()) {
            Some(b"CalRGB") => true,
            Some(b"ICCBased") => {
                parts
                    .get(1)
                    .and_then(|stream| document.dereference(stream).ok())
                    .and_then(|(_, stream)| stream.as_stream().ok())
                    .and_then(|stream| stream.dict.get(b"N").and_then(Object::as_i64).ok())
                    == Some(3)
            }
            Some(b"Indexed" | b"I") => parts.get(1).is_some_and(|base| is_rgb(document, base)),
            _ => false,
        },
        _ => false,
    }
}

/// Adds the one `GTS_PDFX` OutputIntent, embedding the profile.
fn add_output_intent(document: &mut Document, intent: &OutputIntent) -> Result<(), String> {
    let mut profile = Stream::new(dictionary! { "N" => 4 }, intent.profile.clone());
    profile
        .compress()
        .map_err(|error| format!("cannot compress the output intent's profile: {error}"))?;
    let profile = document.add_object(profile);
    let text = |text: &str| Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    let mut output_intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFX",
        // A profile of no registered printing condition: "Custom", with
        // its description as the condition and the Info.
        "OutputConditionIdentifier" => text("Custom"),
        "DestOutputProfile" => profile,
    };
    if let Some(description) = &intent.description {
        output_intent.set("OutputCondition", text_string(description));
        output_intent.set("Info", text_string(description));
    }
    let output_intent = document.add_object(output_intent);
    let catalog = document
        .catalog_mut()
        .map_err(|error| format!("the typeset PDF has no catalog: {error}"))?;
    catalog.set("OutputIntents", vec![Object::Reference(output_intent)]);
    Ok(())
}

/// A PDF text string: ASCII as it is, anything else in UTF-16BE.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Sets `GTS_PDFXVersion` and `Trapped` (leafpress traps nothing) in the
/// Info dictionary, making one if typst wrote none.
fn mark_info(document: &mut Document) -> Result<(), String> {
    let existing = document
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .ok();
    let id = match existing {
        Some(id) => id,
        None => {
            let id = document.add_object(Dictionary::new());
            document.trailer.set("Info", id);
            id
        }
    };
    let info = document
        .get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .map_err(|error| format!("the typeset PDF's Info dictionary is unreadable: {error}"))?;
    info.set(
        "GTS_PDFXVersion",
        Object::String(PDFX_VERSION.as_bytes().to_vec(), StringFormat::Literal),
    );
    info.set("Trapped", Object::Name(b"False".to_vec()));
    Ok(())
}

/// Adds PDF/X's entries to typst's XMP packet: `pdfxid:GTS_PDFXVersion`,
/// `pdf:Trapped`, `xmpMM:VersionID`, `xmpMM:RenditionClass` `default`,
/// and `pdf:PDFVersion` 1.6. Everything else (PDF/UA's `pdfuaid:part`,
/// the title, the dates) stays as typst wrote it.
fn mark_metadata(document: &mut Document) -> Result<(), String> {
    let id = document
        .catalog()
        .and_then(|catalog| catalog.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|_| "typst wrote no XMP metadata".to_owned())?;
    let stream = document
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .map_err(|error| format!("the typeset PDF's XMP is unreadable: {error}"))?;
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let xmp = String::from_utf8(content).map_err(|_| "typst's XMP is not UTF-8".to_owned())?;
    let xmp = with_pdfx_entries(&xmp)?;
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(xmp.into_bytes());
    Ok(())
}

/// The XMP with PDF/X's entries, in its one `rdf:Description`.
fn with_pdfx_entries(xmp: &str) -> Result<String, String> {
    const OPEN: &str = "<rdf:Description rdf:about=\"\"";
    const CLOSE: &str = "</rdf:Description>";
    if xmp.matches(OPEN).count() != 1 || xmp.matches(CLOSE).count() != 1 {
        return Err("typst's XMP does not have the one rdf:Description leafpress expects".into());
    }
    let mut namespaces = format!(" xmlns:pdfxid=\"{PDFXID_NAMESPACE}\"");
    for (prefix, uri) in [
        ("pdf", "http://ns.adobe.com/pdf/1.3/"),
        ("xmpMM", "http://ns.adobe.com/xap/1.0/mm/"),
    ] {
        if !xmp.contains(&format!("xmlns:{prefix}=")) {
            namespaces.push_str(&format!(" xmlns:{prefix}=\"{uri}\""));
        }
    }
    let mut xmp = xmp.replacen(OPEN, &format!("{OPEN}{namespaces}"), 1);
    let mut entries = format!(
        "<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion><pdf:Trapped>False</pdf:Trapped>"
    );
    if !xmp.contains("<xmpMM:VersionID>") {
        entries.push_str("<xmpMM:VersionID>1</xmpMM:VersionID>");
    }
    // PDF/X asks that a file for print be the `default` rendition.
    match (
        xmp.find("<xmpMM:RenditionClass>"),
        xmp.find("</xmpMM:RenditionClass>"),
    ) {
        (Some(start), Some(end)) if start < end => {
            xmp.replace_range(start..end, "<xmpMM:RenditionClass>default");
        }
        _ => entries.push_str("<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"),
    }
    match (xmp.find("<pdf:PDFVersion>"), xmp.find("</pdf:PDFVersion>")) {
        (Some(start), Some(end)) if start < end => {
            xmp.replace_range(start..end, &format!("<pdf:PDFVersion>{PDF_VERSION}"));
        }
        _ => entries.push_str(&format!("<pdf:PDFVersion>{PDF_VERSION}</pdf:PDFVersion>")),
    }
    let close = xmp.find(CLOSE).expect("counted above");
    xmp.insert_str(close, &entries);
    Ok(xmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xmp_gains_pdfx_entries_and_keeps_pdfua() {
        let xmp = "<x:xmpmeta><rdf:RDF><rdf:Description rdf:about=\"\" xmlns:pdf=\"p\" \
                   xmlns:pdfuaid=\"u\"><pdfuaid:part>1</pdfuaid:part>\
                   <xmpMM:RenditionClass>proof</xmpMM:RenditionClass>\
                   <pdf:PDFVersion>1.7</pdf:PDFVersion></rdf:Description></rdf:RDF></x:xmpmeta>";
        let marked = with_pdfx_entries(xmp).unwrap();
        for part in [
            "<pdfuaid:part>1</pdfuaid:part>",
            "xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"",
            "xmlns:xmpMM=",
            "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
            "<pdf:Trapped>False</pdf:Trapped>",
            "<xmpMM:VersionID>1</xmpMM:VersionID>",
            "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
            "<pdf:PDFVersion>1.6</pdf:PDFVersion>",
        ] {
            assert!(marked.contains(part), "{part} in {marked}");
        }
        assert!(with_pdfx_entries("<x:xmpmeta/>").is_err());
    }
}
