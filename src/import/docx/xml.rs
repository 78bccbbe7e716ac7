//! Small helpers over roxmltree for WordprocessingML: elements and
//! attributes are matched by local name, so that the transitional and the
//! strict namespaces both read.

use roxmltree::Node;

/// The value of the attribute with this local name, whatever its namespace
/// (except the relationships namespace, which [`rel_attr`] reads).
pub fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| {
            a.name() == name
                && !a
                    .namespace()
                    .is_some_and(|ns| ns.ends_with("relationships"))
        })
        .map(|a| a.value())
}

/// The value of the attribute with this local name in the relationships
/// namespace (`r:id`, `r:embed`).
pub fn rel_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| {
            a.name() == name
                && a.namespace()
                    .is_some_and(|ns| ns.ends_with("relationships"))
        })
        .map(|a| a.value())
}

/// The first child element with this local name.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The `w:val` of the child element with this local name.
pub fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// A toggle property (`<w:b/>`, `<w:i w:val="0"/>`): `None` when absent,
/// else whether it is on.
pub fn toggle(props: Node<'_, '_>, name: &str) -> Option<bool> {
    let node = child(props, name)?;
    Some(!matches!(
        attr(node, "val"),
        Some("0" | "false" | "off" | "False" | "Off")
    ))
}

/// The branch of an `mc:AlternateContent` to read: its first `mc:Choice`,
/// else its `mc:Fallback` (never both: they hold the same content twice).
pub fn alternative<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    child(node, "Choice").or_else(|| child(node, "Fallback"))
}

/// The elements with this local name under `node`, not looking inside the
/// ones found (so a text box in a text box is left to the walk of the
/// outer one), without recursion.
pub fn find_outer<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    let mut stack: Vec<Node<'a, 'i>> = node.children().filter(Node::is_element).collect();
    stack.reverse();
    while let Some(next) = stack.pop() {
        if next.tag_name().name() == name {
            found.push(next);
            continue;
        }
        if next.tag_name().name() == "AlternateContent" {
            stack.extend(alternative(next));
            continue;
        }
        let before = stack.len();
        stack.extend(next.children().filter(Node::is_element));
        stack[before..].reverse();
    }
    found
}

/// The words of an element as plain text: its `w:t` (and math `m:t`)
/// texts, a space for tabs, breaks and between paragraphs, white space
/// collapsed. Deleted text (`w:delText`) and field instructions are not
/// words; only the first branch of an `mc:AlternateContent` is read.
pub fn plain_text(node: Node<'_, '_>) -> String {
    let mut text = String::new();
    let mut stack = vec![node];
    while let Some(next) = stack.pop() {
        match next.tag_name().name() {
            "t" => text.push_str(next.text().unwrap_or_default()),
            "tab" | "br" | "cr" | "p" => text.push(' '),
            "del" | "moveFrom" | "instrText" | "delText" => continue,
            "AlternateContent" => {
                stack.extend(alternative(next));
                continue;
            }
            _ => {}
        }
        let before = stack.len();
        stack.extend(next.children().filter(Node::is_element));
        stack[before..].reverse();
    }
    collapse(&text)
}

/// The text with each run of white space made one space, and trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
