"""The embedded local model: a small GGUF model run in-process by llama.cpp (xllamacpp), offline, on CPU.

Known models are assembled from weight packages on PyPI (`KNOWN_MODELS`), joined once into a verified cache
file; any other GGUF file can be given by path. Tool calls the model writes as text are parsed by
`parse_reply`. Nothing here imports Inspect: `boldly.inspect` wraps this as the `local/...` model provider.
"""

from boldly.local._cache import CACHE_DIR_VARIABLE, cache_dir, join_parts
from boldly.local._catalog import KNOWN_MODELS, KnownModel, PartPackage
from boldly.local._errors import (
    ContextExceeded,
    LocalModelError,
    RuntimeNotInstalled,
    WeightsMismatch,
    WeightsNotInstalled,
)
from boldly.local._parts import part_files
from boldly.local._pool import shared_server
from boldly.local._runtime import (
    INSTALL_HINT,
    ChatReply,
    ChatTimings,
    ChatUsage,
    LocalServer,
    RuntimeSettings,
    load_runtime,
)
from boldly.local._tool_calls import (
    OfferedTools,
    ParsedReply,
    ParsedToolCall,
    call_from_object,
    parse_reply,
)
from boldly.local._weights import known_model_file, weights_file

__all__ = [
    "CACHE_DIR_VARIABLE",
    "INSTALL_HINT",
    "KNOWN_MODELS",
    "ChatReply",
    "ChatTimings",
    "ChatUsage",
    "ContextExceeded",
    "KnownModel",
    "LocalModelError",
    "LocalServer",
    "OfferedTools",
    "ParsedReply",
    "ParsedToolCall",
    "PartPackage",
    "RuntimeNotInstalled",
    "RuntimeSettings",
    "WeightsMismatch",
    "WeightsNotInstalled",
    "cache_dir",
    "call_from_object",
    "join_parts",
    "known_model_file",
    "load_runtime",
    "parse_reply",
    "part_files",
    "shared_server",
    "weights_file",
]
