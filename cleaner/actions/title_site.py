"""`title_site`: "Headline | Site" -> "Headline", the site's name told by the page itself.

An HTML page's <title> and its og:title often carry the site's name after the headline, cut
off by a separator ("Council approves library hours | Valley Courier", "... - Valley
Courier News"), and some put it in front; so does a dump's headline line copied from it. The
record's title is the headline, so a part at either end of the title that names the site
goes. The site is told by the page's own word for it (og:site_name and the like, which the
HTML reader keeps as `metadata.sitename`) and by its URL's host name, compared with case,
spaces and punctuation left out: a part names the site when it is that name, a start of it
("Keen School" of "Keen School of Music"), or a short part that holds a label of the host
name ("GitHub Docs" on docs.github.com). A part in front goes only when it is the name
itself: a newsletter's "Signal #18 - The World" keeps its number. The headline itself
always stays. (A `| Section` suffix that names no site is `title_suffix`'s, the phase after.)
"""

from __future__ import annotations

import regex

from cleaner.document import Document
from cleaner.headlines import retitle
from cleaner.rulefile import Action, Rule

# Between the headline and the site: a bar (spaces optional), or a dash, bullet or guillemet
# with spaces around it (a hyphen inside a word, "Post-Production", is no separator).
SEPARATOR = regex.compile(r"\s*\|\s*|\s+(?:[-–—•·»«~]|::)\s+")
HOST_PARTS = regex.compile(r"^[a-z][a-z0-9+.-]*://(?:[^/@]*@)?([^/:?#]+)", regex.IGNORECASE)
MOST_WORDS = 5  # a part that holds the host's label is the site's when this short
LEAST_LABEL = 4  # shorter labels ("co", "news") say too little
GENERIC_LABELS = frozenset({"www", "blog", "blogs", "news", "com", "org", "net", "html"})


def compact(text: str) -> str:
    """Letters and digits only, case folded: "O'Malley Tunstall PLLC" -> "omalleytunstallpllc"."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def host_labels(url: str | None) -> tuple[str, set[str]]:
    """The URL's host name without "www." (compacted) and its labels worth matching."""
    found = HOST_PARTS.match(url or "")
    if not found:
        return "", set()
    labels = found.group(1).casefold().split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    named = {compact(label) for label in labels[:-1]}  # not the top-level domain
    return compact("".join(labels)), {label for label in named
                                      if len(label) >= LEAST_LABEL
                                      and label not in GENERIC_LABELS}


class Site:
    """What the page says its site is called, to tell a title's part that names it."""

    def __init__(self, site_name: str | None, url: str | None):
        self.name = compact((site_name or "").lstrip("@"))
        self.host, self.labels = host_labels(url)

    def is_name(self, part: str) -> bool:
        """The part is the site's name or its host name, as they are spelled."""
        key = compact(part)
        return bool(key) and key in (self.name, self.host)

    def names(self, part: str) -> bool:
        """The part is the site's name, a start of it, or a short part holding its host's label."""
        key = compact(part)
        if not key:
            return False
        if self.is_name(part) or (len(key) >= LEAST_LABEL and self.name.startswith(key)):
            return True
        return (len(part.split()) <= MOST_WORDS
                and any(label in key for label in self.labels))


def without_site_name(title: str, site: Site) -> tuple[str, str | None]:
    """The title without the parts at its ends that name the site (the headline stays), and
    the outermost part taken off its end, or None.

    >>> without_site_name("Council approves library hours | Valley Courier",
    ...                   Site("Valley Courier", None))
    ('Council approves library hours', 'Valley Courier')
    >>> without_site_name("How to use Git - GitHub Docs", Site(None, "https://docs.github.com/"))
    ('How to use Git', 'GitHub Docs')
    >>> without_site_name("Signal #18 - The World", Site("Signal", None))
    ('Signal #18 - The World', None)
    >>> without_site_name("Valley Courier", Site("Valley Courier", None))
    ('Valley Courier', None)
    """
    pieces = SEPARATOR.split(title)
    if len(pieces) < 2:
        return title, None
    first, last = 0, len(pieces)
    while last - first > 1 and site.names(pieces[last - 1]):
        last -= 1
    while last - first > 1 and site.is_name(pieces[first]):
        first += 1
    if (first, last) == (0, len(pieces)):
        return title, None
    # The kept parts as the title printed them, separators and all.
    spans = [match.span() for match in SEPARATOR.finditer(title)]
    start = spans[first - 1][1] if first else 0
    end = spans[last - 1][0] if last < len(pieces) else len(title)
    return title[start:end], pieces[-1].strip() if last < len(pieces) else None


def title_site(doc: Document, rule: Rule) -> None:
    """The title without the site's name (`headlines.retitle`: the input's title, else the
    text's headline line). A name told only by the host is kept as `metadata.sitename`."""
    name = doc.meta.get("sitename")
    site = Site(name if isinstance(name, str) else None, doc.url)
    if site.name or site.host:
        retitle(doc, rule.id, lambda title: _strip(doc, site, title))


def _strip(doc: Document, site: Site, title: str) -> str:
    headline, name = without_site_name(title, site)
    if name and "sitename" not in doc.meta:
        doc.meta["sitename"] = name
    return headline


ACTION = Action(
    "title_site", "takes the site's name (metadata.sitename, the URL's host) off the title's "
    "ends", {}, title_site)
