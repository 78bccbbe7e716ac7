#!/usr/bin/python3
"""An outside check of a leafpress BRF, sharing no code with leafpress.

    /usr/bin/python3 tests/outside/brf_sentences.py SOURCE.toml ID.brf

The sentences come from the leaflet's source itself: the TOML is read with
Python's tomllib, and the title, summary, headings and section bodies are
taken as text, the bodies' Markdown-like markup stripped here (strong and
emphasis marks, `[text](address)` written as `text (address)` as the BRF
writes links, autolinks, list markers, entities and backslash escapes). A
numbered list item keeps its number, `N. `, counted from the list's first.

Each sentence is translated forward by Debian's liblouis through its own
Python binding (python3-louis: `en-us-brf.dis,en-ueb-g2.ctb`), and must be
found in the BRF's text, each after the one before. The BRF is read here:
pages end with a form feed, lines with CR LF, and the page number at the
right end of each page's first line (`#` and the letters A to J, after at
least three blank cells) is taken off and must count the pages.

The normalisation, applied alike to the file and to each sentence (the
same rules as leafpress's braille module note, written again here):

- capital indicators and the capitals terminator (`,` and `,'`), grade 1
  indicators and their terminator (`;` and `;'`), and emphasis indicators
  (`.`, `^`, `_` or `@`, followed by `2`, `1`, `7` or `'`) are taken out:
  context adds or drops them (a passage of capitals or of bold crosses
  sentence edges, and a letter after a number needs grade 1 only by what
  came before). An indicator cut by a line end is taken out too;
- blank runs count as one, and a line's leading blanks (a list item's
  runover lines start in cell 3) and trailing blanks belong to its end;
- a line end counts as a blank; it counts as nothing only after a full
  line (a word wider than a line fills it and goes on at the start of the
  next: the only place the writer may divide a word). A blank line never
  stands inside a sentence.

Also reported: the file's cells (non-blank, page numbers left out) up to
the end of the last sentence found (the end matter leafpress adds from the
dates and labels comes after it and is not in the source's words), against
the same sentences translated uncontracted (`en-ueb-g1.ctb`); the check
fails unless the file has fewer.

Exit status: 0 when every sentence is found in order and the file is
contracted; 1 when not (the first missing sentence named, with what the
file has where it should be); 2 for a file or source that cannot be read;
3 when the louis module is not installed.
"""

import html
import re
import sys
import tomllib

try:
    import louis
except ImportError:
    print("brf_sentences: the louis module (python3-louis) is not installed", file=sys.stderr)
    sys.exit(3)

GRADE_2 = ["en-us-brf.dis", "en-ueb-g2.ctb"]
GRADE_1 = ["en-us-brf.dis", "en-ueb-g1.ctb"]

# Line-end markers in the file's joined text: SOFT after a line that is not
# full (the end can only stand for a blank), FULL after a full line (a
# blank, or nothing where a word was cut).
SOFT = "\n"
FULL = "\r"
MARKERS = SOFT + FULL


# --- The source --------------------------------------------------------------

def fold(text):
    """Whitespace runs (ASCII, and the line and paragraph separators) to one
    space; soft hyphens out; ends trimmed."""
    text = text.replace("\u00ad", "")
    return re.sub(r"[ \t\r\n\f\v\u2028\u2029]+", " ", text).strip()


ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def unescape_entity(entity):
    value = html.unescape(entity)
    if value == entity:
        return entity
    if value == "\0":
        return "\ufffd"
    return value


def address_for_people(url):
    for scheme in ("mailto:", "tel:"):
        if url[: len(scheme)].lower() == scheme:
            return url[len(scheme):]
    return url


def link_text(text, url):
    """A link as the BRF writes it: its text, then ` (address)` unless the
    text says the address already (an autolink; a phone number however it
    is spaced)."""
    address = address_for_people(url)
    digits = lambda s: "".join(c for c in s if c.isascii() and c.isdigit())
    says_number = url.lower().startswith("tel:") and digits(text) and digits(text) == digits(address)
    text = fold(text)
    if text == address or text == url or says_number:
        return text
    return f"{text} ({address})"


AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>|<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>")


def inline_text(text):
    """Inline markup to plain text: escapes, entities, autolinks, links,
    and the delimiter runs of strong and emphasis (CommonMark's flanking
    rules, simplified: a run that cannot open or close, or finds no
    partner, is text)."""
    # Tokens: ('t', text) literal text, ('d', char, count, can_open, can_close).
    tokens = []
    i = 0
    n = len(text)
    buffer = []

    def flush():
        if buffer:
            tokens.append(["t", "".join(buffer)])
            buffer.clear()

    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in PUNCTUATION:
            buffer.append(text[i + 1])
            i += 2
            continue
        if c == "&":
            m = ENTITY.match(text, i)
            if m:
                buffer.append(unescape_entity(m.group(0)))
                i = m.end()
                continue
        if c == "<":
            m = AUTOLINK.match(text, i)
            if m:
                if m.group(1):
                    buffer.append(link_text(m.group(1), m.group(1)))
                else:
                    buffer.append(link_text(m.group(2), "mailto:" + m.group(2)))
                i = m.end()
                continue
        if c == "[":
            link = parse_link(text, i)
            if link:
                label, url, end = link
                flush()
                tokens.append(["t", link_text(inline_text(label), url)])
                i = end
                continue
        if c in "*_":
            j = i
            while j < n and text[j] == c:
                j += 1
            before = text[i - 1] if i > 0 else " "
            after = text[j] if j < n else " "
            space = lambda ch: ch.isspace()
            punct = lambda ch: ch in PUNCTUATION or (not ch.isalnum() and not ch.isspace())
            left = not space(after) and (not punct(after) or space(before) or punct(before))
            right = not space(before) and (not punct(before) or space(after) or punct(after))
            if c == "*":
                can_open, can_close = left, right
            else:
                can_open = left and (not right or punct(before))
                can_close = right and (not left or punct(after))
            flush()
            tokens.append(["d", c, j - i, can_open, can_close])
            i = j
            continue
        buffer.append(c)
        i += 1
    flush()
    # Pair closers with the nearest opener of the same character.
    openers = []
    for index, token in enumerate(tokens):
        if token[0] != "d":
            continue
        if token[4]:
            while token[2] > 0:
                match = next((o for o in reversed(openers) if tokens[o][1] == token[1] and tokens[o][2] > 0), None)
                if match is None:
                    break
                used = 2 if tokens[match][2] >= 2 and token[2] >= 2 else 1
                tokens[match][2] -= used
                token[2] -= used
                openers = [o for o in openers if o <= match]
                if tokens[match][2] == 0:
                    openers.remove(match)
        if token[3] and token[2] > 0:
            openers.append(index)
    return "".join(t[1] if t[0] == "t" else t[1] * t[2] for t in tokens)


def parse_link(text, start):
    """`[label](url)` at `start`: (label, url, end), or None."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                break
        i += 1
    else:
        return None
    if not text.startswith("(", i + 1):
        return None
    m = re.compile(r"\(\s*(<[^<>\n]*>|[^\s()<>]+)\s*\)").match(text, i + 1)
    if not m:
        return None
    url = m.group(1)
    if url.startswith("<"):
        url = url[1:-1]
    return text[start + 1 : i], url, m.end()


BULLET = re.compile(r"^ {0,3}[-*+](?:[ \t]+|$)")
NUMBER = re.compile(r"^ {0,3}([0-9]{1,9})[.)](?:[ \t]+|$)")


def body_blocks(body):
    """A body's blocks as ("paragraph" | "item", text), list items numbered."""
    blocks = []
    current = None  # [kind, lines, number]
    number = None

    def close():
        nonlocal current
        if current:
            text = fold(inline_text(fold("\n".join(current[1]))))
            if current[2] is not None:
                text = f"{current[2]}. {text}"
            if text:
                blocks.append(("item" if current[0] == "item" else "paragraph", text))
        current = None

    for line in body.split("\n"):
        if not line.strip():
            close()
            continue
        bullet = BULLET.match(line)
        numbered = NUMBER.match(line)
        if bullet:
            close()
            number = None
            current = ["item", [line[bullet.end():]], None]
        elif numbered and (current is None or current[0] == "item" or numbered.group(1) == "1"):
            close()
            if number is None or not (blocks and blocks[-1][0] == "item"):
                number = int(numbered.group(1))
            else:
                number += 1
            current = ["item", [line[numbered.end():]], number]
        elif current is None:
            number = None
            current = ["paragraph", [line], None]
        else:
            current[1].append(line)
    close()
    return blocks


def sentences(text):
    """After a word ending in `.`, `!` or `?` (then any closing quotes or
    brackets)."""
    found = []
    words = []
    for word in text.split(" "):
        words.append(word)
        if re.search(r"[.!?][\"'’”)\]]*$", word):
            found.append(" ".join(words))
            words = []
    if words:
        found.append(" ".join(words))
    return [sentence for sentence in found if sentence]


def source_sentences(source):
    """The sentences of a source, in reading order, each with where it
    comes from; and the page size."""
    leaflet = source["leaflet"]
    out = []

    def add(where, text):
        for sentence in sentences(fold(text)):
            out.append((where, sentence))

    add("title", leaflet["title"])
    if "summary" in leaflet:
        add("summary", leaflet["summary"])
    for section in source.get("section", []):
        add(f"section `{section['id']}` heading", section["heading"])
        for kind, text in body_blocks(section["body"]):
            if kind == "item" and re.match(r"[0-9]+\. ", text):
                number, rest = text.split(" ", 1)
                split = sentences(rest)
                split[0] = f"{number} {split[0]}"
                out.extend((f"section `{section['id']}`", s) for s in split)
            else:
                add(f"section `{section['id']}`", text)
    braille = source.get("braille", {})
    return out, braille.get("cells_per_line", 40), braille.get("lines_per_page", 25)


# --- The BRF -----------------------------------------------------------------

PAGE_NUMBER = re.compile(r"^(?:(.*[^ ]) {3,}| *)#([A-J]+)$")


def page_number(letters):
    return int("".join("0" if c == "J" else str(ord(c) - ord("A") + 1) for c in letters))


def read_brf(data, cells, lines_per_page):
    """The file's text: a list of (cell, ordinal) where ordinal counts the
    file's non-blank cells before it, with line-end markers; and the flaws
    found."""
    flaws = []
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        return None, ["the file is not ASCII"]
    if not text.endswith("\x0c"):
        flaws.append("the file does not end with a form feed")
    pages = text.split("\x0c")[:-1]
    items = []
    ordinal = 0
    for index, page in enumerate(pages, 1):
        if not page.endswith("\r\n"):
            flaws.append(f"page {index} does not end its last line with CR LF")
        lines = page.split("\r\n")[:-1] if page.endswith("\r\n") else page.split("\r\n")
        if len(lines) > lines_per_page:
            flaws.append(f"page {index} has {len(lines)} lines; a page holds {lines_per_page}")
        for number, line in enumerate(lines):
            if "\n" in line or "\r" in line:
                flaws.append(f"page {index} line {number + 1} has a bare line end")
            if len(line) > cells:
                flaws.append(f"page {index} line {number + 1} has {len(line)} cells; a line holds {cells}")
            width = cells
            if number == 0:
                m = PAGE_NUMBER.match(line)
                if not m:
                    flaws.append(f"page {index} has no page number at its first line's end")
                else:
                    if page_number(m.group(2)) != index:
                        flaws.append(f"page {index} is numbered {page_number(m.group(2))}")
                    width = cells - 3 - len(m.group(2)) - 1
                    line = m.group(1) or ""
            for c in line:
                if not (0x20 <= ord(c) <= 0x5F):
                    flaws.append(f"page {index} line {number + 1} has {c!r}, not ASCII braille")
                items.append((c, ordinal))
                if c != " ":
                    ordinal += 1
            items.append((FULL if len(line) == width else SOFT, ordinal))
    return items, flaws


# --- The normalisation, alike on both sides -------------------------------

def strip_indicators(items):
    """Capital, grade 1 and emphasis indicators out, markers kept."""
    out = []
    i = 0
    n = len(items)

    def next_cell(j):
        j += 1
        while j < n and items[j][0] in MARKERS:
            j += 1
        return j

    while i < n:
        c = items[i][0]
        j = next_cell(i)
        following = items[j][0] if j < n else ""
        if c in ",;":
            if following == "'":
                out.extend(item for item in items[i + 1 : j] if item[0] in MARKERS)
                i = j + 1
            else:
                i += 1
            continue
        if c in ".^_@" and following and following in "217'":
            out.extend(items[i + 1 : j])
            i = j + 1
            continue
        out.append(items[i])
        i += 1
    return out


def collapse(items):
    """Blank runs to one; blanks next to a line end belong to it."""
    out = []
    for item in items:
        c = item[0]
        if c == " " and (not out or out[-1][0] in " " + MARKERS):
            continue
        if c in MARKERS and out and out[-1][0] == " ":
            out.pop()
        out.append(item)
    return out


def normalise(braille):
    items = collapse(strip_indicators([(c, 0) for c in braille]))
    return "".join(c for c, _ in items).strip(" ")


def pattern(braille):
    parts = [r"(?<![^ \n\r])"]
    for index, c in enumerate(braille):
        if c == " ":
            parts.append(r"[ \n\r]")
        else:
            parts.append(re.escape(c))
            if index + 1 < len(braille) and braille[index + 1] != " ":
                parts.append("\r?")
    parts.append(r"(?![^ \n\r])")
    return re.compile("".join(parts))


def shown(text):
    return text.replace(SOFT, "⏎").replace(FULL, "↵")


def cells(braille):
    return sum(1 for c in braille if c != " ")


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            source = tomllib.load(f)
        with open(argv[2], "rb") as f:
            data = f.read()
        units, width, height = source_sentences(source)
    except (OSError, tomllib.TOMLDecodeError, KeyError) as error:
        print(f"brf_sentences: cannot read: {error}", file=sys.stderr)
        return 2
    language = source["leaflet"].get("language", "")
    if language.split("-")[0].lower() != "en":
        print(f"brf_sentences: {argv[1]} is in `{language}`; this check is for English (UEB grade 2)", file=sys.stderr)
        return 2
    raw, flaws = read_brf(data, width, height)
    if raw is None:
        print(f"{argv[2]}: {flaws[0]}")
        return 1
    items = collapse(strip_indicators(raw))
    text = "".join(c for c, _ in items)
    position = 0
    found = 0
    missing = []
    last_end = 0
    uncontracted = 0
    outside_contracted = 0
    for where, sentence in units:
        braille = normalise(louis.translateString(GRADE_2, sentence))
        outside_contracted += cells(louis.translateString(GRADE_2, sentence))
        uncontracted += cells(louis.translateString(GRADE_1, sentence))
        match = pattern(braille).search(text, position)
        if match:
            found += 1
            position = match.end()
            last_end = match.end()
        else:
            missing.append((where, sentence, braille, position))
    contracted = items[last_end - 1][1] + 1 if last_end else 0
    total = raw[-1][1] if raw else 0
    name = argv[2]
    print(f"{name}: {found} of {len(units)} sentences of {argv[1]} found in order")
    print(
        f"{name}: {contracted} cells in the file up to its last sentence "
        f"({total} in all, with the end matter), {uncontracted} uncontracted "
        f"(grade 1), {outside_contracted} as the sentences alone in grade 2"
    )
    for flaw in flaws:
        print(f"{name}: {flaw}")
    for where, sentence, braille, at in missing[:5]:
        there = text[at : at + len(braille) + 20]
        print(f"{name}: missing ({where}): {sentence!r}")
        print(f"    its braille (normalised): {shown(braille)}")
        print(f"    where it should be, the file has: {shown(there)}")
        back = louis.backTranslateString(GRADE_2, there.replace(SOFT, " ").replace(FULL, " "))
        print(f"    which reads back (lossy) as: {back!r}")
    if len(missing) > 5:
        print(f"{name}: and {len(missing) - 5} more missing")
    ok = not missing and not flaws and units and contracted < uncontracted
    if not (contracted < uncontracted):
        print(f"{name}: not contracted: {contracted} cells, not fewer than {uncontracted}")
    print(f"{name}: {'PASSED' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
