"""Where the data folders live, from a checkout and from an installed wheel.

In a checkout (or an editable install) the folders sit at the repository root
beside the package; a wheel carries them inside the package under ``_data``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

import omnisim

DATA_FOLDERS = ("channels", "scripts_diagnostic", "web", "decks", "grids")


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (one of DATA_FOLDERS) wherever it was installed."""
    package = Path(omnisim.__file__).resolve().parent
    tried = [package / "_data" / name, package.parent / name]
    for candidate in tried:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} not found; tried {', '.join(map(str, tried))}")
