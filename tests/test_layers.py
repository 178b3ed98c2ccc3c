"""The package's layers only look down: a module imports modules of its own layer or below,
never above, and no two modules import each other (directly or round a loop). The cleaning
core (`import cleaner`) loads no input or output library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"

# Bottom to top. A new module goes into one of these (the test fails until it does); a
# package's modules are in its layer.
LAYERS = [
    # the document model and plain text: lines, words, whitespace
    {"document", "reflow", "markdown", "rejoin", "headlines", "normalise", "linefeatures",
     "linescore", "language", "_core", "cache", "pagefeatures", "trimmer", "backtrack"},
    # rule files, which of them apply, compiled matching
    {"rulefile", "sites", "matching"},
    # what the rules do: the actions (cleaner/actions/, a module each), the content locator,
    # records, the HTML weighing
    {"actions", "locate", "records", "weigh", "template"},
    # the chain of phases, and the package's public API over it
    {"chain", "cleaner"},
    # readers and writers
    {"sources", "sinks", "shards"},
    # running over a corpus, and the tools that do: resume, dedup, learn, rule checks
    {"units", "pools", "resume", "dedup", "learn", "ruletest", "rulecheck", "run",
     "integrations", "integrations.datatrove"},
    # what a person uses: the command line, explain and its report
    {"explain", "report_html", "cli", "__main__"},
]
PLACED = {name: number for number, names in enumerate(LAYERS) for name in names}
IO_LIBRARIES = ("zstandard", "warcio", "trafilatura", "lxml", "tqdm", "typer", "datatrove")


def _layer(module: str) -> int | None:
    """A module's layer, or its package's."""
    return PLACED.get(module, PLACED.get(module.split(".")[0]))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "cleaner"


def _imports(path: Path) -> set[str]:
    """The package's modules this file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "cleaner":  # `from cleaner import run`: a module, or the API
                found.update(alias.name if _layer(alias.name) is not None else "cleaner"
                             for alias in node.names)
            elif node.module.startswith("cleaner."):
                found.add(node.module.removeprefix("cleaner."))
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("cleaner.") for alias in node.names
                         if alias.name.startswith("cleaner."))
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) - {_module_name(path)}
            for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer():
    assert {module for module in _graph() if _layer(module) is None} == set()


def test_no_module_imports_a_layer_above_its_own():
    upward = [f"{module} (layer {_layer(module)}) imports {name} (layer {_layer(name)})"
              for module, names in _graph().items() if _layer(module) is not None
              for name in sorted(names)
              if _layer(name) is not None and _layer(name) > _layer(module)]
    assert upward == []


def test_no_import_cycles():
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(module):]
                                                              + [module]))
        if module in done:
            return
        for name in sorted(graph.get(module, ())):
            if name != "cleaner":  # the package's __init__ is the API on top of the chain
                visit(name, [*path, module])
        done.add(module)

    for module in graph:
        visit(module, [])


def test_the_cleaning_core_loads_no_input_or_output_library():
    code = ("import sys, cleaner; cleaner.clean_text('A title\\nSome text.'); "
            f"print(','.join(m for m in {IO_LIBRARIES!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
