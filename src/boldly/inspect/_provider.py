"""The `boldly/<persona>` model provider: scripted personas usable anywhere Inspect takes a model."""

from __future__ import annotations

from typing import Any

from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, modelapi
from inspect_ai.tool import ToolChoice, ToolInfo

from boldly.inspect._personas import persona_outputs
from boldly.inspect._rate_persona import is_rate_persona, rate_persona_outputs


@modelapi(name="boldly")
class PersonaAPI(ModelAPI):
    """`--model boldly/email-whistleblower`: the persona plays the running boldly sample; no network.

    `boldly/bold-at-rate?rate=0.3` plays a persona that acts boldly in a known share of rollouts.
    """

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        self._outputs = (
            rate_persona_outputs(model_name) if is_rate_persona(model_name) else persona_outputs(model_name)
        )

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        return self._outputs(input, tools, tool_choice, config)

    def max_connections(self) -> int:
        return 64
