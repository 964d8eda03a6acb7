from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from boldly.local import KnownModel, PartPackage


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory, set through `BOLDLY_CACHE_DIR`."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("BOLDLY_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def installed_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., KnownModel]:
    """Install small fake part distributions (dist-info + `data/partNN.bin`) on sys.path; returns a model.

    `installed_parts([b"GGUF..", b"..."], name="m")` installs one distribution per chunk and returns the
    `KnownModel` pinned to their concatenation (or to `sha256` / `size` if given).
    """
    site = tmp_path / "site"
    monkeypatch.syspath_prepend(str(site))

    def install(
        chunks: list[bytes],
        name: str = "fake-model",
        version: str = "1.0",
        sha256: str | None = None,
        size: int | None = None,
    ) -> KnownModel:
        parts = []
        for number, chunk in enumerate(chunks, start=1):
            distribution = f"{name}-part{number}"
            package = distribution.replace("-", "_")
            data = site / package / "data" / f"part{number:02d}.bin"
            data.parent.mkdir(parents=True)
            data.write_bytes(chunk)
            info = site / f"{package}-{version}.dist-info"
            info.mkdir()
            (info / "METADATA").write_text(
                f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n"
            )
            (info / "RECORD").write_text(
                f"{package}/__init__.py,,\n{package}/data/part{number:02d}.bin,,\n{info.name}/METADATA,,\n"
            )
            parts.append(PartPackage(distribution, version))
        whole = b"".join(chunks)
        return KnownModel(
            name=name,
            description="a fake model for tests",
            parts=tuple(parts),
            size=len(whole) if size is None else size,
            sha256=hashlib.sha256(whole).hexdigest() if sha256 is None else sha256,
            install_hint=f"pip install {name}-parts",
        )

    return install
