"""The language-model layer: one gateway (OpenAI, Azure OpenAI or any OpenAI-compatible
server), prompts as strict data files, usage and budgets, and the feedback judge.

Callers catch :class:`LLMError` and use the offline engine; see :mod:`bot.llm.gateway`.
"""
