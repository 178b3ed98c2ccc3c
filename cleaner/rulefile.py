"""Load and validate rule files; decide which files apply to a document.

A rule file is TOML. A file with a `[site]` table applies to one site's documents; any other
file applies to every document. Each `[[rule]]` has a stable `id`, an `action`, the action's
parameters and a one-line `reason`; each `[[example]]` is a test the file carries with it.
Everything is checked before a single document is read, so a bad file stops the run with an
error that names the file, the line, the rule and the field (exit code 2).
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import marshal
import sys
import textwrap
import tomllib
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from cleaner.cache import cached, read_entry, write_entry
from cleaner.normalise import line_key

# The shipped rule files and word lists are package data, so an installed wheel carries them
# (the package is always installed as files, never run from a zip: a plain path is enough,
# and importlib.resources, which imports tempfile and shutil, is not needed to find them).
SHIPPED_RULES = Path(__file__).resolve().parent / "rules"

COMMON_KEYS = {"id": str, "action": str, "reason": str, "inputs": list[str], "barrier": str,
               "links_below": bool}
INPUT_KINDS = ("text", "html")
# A rule's role for the content locator (locate.py), whatever its action: the article region
# never crosses a line it removed ("hard"), crosses it only between two strong stretches of
# prose ("soft"), or, below the article, crosses it where a sentence follows: a timeline's date
# ("timeline", soft above that). `links_below`: the headlines listed under its line, after
# the article, become the article's links.
BARRIER_ROLES = ("hard", "soft", "timeline")
SITE_KEYS = {"name": str, "domains": list[str], "fingerprints": list[str],
             "fingerprint_patterns": list[str], "disable": list[str], "description": str,
             "language": str}
EXAMPLE_KEYS = {"name": str, "input": str, "expected": str, "unchanged": bool,
                "related": list[dict], "links": list[dict], "rules": list[str],
                "template": list[str], "html": str, "url": str}
FILE_KEYS = {"site": dict, "patterns": dict[str, str], "phrases": dict, "rule": list[dict],
             "example": list[dict], "description": str, "languages": list[str]}
# What a rule file's author wrote, in TOML's words (bool first: True is an int too).
TYPE_NAMES = {bool: ("a boolean", "booleans"), str: ("a string", "strings"),
              int: ("an integer", "integers"), float: ("a number", "numbers"),
              list: ("a list", "lists"), dict: ("a table", "tables")}
MACRO = regex.compile(r"\{\{(\w+)\}\}")
# Where an action's check reports a problem: `fail_at(field)(message)` raises the RuleError
# that names the file, the line, the rule and that field.
FailAt = Callable[[str | None], Callable[[str], typing.NoReturn]]
# Every pattern is searched in one line at a time, and any match counts, an empty one too: a
# pattern with an empty match in these plain lines (`\b`, `(?=.)`) would match nearly every
# line. One gated on a word (`^(?=.*\bsubscribe\b)`) has no match in them, and stays allowed.
NEUTRAL_LINES = ("a", "Some text.", "1", "-", " ")


def toml_string(text: str) -> str:
    r"""`text` as a TOML basic string: a JSON string is one, but for DEL, which TOML wants
    escaped.

    >>> print(toml_string('say "hi"\x7f'))
    "say \"hi\"\u007f"
    """
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


class RuleError(Exception):
    """A rule file is wrong; the message names file, line, rule (or example) and field."""

    def __init__(self, path: Path | str, message: str, rule: str | None = None,
                 field_name: str | None = None, line: int | None = None,
                 example: str | None = None):
        where = f"{path}:{line}" if line else str(path)
        parts = [where]
        if rule:
            parts.append(f"rule '{rule}'")
        if example:
            parts.append(f"example '{example}'")
        if field_name:
            parts.append(f"field '{field_name}'")
        super().__init__(": ".join(parts + [message]))


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter an action takes in a rule file: its TOML type (`str`, `int`, `float`,
    `bool`, `list[str]`, `list[dict]`), whether a rule must give it, the value it has when
    not given (None: no value), whether it is a regex (compiled with the file's `{{name}}`
    macros), and what it means, in a sentence. A `scanned` pattern is searched for over
    whole documents (`matching.anywhere`, `candidate_lines`): the chain reads it with its
    other scanned patterns in one pass over each document (`matching.PatternScan`)."""

    type: typing.Any
    doc: str
    required: bool = False
    default: object = None
    pattern: bool = False
    scanned: bool = False


@dataclass(frozen=True, slots=True)
class Action:
    """What an action is to the rule files and the chain: its name (a rule's `action`), what
    it does, its parameters, its function, and how the chain calls that function (`stage`):
      "prepare"   run(doc, rule) -> bool, before the lines are keyed: a rewrite of lines,
                  True if it changed one (the chain keys those lines again);
      "lines"     run(doc, matches): every rule of the action at once, `matches` the line
                  index -> rule that the compiled line matcher found (matching.py);
      "document"  run(doc, rule), one rule at a time, in the order of the actions' phases;
      "weigh"     run(doc, rule, records, links, dump_records) -> records, for an HTML page
                  once its text is cleaned: the records to give (weigh.py); `dump_records()`
                  cleans the page's plain dump, when the rule needs it.
    `again_at_end`: the chain runs it once more after every phase. `check(rule, macros,
    fail_at)` checks what the parameters' types cannot say, and may set the rule's compiled
    fields (`keys`, `vocabulary`, `header`). `bind(rule, rules)` gives the rule as a chain of
    those rules runs it (the locator takes its barriers from the other rules' roles)."""

    name: str
    doc: str
    params: dict[str, Param]
    run: Callable[..., object]
    stage: str = "document"
    again_at_end: bool = False
    check: Callable[[Rule, dict[str, str], FailAt], None] | None = None
    bind: Callable[[Rule, list[Rule]], Rule] | None = None

    def describe(self) -> str:
        """The action and its parameters, as `clean rules actions` prints them and
        docs/actions.md holds them."""
        lines = [f"{self.name}: {self.doc}"]
        for name, param in self.params.items():
            given = "required" if param.required else (
                "optional" if param.default is None else f"default {param.default!r}")
            kind = "a regex" if param.pattern else _describe(param.type)
            lines.append(textwrap.fill(f"{name} ({kind}, {given}): {param.doc}", 92,
                                       initial_indent="    ", subsequent_indent="      "))
        return "\n".join(lines)


@dataclass(slots=True)
class Rule:
    id: str
    action: str
    reason: str
    params: dict
    path: Path
    compiled: dict[str, regex.Pattern] = field(default_factory=dict)
    anywhere: dict[str, regex.Pattern] = field(default_factory=dict)  # multi-line, made on use
    header: list[tuple[regex.Pattern, bool]] = field(default_factory=list)
    inputs: frozenset[str] = frozenset(INPUT_KINDS)  # kinds of input the rule runs on
    keys: frozenset[str] = frozenset()  # drop_line exact lines, normalised
    vocabulary: frozenset[str] = frozenset()  # locate_content stopwords
    barrier: str | None = None  # one of BARRIER_ROLES
    links_below: bool = False


@dataclass(slots=True)
class Example:
    name: str
    input: str
    expected: str | None
    unchanged: bool
    related: list[dict]
    links: list[dict] | None
    rules: list[str] = field(default_factory=list)  # the rule ids it tests: each must act on it
    number: int = 0  # its place among its file's examples (1 for the first), for errors
    template: list[str] = field(default_factory=list)  # its site's lines, as `--learn` counts
    html: str | None = None  # a page's markup, read as HTML input is, instead of `input`
    url: str | None = None  # the page's address, as a corpus record gives it


@dataclass(slots=True)
class RuleFile:
    path: Path
    rules: list[Rule]
    examples: list[Example]
    site: str | None = None
    domains: list[str] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    # lines only the site's template prints, as patterns ("Latest news with #Saco")
    fingerprint_patterns: list[regex.Pattern] = field(default_factory=list)
    # the documents' languages it applies to (metadata.language); empty: every document's
    languages: list[str] = field(default_factory=list)
    site_language: str | None = None  # a site file's: its documents' language, not guessed

    @property
    def name(self) -> str:
        return self.site or self.path.stem


def _second_id_line(source: str, rule_id: str) -> int | None:
    """The line of the second `id = "<rule_id>"` in a file (a duplicate's)."""
    written = regex.compile(r'\s*id\s*=\s*["\']' + regex.escape(rule_id) + r'["\']')
    lines = [n for n, text in enumerate(_source_lines(source), 1) if written.match(text)]
    return lines[1] if len(lines) > 1 else None


def _line_of(source: str, needle: str, after: int = 0) -> int | None:
    """The first line at or after `after` that holds `needle`, so errors point at it."""
    for number, text in enumerate(_source_lines(source)[after:], start=after + 1):
        if needle in text:
            return number
    return None


class LazyPattern:
    """A pattern of rule files checked before (see `read_rule_files`): compiled on first use.
    `pattern` is its text (the prefilter reads it); anything else is the compiled pattern's."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._compiled: regex.Pattern | None = None

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)

    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, regex.V0)
        return self._compiled

    def __getstate__(self) -> str:  # workers get the text, and compile what they use
        return self.pattern

    def __setstate__(self, pattern: str) -> None:
        self.pattern, self._compiled = pattern, None


def compile_pattern(pattern: str, macros: dict[str, str], fail) -> regex.Pattern:
    """Expand `{{name}}` macros, compile, and refuse a pattern that matches empty text. In
    files checked before (`_CHECKED`), the pattern is compiled when first used."""

    def expand(found: regex.Match) -> str:
        if found.group(1) not in macros:
            fail(f"unknown pattern name '{{{{{found.group(1)}}}}}'")
        return f"(?:{macros[found.group(1)]})"

    text = pattern
    for _ in range(10):  # macros may use macros; ten levels is more than any file needs
        if not MACRO.search(text):
            break
        text = MACRO.sub(expand, text)
    else:
        fail("pattern names nest too deep (a macro that uses itself?)")
    if _CHECKED.get():
        return typing.cast(regex.Pattern, LazyPattern(text))
    try:
        compiled = regex.compile(text, regex.V0)
    except regex.error as error:
        fail(f"regex does not compile: {error}")
    if compiled.search("") is not None:
        fail("regex matches the empty string, so it would match every line")
    for line in NEUTRAL_LINES:
        if any(found.start() == found.end() for found in compiled.finditer(line)):
            fail(f"regex has an empty match in the line {line!r} (a \\b or look-around with "
                 "nothing to match), so it would match nearly every line")
    return compiled


def _type_name(value) -> str:
    return next((names[0] for kind, names in TYPE_NAMES.items() if isinstance(value, kind)),
                type(value).__name__)


def _describe(expected) -> str:
    container = typing.get_origin(expected)
    if container is None:
        return TYPE_NAMES[expected][0]
    return f"{TYPE_NAMES[container][0]} of {TYPE_NAMES[typing.get_args(expected)[-1]][1]}"


def _is(value, expected: type) -> bool:
    if isinstance(value, bool):
        return expected is bool  # True is an int to Python, never to a rule file
    if expected is float:
        return isinstance(value, int | float)  # TOML writes 2 for 2.0; both fine for a float
    return isinstance(value, expected)


def _type_problem(value, expected) -> str | None:
    """What is wrong with a field's value for its type (`str`, `list[str]`, `dict[str, str]`),
    or None. A list's items and a table's values are checked too: a string where a list is
    expected would otherwise be read one character at a time."""
    container = typing.get_origin(expected) or expected
    if not _is(value, container):
        return f"must be {_describe(expected)}, got {_type_name(value)}"
    if container is expected:
        return None
    item_type = typing.get_args(expected)[-1]
    items = value.items() if container is dict else enumerate(value, start=1)
    for key, item in items:
        if not _is(item, item_type):
            where = f"'{key}'" if container is dict else f"item {key}"
            return f"must be {_describe(expected)}; {where} is {_type_name(item)}"
    return None


def check_types(table: dict, schema: dict, fail_at) -> None:
    """Each key of `table` that `schema` knows holds the schema's type; `fail_at(key)` gives
    the function that raises the error for that key."""
    for key, value in table.items():
        if key in schema and (problem := _type_problem(value, schema[key])):
            fail_at(key)(problem)


def _build_rule(raw: dict, path: Path, source: str, macros: dict[str, str],
                actions: dict[str, Action]) -> Rule:
    rule_id = raw.get("id")

    def fail_at(field_name: str | None):
        def fail(message: str):
            # Point at the field's own line when it is written below the id, else at the id
            # (looked for only here: searching the file for every rule's line was 11 ms of a
            # start).
            line = _line_of(source, f'"{rule_id}"') if isinstance(rule_id, str) and rule_id \
                else None
            key = (field_name or "").split("[")[0]
            at = line and key and message != "missing" and _line_of(
                source, f"{key} =", line - 1)
            raise RuleError(path, message, rule_id, field_name, at or line)
        return fail

    for key in ("id", "action", "reason"):
        if key not in raw:
            fail_at(key)("missing")
    check_types(raw, COMMON_KEYS, fail_at)
    for key in ("id", "reason"):
        if not raw[key].strip():
            fail_at(key)("must not be empty")
    name = raw["action"]
    if name not in actions:
        fail_at("action")(f"unknown action '{name}' (known: {', '.join(sorted(actions))})")
    spec = actions[name].params
    params = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
    for key in params:
        if key not in spec:
            fail_at(key)(f"unknown key for action '{name}' (known: {', '.join(sorted(spec))})")
    check_types(params, {key: param.type for key, param in spec.items()}, fail_at)
    for key, value in params.items():
        if spec[key].type is int and value < 1:  # counts and limits: 0 or less means nothing
            fail_at(key)(f"must be 1 or more, got {value}")
    for key, param in spec.items():
        if param.required and key not in params:
            fail_at(key)("missing")
    rule = Rule(raw["id"], name, raw["reason"], params, path)
    if "inputs" in raw:
        inputs = raw["inputs"]
        if not inputs or not set(inputs) <= set(INPUT_KINDS):
            fail_at("inputs")(f"must be a non-empty list of {', '.join(INPUT_KINDS)}")
        rule.inputs = frozenset(inputs)
    if "barrier" in raw and raw["barrier"] not in BARRIER_ROLES:
        fail_at("barrier")(f"must be one of {', '.join(BARRIER_ROLES)}, got {raw['barrier']!r}")
    rule.barrier = raw.get("barrier")
    rule.links_below = raw.get("links_below", False)
    for key in params:
        if spec[key].pattern:
            rule.compiled[key] = compile_pattern(params[key], macros, fail_at(key))
    if check := actions[name].check:
        check(rule, macros, fail_at)
    rule.params = {**{key: param.default for key, param in spec.items()
                      if param.default is not None}, **params}
    return rule


def _build_example(raw: dict, path: Path, number: int, source: str) -> Example:
    name = raw.get("name", f"example {number}")
    def fail(field_name: str | None, message: str):
        line = _rules_line(source, number) if field_name == "rules" else None
        raise RuleError(path, message, field_name=field_name, line=line, example=name)

    if unknown := set(raw).difference(EXAMPLE_KEYS):
        fail(sorted(unknown)[0], "unknown key")
    check_types(raw, EXAMPLE_KEYS, lambda key: lambda message: fail(key, message))
    if ("input" in raw) == ("html" in raw):
        fail("input", "give exactly one of 'input' (a text) or 'html' (a page's markup)")
    if ("expected" in raw) == bool(raw.get("unchanged")):
        fail("expected", "give exactly one of 'expected' or 'unchanged = true'")
    if "rules" in raw and not raw["rules"]:
        fail("rules", "must name at least one rule id (or leave the key out)")
    if "html" in raw and raw.get("unchanged"):
        fail("unchanged", "an 'html' example gives what must come out of the page in 'expected'")
    if raw.get("rules") and raw.get("unchanged"):
        # Text the rules must leave alone shows no rule acting: name rules where they act.
        fail("rules", "an example with 'unchanged = true' shows no rule acting; name the "
                      "rules it tests in an example with 'expected'")
    return Example(name, raw.get("input", ""), raw.get("expected"), bool(raw.get("unchanged")),
                   list(raw.get("related", [])), raw.get("links"), list(raw.get("rules", [])),
                   number, list(raw.get("template", [])), raw.get("html"), raw.get("url"))


def _rules_line(source: str, number: int) -> int | None:
    """The line where the file's `number`-th example names its rules (`rules =`): errors in
    the rule ids point at it. Looked for only when there is an error: searching for every
    example's line was most of 11 ms of a start."""
    return _line_of(source, "rules =", _example_line(source, number))


def _example_line(source: str, number: int) -> int:
    """The line of the file's `number`-th `[[example]]` header (0 if not found)."""
    headers = _example_headers(source)
    return headers[number - 1] if number <= len(headers) else 0


@lru_cache(maxsize=4)
def _example_headers(source: str) -> tuple[int, ...]:
    return tuple(n for n, text in enumerate(_source_lines(source), start=1)
                 if text.strip().startswith("[[example]]"))


@lru_cache(maxsize=4)
def _source_lines(source: str) -> tuple[str, ...]:
    """A rule file's lines, split once per file: errors and examples look lines up by the
    hundred (a str caches its hash, so the lookup costs little)."""
    return tuple(source.splitlines())


def check_example_rules(files: list[RuleFile]) -> None:
    """Every rule id an example names is a rule of some loaded file: a misspelt id would
    otherwise only say, once run, that it does not act."""
    known = {rule.id for file in files for rule in file.rules}
    for file in files:
        for example in file.examples:
            if unknown := [rule_id for rule_id in example.rules if rule_id not in known]:
                line = _rules_line(file.path.read_text(encoding="utf-8"), example.number)
                raise RuleError(file.path, f"names unknown rule id(s) {unknown}",
                                field_name="rules", line=line, example=example.name)


def _fail_at_key(path: Path, source: str, field_name: str, needle: str, after: int = 0,
                 rule_id: str | None = None):
    """The error function for a key outside any rule, pointing at the line that sets it."""
    def fail(message: str):
        raise RuleError(path, message, rule_id, field_name, _line_of(source, needle, after))
    return fail


def _check_table_shapes(data: dict, path: Path, source: str) -> None:
    """The top-level keys hold what the code reads from them, before anything is read."""
    for key in ("rule", "example"):
        if isinstance(data.get(key), dict):  # `[rule]` is one table; `[[rule]]` adds to a list
            rule_id = data[key].get("id") if key == "rule" else None
            _fail_at_key(path, source, key, f"[{key}]", rule_id=rule_id)(
                f"must be a list of tables: write [[{key}]] (two brackets), not [{key}]")
    check_types(data, FILE_KEYS, lambda key: _fail_at_key(
        path, source, key, f"{key} =" if f"{key} =" in source else f"[{key}"))


def _phrase_patterns(phrases: dict, path: Path, source: str) -> dict[str, str]:
    """A file's `[phrases]`: each name a list of phrases, used as `{{name}}` in its patterns
    (any one of them, case-insensitive, any whitespace between its words), so that a list two
    rules match in two shapes (a heading alone, the same heading before a colon) is written
    once."""
    found = {}
    for name, items in phrases.items():
        if not isinstance(items, list) or not items or not all(
                isinstance(item, str) and item.split() for item in items):
            _fail_at_key(path, source, "phrases", f"{name} =")(
                f"'{name}' must be a list of phrases, none of them blank")
        found[name] = "(?i:" + "|".join(r"\s+".join(regex.escape(word) for word in item.split())
                                        for item in items) + ")"
    return found


def load_rule_file(path: Path, macros: dict[str, str], actions: dict[str, Action]) -> RuleFile:
    """Parse and validate one file. `macros` gains the file's own `[patterns]` and
    `[phrases]`."""
    try:
        source = path.read_text(encoding="utf-8")
        data = _parsed(source)
    except tomllib.TOMLDecodeError as error:
        raise RuleError(path, f"TOML syntax: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(path, f"cannot read: {error}") from None
    if unknown := set(data).difference(FILE_KEYS):
        raise RuleError(path, f"unknown top-level key(s) {sorted(unknown)}")
    _check_table_shapes(data, path, source)
    macros.update(data.get("patterns", {}))
    macros.update(_phrase_patterns(data.get("phrases", {}), path, source))
    site = data.get("site", {})
    if unknown := set(site).difference(SITE_KEYS):
        raise RuleError(path, "unknown key", field_name=f"site.{sorted(unknown)[0]}")
    site_line = _line_of(source, "[site]") or 1
    check_types(site, SITE_KEYS, lambda key: _fail_at_key(path, source, f"site.{key}",
                                                           f"{key} =", site_line - 1))
    if any(not line_key(text) for text in site.get("fingerprints", [])):
        _fail_at_key(path, source, "site.fingerprints", "fingerprints =", site_line - 1)(
            "a blank fingerprint would match every blank line, so every document")
    if "site" in data and not isinstance(site.get("name"), str):
        raise RuleError(path, "missing or not a string", field_name="site.name")
    if "site" in data and not site["name"].strip():  # it would be taken for a global file
        _fail_at_key(path, source, "site.name", "name =", site_line - 1)("must not be empty")
    rules = [_build_rule(raw, path, source, macros, actions) for raw in data.get("rule", [])]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(path, "id used twice in one file", rule.id, "id",
                            _second_id_line(source, rule.id))
        seen.add(rule.id)
    examples = [_build_example(raw, path, n, source)
                for n, raw in enumerate(data.get("example", []), 1)]
    fail_pattern = _fail_at_key(path, source, "site.fingerprint_patterns",
                                "fingerprint_patterns =", site_line - 1)
    patterns = [compile_pattern(text, macros, fail_pattern)
                for text in site.get("fingerprint_patterns", [])]
    languages = [code.lower() for code in data.get("languages", [])]
    if any(not _is_code(code) for code in languages):
        _fail_at_key(path, source, "languages", "languages =")(
            "each language is an ISO 639-1 code: 'de', 'fr', ...")
    site_language = site.get("language")
    if site_language is not None and not _is_code(site_language):
        _fail_at_key(path, source, "site.language", "language =", site_line - 1)(
            "an ISO 639-1 code: 'de', 'fr', ...")
    return RuleFile(path, rules, examples, site.get("name"), list(site.get("domains", [])),
                    list(site.get("fingerprints", [])), list(site.get("disable", [])), patterns,
                    languages, site_language.lower() if site_language else None)


def _parsed(source: str) -> dict:
    """tomllib's reading of a rule file, kept in the cache under a hash of the file's text:
    tomllib is pure Python, and it read the 21 shipped files in 48 ms of a 0.29 s start. A
    file holding a date or time, which marshal cannot write, is parsed at every start."""
    return cached("toml", f"{sys.version}\0".encode() + source.encode(),
                  lambda: tomllib.loads(source), _marshalled, marshal.loads)


def _marshalled(parsed: dict) -> bytes | None:
    """The parsed file for the cache, or None when it holds a date or time."""
    try:
        return marshal.dumps(parsed)
    except ValueError:
        return None


def _is_code(code: str) -> bool:
    return code.isascii() and code.isalpha() and 2 <= len(code) <= 3


def rule_file_paths(folders: list[Path]) -> list[Path]:
    """The rule files of each folder (or file) in the order given; a folder's sorted by path."""
    paths: list[Path] = []
    for folder in folders:
        if folder.is_file():
            paths.append(folder)
            continue
        if not folder.is_dir():
            raise RuleError(folder, "no such rule file or folder")
        found = sorted(folder.rglob("*.toml"))
        if not found:  # a mistyped folder would otherwise run with the shipped rules alone
            raise RuleError(folder, "no rule files (*.toml) in this folder")
        paths.extend(found)
    return paths


def read_rule_files(extra_folders: list[Path], actions: dict[str, Action]) -> list[RuleFile]:
    """Read the shipped rules, then the user's folders in the order given, so a user's rule
    replaces a shipped one of the same id whatever its file is called; each rule checked
    against its action's declaration in `actions`. Macros are shared: the shipped
    `generic.toml` goes first, since every other file may use its patterns."""
    macros: dict[str, str] = {}
    shipped = sorted(rule_file_paths([SHIPPED_RULES]), key=lambda p: p.name != "generic.toml")
    paths = shipped + rule_file_paths(extra_folders)
    marker = _checked_marker(paths)
    checked = marker is not None and read_entry(CHECKED_KIND, marker) is not None
    token = _CHECKED.set(checked)
    try:
        files = [load_rule_file(path, macros, actions) for path in paths]
        check_example_rules(files)
    finally:
        _CHECKED.reset(token)
    if marker is not None and not checked:  # one that cannot be written costs the checks
        write_entry(CHECKED_KIND, marker, b"")
    return files


# Compiling every pattern to check it costs most of a start (about 0.27 s of 0.5 here), and
# a run uses few of them on a small input. Rule files whose exact bytes passed the checks
# once (with this code and this regex module) are read again without compiling: each
# pattern compiles on first use. The marker is an empty cache entry named by their hash.
CHECKED_KIND = "checked-rules"
_CHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar("checked", default=False)


def _checked_marker(paths: list[Path]) -> str | None:
    """The name of the mark that these files passed the checks (None: a file that cannot be
    read, which load_rule_file reports)."""
    # The checking code is hashed below, so the package's version adds nothing (and asking
    # importlib.metadata for it cost 16 ms a start).
    digest = hashlib.sha256(f"regex {regex.__version__}".encode())
    # The checks are this module's and the actions' (`check`): their code is in the hash too.
    here = Path(__file__).parent
    for path in [Path(__file__), *sorted((here / "actions").glob("*.py")), *paths]:
        try:
            data = path.read_bytes()
        except OSError:
            return None  # load_rule_file says why
        digest.update(f"\0{path}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()
