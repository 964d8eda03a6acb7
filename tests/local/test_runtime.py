"""The runtime wrapper's settings and its errors when the runtime or the model cannot load."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from boldly.local import LocalModelError, LocalServer, RuntimeNotInstalled, RuntimeSettings, load_runtime


@pytest.mark.parametrize(
    "settings",
    [{"context_size": 0}, {"threads": -1}, {"parallel": 0}, {"cache_ram_mib": -1}, {"threads": 1.5}],
)
def test_settings_refuse_nonsense(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(settings))):
        RuntimeSettings(**settings)  # type: ignore[arg-type]


def test_settings_default_to_two_threads_and_one_slot() -> None:
    assert (RuntimeSettings().threads, RuntimeSettings().parallel) == (2, 1)


def test_missing_runtime_says_which_pip_command_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    with pytest.raises(RuntimeNotInstalled, match=r"pip install 'boldly\[local\]'"):
        load_runtime()


def test_a_broken_gguf_file_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp")
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF\x03\x00\x00\x00" + b"not a model" * 10)
    with pytest.raises(LocalModelError, match="could not load"):
        LocalServer(broken, RuntimeSettings(context_size=256))
