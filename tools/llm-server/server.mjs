// An OpenAI-compatible chat server over a real GGUF model, run by llama.cpp through node-llama-cpp's
// prebuilt binaries (npm), for the assistant's optional generative path (ecourt/assistant/llm.py).
//
//   node server.mjs --model FILE.gguf [--host 127.0.0.1] [--port 8080] [--port-file F]
//                   [--name smollm2-135m-instruct] [--threads N] [--context-size 4096] [--max-tokens 256]
//                   [--repeat-penalty 1.1] [--log FILE]
//
// Speaks what llm.py sends: POST /v1/chat/completions ({model, messages, temperature, max_tokens?}) →
// a chat.completion object; GET /v1/models. One request at a time (one context on a small CPU model):
// the others wait their turn. --port 0 takes a free port; --port-file receives it once the model is loaded,
// so a test knows when to ask; --log appends each request and its answer as one JSON line, so a test can
// compare the model's own text with what the assistant kept. Started by bin/llm-server, which installs the packages and the model.
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

import { getLlama, LlamaChatSession } from "node-llama-cpp";

const { values: opts } = parseArgs({
    options: {
        model: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "8080" },
        "port-file": { type: "string" },
        name: { type: "string", default: "smollm2-135m-instruct" },
        threads: { type: "string", default: "0" },
        "context-size": { type: "string", default: "4096" },
        "max-tokens": { type: "string", default: "256" },
        "repeat-penalty": { type: "string", default: "1.1" },
        log: { type: "string" },
    },
});
if (!opts.model) {
    console.error("server.mjs: --model FILE.gguf is required");
    process.exit(2);
}

const started = Date.now();
// build: "never": only the prebuilt binaries that came with the npm packages, never a download or a compile.
const llama = await getLlama({ gpu: false, build: "never" });
const model = await llama.loadModel({ modelPath: opts.model, gpuLayers: 0 });
const threads = Number(opts.threads) || undefined; // 0: node-llama-cpp's default (the machine's cores)
const context = await model.createContext({
    contextSize: Math.min(Number(opts["context-size"]), model.trainContextSize),
    ...(threads ? { threads } : {}),
});
const sequence = context.getSequence();
const loadSeconds = (Date.now() - started) / 1000;

let queue = Promise.resolve();

async function complete(body) {
    const t0 = Date.now();
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const last = messages.at(-1);
    if (!last || last.role !== "user" || typeof last.content !== "string") {
        throw Object.assign(new Error("the last message must be the user's, as text"), { status: 400 });
    }
    const history = [];
    for (const m of messages.slice(0, -1)) {
        if (m.role === "system") history.push({ type: "system", text: String(m.content) });
        else if (m.role === "user") history.push({ type: "user", text: String(m.content) });
        else if (m.role === "assistant") history.push({ type: "model", response: [String(m.content)] });
    }
    await sequence.clearHistory(); // each request stands alone, as with a stateless API
    const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
        if (history.length) session.setChatHistory(history);
        const result = await session.promptWithMeta(last.content, {
            temperature: typeof body.temperature === "number" ? body.temperature : 0,
            maxTokens: Number(body.max_tokens) || Number(opts["max-tokens"]),
            // llama.cpp's classic default (1.1 over the last 64 tokens): at temperature 0 a 135M model
            // otherwise loops on one phrase ("Điều 6. Điều 6. …") until max_tokens. 1 turns it off.
            ...(Number(opts["repeat-penalty"]) > 1
                ? { repeatPenalty: { penalty: Number(opts["repeat-penalty"]), lastTokens: 64 } }
                : {}),
        });
        const text = result.responseText;
        const promptTokens = model.tokenize(messages.map((m) => String(m.content)).join("\n")).length;
        const completionTokens = model.tokenize(text).length;
        return {
            id: `chatcmpl-${Date.now()}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: opts.name,
            choices: [
                {
                    index: 0,
                    message: { role: "assistant", content: text },
                    finish_reason: result.stopReason === "maxTokens" ? "length" : "stop",
                },
            ],
            usage: {
                prompt_tokens: promptTokens,
                completion_tokens: completionTokens,
                total_tokens: promptTokens + completionTokens,
            },
            // Not in OpenAI's protocol: what the tests and docs report as the answer's latency.
            x_seconds: (Date.now() - t0) / 1000,
        };
    } finally {
        session.dispose({ disposeSequence: false });
    }
}

function send(res, status, body) {
    const data = Buffer.from(JSON.stringify(body), "utf-8");
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": data.length });
    res.end(data);
}

const server = http.createServer((req, res) => {
    const path = (req.url || "").split("?")[0].replace(/\/+$/, "");
    if (req.method === "GET" && path === "/v1/models") {
        send(res, 200, { object: "list", data: [{ id: opts.name, object: "model", owned_by: "local" }] });
        return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
        send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
        return;
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
        let body;
        try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf-8"));
        } catch {
            send(res, 400, { error: { message: "the body is not JSON", type: "invalid_request_error" } });
            return;
        }
        queue = queue.then(async () => {
            try {
                const answer = await complete(body);
                if (opts.log) fs.appendFileSync(opts.log, JSON.stringify({ request: body, response: answer }) + "\n");
                send(res, 200, answer);
            } catch (err) {
                send(res, err.status || 500, { error: { message: String(err.message || err), type: "server_error" } });
            }
        });
    });
});

server.listen(Number(opts.port), opts.host, () => {
    const { port } = server.address();
    console.log(
        `llm-server: ${opts.name} (${opts.model}) loaded in ${loadSeconds.toFixed(1)} s, ` +
            `context ${context.contextSize} tokens; listening on http://${opts.host}:${port}/v1`,
    );
    if (opts["port-file"]) fs.writeFileSync(opts["port-file"], String(port));
});

for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
        server.close();
        process.exit(0);
    });
}
