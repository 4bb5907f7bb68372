"""Build the OpenAI SDK client for the configured provider.

* ``openai`` — ``AsyncOpenAI`` against api.openai.com, or against any OpenAI-compatible server
  (Ollama, vLLM, LM Studio, llama.cpp server) when ``OPENAI_BASE_URL`` is set. Such servers
  often need no key; a placeholder is sent then, because the SDK insists on one.
* ``azure`` — ``AsyncAzureOpenAI`` on ``AZURE_OPENAI_ENDPOINT`` with ``OPENAI_API_VERSION``;
  the deployment (``AZURE_OPENAI_DEPLOYMENT``, else the model name) is what requests address.
* ``offline`` — no client at all.

The SDK's own retries are switched off (``max_retries=0``): the gateway retries, and counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from openai import AsyncAzureOpenAI, AsyncOpenAI

from bot.errors import ConfigurationError
from bot.settings import LLMSettings

DEFAULT_AZURE_API_VERSION = "2024-10-21"
"""Used when ``OPENAI_API_VERSION`` is empty: a GA version with structured outputs."""

KEYLESS_PLACEHOLDER = "no-key"
"""Sent as the key to OpenAI-compatible servers configured without one."""

OPENAI_API_URL = "https://api.openai.com/v1"

TokenLimitParam = Literal["max_tokens", "max_completion_tokens"]


@dataclass(frozen=True, slots=True)
class ProviderClient:
    """The SDK client and what to call it with. ``model`` is the deployment name on Azure."""

    client: AsyncOpenAI
    provider: Literal["openai", "azure"]
    model: str
    token_limit_param: TokenLimitParam = "max_tokens"
    """OpenAI's own API wants ``max_completion_tokens`` (its reasoning models reject
    ``max_tokens``); Azure's GA API versions and the compatible servers take ``max_tokens``."""


def build_client(settings: LLMSettings) -> ProviderClient | None:
    """The client for ``settings.provider``, or None when the provider is ``offline``."""
    provider = settings.provider
    if provider == "offline":
        return None
    if settings.timeout_s <= 0:
        raise ConfigurationError("NOBLESSE_LLM_TIMEOUT must be positive")
    if provider == "azure":
        deployment = settings.azure_deployment or settings.model
        if not deployment:
            raise ConfigurationError("AZURE_OPENAI_DEPLOYMENT (or OPENAI_MODEL) must be set")
        azure = AsyncAzureOpenAI(
            azure_endpoint=settings.azure_endpoint,
            azure_deployment=deployment,
            api_version=settings.api_version or DEFAULT_AZURE_API_VERSION,
            api_key=settings.azure_api_key or settings.api_key,
            timeout=settings.timeout_s,
            max_retries=0,
        )
        return ProviderClient(client=azure, provider="azure", model=deployment)
    if not settings.model:
        raise ConfigurationError("OPENAI_MODEL must name a model")
    client = AsyncOpenAI(
        api_key=settings.api_key or KEYLESS_PLACEHOLDER,
        base_url=settings.base_url or OPENAI_API_URL,
        timeout=settings.timeout_s,
        max_retries=0,
    )
    return ProviderClient(
        client=client,
        provider="openai",
        model=settings.model,
        token_limit_param="max_tokens" if settings.base_url else "max_completion_tokens",
    )
