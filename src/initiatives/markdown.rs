//! Initiative bodies: Markdown rendered with pulldown-cmark, then sanitised
//! with ammonia. Raw HTML is shown as text, headings sit below the page's own,
//! images become links, and only http, https and mailto links survive.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The HTML of a Markdown text, safe to put in a page as is.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH);
    let events = tame(parser);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitiser().clean(&html).to_string()
}

/// Rewrites the events: raw HTML becomes text, headings move down two
/// levels (the page has its h1 and h2), images become links, and a link
/// without text shows its address.
fn tame<'a>(parser: Parser<'a>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::new();
    let mut link_targets: Vec<CowStr<'a>> = Vec::new();
    for event in parser {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Start(Tag::Heading { level, .. }) => out.push(Event::Start(Tag::Heading {
                level: lower(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(lower(level))))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_targets.push(dest_url.clone());
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                let target = link_targets.pop().unwrap_or(CowStr::Borrowed(""));
                if matches!(out.last(), Some(Event::Start(Tag::Link { .. }))) {
                    out.push(Event::Text(target));
                }
                out.push(Event::End(TagEnd::Link));
            }
            other => out.push(other),
        }
    }
    out
}

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn sanitiser() -> ammonia::Builder<'static> {
    let tags: HashSet<&'static str> = [
        "p",
        "br",
        "hr",
        "em",
        "strong",
        "del",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
        "h5",
        "h6",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&'static str> = ["http", "https", "mailto"].into_iter().collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(schemes)
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"));
    builder
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_safe_html("<script>alert('x')</script>\n\nDu <b onclick=x()>gras</b>");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert('x')&lt;/script&gt;\n</p>\n<p>Du &lt;b onclick=x()&gt;gras&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn only_web_and_mail_links_keep_their_address() {
        let html = to_safe_html(
            "[a](javascript:alert(1)) [b](data:text/html,x) [c](/deconnexion) \
             [d](https://www.bourges.fr/) [e](mailto:accueil@ville-bourges.fr) [f][r]\n\n\
             [r]: vbscript:msgbox",
        );
        assert_eq!(html.matches("href=").count(), 2, "{html}");
        assert!(html.contains("href=\"https://www.bourges.fr/\""));
        assert!(html.contains("href=\"mailto:accueil@ville-bourges.fr\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }

    #[test]
    fn disguised_scripts_lose_their_address() {
        for trick in [
            "<javascript:alert(1)>",
            "[a](&#106;avascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a]( javascript:alert(1) \"titre\")",
            "[a](data:text/html;base64,PHNjcmlwdD4=)",
            "[a][r]\n\n[r]: <javascript:alert(1)>",
            "<a href=\"javascript:alert(1)\">a</a>",
        ] {
            let html = to_safe_html(trick);
            assert!(!html.contains("<a href"), "{trick} → {html}");
        }
    }

    #[test]
    fn headings_move_below_the_page_and_images_become_links() {
        let html = to_safe_html("# Titre\n\n## Sous-titre\n\n![plan du parvis](https://exemple.fr/plan.png)\n\n[](https://exemple.fr/)");
        assert!(
            html.contains("<h3>Titre</h3>") && html.contains("<h3>Sous-titre</h3>"),
            "{html}"
        );
        assert!(!html.contains("<img"));
        assert!(html.contains(">plan du parvis</a>"));
        assert!(
            html.contains(">https://exemple.fr/</a>"),
            "an empty link shows its address: {html}"
        );
    }
}
