//! A light well-formedness check of the report: every non-void element is
//! closed in order, attributes are quoted, and no external resource is
//! referenced.

const VOID: [&str; 8] = ["meta", "br", "hr", "img", "input", "link", "source", "wbr"];

/// Returns the element names in document order, after checking nesting.
pub fn check(html: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = html;
    let mut in_raw: Option<String> = None;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if let Some(raw) = &in_raw {
            let close = format!("</{raw}>");
            let j = rest
                .find(&close)
                .unwrap_or_else(|| panic!("unclosed <{raw}>"));
            rest = &rest[j..];
            in_raw = None;
        }
        if rest.starts_with("<!") {
            rest = &rest[rest.find('>').unwrap() + 1..];
            continue;
        }
        let end = rest.find('>').expect("unterminated tag");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_else(|| panic!("stray </{name}>"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        assert!(!name.is_empty(), "bad tag <{tag}>");
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        for bad in ["src=\"http", "href=\"http", "src=\"//", "@import", "url("] {
            assert!(!tag.contains(bad), "external resource in <{tag}>");
        }
        seen.push(name.clone());
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "script" || name == "style" || name == "title" {
            in_raw = Some(name.clone());
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    seen
}
