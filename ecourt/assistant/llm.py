"""The optional generative path: an OpenAI-compatible endpoint drafts the answer from the passages only.

Configured by the environment (nothing else turns it on):

    ASSISTANT_LLM_BASE_URL   e.g. http://127.0.0.1:8080/v1   (POST {base}/chat/completions)
    ASSISTANT_LLM_MODEL      the model name the endpoint expects
    ASSISTANT_LLM_API_KEY    sent as a bearer token when set
    ASSISTANT_LLM_TIMEOUT    seconds (default 30)

The prompt gives the retrieved passages, each with the way to cite it, and forbids any other source. The
draft then goes through the same citation check as an extractive answer (checking.check_generated): a
model that invents a provision, or cites one not in force on the day, loses that sentence. A failure of
the endpoint falls back to the extractive answer.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from .answers import Passage

SYSTEM = (
    "Bạn là trợ lý pháp lý cho thẩm phán. Chỉ trả lời dựa trên các đoạn văn bản pháp luật được cung cấp, "
    "không dùng bất kỳ nguồn nào khác. Mỗi câu phải trích dẫn điều, khoản của văn bản theo đúng cách ghi "
    "trong phần 'Trích dẫn'. Nếu các đoạn không đủ để trả lời, hãy nói không biết."
)


class GenerationError(Exception):
    pass


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0


def configured() -> Endpoint | None:
    base = os.environ.get("ASSISTANT_LLM_BASE_URL", "").strip()
    model = os.environ.get("ASSISTANT_LLM_MODEL", "").strip()
    if not base or not model:
        return None
    return Endpoint(
        base.rstrip("/"),
        model,
        os.environ.get("ASSISTANT_LLM_API_KEY", ""),
        float(os.environ.get("ASSISTANT_LLM_TIMEOUT", "30")),
    )


def prompt(question: str, passages: Sequence[Passage]) -> str:
    blocks = []
    for n, p in enumerate(passages, 1):
        cite = f"Điều {p.article} {p.number}"  # the form the citator reads back (checking.py)
        blocks.append(f"[{n}] Trích dẫn: {cite}\nĐiều {p.article}. {p.title}\n{p.text}")
    return "Các đoạn văn bản:\n\n" + "\n\n".join(blocks) + f"\n\nCâu hỏi: {question}"


def draft(endpoint: Endpoint, question: str, passages: Sequence[Passage]) -> str:
    """The model's answer text (raises GenerationError when the endpoint fails or answers nonsense)."""
    body = {
        "model": endpoint.model,
        "temperature": 0,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt(question, passages)}],
    }
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configured endpoint
        f"{endpoint.base_url}/chat/completions", data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:  # noqa: S310 - configured URL
            data = json.loads(response.read().decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise GenerationError(str(exc)) from exc
    if not isinstance(content, str) or not content.strip():
        raise GenerationError("empty answer")
    return content
