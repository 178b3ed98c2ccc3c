"""`clean explain INPUT --html REPORT`: what the rules did to a whole corpus, on one page.

The text explanation shows one document at a time; a person judging a rule set wants to see
all of them at once, which rule removed what, and to jump from a rule to where it fired. So
the page opens with a table of the rules (lines removed, documents touched, sample lines that
link to the line in its document), then every document collapsed in a `<details>`: each
removed line struck through in its rule's colour (rule id and reason on hover), each rewritten
line marked, each record boxed with its metadata.

Why it is built this way:
- Self-contained and offline: one file, inline style and a few lines of script, no fonts or
  images. A Content-Security-Policy with the hashes of that style and script blocks anything
  else, so even a mistake in escaping could not load or run text from a document.
- Documents are hostile: every piece of text (lines, ids, metadata, even rule reasons) goes
  through `html.escape`; anchors and colour classes are made from counters, never from text.
- Streaming: the table needs every document, yet sits at the top. Documents are rendered one
  at a time into a temporary file while the rule counts accumulate; at the end the head and
  the table are written, the documents copied after them, and the page renamed into place.
  Memory holds the counts and a few samples per rule, not the documents.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cleaner.document import Boundary, Line, Record
from cleaner.explain import Explained, record_starts
from cleaner.sources import Skipped

SAMPLES = 3  # sample lines per rule in the table, each from another document
SAMPLE_CHARS = 100
META_CHARS = 300  # a metadata value longer than this is cut (input_metadata can be anything)
SKIPS_SHOWN = 200
NO_REASON = "(no reason: the rule is not in the loaded rule files)"

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:1200px;margin:1em auto;padding:0 1em}
h1{font-size:20px;margin:.2em 0}
table{border-collapse:collapse;width:100%;font-size:13px;margin:.6em 0}
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right;white-space:nowrap}
td a{display:block;overflow-wrap:anywhere}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.4em;background:hsl(var(--h) 65% 45%)}
#q{font:inherit;padding:2px 6px;width:24em}
details.doc{border:1px solid #ccc;border-radius:4px;margin:.4em 0;padding:.2em .6em}
details.doc>summary{cursor:pointer}
summary small,.hd{color:#555}
.rec{border:1px solid #8a94a6;border-radius:4px;margin:.5em 0;padding:0 .4em .3em}
.rec.rel{border-color:#3b7dd8}.rec.link{border-style:dashed}.rec.lead{border-color:#ccc}
.hd{font-size:12px;background:#eef1f6;margin:0 -.4em .3em;padding:2px .4em}
.hd b{color:#222}
p[data-n],del{display:block;margin:0;white-space:pre-wrap;overflow-wrap:anywhere;padding-left:44px;text-indent:-44px}
[data-n]::before{content:attr(data-n);display:inline-block;width:34px;margin-right:10px;
text-align:right;color:#999;font-size:12px}
del{text-decoration:line-through;text-decoration-color:hsl(var(--h) 70% 30%);
color:hsl(var(--h) 55% 32%);background:hsl(var(--h) 80% 95%)}
p.nm{background:#fff4c2;box-shadow:inset 3px 0 #d9a400}
.links{font-size:13px}
:target{outline:2px solid #d00}
"""

SCRIPT = """
var q=document.getElementById('q'),docs=document.querySelectorAll('details.doc'),
shown=document.getElementById('shown');
q.oninput=function(){var v=q.value.trim().toLowerCase(),n=0;
for(var d of docs){d.hidden=!!v&&d.dataset.f.indexOf(v)<0;n+=!d.hidden}
shown.textContent=v?n+' shown':''};
function reveal(){var t=location.hash&&document.getElementById(location.hash.slice(1));
if(t){var d=t.closest('details');if(d)d.open=true;t.scrollIntoView({block:'center'})}}
addEventListener('hashchange',reveal);reveal();
"""


def esc(value: object) -> str:
    """Any text, made safe as element content and as a quoted attribute value.

    >>> esc('<script title="x">alert(1) & more</script>')
    '&lt;script title=&quot;x&quot;&gt;alert(1) &amp; more&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


@dataclass(slots=True)
class RuleTally:
    colour: int  # the rule's colour class, r<colour>
    reason: str
    removed: int = 0
    rewritten: int = 0
    documents: int = 0
    # (anchor, document id, line number, text) of the first line it touched in a few documents
    samples: list[tuple[str, str, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class Totals:
    """What the page's top says; all that is kept while the documents stream past."""

    documents: int = 0
    lines: int = 0
    removed: int = 0
    records: int = 0
    links: int = 0
    rules: dict[str, RuleTally] = field(default_factory=dict)
    skipped: int = 0
    skips: list[Skipped] = field(default_factory=list)  # the first SKIPS_SHOWN

    def rule(self, rule_id: str, reasons: dict[str, str]) -> RuleTally:
        if rule_id not in self.rules:
            self.rules[rule_id] = RuleTally(len(self.rules), reasons.get(rule_id, NO_REASON))
        return self.rules[rule_id]

    def skip(self, skipped: Skipped) -> None:
        self.skipped += 1
        if len(self.skips) < SKIPS_SHOWN:
            self.skips.append(skipped)


def write_html_report(path: Path, results: Iterable[Explained | Skipped], title: str) -> Totals:
    """Render every result into one page at `path` (replaced whole, never left half-written)."""
    totals = Totals()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace",
                                dir=path.parent) as body:
        for result in results:
            if isinstance(result, Skipped):
                totals.skip(result)
                continue
            totals.documents += 1
            body.write(DocumentSection(totals.documents, result, totals).render())
        body.seek(0)
        _write_page(path, title, totals, body)
    return totals


def _write_page(path: Path, title: str, totals: Totals, body: TextIO) -> None:
    part = path.with_name(f".{path.name}.part")
    try:
        with part.open("w", encoding="utf-8", errors="replace") as page:
            page.write(render_top(title, totals))
            shutil.copyfileobj(body, page)
            page.write(f"</main>\n<script>{SCRIPT}</script>\n</body></html>\n")
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


class DocumentSection:
    """One document as a `<details>`: its lines in boxes, one box per record or link."""

    def __init__(self, number: int, explained: Explained, totals: Totals):
        self.number = number
        self.doc, self.records, self.reasons = explained.doc, explained.records, explained.reasons
        self.totals = totals
        self.touched: set[str] = set()  # rules that removed or rewrote a line here
        self.sampled: set[str] = set()  # rules that took a sample line here

    def render(self) -> str:
        starts = record_starts(self.doc, self.records)
        parts = [self._summary(), self._lead_box(starts)]
        for index, line in enumerate(self.doc.lines):
            if index in starts:
                parts.append("</div>" + self._record_box(*starts[index]))
            parts.append(self._line(line))
        parts.append("</div>" + render_links(self.records[0].links) + "</details>\n")
        for rule_id in self.touched:
            self.totals.rules[rule_id].documents += 1
        self._count()
        return "".join(parts)

    def _count(self) -> None:
        self.totals.lines += len(self.doc.lines)
        self.totals.removed += sum(1 for line in self.doc.lines if line.removed_by)
        self.totals.records += len(self.records)
        self.totals.links += len(self.records[0].links)

    def _summary(self) -> str:
        removed = [line.removed_by for line in self.doc.lines if line.removed_by]
        rules = sorted(set(removed))
        article = self.records[0]
        search = esc(" ".join([self.doc.id, self.doc.source, *rules]).casefold())
        return (f"<details class=doc id=d{self.number} data-f=\"{search}\""
                f"{' open' if self.number == 1 else ''}><summary><b>{esc(self.doc.id)}</b> "
                f"<small>{len(self.doc.lines)} lines, {len(removed)} removed"
                f"{' by ' + esc(', '.join(rules)) if rules else ''}; {len(self.records)} "
                f"records, {len(article.links)} links</small></summary>\n")

    def _lead_box(self, starts: dict) -> str:
        """The lines before the first boundary: the article, unless it was found below (a
        headline feed's longest item) or nothing of the document's own text is left."""
        if any(record is self.records[0] for _, _, record in starts.values()):
            return "<div class='rec lead'><div class=hd><b>before the first record</b></div>"
        return render_box("art", f"article ({self.records[0].id})", record_fields(
            self.records[0], with_source=True))

    def _record_box(self, boundary: Boundary, label: str, record: Record | None) -> str:
        kind = "link" if record is None else "art" if record is self.records[0] else "rel"
        fields = dict(boundary.meta) if record is None else record_fields(record)
        return render_box(kind, label, {**fields, "rule": boundary.rule})

    def _line(self, line: Line) -> str:
        anchor = ""
        for rule_id in dict.fromkeys(line.normalised_by):
            anchor = self._tally(rule_id, line, "rewritten") or anchor
        text = esc(line.text)
        if line.removed_by:
            anchor = self._tally(line.removed_by, line, "removed") or anchor
            colour = self.totals.rules[line.removed_by].colour
            hover = esc(f"{line.removed_by}: {self._reason(line.removed_by)}")
            return (f"<del class=r{colour}{_id(anchor)} data-n={line.number} "
                    f"title=\"{hover}\">{text}</del>\n")
        if line.normalised_by:
            hover = esc("rewritten by " + "; ".join(
                f"{rule_id}: {self._reason(rule_id)}"
                for rule_id in dict.fromkeys(line.normalised_by)))
            return f"<p class=nm{_id(anchor)} data-n={line.number} title=\"{hover}\">{text}</p>\n"
        return f"<p data-n={line.number}>{text}</p>\n"

    def _reason(self, rule_id: str) -> str:
        return self.reasons.get(rule_id, NO_REASON)

    def _tally(self, rule_id: str, line: Line, what: str) -> str:
        """Count the line for the rule; the line's anchor if it becomes one of its samples."""
        tally = self.totals.rule(rule_id, self.reasons)
        setattr(tally, what, getattr(tally, what) + 1)
        self.touched.add(rule_id)
        if rule_id in self.sampled or len(tally.samples) >= SAMPLES or not _wordy(line.text):
            return ""
        self.sampled.add(rule_id)
        anchor = f"l{self.number}-{line.number}"
        tally.samples.append((anchor, self.doc.id, line.number, _cut(line.text, SAMPLE_CHARS)))
        return anchor


def _wordy(text: str) -> bool:
    """A sample line must show something: a separator `-` says little about a rule."""
    return any(c.isalnum() for c in text)


def _id(anchor: str) -> str:
    return f" id={anchor}" if anchor else ""


def record_fields(record: Record, with_source: bool = False) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": record.title, "outlet": record.outlet, "published": record.published,
        "site": record.site, "source": record.source if with_source else None}
    fields.update(record.extra)
    return {key: value for key, value in fields.items() if value not in (None, "", [], {})}


def render_box(kind: str, label: str, fields: dict[str, object]) -> str:
    items = "".join(f" · {esc(key)}: <b>{esc(_short(value))}</b>" for key, value in fields.items())
    return f"<div class='rec {kind}'><div class=hd><b>{esc(label)}</b>{items}</div>\n"


def _short(value: object) -> str:
    return _cut(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
                META_CHARS)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def render_links(links: list[dict[str, str]]) -> str:
    if not links:
        return ""
    items = "".join(
        f"<li>{esc(' · '.join(_short(v) for k, v in link.items() if k != 'rule'))} "
        f"<small>[{esc(link.get('rule', ''))}]</small></li>" for link in links)
    return f"<div class=links><b>links ({len(links)})</b><ul>{items}</ul></div>"


def render_top(title: str, totals: Totals) -> str:
    """The head (style, policy), the summary, the filter box and the rule table."""
    style = STYLE + "".join(f".r{t.colour}{{--h:{t.colour * 137.508 % 360:.0f}}}"
                            for t in totals.rules.values())
    policy = (f"default-src 'none'; style-src '{_sha256(style)}'; "
              f"script-src '{_sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'")
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
            f"<meta http-equiv=Content-Security-Policy content=\"{policy}\">\n"
            f"<meta name=viewport content='width=device-width'>\n"
            f"<title>clean explain: {esc(title)}</title>\n<style>{style}</style></head><body>\n"
            f"<h1>clean explain: {esc(title)}</h1>\n{render_summary(totals)}"
            f"{render_rule_table(totals)}{render_skips(totals)}\n<main>\n")


def render_summary(totals: Totals) -> str:
    return (f"<p>{totals.documents} documents, {totals.lines} lines: {totals.removed} removed "
            f"by {sum(1 for t in totals.rules.values() if t.removed)} rules; "
            f"{totals.records} records, {totals.links} links; {totals.skipped} skipped. "
            "Removed lines are struck through in their rule's colour (hover for the rule and "
            "its reason); rewritten lines are marked yellow; each record is boxed.</p>\n"
            "<p><input id=q type=search placeholder='filter documents by id or rule id' "
            "aria-label='filter documents'> <small id=shown></small></p>\n")


def render_rule_table(totals: Totals) -> str:
    order = sorted(totals.rules.items(), key=lambda kv: (-kv[1].removed, -kv[1].rewritten, kv[0]))
    rows = "".join(_rule_row(rule_id, tally) for rule_id, tally in order)
    return ("<table id=rules><thead><tr><th>rule</th><th>reason</th><th>lines removed</th>"
            "<th>lines rewritten</th><th>documents</th><th>samples (click to see the line)</th>"
            f"</tr></thead><tbody>\n{rows}</tbody></table>\n")


def _rule_row(rule_id: str, tally: RuleTally) -> str:
    samples = "".join(f"<a href=#{anchor}>{esc(text)} <small>({esc(doc)}:{number})</small></a>"
                      for anchor, doc, number, text in tally.samples)
    return (f"<tr data-rule=\"{esc(rule_id)}\"><td><span class='sw r{tally.colour}'></span>"
            f"<code>{esc(rule_id)}</code></td><td>{esc(tally.reason)}</td>"
            f"<td class='n removed'>{tally.removed}</td><td class='n rewritten'>"
            f"{tally.rewritten}</td><td class='n documents'>{tally.documents}</td>"
            f"<td>{samples}</td></tr>\n")


def render_skips(totals: Totals) -> str:
    if not totals.skipped:
        return ""
    items = "".join(f"<li>{esc(s.where)}: {esc(s.reason)}</li>" for s in totals.skips)
    more = totals.skipped - len(totals.skips)
    tail = f"<li>and {more} more</li>" if more else ""
    return (f"<details id=skipped><summary>{totals.skipped} documents skipped</summary>"
            f"<ul>{items}{tail}</ul></details>\n")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
