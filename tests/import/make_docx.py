#!/usr/bin/env python3
"""Writes the Word-made import fixtures that pandoc cannot make.

    python3 tests/import/make_docx.py [OUT]      (default tests/import/docx)

Needs python-docx==1.2.0 and msoffcrypto-tool==6.1.0 (for the password one;
both installed by .ci/run). The files are committed, so the tests run without
them; tests/import.rs runs this script again into a scratch folder when both
are there, to keep it honest.

What each file holds (and what import must make of it):

  word-styles.docx      Word's own styles from python-docx's default template:
                        Title, Heading 1 and 2, List Bullet, List Number; a
                        numbering definition of two levels (the second level
                        joined into its item, warned); bold and italic runs;
                        w:hyperlink links to https:, mailto: and tel:, and a
                        file: link that must become plain text (warned); the
                        language en-GB on docDefaults (w:lang); publisher and
                        review-date lines.
  tracked-changes.docx  w:ins (kept) and w:del/w:delText (dropped, warned
                        with its words); a comment (dropped, warned with its
                        words); a DATE complex field whose shown result is
                        text; a paragraph with a text box (w:pict/v:textbox/
                        w:txbxContent) whose words belong where it stands; a
                        page header and a footer with words and a PAGE field
                        (dropped, warned); a Word table (each row a paragraph).
  french.docx           French, told by w:lang fr-FR on the Normal style
                        only (no --language needed); "Next review 2028"
                        without a colon.
  errors/empty.docx          a valid document with no text at all
  errors/truncated.docx      the first half of word-styles.docx's bytes
  errors/not-word.docx       a text file named .docx
  errors/not-word-zip.docx   a valid zip that holds no word/document.xml
  errors/password.docx       word-styles.docx encrypted (password
                             "leafpress") by msoffcrypto-tool: an OLE
                             compound file with EncryptionInfo and
                             EncryptedPackage streams, as Word writes one.

Every file is written with fixed dates (document properties, comment dates
and zip entry times), so a rerun gives the same bytes, except password.docx,
whose encryption salt is random each time.
"""

import copy
import datetime
import io
import os
import sys
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

FIXED = datetime.datetime(2026, 1, 1, 0, 0, 0)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def new_document():
    document = docx.Document()
    props = document.core_properties
    props.author = "leafpress fixtures"
    props.last_modified_by = "leafpress fixtures"
    props.created = FIXED
    props.modified = FIXED
    props.revision = 1
    return document


def save(document, path):
    """Saves, then rewrites the zip with fixed entry times and order."""
    buffer = io.BytesIO()
    document.save(buffer)
    write_fixed_zip(buffer.getvalue(), path)


def write_fixed_zip(data, path):
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, content)


def add_hyperlink(paragraph, text, url):
    """A w:hyperlink whose r:id names an external relationship (python-docx
    has no API for links)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def set_language(rpr_parent, tag):
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr_parent.append(lang)


def end_lines(document, publisher, reviewed, next_review, next_label="Next review:"):
    if publisher:
        document.add_paragraph(f"Published by {publisher}")
    if reviewed:
        document.add_paragraph(f"Last reviewed: {reviewed}")
    if next_review:
        document.add_paragraph(f"{next_label} {next_review}")


def two_level_numbering(document):
    """Adds an abstract numbering definition of two levels (1. and a)) and a
    w:num for it; returns the numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90">'
        '<w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return 90


def numbered(document, text, num_id, level):
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def word_styles(out):
    document = new_document()
    # The language on docDefaults, where Word keeps the document's own.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    set_language(rpr, "en-GB")

    document.add_heading("Getting ready for your colonoscopy", level=0)
    document.add_paragraph(
        "What to eat, which medicines to stop and what to bring on the day."
    )

    document.add_heading("The week before", level=1)
    p = document.add_paragraph("Eat ")
    p.add_run("low-fibre food").bold = True
    p.add_run(" for the three days before the test, and drink ")
    p.add_run("plenty of clear fluids").italic = True
    p.add_run(".")
    document.add_paragraph("Good choices are:")
    for item in ["white bread and pasta", "chicken or fish", "clear soup"]:
        document.add_paragraph(item, style="List Bullet")

    document.add_heading("Medicines to stop", level=2)
    document.add_paragraph("Tell us if you take any of these:")
    for item in ["iron tablets", "blood thinners such as warfarin", "diabetes medicines"]:
        document.add_paragraph(item, style="List Number")

    document.add_heading("On the day", level=1)
    document.add_paragraph("Follow these steps in order:")
    num = two_level_numbering(document)
    numbered(document, "Take the first sachet of bowel preparation at 6 pm.", num, 0)
    numbered(document, "Mix it with one litre of water.", num, 1)
    numbered(document, "Take the second sachet the next morning.", num, 0)

    document.add_heading("Contact us", level=1)
    p = document.add_paragraph("Read about the test on ")
    add_hyperlink(p, "our website", "https://example.org/colonoscopy")
    p.add_run(", write to ")
    add_hyperlink(p, "endoscopy@example.org", "mailto:endoscopy@example.org")
    p.add_run(" or call ")
    add_hyperlink(p, "the unit", "tel:+441234500600")
    p.add_run(".")
    p = document.add_paragraph("Print ")
    add_hyperlink(p, "the diet sheet", "file:///C:/Leaflets/diet-sheet.pdf")
    p.add_run(" and keep it on your fridge.")

    end_lines(document, "Riverside Endoscopy Unit", "3 March 2026", "March 2028")
    save(document, os.path.join(out, "word-styles.docx"))


def complex_field(paragraph, instruction, result):
    """begin, instrText, separate, the shown result, end: five runs."""
    p = paragraph._p
    p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p.append(
        parse_xml(
            f'<w:r {W}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        )
    )
    p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">{result}</w:t></w:r>'))
    p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'))


def tracked_changes(out):
    document = new_document()
    document.add_heading("Coming in for a day operation", level=0)
    document.add_paragraph("What to do before, on and after the day of your operation.")

    document.add_heading("Before you come in", level=1)
    p = document.add_paragraph("Do not eat ")
    p._p.append(
        parse_xml(
            f'<w:del {W} w:id="101" w:author="Ward editor" w:date="2026-01-01T00:00:00Z">'
            '<w:r><w:delText xml:space="preserve">fried or fatty food </w:delText></w:r>'
            "</w:del>"
        )
    )
    p._p.append(
        parse_xml(
            f'<w:ins {W} w:id="102" w:author="Ward editor" w:date="2026-01-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve">anything at all </w:t></w:r>'
            "</w:ins>"
        )
    )
    p.add_run("for six hours before your operation.")
    p = document.add_paragraph("You may drink ")
    commented = p.add_run("small sips of water")
    p.add_run(" until two hours before.")
    document.add_comment(
        [commented], text="Check the fasting time with the anaesthetist", author="Reviewer", initials="RV"
    )

    document.add_heading("On the day", level=1)
    p = document.add_paragraph("This copy was printed on ")
    complex_field(p, 'DATE \\@ "d MMMM yyyy"', "1 March 2026")
    p.add_run(". Ask at reception for the latest one.")
    # A text box inside a paragraph: its words belong here, after the
    # paragraph's own words.
    p = document.add_paragraph("Bring these with you:")
    p._p.append(
        parse_xml(
            f'<w:r {W} {V}><w:pict><v:shape id="reminder" type="#_x0000_t202" '
            'style="width:220pt;height:40pt"><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>Your appointment letter and a list of your medicines.</w:t></w:r></w:p>'
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("Times to know:")
    table = document.add_table(rows=2, cols=2)
    for row, (when, what) in zip(table.rows, [("7 am", "Arrive at the ward"), ("5 pm", "Most people go home")]):
        row.cells[0].text = when
        row.cells[1].text = what

    document.add_heading("After your operation", level=1)
    p = document.add_paragraph("Someone must ")
    p._p.append(
        parse_xml(
            f'<w:ins {W} w:id="103" w:author="Ward editor" w:date="2026-01-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve">drive you home and </w:t></w:r></w:ins>'
        )
    )
    p.add_run("stay with you for 24 hours.")

    section = document.sections[0]
    section.header.paragraphs[0].text = "Riverside Day Surgery Unit patient information"
    footer = section.footer.paragraphs[0]
    footer.text = "Leaflet DS-14 page "
    complex_field(footer, "PAGE", "1")

    end_lines(document, "Riverside Day Surgery Unit", "January 2026", "January 2028")
    save(document, os.path.join(out, "tracked-changes.docx"))
    # The comment's date is the clock's: fix it (and the save) afterwards.
    fix_comment_dates(os.path.join(out, "tracked-changes.docx"))


def fix_comment_dates(path):
    import re

    with open(path, "rb") as f:
        data = f.read()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(i.filename, source.read(i)) for i in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in entries:
            if name == "word/comments.xml":
                content = re.sub(rb'w:date="[^"]*"', b'w:date="2026-01-01T00:00:00Z"', content)
            out.writestr(name, content)
    write_fixed_zip(buffer.getvalue(), path)


def french(out):
    document = new_document()
    normal = document.styles["Normal"].element
    set_language(normal.get_or_add_rPr(), "fr-FR")
    document.add_heading("Votre prise de sang", level=0)
    document.add_paragraph("Comment se passe une prise de sang et combien de temps elle dure.")
    document.add_heading("Avant la prise de sang", level=1)
    p = document.add_paragraph("Vous pouvez manger et boire ")
    p.add_run("normalement").bold = True
    p.add_run(", sauf si votre médecin vous a dit d’être à jeun.")
    document.add_heading("Après la prise de sang", level=1)
    document.add_paragraph("Gardez le pansement pendant une heure. Un bleu léger est fréquent.")
    # "Next review 2028", no colon: the seed's own way of writing it.
    end_lines(document, "Laboratoire de la Rivière", "February 2026", "2028", "Next review")
    save(document, os.path.join(out, "french.docx"))


def errors(out):
    folder = os.path.join(out, "errors")
    os.makedirs(folder, exist_ok=True)
    save(new_document(), os.path.join(folder, "empty.docx"))

    with open(os.path.join(out, "word-styles.docx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(folder, "truncated.docx"), "wb") as f:
        f.write(whole[: len(whole) // 2])

    with open(os.path.join(folder, "not-word.docx"), "w", encoding="utf-8") as f:
        f.write("These are my notes for the leaflet, saved as plain text.\n")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        info = zipfile.ZipInfo("notes.txt", date_time=FIXED.timetuple()[:6])
        z.writestr(info, "A zip file that is not a Word document.\n")
    with open(os.path.join(folder, "not-word-zip.docx"), "wb") as f:
        f.write(buffer.getvalue())

    import msoffcrypto.format.ooxml

    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(whole)).encrypt("leafpress", encrypted)
    with open(os.path.join(folder, "password.docx"), "wb") as f:
        f.write(encrypted.getvalue())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "docx")
    os.makedirs(out, exist_ok=True)
    word_styles(out)
    tracked_changes(out)
    french(out)
    errors(out)
    print(f"wrote the Word-made fixtures in {out}")


if __name__ == "__main__":
    main()
