"""The folders are the layers: a package never imports a layer above it (docs/architecture.md).

From the top: ``cli`` (the command line) may import anything; ``web`` (HTTP, sockets,
pages: the only package that speaks aiohttp, socket.io or jinja2) may import ``live``
and the core; ``live`` (locks, leases, clocks, the store handle) may import the core;
the core imports neither. Every import counts: module level, inside a function, or
under ``TYPE_CHECKING``, since each one ties the lower layer to the upper one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "omnisim"
LAYERS = {"cli": 3, "web": 2, "live": 1}  # every other package and module is the core (0)
NAMES = {3: "cli", 2: "web", 1: "live", 0: "core"}
# Third-party libraries of the edge: only the web layer (and the command line above it) use them.
EDGE_LIBRARIES = ("aiohttp", "socketio", "jinja2", "weasyprint")


def layer(module: str) -> int:
    if module == "omnisim.__main__":  # ``python -m omnisim``: the command line
        return LAYERS["cli"]
    parts = module.split(".")
    return LAYERS.get(parts[1], 0) if len(parts) > 1 else 0


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports(here: str, package: str, source: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing package
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # "from omnisim import web" names a package, not an attribute
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names if base == "omnisim"]
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def violations(here: str, source: str, is_package: bool = False) -> list[str]:
    mine = layer(here)
    package = here if is_package else here.rsplit(".", 1)[0]
    found = []
    for line, name in imports(here, package, source):
        if name.startswith("omnisim.") and layer(name) > mine:
            found.append(f"{here}:{line} ({NAMES[mine]}) imports {name} ({NAMES[layer(name)]})")
        top = name.split(".")[0]
        if top in EDGE_LIBRARIES and mine < LAYERS["web"]:
            found.append(f"{here}:{line} ({NAMES[mine]}) imports {name}: only the web layer may")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_no_package_imports_a_layer_above_it(path):
    source = path.read_text(encoding="utf-8")
    assert violations(module_name(path), source, path.name == "__init__.py") == []


def test_the_rule_finds_an_upward_import():
    """The check itself can fail: upward imports, absolute, relative or lazy, are caught."""
    source = (
        "from omnisim.live.exams import Exams\n"
        "import aiohttp\n"
        "def f():\n    from ..web import app\n"
        "from omnisim import cli\n"
    )
    assert len(violations("omnisim.engine.probe", source)) == 4
    assert violations("omnisim.web.probe", "from omnisim.live import exams\n") == []
    assert len(violations("omnisim.live.probe", "from ..web.socket import feed\n")) == 1


def test_every_layer_exists():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert set(LAYERS) <= packages
