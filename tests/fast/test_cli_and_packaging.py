"""The command line in both languages, settings documented, data folders found from a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from omnisim.paths import DATA_FOLDERS, data_dir
from omnisim.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, lang: str = "fr") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"OMNISIM_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "omnisim", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_help_is_french_first_and_english_on_request():
    fr = run("--help")
    assert fr.returncode == 0
    assert "simulateur d'exercices" in fr.stdout and "Lance le serveur" in fr.stdout
    en = run("serve", "--help", lang="en")
    assert "Run the simulator server." in en.stdout and "Port the server listens on." in en.stdout


def test_settings_layer_defaults_environment_then_command_line():
    assert Settings.from_env({}).port == 8080
    assert Settings.from_env({"OMNISIM_PORT": "9001"}).port == 9001
    assert Settings.from_env({"OMNISIM_PORT": "9001"}, port=9002).port == 9002


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [s.name for s in SETTINGS if f"OMNISIM_{s.name.upper()}" not in readme] == []


def test_data_folders_are_found_in_a_checkout():
    for name in DATA_FOLDERS:
        assert data_dir(name).is_dir()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for the packaging tests."""
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (path,) = dist.glob("omnisim-*.whl")
    return path


def test_the_wheel_carries_the_data_folders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("channels", "decks", "grids", "web", "scripts_diagnostic"):
        assert any(n.startswith(f"omnisim/_data/{folder}/") for n in names), folder
    assert "omnisim/_data/web/templates/candidate.html" in names
    assert "omnisim/_data/decks/demo/deck.yaml" in names
    # Built at setup and git-ignored, yet shipped: the served scripts a browser needs.
    from omnisim.web.app import BUILT_ASSETS  # what the app refuses to start without

    for built in (f"static/{asset}" for asset in BUILT_ASSETS):
        assert f"omnisim/_data/web/{built}" in names, f"{built}: run `bash tools/setup.sh`"
    # Every folder of web/ is shipped but the client's sources and compiled tests.
    shipped = {n.split("/")[3] for n in names if n.startswith("omnisim/_data/web/")}
    folders = {p.name for p in (ROOT / "web").iterdir() if p.is_dir()}
    assert shipped == folders - {"src", "build-tests"}


def test_an_installed_wheel_finds_its_data_away_from_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        check=True,
    )
    probe = (
        "import omnisim, omnisim.paths as p;"
        "from omnisim.scenario.check import load_deck;"
        "from omnisim.grading import bundled_grids;"
        "d = load_deck(p.data_dir('decks') / 'demo');"
        "print(omnisim.__file__); print(p.data_dir('decks'));"
        "print(len(d.contacts), sorted(bundled_grids()))"
    )
    # The installed copy comes first on the path, ahead of the editable checkout.
    probe = f"import sys; sys.path.insert(0, {str(target)!r});" + probe
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    package, decks, summary = run.stdout.splitlines()
    assert package.startswith(str(target)) and decks.startswith(str(target))
    assert "_data" in decks and summary.startswith("11 ")
