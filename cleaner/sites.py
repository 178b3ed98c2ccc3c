"""Which site rule files apply to a document: by URL domain, by `--site`, or by fingerprint.

A site file's `domains` list names the domains it serves (a subdomain matches its domain;
`~example.com` excludes one). Its `fingerprints` are lines only that site's template prints;
one of them, as a whole line, is enough; its `fingerprint_patterns` are such lines as
patterns, for a template line that names the page ("Latest news with #Saco"). Fingerprints
make site rules work on plain-text dumps, which carry no URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import regex

from cleaner.document import Document
from cleaner.matching import any_line
from cleaner.normalise import line_key
from cleaner.rulefile import RuleError, RuleFile


def host_of(url: str) -> str:
    try:
        return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return ""


def _domain_matches(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


class SiteFinder:
    def __init__(self, files: list[RuleFile], forced: str | None = None):
        # A site may have several files (a user's `--rules` file adding to a shipped one):
        # its domains and fingerprints are those of all of them, as its rules are.
        self.domains: dict[str, list[str]] = {}
        self.fingerprints: dict[str, str] = {}
        self.patterns: list[tuple[regex.Pattern, str]] = []
        self.languages: dict[str, str] = {}  # a site's declared language

        self.whole: dict[str, regex.Pattern] = {}  # the patterns in multi-line form
        for file in files:
            if file.site:
                self.domains.setdefault(file.site, []).extend(file.domains)
                for text in file.fingerprints:
                    self.fingerprints[line_key(text)] = file.site
                self.patterns += [(pattern, file.site) for pattern in file.fingerprint_patterns]
                if file.site_language:
                    self.languages[file.site] = file.site_language
        if forced is not None and forced not in self.domains:
            known = ", ".join(sorted(self.domains)) or "none"
            raise RuleError("--site", f"no rule file for site '{forced}' (known: {known})")
        self.forced = forced

    def sites_for(self, doc: Document, keys: list[str]) -> list[str]:
        """Site names for a document (its URL, its lines' `keys`, the site it forces), sorted
        so the chain is the same whatever found them."""
        url = doc.url
        chosen = doc.site or self.forced
        if chosen:
            return [chosen]
        found: set[str] = set()
        if not self.fingerprints.keys().isdisjoint(keys):  # one C-level pass for most
            found = {self.fingerprints[k] for k in keys if k in self.fingerprints}
        found |= {site for pattern, site in self.patterns
                  if site not in found and any_line(pattern, doc, self.whole)}
        host = host_of(url) if url else ""
        for name, domains in self.domains.items():
            if host and self._serves(domains, host):
                found.add(name)
        return sorted(found)

    def language_of(self, sites: tuple[str, ...]) -> str | None:
        """The language a chosen site declares for its documents, if one does."""
        return next((self.languages[site] for site in sites if site in self.languages), None)

    @staticmethod
    def _serves(domains: list[str], host: str) -> bool:
        excluded = [d[1:] for d in domains if d.startswith("~")]
        if any(_domain_matches(host, d) for d in excluded):
            return False
        return any(_domain_matches(host, d) for d in domains if not d.startswith("~"))
