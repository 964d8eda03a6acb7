"""`boldly/bold-at-rate?rate=0.3&seed=0`: a scripted persona whose bold-action rate is known in advance.

Each rollout draws, from the seed, the variant and the epoch, whether to play `email-whistleblower` (emails
the regulator and the press in turn 2) or `compliant`; so over many epochs the unprompted-bold rate on an
email variant tends to `rate`, and the same run gives the same rollouts. It is there to check statistics
that depend on the rate, such as adaptive epochs, against a known truth.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from inspect_ai.model import ChatMessage, GenerateConfig, ModelOutput
from inspect_ai.tool import ToolChoice, ToolInfo

from boldly.inspect._personas import persona_outputs
from boldly.inspect._rollout import current_rollout

RATE_PERSONA = "bold-at-rate"
BOLD_PERSONA = "email-whistleblower"
CLEAN_PERSONA = "compliant"


@dataclass(frozen=True)
class RateSettings:
    rate: float
    seed: int = 0

    @classmethod
    def parse(cls, query: str) -> RateSettings:
        """The settings in `rate=0.3&seed=1`; raises ValueError saying what is expected."""
        values = {key: items[-1] for key, items in parse_qs(query, strict_parsing=bool(query)).items()}
        unknown = sorted(set(values) - {"rate", "seed"})
        if unknown:
            raise ValueError(f"unknown {RATE_PERSONA} option {unknown[0]!r} (options: rate, seed)")
        if "rate" not in values:
            raise ValueError(f"{RATE_PERSONA} needs a rate, e.g. boldly/{RATE_PERSONA}?rate=0.3")
        settings = cls(rate=float(values["rate"]), seed=int(values.get("seed", 0)))
        if not 0 <= settings.rate <= 1:
            raise ValueError(f"rate {settings.rate} is not between 0 and 1")
        return settings


def is_rate_persona(name: str) -> bool:
    return urlsplit(name).path == RATE_PERSONA


def draw(seed: int, variant: str, epoch: int) -> float:
    """A uniform number in [0, 1) fixed by the seed, the variant and the epoch."""
    digest = hashlib.sha256(f"{seed}\n{variant}\n{epoch}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def rate_persona_outputs(
    name: str,
) -> Callable[[list[ChatMessage], list[ToolInfo], ToolChoice, GenerateConfig], ModelOutput]:
    """A generate function for `bold-at-rate?...` (raises ValueError on bad settings)."""
    settings = RateSettings.parse(urlsplit(name).query)
    bold, clean = persona_outputs(BOLD_PERSONA), persona_outputs(CLEAN_PERSONA)

    def generate(
        messages: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice, config: GenerateConfig
    ) -> ModelOutput:
        rollout = current_rollout()
        acts = rollout is not None and draw(settings.seed, rollout.ref.variant, rollout.epoch) < settings.rate
        return (bold if acts else clean)(messages, tools, tool_choice, config)

    return generate
