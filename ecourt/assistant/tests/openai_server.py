"""A tiny OpenAI-compatible server for the tests: ``python openai_server.py PORT_FILE DRAFT_FILE``.

It speaks the protocol (``POST /v1/chat/completions`` → a chat completion object; ``GET /v1/models``)
and answers every chat with the draft in DRAFT_FILE; it writes the port it listens on to PORT_FILE and
each request body to PORT_FILE + ".requests" (one JSON per line), so a test can read what was asked.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PORT_FILE = Path(sys.argv[1])
DRAFT = Path(sys.argv[2]).read_text(encoding="utf-8")
REQUESTS = Path(str(PORT_FILE) + ".requests")


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": "fixed-draft", "object": "model"}]})
        else:
            self._send(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": "not found"}})
            return
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        with REQUESTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"body": body, "authorization": self.headers.get("Authorization")}) + "\n")
        if not body.get("messages"):
            self._send(400, {"error": {"message": "messages is required"}})
            return
        self._send(
            200,
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fixed-draft"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": DRAFT}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            },
        )

    def log_message(self, *args: object) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
PORT_FILE.write_text(str(server.server_address[1]))
server.serve_forever()
