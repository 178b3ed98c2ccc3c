"""Which site rule files apply to a document: by URL domain, by `--site`, or by fingerprint.

A site file's `domains` list names the domains it serves (a subdomain matches its domain;
`~example.com` excludes one). Its `fingerprints` are lines only that site's template prints;
one of them, as a whole line, is enough. Fingerprints make site rules work on plain-text dumps,
which carry no URL.
"""

from __future__ import annotations

from urllib.parse import urlsplit

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
        for file in files:
            if file.site:
                self.domains.setdefault(file.site, []).extend(file.domains)
                for text in file.fingerprints:
                    self.fingerprints[line_key(text)] = file.site
        if forced is not None and forced not in self.domains:
            known = ", ".join(sorted(self.domains)) or "none"
            raise RuleError("--site", f"no rule file for site '{forced}' (known: {known})")
        self.forced = forced

    def sites_for(self, url: str | None, keys: list[str], forced: str | None = None) -> list[str]:
        """Site names for a document, sorted so the chain is the same whatever found them."""
        chosen = forced or self.forced
        if chosen:
            return [chosen]
        found: set[str] = set()
        if not self.fingerprints.keys().isdisjoint(keys):  # one C-level pass for most
            found = {self.fingerprints[k] for k in keys if k in self.fingerprints}
        host = host_of(url) if url else ""
        for name, domains in self.domains.items():
            if host and self._serves(domains, host):
                found.add(name)
        return sorted(found)

    @staticmethod
    def _serves(domains: list[str], host: str) -> bool:
        excluded = [d[1:] for d in domains if d.startswith("~")]
        if any(_domain_matches(host, d) for d in excluded):
            return False
        return any(_domain_matches(host, d) for d in domains if not d.startswith("~"))
