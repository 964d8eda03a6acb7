"""Checking model names before a run: a known provider, a known persona, the API key it needs, its package.

Everything here happens before any model is called, so a typo or a missing key costs nothing.
"""

from __future__ import annotations

import os

from inspect_ai.model import get_model
from rich.text import Text

from boldly.inspect import (  # noqa: F401  (register the boldly models)
    _faults,
    _local_provider,
    _provider,
    _rules_grader,
    _slow,
)
from boldly.inspect._inspect_compat import PrerequisiteError, registry_find, registry_unqualified_name
from boldly.inspect._personas import PERSONAS
from boldly.inspect._rate_persona import RATE_PERSONA, is_rate_persona

API_KEYS: dict[str, tuple[str, ...]] = {
    "anthropic": ("ANTHROPIC_API_KEY",),
    "openai": ("OPENAI_API_KEY",),
    "google": ("GOOGLE_API_KEY", "GEMINI_API_KEY", "VERTEX_API_KEY"),
    "openrouter": ("OPENROUTER_API_KEY",),
    "grok": ("XAI_API_KEY", "GROK_API_KEY"),
    "mistral": ("MISTRAL_API_KEY",),
    "groq": ("GROQ_API_KEY",),
    "together": ("TOGETHER_API_KEY",),
    "fireworks": ("FIREWORKS_API_KEY",),
    "deepseek": ("DEEPSEEK_API_KEY",),
    "perplexity": ("PERPLEXITY_API_KEY",),
}
"""Providers whose API key comes from the environment: any one of these variables will do."""

_KEYLESS_WHEN = {"google": ("GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_CLOUD_PROJECT")}
"""Other ways a provider can authenticate (e.g. Vertex AI with application default credentials)."""


def known_providers() -> list[str]:
    found = registry_find(lambda info: info.type == "modelapi")
    return sorted({registry_unqualified_name(provider) for provider in found})


def missing_key(model: str) -> str | None:
    """The environment variable `model` needs and lacks, if any."""
    provider, _, name = model.partition("/")
    if provider == "openai-api":
        service = name.split("/", 1)[0].upper().replace("-", "_")
        needed: tuple[str, ...] = (f"{service}_API_KEY",)
    else:
        needed = API_KEYS.get(provider, ())
    if not needed or any(os.environ.get(var) for var in needed):
        return None
    if any(os.environ.get(var) for var in _KEYLESS_WHEN.get(provider, ())):
        return None
    return " or ".join(needed)


def model_problem(model: str) -> str | None:
    """What is wrong with a model name, in words that say how to fix it; None when it will load."""
    provider, _, name = model.partition("/")
    if not provider or not name:
        return (
            f"model {model!r}: expected provider/model (e.g. anthropic/claude-sonnet-4-5, boldly/compliant)"
        )
    providers = known_providers()
    if provider not in providers:
        return f"unknown model provider {provider!r} in {model!r} (providers: {', '.join(providers)})"
    if provider == "boldly" and name not in PERSONAS and not is_rate_persona(name):
        known = ", ".join([*PERSONAS, f"{RATE_PERSONA}?rate=R"])
        return f"unknown persona {name!r} in {model!r} (personas: {known})"
    variable = missing_key(model)
    if variable:
        return f"{model}: no API key; set {variable} in the environment"
    try:
        get_model(model)
    except PrerequisiteError as error:
        message = error.message if isinstance(error.message, str) else str(error.message)
        return f"{model}: {Text.from_markup(message).plain.strip()}"
    except Exception as error:
        return f"{model}: {error}"
    return None
