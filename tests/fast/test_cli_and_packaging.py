"""The command line in both languages, settings documented, data folders found from a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

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


def test_the_wheel_carries_the_data_folders(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("omnisim-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("channels", "decks", "grids", "web", "scripts_diagnostic"):
        assert any(n.startswith(f"omnisim/_data/{folder}/") for n in names), folder
    assert "omnisim/_data/web/templates/candidate.html" in names
    assert "omnisim/_data/decks/demo/deck.yaml" in names
