//! Known widget phrases of news sites, in several languages: whole lines
//! (`Leave a Comment`, `Partager`), line openings (`Read more:`,
//! `Lesen Sie auch`), and giveaways anywhere in a short line (`we use
//! cookies`, `all rights reserved`).

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

/// Lines that are furniture when they consist of the phrase alone
/// (compared lower-case, without counters such as `(0)` and end marks).
const WHOLE_LINES: &[&str] = &[
    // English
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "add comment",
    "comment",
    "comments",
    "no comments",
    "no comments yet",
    "view comments",
    "show comments",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share article",
    "share on facebook",
    "share on twitter",
    "share via email",
    "tweet",
    "email",
    "e-mail",
    "print",
    "print article",
    "print this article",
    "print this page",
    "save",
    "save article",
    "copy link",
    "link copied",
    "related",
    "related articles",
    "related news",
    "related stories",
    "related posts",
    "related content",
    "related topics",
    "read more",
    "read also",
    "see also",
    "more stories",
    "more news",
    "more from",
    "most read",
    "most popular",
    "most viewed",
    "trending",
    "trending now",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "also read",
    "editor's picks",
    "top stories",
    "latest news",
    "latest",
    "breaking news",
    "advertisement",
    "sponsored",
    "sponsored content",
    "subscribe",
    "subscribe now",
    "sign in",
    "log in",
    "login",
    "register",
    "sign up",
    "menu",
    "search",
    "home",
    "skip to content",
    "skip to main content",
    "back to top",
    "next article",
    "previous article",
    "next",
    "previous",
    "tags",
    "topics",
    "follow us",
    "source",
    "image",
    "photo",
    "video",
    "videos",
    "no data",
    "no videos available",
    "same tag",
    "same category",
    "same author",
    "loading",
    "load more",
    "show more",
    "view more",
    "listen",
    "listen to this article",
    "font size",
    "close",
    "accept",
    "accept all",
    "reject all",
    "manage cookies",
    "cookie settings",
    "privacy policy",
    "terms of use",
    "terms of service",
    "contact us",
    "about us",
    "newsletter",
    "gallery",
    "photos",
    "watch",
    "watch now",
    "join the conversation",
    "read next",
    "like this",
    "like loading",
    "previous post",
    "next post",
    "comments are closed",
    "paid content",
    "more from",
    "sections",
    "edition",
    "live tv",
    "live",
    "top stories",
    "min read",
    "report it to us",
    "found a mistake",
    "report an error",
    "feedback",
    "rss",
    "sitemap",
    "top",
    "saved",
    "share full article",
    "click to copy",
    "copy link to clipboard",
    "more less",
    "show less",
    "e-paper",
    "epaper",
    "today's paper",
    "today’s paper",
    "print edition",
    "pinned",
    "pinned post",
    "follow",
    "following",
    "live updates",
    "live blog",
    "watch live",
    "now playing",
    "load more comments",
    "show all",
    "view all",
    "supported by",
    "skip advertisement",
    "site index",
    "table of contents",
    "contents",
    "in this article",
    "on this page",
    "jump to",
    "key takeaways",
    "accept all cookies",
    "reject",
    "decline",
    "i agree",
    "got it",
    "manage preferences",
    "more options",
    "reply",
    "report",
    "upvote",
    // French
    "partager",
    "commentaires",
    "commentaire",
    "laisser un commentaire",
    "lire aussi",
    "à lire aussi",
    "lire la suite",
    "articles similaires",
    "sur le même sujet",
    "imprimer",
    "publicité",
    "abonnez-vous",
    "s'abonner",
    "se connecter",
    "mentions légales",
    "accueil",
    "voir aussi",
    "les plus lus",
    "tout accepter",
    "tout refuser",
    "accepter",
    "refuser",
    "continuer sans accepter",
    "paramétrer",
    "personnaliser",
    "sommaire",
    "retour en haut",
    "politique de confidentialité",
    "gestion des cookies",
    "nous contacter",
    "plus d'actualités",
    "à la une",
    // German
    "teilen",
    "kommentare",
    "kommentar",
    "kommentar schreiben",
    "weiterlesen",
    "mehr zum thema",
    "lesen sie auch",
    "auch interessant",
    "drucken",
    "anzeige",
    "werbung",
    "artikel teilen",
    "datenschutz",
    "impressum",
    "startseite",
    "meistgelesen",
    "das könnte sie auch interessieren",
    "alle akzeptieren",
    "akzeptieren",
    "ablehnen",
    "alle ablehnen",
    "einstellungen",
    "cookie-einstellungen",
    "datenschutzerklärung",
    "inhaltsverzeichnis",
    "nach oben",
    "zurück nach oben",
    "kontakt",
    "mehr nachrichten",
    "artikel merken",
    // Spanish, Portuguese, Italian
    "compartir",
    "comentarios",
    "deja un comentario",
    "leer más",
    "lee también",
    "noticias relacionadas",
    "te puede interesar",
    "imprimir",
    "publicidad",
    "suscríbete",
    "inicio",
    "lo más leído",
    "compartilhe",
    "compartilhar",
    "comentários",
    "leia mais",
    "leia também",
    "notícias relacionadas",
    "publicidade",
    "condividi",
    "commenti",
    "leggi anche",
    "articoli correlati",
    "pubblicità",
    "iscriviti",
    "stampa",
    "aceptar",
    "aceptar todo",
    "aceptar todas",
    "rechazar",
    "rechazar todo",
    "configurar",
    "más noticias",
    "síguenos",
    "síguenos en redes sociales",
    "aviso legal",
    "política de privacidad",
    "política de cookies",
    "contacto",
    "volver arriba",
    "índice",
    "aceitar",
    "aceitar todos",
    "rejeitar",
    "accetta",
    "accetta tutti",
    "rifiuta",
    "rifiuta tutti",
    // Dutch
    "delen",
    "reacties",
    "lees ook",
    "lees meer",
    "gerelateerde artikelen",
    "advertentie",
    "alles accepteren",
    "accepteren",
    "weigeren",
    // Vietnamese
    "chia sẻ",
    "bình luận",
    "tin liên quan",
    "xem thêm",
    "đọc thêm",
    "in bài viết",
    "quảng cáo",
    "cùng chuyên mục",
    "tin cùng chuyên mục",
    "bài viết liên quan",
    "nguồn",
    "tin mới",
    "đọc nhiều",
    "trang chủ",
    "tin khác",
];

/// Whole-line phrases that announce a list of links: the lines after them,
/// up to the next prose, are that list.
const LIST_HEADERS: &[&str] = &[
    "related",
    "related articles",
    "related news",
    "related stories",
    "related posts",
    "related content",
    "read more",
    "read also",
    "see also",
    "more stories",
    "more news",
    "most read",
    "most popular",
    "most viewed",
    "trending",
    "trending now",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "also read",
    "editor's picks",
    "top stories",
    "latest news",
    "same tag",
    "same category",
    "same author",
    "more from",
    "lire aussi",
    "à lire aussi",
    "articles similaires",
    "sur le même sujet",
    "voir aussi",
    "les plus lus",
    "mehr zum thema",
    "lesen sie auch",
    "auch interessant",
    "meistgelesen",
    "das könnte sie auch interessieren",
    "noticias relacionadas",
    "te puede interesar",
    "lo más leído",
    "leia também",
    "notícias relacionadas",
    "leggi anche",
    "articoli correlati",
    "lees ook",
    "gerelateerde artikelen",
    "tin liên quan",
    "xem thêm",
    "đọc thêm",
    "cùng chuyên mục",
    "tin cùng chuyên mục",
    "bài viết liên quan",
    "tin khác",
    "đọc nhiều",
    "tin mới",
];

/// Openings of furniture lines (compared lower-case).
const OPENINGS: &[&str] = &[
    "more from ",
    "edition:",
    "categories:",
    "category:",
    "keywords:",
    "read more:",
    "read more ",
    "read also:",
    "related:",
    "related coverage",
    "see also:",
    "also read:",
    "also read ",
    "tags:",
    "topics:",
    "filed under",
    "share this",
    "share on ",
    "follow us",
    "subscribe to",
    "sign up for",
    "sign up to",
    "click here",
    // Copyright notices are told by `copyright_notice`, not by their
    // first word: `Copyright law was changed in 1998` is prose.
    "photo:",
    "photo by",
    "photo credit",
    "image:",
    "image credit",
    "credit:",
    "file photo",
    "updated:",
    "last updated",
    "published:",
    "posted in",
    "this article was",
    "this story was",
    "this article is",
    "download our app",
    "download the app",
    "watch:",
    "listen:",
    "comments (",
    "comment (",
    "advertisement",
    "lire aussi :",
    "lire aussi:",
    "à lire aussi",
    "lesen sie auch",
    "mehr zum thema",
    "lee también",
    "te puede interesar",
    "leggi anche",
    "leia também",
    "xem thêm:",
    "tin liên quan:",
    "ảnh:",
    "nguồn:",
    "bài liên quan",
    "foto:",
    "bild:",
    "crédit photo",
    "image source",
    "image caption",
    "media caption",
    "image copyright",
    "photograph:",
    "picture:",
    "caption:",
    "credit...",
    "credit…",
    "(photo:",
    "(photo by",
    "(ap photo",
    "disclaimer:",
    "disclosure:",
    "suggested topics",
    "explore more on",
    "see more on:",
    "more on this story",
    "in this article:",
    "jump to:",
    "table of contents",
    "back to top",
    "fact checked by",
    "fact-checked by",
    "reading time",
    "last reviewed",
    "was this article helpful",
    "was this page helpful",
    "was this story helpful",
    "thanks for your feedback",
    "sort by",
    "load more",
    "show all posts",
    "view all posts",
    "about the author",
    "view original content",
    "media contact",
    "press contact",
    "news provided by",
    "first published",
    "most read from",
    "report a typo",
    "report a correction",
    "email the newsroom",
    "reply ·",
    "reply |",
    "bildunterschrift",
    "fotos:",
    "pie de foto",
    "crédito:",
    "lire la suite",
    "cet article vous a",
    "war dieser artikel hilfreich",
    "¿te ha resultado útil",
];

/// Openings of lines that close the article: credits, copyright and
/// rights notices, tag lists and comment sections. Nothing after such a
/// line is taken for the article's continuation (compared lower-case).
const CLOSING_OPENINGS: &[&str] = &[
    "reporting by",
    "(reporting by",
    "additional reporting",
    "(additional reporting",
    "writing by",
    "(writing by",
    "editing by",
    "(editing by",
    "compiled by",
    "(compiled by",
    "our standards",
    "tags",
    "topics",
    "keywords",
    "filed under",
    "suggested topics",
    "explore more on",
    "related topics",
    "see more on",
    "more on these topics",
    "reuse this content",
    "about the author",
    "comments (",
    "comment (",
    "have your say",
    "join the discussion",
    "join the conversation",
    "leave a reply",
    "leave a comment",
    "comments are closed",
    "show comments",
    "view comments",
    "(this story has not been edited",
    "this story has not been edited",
    "a version of this article appeared",
    "a version of this article appears",
    "schlagworte",
    "mots-clés",
    "mots clés",
    "etiquetas",
];

/// Giveaways anywhere in a widget line that make it close the article.
const CLOSING_ANYWHERE: &[&str] = &[
    "all rights reserved",
    "rights reserved",
    "droits réservés",
    "rechte vorbehalten",
    "derechos reservados",
    "diritti riservati",
    "direitos reservados",
    "may not be published, broadcast",
    "may not be reproduced",
    "contributed to this report",
    "contributed reporting",
    "contributed to this story",
    "trust principles",
    "syndicated feed",
    "appears in print",
    "appeared in print",
    "originally published",
];

/// Giveaways anywhere in a short line, strong enough alone.
const STRONG: &[&str] = &[
    "save my name",
    "opens in new window",
    "thoughts on “",
    "thoughts on \"",
    "report it to us",
    "akismet",
    "we use cookies",
    "uses cookies",
    "use of cookies",
    "cookie policy",
    "accept cookies",
    "cookie settings",
    "all rights reserved",
    "comment data is processed",
    "your email address will not be published",
    "required fields are marked",
    "enable javascript",
    "javascript is disabled",
    "ad blocker",
    "adblock",
    "the views expressed",
    "trust principles",
    "originally published",
    "is not allowed without",
    "without written permission",
    "tous droits réservés",
    "alle rechte vorbehalten",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "todos os direitos reservados",
    "nous utilisons des cookies",
    "wir verwenden cookies",
    "utilizamos cookies",
    "bản quyền thuộc",
    "ghi rõ nguồn",
    "để lại bình luận",
    "terms of service",
    "privacy policy",
    "unsubscribe at any time",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "get the latest news delivered",
    "delivered to your inbox",
    "contributed to this report",
    "contributed reporting",
    "contributed to this story",
    "may not be published, broadcast",
    "may not be reproduced",
    "not responsible for the content of external",
    "appears in print on",
    "appeared in print on",
    "order reprints",
    "has not been edited by",
    "auto-generated from a syndicated",
    "syndicated feed",
    "coverage has ended",
    "purchase licensing rights",
    "opens new tab",
    "quotes delayed",
    "not investment advice",
    "for informational purposes only",
    "for educational purposes only",
    "already a subscriber",
    "already have an account",
    "subscribe today",
    "reached your limit",
    "support local journalism",
    "support independent journalism",
    "support quality journalism",
    "cancel anytime",
    "create a free account",
    "déjà abonné",
    "réservé aux abonnés",
    "bereits abonnent",
    "jetzt abonnieren",
    "ya eres suscriptor",
    "exclusivo para suscriptores",
    "já é assinante",
    "sei già abbonato",
    "verwendet cookies",
    "nutzung von cookies",
    "verwendung von cookies",
    "utilise des cookies",
    "utilisons des cookies",
    "utilisation des cookies",
    "utiliza cookies",
    "uso de cookies",
    "utilizziamo i cookie",
    "utilizza cookie",
    "gebruikt cookies",
    "maakt gebruik van cookies",
    "respectons votre vie privée",
    "your privacy choices",
    "do not sell or share",
    "do not sell my",
];

/// Weaker giveaways: furniture only in a short line that addresses the
/// reader and quotes nobody.
const WEAK: &[&str] = &[
    "newsletter",
    "subscribe",
    "sign up",
    "inbox",
    "follow us",
    "facebook",
    "twitter",
    "instagram",
    "whatsapp",
    "telegram",
    "youtube",
    "linkedin",
    "download",
    "app store",
    "google play",
    "click",
    "tap here",
    "log in",
    "register",
    "premium",
    "paywall",
    "podcast",
    "abonnez",
    "abonnieren",
    "suscríbete",
    "đăng ký",
    "theo dõi",
    "earn a commission",
    "affiliate",
    "for subscribers",
    "subscribers only",
    "free articles",
    "digital access",
    "unlimited access",
    "become a member",
];

/// What a phrase match says about a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Widget {
    /// A widget line.
    Line,
    /// A widget line announcing a list of links.
    ListHeader,
}

/// The compiled phrase tables.
#[derive(Debug)]
pub(crate) struct Phrases {
    /// Bytes of the longest whole-line phrase: a longer line is none.
    whole_max: usize,
    openings: AhoCorasick,
    /// [`STRONG`] then [`WEAK`] phrases in one automaton, so a line is
    /// scanned once for both (pattern ids below `STRONG.len()` are strong).
    anywhere: AhoCorasick,
    closing_anywhere: AhoCorasick,
    extra: Vec<String>,
}

fn searcher(patterns: &[&str], start: StartKind, match_kind: MatchKind) -> AhoCorasick {
    // invariant: the tables are small literal lists, which always compile.
    // A DFA: the automatic choice falls back to a slower NFA past 100
    // patterns.
    AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(match_kind)
        .start_kind(start)
        .build(patterns)
        .unwrap_or_else(|_| unreachable!("phrase tables compile"))
}

impl Phrases {
    /// Compiles the tables, with a site's own extra phrases.
    pub(crate) fn new(extra: &[String]) -> Self {
        let whole_max = WHOLE_LINES
            .iter()
            .chain(LIST_HEADERS)
            .map(|p| p.len())
            .max()
            .unwrap_or(0);
        Self {
            whole_max,
            openings: searcher(OPENINGS, StartKind::Anchored, MatchKind::LeftmostFirst),
            // Standard semantics: every match, for the overlapping scan.
            anywhere: searcher(
                &[STRONG, WEAK].concat(),
                StartKind::Unanchored,
                MatchKind::Standard,
            ),
            closing_anywhere: searcher(
                CLOSING_ANYWHERE,
                StartKind::Unanchored,
                MatchKind::LeftmostFirst,
            ),
            extra: extra.iter().map(|p| p.to_lowercase()).collect(),
        }
    }

    /// Whether the line is a known widget; `lower` is the line lower-cased
    /// and `words` its token count.
    pub(crate) fn classify(&self, lower: &str, words: usize) -> Option<Widget> {
        let core = core_of(lower);
        if core.len() <= self.whole_max {
            if LIST_HEADERS.contains(&core) {
                return Some(Widget::ListHeader);
            }
            if WHOLE_LINES.contains(&core) {
                return Some(Widget::Line);
            }
        }
        if self.extra.iter().any(|p| lower.starts_with(p.as_str())) {
            return Some(Widget::Line);
        }
        // A leftmost match starting at 0 exists exactly when an anchored
        // search at 0 finds one.
        if words <= 40
            && self
                .openings
                .is_match(Input::new(lower).anchored(Anchored::Yes))
        {
            return Some(Widget::Line);
        }
        if words <= 60 {
            // Any strong phrase makes a widget; a weak one only in a short
            // line that speaks to the reader.
            // Phrases match whole words: `roadblocks` hides `adblock`,
            // `registered` `register`, and neither is furniture.
            let mut weak = false;
            for m in self.anywhere.find_overlapping_iter(lower) {
                if !starts_word(lower, m.start()) {
                    continue;
                }
                if m.pattern().as_usize() < STRONG.len() {
                    return Some(Widget::Line);
                }
                weak |= ends_word(lower, m.end());
            }
            if weak && words <= 30 && addresses_reader(lower) {
                return Some(Widget::Line);
            }
        }
        if words <= 15 && has_link(lower) {
            return Some(Widget::Line);
        }
        if words <= 6 && (is_counter(core) || is_time_ago(lower) || names_newsletter(lower)) {
            return Some(Widget::Line);
        }
        None
    }

    /// Whether a line (lower-cased) closes the article: a reporting
    /// credit, a copyright or rights notice, a tag list, the start of the
    /// comments. Asked of lines that are not prose, so the scans stay off
    /// most of the text.
    pub(crate) fn closes_article(&self, lower: &str) -> bool {
        let opening = CLOSING_OPENINGS.iter().any(|p| {
            lower.starts_with(p)
                && lower[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        });
        opening || self.closing_anywhere.is_match(lower) || is_counter(core_of(lower))
    }
}

/// A copyright notice, as [`copyright_notice`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Notice {
    /// Whether it names a year: a dated notice closes the article, an
    /// undated `© Reuters` may be a photo's credit inside it.
    pub dated: bool,
}

/// Last words of a company's or publisher's name (`Acme Inc`, `The
/// Associated Press`), lower-case without the final dot.
const COMPANY_WORDS: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "llp",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "companies",
    "gmbh",
    "ag",
    "sa",
    "s.a",
    "nv",
    "bv",
    "spa",
    "group",
    "media",
    "press",
    "news",
    "newspaper",
    "newspapers",
    "publishing",
    "publications",
    "network",
    "holdings",
    "limited",
];

/// Words that connect the words of a company's name (`Dow Jones & Co`).
const NAME_CONNECTORS: &[&str] = &["the", "of", "and", "&", "by", "for", "-", "–", "—"];

/// Whether a token (without `,.;`) is a year or a range of years
/// (`1998`, `2003-2024`, `2020–24`).
fn is_year_token(token: &str) -> bool {
    let year = |t: &str| {
        t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) && matches!(&t[..2], "19" | "20")
    };
    let token = token.trim_matches(|c: char| ",.;:()".contains(c));
    match token.split_once(['-', '–', '/']) {
        Some((a, b)) => year(a) && b.len() >= 2 && b.bytes().all(|c| c.is_ascii_digit()),
        None => year(token),
    }
}

/// A copyright notice (`© 2023 The Associated Press`, `Copyright 2024
/// Reuters. All rights reserved.`, `Copyright Reuters`), told from a
/// sentence that merely opens with the word (`Copyright law was changed
/// in 1998 by Congress …`).
///
/// A line opening with `©` is a notice (prose never does). One opening
/// with `Copyright` or `(c)` (also an enumerator: `(c) 2024 budgets will
/// be cut …`) is one when what follows is a year, says `rights reserved`,
/// or is a short company name (`Copyright The Associated Press`), and the
/// line is not a long sentence. `text` is the line, `lower` the same
/// lower-cased, `f` its features.
pub(crate) fn copyright_notice(
    text: &str,
    lower: &str,
    f: &crate::features::LineFeatures,
) -> Option<Notice> {
    if f.words > 40 {
        return None;
    }
    let symbol = lower.starts_with('©');
    let opened = symbol
        || lower.starts_with("(c)")
        || lower
            .strip_prefix("copyright")
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()));
    if !opened {
        return None;
    }
    let dated = text.split(' ').any(is_year_token);
    if symbol {
        return Some(Notice { dated });
    }
    // What follows the marks: `Copyright © 2024 …`, `(c) Copyright: …`.
    let mut rest: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let marks = rest
        .iter()
        .take_while(|w| {
            let w = w.to_lowercase();
            let w = w.trim_end_matches(':');
            matches!(w, "©" | "(c)" | "copyright" | "")
        })
        .count();
    rest.drain(..marks);
    let year_first = rest.first().is_some_and(|w| is_year_token(w));
    let reserved = lower.contains("rights reserved");
    let company = rest.len() <= 8
        && rest.last().is_some_and(|w| {
            let w = w.trim_end_matches(['.', ',']);
            COMPANY_WORDS.contains(&w.to_lowercase().as_str()) || crate::meta::lines::is_agency(w)
        })
        && rest.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || NAME_CONNECTORS.contains(&w.to_lowercase().as_str())
        });
    let sentence = f.terminal && f.words >= 10 && f.stop_words * 5 >= f.words;
    // A lone `Copyright` is a footer's link.
    ((rest.is_empty() || year_first || reserved || company) && !sentence)
        .then_some(Notice { dated })
}

/// Headings of the contact block of a press release (`Media Contact:`,
/// `For more information`): the names under them are whom to call, not
/// the author.
const CONTACT_HEADINGS: &[&str] = &[
    "contact",
    "contacts",
    "media contact",
    "media contacts",
    "press contact",
    "press contacts",
    "investor contact",
    "investor contacts",
    "investor relations",
    "media relations",
    "media inquiries",
    "media enquiries",
    "press inquiries",
    "press enquiries",
    "for more information",
    "for further information",
    "contact information",
    "pressekontakt",
    "contact presse",
    "contacto de prensa",
];

/// Whether a line (lower-cased) is the heading of a contact block: a
/// contact heading, alone or with a few words after it (`Media Contact:
/// Acme Corp`, `For more information, contact:`).
pub(crate) fn is_contact_heading(lower: &str) -> bool {
    let core = core_of(lower);
    core.split(' ').count() <= 6
        && CONTACT_HEADINGS.iter().any(|h| {
            core.strip_prefix(h)
                .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        })
}

/// Whether a word starts at byte `at` of `text` (a char boundary): no
/// letter or digit just before it.
pub(crate) fn starts_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether a word ends at byte `at` of `text` (a char boundary), or its
/// plural does (`newsletters`): no letter or digit just after it.
fn ends_word(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// A comment or reply counter without its number (`comments / 6 new`
/// of `6 Comments / 6 New`, `comments` of `42 comments`).
fn is_counter(core: &str) -> bool {
    let mut parts = core.split([' ', '/', '|', '·']).filter(|p| !p.is_empty());
    let first = parts.next().unwrap_or_default();
    parts.all(|p| p == "new" || p.bytes().all(|b| b.is_ascii_digit() || b"()+".contains(&b)))
        && matches!(
            first,
            "comments"
                | "comment"
                | "replies"
                | "responses"
                | "kommentare"
                | "commentaires"
                | "comentarios"
                | "comentários"
                | "commenti"
                | "reacties"
        )
}

/// A relative time (`2 hr 14 min ago`, `RiverTrader · 2 hours ago`,
/// `il y a 3 heures`, `vor 2 Stunden`).
fn is_time_ago(lower: &str) -> bool {
    let has_digit = lower.bytes().any(|b| b.is_ascii_digit());
    has_digit
        && !lower.ends_with('.')
        && (lower.ends_with(" ago")
            || lower.contains("il y a ")
            || lower.starts_with("vor ")
            || lower.starts_with("hace "))
}

/// A short line naming a newsletter (`Free daily newsletter`, `after
/// newsletter promotion`), not a sentence.
fn names_newsletter(lower: &str) -> bool {
    !lower.ends_with('.')
        && ["newsletter", "infolettre", "boletín", "nieuwsbrief"]
            .iter()
            .any(|w| lower.contains(w))
}

/// The line without counters like `(0)`, end marks and arrows.
fn core_of(lower: &str) -> &str {
    lower.trim_matches(|c: char| {
        // Asked of both ends of every line, which mostly stop at a letter:
        // answer that without searching the list of marks.
        if c.is_ascii_alphabetic() {
            return false;
        }
        c.is_ascii_digit() || c.is_whitespace() || "()[]:|»›>→←↑↓▲▼▾^….!-–—•·*#+".contains(c)
    })
}

/// A short line that speaks to the reader and quotes nobody.
fn addresses_reader(lower: &str) -> bool {
    let quotes =
        lower.contains(['"', '“', '”']) || lower.contains(" said") || lower.contains(" says");
    let reader = lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
        matches!(
            w,
            "you"
                | "your"
                | "our"
                | "us"
                | "here"
                | "now"
                | "vous"
                | "votre"
                | "sie"
                | "ihr"
                | "bạn"
        )
    }) || lower.ends_with('!');
    reader && !quotes
}

/// A URL or e-mail address.
fn has_link(lower: &str) -> bool {
    lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || lower.split(' ').any(|w| w.contains('@') && w.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str) -> Option<Widget> {
        let lower = line.to_lowercase();
        Phrases::new(&[]).classify(&lower, line.split(' ').count())
    }

    #[test]
    fn recognizes_widgets_in_several_languages() {
        for line in [
            "Leave a Comment",
            "Comment (0)",
            "Print article",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
            "Partager :",
            "Lesen Sie auch: Die Bahn streikt wieder",
            "© 2024 Example Media. All rights reserved.",
            "Sign up for our newsletter and get the news in your inbox.",
            "Follow us on https://twitter.com/example",
            "Install AdBlock Plus? Please turn off your ad blocker.",
            "Sign up for our newsletters now!",
        ] {
            assert!(check(line).is_some(), "{line}");
        }
        assert_eq!(check("Related articles"), Some(Widget::ListHeader));
        assert_eq!(check("Tin liên quan"), Some(Widget::ListHeader));
    }

    fn notice(line: &str) -> Option<Notice> {
        let f = crate::features::LineFeatures::of(line);
        copyright_notice(line, &line.to_lowercase(), &f)
    }

    #[test]
    fn copyright_notices() {
        for (line, dated) in [
            ("Copyright 2024 Reuters. All rights reserved.", true),
            ("© 2023 The Associated Press", true),
            ("© Reuters", false),
            ("Copyright © 1998-2024 Example Media Group", true),
            ("(c) 2019 Acme Inc.", true),
            ("Copyright The Associated Press", false),
            ("Copyright BBC", false),
            ("Copyright: Example Wire. All rights reserved.", false),
            ("Copyright", false),
        ] {
            assert_eq!(notice(line), Some(Notice { dated }), "{line}");
        }
        assert!(
            check("© 2023 The Associated Press").is_none(),
            "told by the notice rule"
        );
    }

    #[test]
    fn sentences_opening_with_copyright_are_no_notice() {
        for line in [
            "Copyright law was changed in 1998 by Congress, which extended terms by 20 years for works.",
            "Copyright law in the United States was changed in 1998 by Congress.",
            "Copyright Office officials said the rules would change.",
            "Copyright Act",
            "Copyrighted works fell into the public domain in 2019.",
            "(c) 2024 budgets will be cut by ten percent for all of the agencies.",
            "Copyright 1998 changes were struck down by the court in a ruling on Tuesday.",
        ] {
            assert_eq!(notice(line), None, "{line}");
            assert_eq!(check(line), None, "{line}");
        }
    }

    #[test]
    fn contact_headings() {
        for line in [
            "Media Contact:",
            "Media contacts",
            "Contact",
            "For more information, contact:",
            "Press Contact: Acme Corp",
            "Investor Relations",
        ] {
            assert!(is_contact_heading(&line.to_lowercase()), "{line}");
        }
        for line in [
            "Contacted by telephone, residents said forces had set up roadblocks.",
            "Contractors",
            "For more information about the plan, the ministry said, farmers should call their office.",
        ] {
            assert!(!is_contact_heading(&line.to_lowercase()), "{line}");
        }
    }

    #[test]
    fn leaves_prose_alone() {
        for line in [
            // `adblock` in `roadblocks`; `register` and `now`.
            "Residents contacted by telephone said government forces had set up roadblocks around the main towns.",
            "Financial institutions in Hong Kong are now classified into three types -- banks, registered and licensed deposit-taking companies.",
            "The company said in its newsletter that profits rose.",
            "\"We will sign up new customers,\" he said.",
            "Vietnam has successfully completed many common tasks",
            "Could you please share the meaning and results of this Conference?",
        ] {
            assert_eq!(check(line), None, "{line}");
        }
    }
}
