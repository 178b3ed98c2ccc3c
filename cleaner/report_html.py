"""`clean explain INPUT --html REPORT`: what the rules did to a whole corpus, on one page.

The text explanation shows one document at a time; a person judging a rule set wants to see
all of them at once, which rule removed what, and to jump from a rule to where it fired. So
the page opens with a table of the rules (lines removed, documents touched, sample lines that
link to the line in its document), then every document collapsed in a `<details>`: each
removed line struck through in its rule's colour, each run of lines removed by one rule
labelled with the rule's id (the reason on hover), each rewritten line marked, each record
boxed with its metadata.

Why it is built this way:
- Self-contained and offline: one file, inline style and one script, no fonts or images. A
  Content-Security-Policy with the hashes of that style and script blocks anything else, so
  even a mistake in escaping could not load or run text from a document.
- Lazy: ten thousand documents are millions of lines, too many elements for a browser to lay
  out at once. So each document's lines travel as compact JSON in a data block
  (`<script type=application/json>`, never run) inside its `<details>`, and the page's script
  builds the lines only when the document is opened; the summary, the rule table and each
  document's one-line summary (what the filter box searches) are plain HTML up front. A line
  names its rule by a number into one list of rules and reasons, so a reason is written once
  per page, not once per removed line.
- Documents are hostile: text in the HTML (ids, metadata in summaries, rule reasons) goes
  through `html.escape`; text in a data block is JSON with every `<` written `\\u003c`, so no
  `</script>` or `<!--` can end the block; the script puts text on the page only as text
  nodes, never as markup. Anchors and colour classes are made from counters, never from text.
- Distinct colours: a corpus can have a hundred rules. Golden-angle hues alone repeat within a
  few dozen (two rules shared a blue), so the colours are picked one by one, each the farthest
  (in CIELAB) from those already picked, among colours dark enough to read as text on white;
  the busiest rules get the most distinct ones. Past a few dozen colours only tell rules
  apart with care, which is why each run also carries its rule's id.
- Streaming: the table needs every document, yet sits at the top. Documents are rendered one
  at a time into a temporary file while the rule counts accumulate; at the end the head and
  the table are written, the documents copied after them, and the page renamed into place.
  Memory holds the counts and a few samples per rule, not the documents.
"""

from __future__ import annotations

import base64
import colorsys
import functools
import hashlib
import html
import json
import math
import os
import shutil
import tempfile
import zlib
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
# The documents' data is compressed in blocks of about this many characters of JSON: a block
# is decoded whole when one of its documents opens, in a few milliseconds at this size.
BLOCK_CHARS = 256_000
NO_REASON = "(no reason: the rule is not in the loaded rule files)"

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:1200px;margin:1em auto;padding:0 1em}
h1{font-size:20px;margin:.2em 0}
table{border-collapse:collapse;width:100%;font-size:13px;margin:.6em 0}
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.n{text-align:right;white-space:nowrap}
td a{display:block;overflow-wrap:anywhere}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.4em;background:var(--c)}
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
del{text-decoration:line-through;text-decoration-color:var(--c);color:var(--c);background:var(--b)}
.lb{display:inline-block;text-indent:0;font-size:11px;line-height:1.35;padding:0 5px;
margin-right:6px;border-radius:3px;color:#fff;background:var(--c);white-space:nowrap;
user-select:none}
p.nm{background:#fff4c2;box-shadow:inset 3px 0 #d9a400}
.links{font-size:13px}
:target,.hit{outline:2px solid #d00}
"""

# Draws a document's lines from its data block when its <details> opens; text goes in only
# through append(), which makes text nodes. The block of the last document drawn stays
# decoded, so its neighbours open at once.
SCRIPT = """
var rules=JSON.parse(document.getElementById('rule-list').textContent),
q=document.getElementById('q'),docs=document.querySelectorAll('details.doc'),
shown=document.getElementById('shown'),last={};
q.oninput=function(){var v=q.value.trim().toLowerCase(),n=0;
for(var d of docs){d.hidden=!!v&&d.dataset.f.indexOf(v)<0;n+=!d.hidden}
shown.textContent=v?n+' shown':''};
function block(c){if(last.c!==c){var s=document.getElementById('c'+c),
bytes=Uint8Array.from(atob(JSON.parse(s.textContent)),function(ch){return ch.charCodeAt(0)}),
text=new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate')))
.text();
last={c:c,first:+s.dataset.first,docs:text.then(JSON.parse)}}return last}
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;
if(text!=null)e.append(text);return e}
function why(k){return rules[k][0]+': '+rules[k][1]}
function box(b){var e=el('div','rec '+b[1]),h=e.appendChild(el('div','hd'));
h.append(el('b','',b[2]));
for(var f of b[3])h.append(' \\u00b7 '+f[0]+': ',el('b','',f[1]));return e}
function render(d){if(!d.drawn){var n=+d.id.slice(1),c=block(d.dataset.c),first=c.first;
d.drawn=c.docs.then(function(docs){draw(d,n,docs[n-first]);d.dataset.shown=1})}return d.drawn}
function draw(d,n,doc){var out=document.createDocumentFragment(),at=out,b=0,run=null;
function opens(i){while(b<doc.b.length&&doc.b[b][0]<=i){
at=out.appendChild(box(doc.b[b++]));run=null}}
doc.l.forEach(function(line,i){opens(i);
var plain=typeof line=='string',k=plain?-1:line[0],number=doc.n?doc.n[i]:i+1,e;
if(typeof k=='number'&&k>=0){e=el('del','r'+rules[k][2]);e.title=why(k);
if(rules[k][0]!==run)e.append(el('span','lb',rules[k][0]));run=rules[k][0]}
else{e=el('p');run=null;if(!plain){e.className='nm';e.title='rewritten by '+k.map(why).join('; ')}}
e.append(plain?line:line[1]);e.id='l'+n+'-'+number;e.dataset.n=number;at.append(e)});
opens(Infinity);
if(doc.k.length){var u=el('ul');
for(var l of doc.k){var li=el('li','',l[0]+' ');li.append(el('small','','['+l[1]+']'));u.append(li)}
out.append(el('div','links',el('b','','links ('+doc.k.length+')')));out.lastChild.append(u)}
d.append(out)}
addEventListener('toggle',function(e){var d=e.target;
if(d.open&&d.matches&&d.matches('details.doc'))render(d)},true);
for(var d of document.querySelectorAll('details.doc[open]'))render(d);
async function reveal(){var id=location.hash.slice(1),t=id&&document.getElementById(id),
m=/^l(\\d+)-/.exec(id),d=m&&document.getElementById('d'+m[1]);
if(!t&&d){await render(d);t=document.getElementById(id)}
for(var h of document.querySelectorAll('.hit'))h.classList.remove('hit');
if(t){var o=t.closest('details');if(o)o.open=true;t.classList.add('hit');
t.scrollIntoView({block:'center'})}}
addEventListener('hashchange',reveal);reveal();
"""


def esc(value: object) -> str:
    """Any text, made safe as element content and as a quoted attribute value.

    >>> esc('<script title="x">alert(1) & more</script>')
    '&lt;script title=&quot;x&quot;&gt;alert(1) &amp; more&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


def data_block(value: object, attributes: str = "") -> str:
    """Any JSON value as a data block that no text inside it can end or turn into markup.

    >>> data_block(["</script><!--"])
    '<script type=application/json>["\\\\u003c/script>\\\\u003c!--"]</script>'
    """
    text = _json(value).replace("<", "\\u003c")
    return f"<script type=application/json{' ' * bool(attributes)}{attributes}>{text}</script>"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class RuleTally:
    number: int  # order of first appearance: the rule's colour class, r<number>
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
    # (rule id, reason) -> its place in the page's rule list, which the lines point into: a
    # site file may give a generic rule's id its own reason, so a line's hover needs both.
    keys: dict[tuple[str, str], int] = field(default_factory=dict)
    skipped: int = 0
    skips: list[Skipped] = field(default_factory=list)  # the first SKIPS_SHOWN

    def rule(self, rule_id: str, reasons: dict[str, str]) -> RuleTally:
        if rule_id not in self.rules:
            self.rules[rule_id] = RuleTally(len(self.rules), reasons.get(rule_id, NO_REASON))
        return self.rules[rule_id]

    def key(self, rule_id: str, reason: str) -> int:
        return self.keys.setdefault((rule_id, reason), len(self.keys))

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
        blocks = DataBlocks(body)
        for result in results:
            if isinstance(result, Skipped):
                totals.skip(result)
                continue
            totals.documents += 1
            section = DocumentSection(totals.documents, result, totals)
            body.write(section.summary(blocks.number))
            blocks.add(totals.documents, section.data())
        blocks.close()
        body.seek(0)
        _write_page(path, title, totals, body)
    return totals


class DataBlocks:
    """The documents' data, gathered into data blocks written after their documents: each
    block a JSON string of base64 of the zlib-compressed JSON list of its documents.

    Compressed, because bytes are what a browser spends its time on: the text of 10,000
    documents is some 200 MB, read at about 30 MB a second here; zlib's fastest level halves
    it for a fifth of the time the cleaning takes. In blocks, because each data block costs
    the page's parser about half a millisecond, so one per document would cost seconds.
    Base64 holds no `<` or `&`, so no text can end a block or become markup.
    """

    def __init__(self, out: TextIO):
        self.out = out
        self.number = 0  # of the block being filled
        self.first = 1  # number of its first document
        self.parts: list[str] = []
        self.chars = 0

    def add(self, document: int, data: str) -> None:
        if not self.parts:
            self.first = document
        self.parts.append(data)
        self.chars += len(data)
        if self.chars >= BLOCK_CHARS:
            self.close()

    def close(self) -> None:
        if not self.parts:
            return
        packed = zlib.compress(("[" + ",".join(self.parts) + "]").encode(), 1)
        self.out.write(data_block(base64.b64encode(packed).decode(),
                                  f"id=c{self.number} data-first={self.first}") + "\n")
        self.number += 1
        self.parts, self.chars = [], 0


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
    """One document: a `<details>` with its summary in HTML, and its lines and boxes as data.

    Its data is `{"l": lines, "b": boxes, "k": links}` and `"n"`, the line numbers, when
    they are not 1, 2, 3...; a line is its text when kept, `[rule, text]` when removed (rule:
    its place in the page's rule list) or `[[rule, ...], text]` when rewritten; a box is
    `[first line, kind, label, [[field, value], ...]]`; a link is `[text, rule id]`.
    """

    def __init__(self, number: int, explained: Explained, totals: Totals):
        self.number = number
        self.doc, self.records, self.reasons = explained.doc, explained.records, explained.reasons
        self.totals = totals
        self.touched: set[str] = set()  # rules that removed or rewrote a line here
        self.sampled: set[str] = set()  # rules that took a sample line here

    def data(self) -> str:
        """The lines, boxes and links as JSON, counted into the totals on the way."""
        starts = record_starts(self.doc, self.records)
        boxes = [[0, *self._lead_box(starts)]]
        boxes += [[index, *self._record_box(*starts[index])] for index in sorted(starts)]
        lines = [self._line(line) for line in self.doc.lines]
        data: dict[str, object] = {"l": lines, "b": boxes, "k": [
            [" · ".join(_short(v) for k, v in link.items() if k != "rule"), link.get("rule", "")]
            for link in self.records[0].links]}
        numbers = [line.number for line in self.doc.lines]
        if numbers != list(range(1, len(numbers) + 1)):
            data["n"] = numbers
        for rule_id in self.touched:
            self.totals.rules[rule_id].documents += 1
        self._count()
        return _json(data)

    def _count(self) -> None:
        self.totals.lines += len(self.doc.lines)
        self.totals.removed += sum(1 for line in self.doc.lines if line.removed_by)
        self.totals.records += len(self.records)
        self.totals.links += len(self.records[0].links)

    def summary(self, block: int) -> str:
        """The `<details>` with its one-line summary, and which data block holds the rest."""
        removed = [line.removed_by for line in self.doc.lines if line.removed_by]
        rules = sorted(set(removed))
        article = self.records[0]
        search = esc(" ".join([self.doc.id, self.doc.source, *rules]).casefold())
        return (f"<details class=doc id=d{self.number} data-c={block} data-f=\"{search}\""
                f"{' open' if self.number == 1 else ''}><summary><b>{esc(self.doc.id)}</b> "
                f"<small>{len(self.doc.lines)} lines, {len(removed)} removed"
                f"{' by ' + esc(', '.join(rules)) if rules else ''}; {len(self.records)} "
                f"records, {len(article.links)} links</small></summary></details>\n")

    def _lead_box(self, starts: dict) -> list:
        """The lines before the first boundary: the article, unless it was found below (a
        headline feed's longest item) or nothing of the document's own text is left."""
        if any(record is self.records[0] for _, _, record in starts.values()):
            return ["lead", "before the first record", []]
        return box_data("art", f"article ({self.records[0].id})", record_fields(
            self.records[0], with_source=True))

    def _record_box(self, boundary: Boundary, label: str, record: Record | None) -> list:
        kind = "link" if record is None else "art" if record is self.records[0] else "rel"
        fields = dict(boundary.meta) if record is None else record_fields(record)
        return box_data(kind, label, {**fields, "rule": boundary.rule})

    def _line(self, line: Line) -> object:
        rewrites = list(dict.fromkeys(line.normalised_by))
        for rule_id in rewrites:
            self._tally(rule_id, line, "rewritten")
        if line.removed_by:
            self._tally(line.removed_by, line, "removed")
            return [self._key(line.removed_by), line.text]
        if rewrites:
            return [[self._key(rule_id) for rule_id in rewrites], line.text]
        return line.text

    def _key(self, rule_id: str) -> int:
        return self.totals.key(rule_id, self.reasons.get(rule_id, NO_REASON))

    def _tally(self, rule_id: str, line: Line, what: str) -> None:
        """Count the line for the rule, and keep it as one of the rule's samples if it may."""
        tally = self.totals.rule(rule_id, self.reasons)
        setattr(tally, what, getattr(tally, what) + 1)
        self.touched.add(rule_id)
        if rule_id in self.sampled or len(tally.samples) >= SAMPLES or not _wordy(line.text):
            return
        self.sampled.add(rule_id)
        anchor = f"l{self.number}-{line.number}"  # every line gets this id when it is shown
        tally.samples.append((anchor, self.doc.id, line.number, _cut(line.text, SAMPLE_CHARS)))


def _wordy(text: str) -> bool:
    """A sample line must show something: a separator `-` says little about a rule."""
    return any(c.isalnum() for c in text)


def record_fields(record: Record, with_source: bool = False) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": record.title, "outlet": record.outlet, "published": record.published,
        "site": record.site, "source": record.source if with_source else None}
    fields.update(record.extra)
    return {key: value for key, value in fields.items() if value not in (None, "", [], {})}


def box_data(kind: str, label: str, fields: dict[str, object]) -> list:
    return [kind, label, [[str(key), _short(value)] for key, value in fields.items()]]


def _short(value: object) -> str:
    return _cut(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
                META_CHARS)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def rule_colours(count: int) -> list[str]:
    """`count` colours as `#rrggbb`, each as far as it can be from the ones before it.

    >>> rule_colours(3)
    ['#0606e5', '#037c03', '#e5063e']
    """
    palette = _palette_order(count)
    return [palette[i % len(palette)] for i in range(count)]


@functools.lru_cache(maxsize=8)
def _palette_order(count: int) -> tuple[str, ...]:
    """Greedy farthest-point picking in CIELAB among readable colours (contrast with white
    of at least 4.5, the WCAG level for text): deterministic, and each prefix is the best
    spread this greedy finds for that many rules. It starts from the most vivid."""
    candidates = []
    for hue in range(0, 360, 5):
        for saturation in (0.45, 0.7, 0.95):
            for lightness in (0.25, 0.32, 0.39, 0.46):
                rgb = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
                if 1.05 / (_luminance(rgb) + 0.05) >= 4.5:
                    candidates.append(rgb)
    labs = [_lab(rgb) for rgb in candidates]
    picked = [max(range(len(labs)), key=lambda i: math.hypot(labs[i][1], labs[i][2]))]
    nearest = [math.dist(lab, labs[picked[0]]) for lab in labs]
    while len(picked) < min(count, len(candidates)):
        best = max(range(len(candidates)), key=nearest.__getitem__)
        picked.append(best)
        nearest = [min(d, math.dist(lab, labs[best])) for d, lab in zip(nearest, labs, strict=True)]
    return tuple(_hex(candidates[i]) for i in picked)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _luminance(rgb: tuple[float, float, float]) -> float:
    r, g, b = map(_linear, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """sRGB to CIELAB (D65), where distance is roughly how different two colours look."""
    r, g, b = map(_linear, rgb)
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)


def _pale(colour: str) -> str:
    """The colour at a tenth of its strength on white: the background of its removed lines."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * 0.1):02x}" for c in channels)


def render_top(title: str, totals: Totals) -> str:
    """The head (style, policy), the summary, the filter box, the rule table and the rule
    list the documents' lines point into."""
    order = _table_order(totals)
    colours = rule_colours(len(order))
    style = STYLE + "".join(f".r{tally.number}{{--c:{colour};--b:{_pale(colour)}}}"
                            for (_, tally), colour in zip(order, colours, strict=True))
    policy = (f"default-src 'none'; style-src '{_sha256(style)}'; "
              f"script-src '{_sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'")
    rule_list = [[rule_id, reason, totals.rules[rule_id].number]
                 for (rule_id, reason) in totals.keys]
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
            f"<meta http-equiv=Content-Security-Policy content=\"{policy}\">\n"
            f"<meta name=viewport content='width=device-width'>\n"
            f"<title>clean explain: {esc(title)}</title>\n<style>{style}</style></head><body>\n"
            f"<h1>clean explain: {esc(title)}</h1>\n{render_summary(totals)}"
            f"{render_rule_table(order)}{render_skips(totals)}\n"
            f"{data_block(rule_list, 'id=rule-list')}\n<main>\n")


def _table_order(totals: Totals) -> list[tuple[str, RuleTally]]:
    return sorted(totals.rules.items(), key=lambda kv: (-kv[1].removed, -kv[1].rewritten, kv[0]))


def render_summary(totals: Totals) -> str:
    return (f"<p>{totals.documents} documents, {totals.lines} lines: {totals.removed} removed "
            f"by {sum(1 for t in totals.rules.values() if t.removed)} rules; "
            f"{totals.records} records, {totals.links} links; {totals.skipped} skipped. "
            "Removed lines are struck through in their rule's colour, each run of them "
            "labelled with the rule (hover for its reason); rewritten lines are marked "
            "yellow; each record is boxed. A document's lines are drawn when it is "
            "opened.</p>\n"
            "<p><input id=q type=search placeholder='filter documents by id or rule id' "
            "aria-label='filter documents'> <small id=shown></small></p>\n")


def render_rule_table(order: list[tuple[str, RuleTally]]) -> str:
    rows = "".join(_rule_row(rule_id, tally) for rule_id, tally in order)
    return ("<table id=rules><thead><tr><th>rule</th><th>reason</th><th>lines removed</th>"
            "<th>lines rewritten</th><th>documents</th><th>samples (click to see the line)</th>"
            f"</tr></thead><tbody>\n{rows}</tbody></table>\n")


def _rule_row(rule_id: str, tally: RuleTally) -> str:
    samples = "".join(f"<a href=#{anchor}>{esc(text)} <small>({esc(doc)}:{number})</small></a>"
                      for anchor, doc, number, text in tally.samples)
    return (f"<tr data-rule=\"{esc(rule_id)}\"><td><span class='sw r{tally.number}'></span>"
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
