# Writes the response corpus; bodies follow the shapes of each provider's published API reference.
import json, os, sys
root = sys.argv[1]
def w(api, name, body):
    d = os.path.join(root, api); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name + ".json"), "w").write(json.dumps(body, indent=2) + "\n")

T0 = 1764662400  # 2025-12-02T08:00:00Z
def chat(id, model, usage, created, content="Done.", finish="stop", tool=None, extra=None, obj="chat.completion"):
    msg = {"role": "assistant", "content": content}
    if tool: msg["tool_calls"] = [{"id": "call_" + id[-6:], "type": "function", "function": {"name": tool, "arguments": "{\"city\":\"Paris\"}"}}]; msg["content"] = None
    b = {"id": id, "object": obj, "created": created, "model": model,
         "choices": [{"index": 0, "message": msg, "logprobs": None, "finish_reason": "tool_calls" if tool else finish}], "usage": usage}
    if extra: b.update(extra)
    return b

# ---- OpenAI Chat Completions
def oa(p, c, cached=None, write=None, reasoning=None, audio_in=None, audio_out=None, accepted=None, rejected=None, details=True):
    u = {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
    if details:
        pd = {"cached_tokens": cached or 0, "audio_tokens": audio_in or 0}
        if write is not None: pd["cache_write_tokens"] = write
        u["prompt_tokens_details"] = pd
        u["completion_tokens_details"] = {"reasoning_tokens": reasoning or 0, "audio_tokens": audio_out or 0,
                                          "accepted_prediction_tokens": accepted or 0, "rejected_prediction_tokens": rejected or 0}
    return u
fp = {"service_tier": "default", "system_fingerprint": "fp_1a2b3c4d5e"}
w("openai-chat", "01-basic", chat("chatcmpl-CoA001", "gpt-4o-2024-08-06", oa(19, 10), T0, "Hello! How can I help?", extra=fp))
w("openai-chat", "02-cache-hit", chat("chatcmpl-CoA002", "gpt-4o-mini-2024-07-18", oa(2006, 300, cached=1920), T0 + 60, extra=fp))
w("openai-chat", "03-reasoning", chat("chatcmpl-CoA003", "o3-2025-04-16", oa(75, 1186, reasoning=1024), T0 + 120, extra=fp))
w("openai-chat", "04-tool-call", chat("chatcmpl-CoA004", "gpt-4.1-2025-04-14", oa(82, 17), T0 + 180, tool="get_weather", extra=fp))
w("openai-chat", "05-no-details", chat("chatcmpl-CoA005", "gpt-3.5-turbo-0125", oa(9, 12, details=False), T0 + 240))
b = chat("chatcmpl-CoA006", "gpt-4o-2024-08-06", {"prompt_tokens": 56, "completion_tokens": 31, "total_tokens": 87, "prompt_tokens_details": None, "completion_tokens_details": None}, T0 + 300)
w("openai-chat", "06-null-details", b)
w("openai-chat", "07-cache-write", chat("chatcmpl-CoA007", "gpt-5-2025-08-07", oa(12000, 800, cached=4000, write=6000, reasoning=512), T0 + 360, extra=fp))
w("openai-chat", "08-audio", chat("chatcmpl-CoA008", "gpt-4o-audio-preview-2024-12-17", oa(30, 140, audio_in=20, audio_out=120), T0 + 420, extra=fp))
w("openai-chat", "09-predicted-output", chat("chatcmpl-CoA009", "gpt-4o-2024-08-06", oa(120, 90, accepted=60, rejected=5), T0 + 480, extra=fp))
w("openai-chat", "10-flex-tier", chat("chatcmpl-CoA010", "o4-mini-2025-04-16", oa(1500, 2200, cached=1024, reasoning=1900), T0 + 540, extra={"service_tier": "flex", "system_fingerprint": None}))

# ---- OpenAI Responses
def resp(id, model, i, o, cached=0, write=None, reasoning=0, created=T0, status="completed", output=None, extra=None):
    itd = {"cached_tokens": cached}
    if write is not None: itd["cache_write_tokens"] = write
    b = {"id": id, "object": "response", "created_at": created, "status": status, "error": None,
         "incomplete_details": {"reason": "max_output_tokens"} if status == "incomplete" else None,
         "model": model,
         "output": output or [{"type": "message", "id": "msg_" + id[5:], "status": "completed", "role": "assistant",
                               "content": [{"type": "output_text", "text": "Here is the answer.", "annotations": []}]}],
         "parallel_tool_calls": True, "store": True, "temperature": 1.0, "top_p": 1.0, "truncation": "disabled",
         "usage": {"input_tokens": i, "input_tokens_details": itd, "output_tokens": o,
                   "output_tokens_details": {"reasoning_tokens": reasoning}, "total_tokens": i + o}}
    if extra: b.update(extra)
    return b
rs = [{"type": "reasoning", "id": "rs_001", "summary": []}]
w("openai-responses", "01-basic", resp("resp_CoB001", "gpt-4.1-2025-04-14", 36, 87, created=T0 + 600))
w("openai-responses", "02-reasoning", resp("resp_CoB002", "o3-2025-04-16", 81, 1035, reasoning=832, created=T0 + 660, output=rs + [{"type": "message", "id": "msg_2", "status": "completed", "role": "assistant", "content": [{"type": "output_text", "text": "42", "annotations": []}]}]))
w("openai-responses", "03-cache-hit", resp("resp_CoB003", "gpt-4o-2024-08-06", 3200, 140, cached=2048, created=T0 + 720))
w("openai-responses", "04-web-search", resp("resp_CoB004", "gpt-4.1-2025-04-14", 328, 356, created=T0 + 780, output=[{"type": "web_search_call", "id": "ws_1", "status": "completed"}, {"type": "message", "id": "msg_4", "status": "completed", "role": "assistant", "content": [{"type": "output_text", "text": "News...", "annotations": []}]}]))
w("openai-responses", "05-cache-write", resp("resp_CoB005", "gpt-5.1-2025-11-13", 9000, 400, write=8192, reasoning=128, created=T0 + 840))
w("openai-responses", "06-function-call", resp("resp_CoB006", "gpt-4.1-mini-2025-04-14", 291, 23, created=T0 + 900, output=[{"type": "function_call", "id": "fc_6", "call_id": "call_6", "name": "get_weather", "arguments": "{\"location\":\"Boston\"}", "status": "completed"}]))
w("openai-responses", "07-incomplete", resp("resp_CoB007", "o4-mini-2025-04-16", 50, 300, reasoning=300, created=T0 + 960, status="incomplete", output=rs))
w("openai-responses", "08-long-cached", resp("resp_CoB008", "gpt-5-2025-08-07", 20000, 5000, cached=19968, reasoning=4096, created=T0 + 1020, extra={"service_tier": "priority"}))
w("openai-responses", "09-structured", resp("resp_CoB009", "gpt-4o-2024-08-06", 112, 45, created=T0 + 1080, extra={"text": {"format": {"type": "json_schema", "name": "event", "strict": True}}}))
w("openai-responses", "10-file-search", resp("resp_CoB010", "gpt-4.1-2025-04-14", 18000, 620, created=T0 + 1140, output=[{"type": "file_search_call", "id": "fs_10", "status": "completed", "queries": ["deep research"], "results": None}, {"type": "message", "id": "msg_10", "status": "completed", "role": "assistant", "content": [{"type": "output_text", "text": "Found it.", "annotations": []}]}]))

# ---- Anthropic Messages
def an(id, model, usage, content=None, stop="end_turn"):
    return {"id": id, "type": "message", "role": "assistant", "model": model,
            "content": content or [{"type": "text", "text": "Hello! How can I help you today?"}],
            "stop_reason": stop, "stop_sequence": None, "usage": usage}
def au(i, o, read=0, create=0, m5=None, h1=None, **more):
    u = {"input_tokens": i, "cache_creation_input_tokens": create, "cache_read_input_tokens": read, "output_tokens": o}
    if m5 is not None or h1 is not None: u["cache_creation"] = {"ephemeral_5m_input_tokens": m5 or 0, "ephemeral_1h_input_tokens": h1 or 0}
    u.update(more)
    return u
def it(type, i, o, read=0, create=0, model=None):
    x = {"type": type, "input_tokens": i, "output_tokens": o, "cache_read_input_tokens": read, "cache_creation_input_tokens": create,
         "cache_creation": {"ephemeral_5m_input_tokens": create, "ephemeral_1h_input_tokens": 0}}
    if model: x["model"] = model
    return x
w("anthropic", "01-basic", an("msg_01CoC001", "claude-sonnet-4-5-20250929", au(2095, 503, service_tier="standard")))
w("anthropic", "02-cache-1h", an("msg_01CoC002", "claude-sonnet-4-5-20250929", au(50, 320, read=24000, create=1800, m5=0, h1=1800)))
w("anthropic", "03-no-breakdown", an("msg_01CoC003", "claude-3-5-haiku-20241022", au(12, 95, create=2048)))
w("anthropic", "04-thinking", an("msg_01CoC004", "claude-opus-4-6", au(400, 3000, output_tokens_details={"thinking_tokens": 2400}),
                                 content=[{"type": "thinking", "thinking": "", "signature": "EqQB"}, {"type": "text", "text": "The answer is 7."}]))
w("anthropic", "05-server-tool", an("msg_01CoC005", "claude-sonnet-4-6", au(1600, 210, server_tool_use={"web_search_requests": 1}, service_tier="standard"),
                                    content=[{"type": "server_tool_use", "id": "srvtoolu_05", "name": "web_search", "input": {"query": "weather"}}, {"type": "text", "text": "Sunny."}]))
w("anthropic", "06-compaction", an("msg_01CoC006", "claude-opus-4-6", au(220, 8, iterations=[it("compaction", 55196, 125), it("message", 220, 8)]),
                                   content=[{"type": "compaction", "content": "Summary of the conversation so far."}, {"type": "text", "text": "Continuing."}]))
w("anthropic", "07-advisor", an("msg_01CoC007", "claude-sonnet-4-6", au(1200, 300, read=30000, iterations=[
    it("message", 600, 120, read=15000), it("advisor_message", 15800, 1600, model="claude-opus-4-6"), it("message", 600, 180, read=15000)]),
    content=[{"type": "server_tool_use", "id": "srvtoolu_07", "name": "advisor", "input": {}}, {"type": "advisor_tool_result", "tool_use_id": "srvtoolu_07", "content": {"type": "advisor_result", "text": "Plan: ..."}}, {"type": "text", "text": "Done."}]))
w("anthropic", "08-unknown-step", an("msg_01CoC008", "claude-sonnet-4-6", au(500, 40, iterations=[it("message", 500, 40), it("summary_check", 900, 60)])))
w("anthropic", "09-tool-loop", an("msg_01CoC009", "claude-sonnet-4-5-20250929", au(3400, 700, read=12000, iterations=[it("message", 1500, 300, read=6000), it("message", 1900, 400, read=6000)])))
w("anthropic", "10-fallback", an("msg_01CoC010", "claude-sonnet-4-6", au(900, 250, iterations=[it("message", 0, 0), it("fallback_message", 900, 250, model="claude-sonnet-4-6")])))
w("anthropic", "11-null-cache", an("msg_01CoC011", "claude-3-7-sonnet-20250219", {"input_tokens": 25, "cache_creation_input_tokens": None, "cache_read_input_tokens": None, "output_tokens": 300}))
w("anthropic", "12-partial-breakdown", an("msg_01CoC012", "claude-sonnet-4-5-20250929", au(10, 50, create=3000, m5=1000, h1=1500)))

# ---- Gemini generateContent
def ge(rid, model, prompt, cand=None, thoughts=None, cached=None, tool=None, details=None, create=None, finish="STOP"):
    u = {"promptTokenCount": prompt}
    if cand is not None: u["candidatesTokenCount"] = cand
    if cached is not None: u["cachedContentTokenCount"] = cached
    if tool is not None: u["toolUsePromptTokenCount"] = tool
    if thoughts is not None: u["thoughtsTokenCount"] = thoughts
    u["totalTokenCount"] = prompt + (cand or 0) + (thoughts or 0) + (tool or 0)
    u["promptTokensDetails"] = details or [{"modality": "TEXT", "tokenCount": prompt}]
    b = {"candidates": [{"content": {"parts": [{"text": "Here you go."}], "role": "model"}, "finishReason": finish, "index": 0}],
         "usageMetadata": u, "modelVersion": model, "responseId": rid}
    if create: b["createTime"] = create
    return b
w("gemini", "01-basic", ge("CoD001aaaa", "gemini-2.5-flash", 8, 120))
w("gemini", "02-thinking", ge("CoD002aaaa", "gemini-2.5-pro", 11, 900, thoughts=1500))
w("gemini", "03-cached", ge("CoD003aaaa", "gemini-2.5-flash", 40000, 300, cached=32000))
w("gemini", "04-tool-use-prompt", ge("CoD004aaaa", "gemini-2.5-flash", 120, 200, thoughts=100, tool=800))
w("gemini", "05-2-0-flash", ge("CoD005aaaa", "gemini-2.0-flash", 5, 7))
w("gemini", "06-no-candidates", ge("CoD006aaaa", "gemini-2.5-flash", 30, None, thoughts=50, finish="MAX_TOKENS"))
w("gemini", "07-image-prompt", ge("CoD007aaaa", "gemini-2.5-flash-lite", 1290, 80, details=[{"modality": "TEXT", "tokenCount": 258}, {"modality": "IMAGE", "tokenCount": 1032}]))
w("gemini", "08-vertex-long", ge("CoD008aaaa", "gemini-2.5-pro", 250000, 1000, thoughts=2000, create="2025-12-02T08:30:00.123456Z"))
w("gemini", "09-cached-thinking", ge("CoD009aaaa", "gemini-2.5-pro", 600, 90, thoughts=300, cached=512))
w("gemini", "10-flash-lite", ge("CoD010aaaa", "gemini-2.0-flash-lite", 1000, 50))

# ---- Groq (OpenAI-shaped, x_groq)
def gq(n, model, p, c, cached=None, reasoning=None, tool=None):
    u = {"queue_time": 0.017, "prompt_tokens": p, "prompt_time": 0.0012, "completion_tokens": c, "completion_time": 0.31, "total_tokens": p + c, "total_time": 0.32}
    if cached is not None: u["prompt_tokens_details"] = {"cached_tokens": cached}
    if reasoning is not None: u["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    return chat("chatcmpl-CoE%03d" % n, model, u, T0 + 2000 + n, tool=tool, extra={"system_fingerprint": "fp_groq%02d" % n, "x_groq": {"id": "req_CoE%03d" % n}, "service_tier": "on_demand"})
w("groq", "01-llama-70b", gq(1, "llama-3.3-70b-versatile", 24, 377))
w("groq", "02-llama-8b", gq(2, "llama-3.1-8b-instant", 55, 12))
w("groq", "03-gpt-oss-reasoning", gq(3, "openai/gpt-oss-120b", 90, 700, reasoning=512))
w("groq", "04-kimi-cached", gq(4, "moonshotai/kimi-k2-instruct-0905", 3000, 400, cached=2048))
w("groq", "05-qwen", gq(5, "qwen/qwen3-32b", 40, 900))
w("groq", "06-llama-4-scout", gq(6, "meta-llama/llama-4-scout-17b-16e-instruct", 1200, 88))
w("groq", "07-tool-call", gq(7, "llama-3.3-70b-versatile", 310, 25, tool="get_weather"))
w("groq", "08-gpt-oss-20b", gq(8, "openai/gpt-oss-20b", 150, 260, reasoning=200))
w("groq", "09-gemma", gq(9, "gemma2-9b-it", 18, 33))
w("groq", "10-llama3-70b", gq(10, "llama3-70b-8192", 400, 150))

# ---- Mistral chat completions
def mi(n, model, p, c, cached=None, num_cached=None, tool=None):
    u = {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
    if cached is not None: u["prompt_tokens_details"] = {"cached_tokens": cached}
    if num_cached is not None: u["num_cached_tokens"] = num_cached
    return chat("cmpl-CoF%03d" % n, model, u, T0 + 3000 + n, tool=tool)
w("mistral", "01-small", mi(1, "mistral-small-latest", 16, 34))
w("mistral", "02-large-cached", mi(2, "mistral-large-latest", 2100, 250, cached=1984, num_cached=1984))
w("mistral", "03-medium-zero-cache", mi(3, "mistral-medium-latest", 300, 120, cached=0, num_cached=0))
w("mistral", "04-codestral", mi(4, "codestral-latest", 45, 60))
w("mistral", "05-magistral", mi(5, "magistral-medium-latest", 70, 1500))
w("mistral", "06-ministral", mi(6, "ministral-8b-latest", 12, 8))
w("mistral", "07-pixtral", mi(7, "pixtral-large-latest", 1700, 90))
w("mistral", "08-devstral-tool", mi(8, "devstral-small-latest", 900, 40, cached=640, num_cached=640, tool="run_tests"))
w("mistral", "09-cached-fields-differ", mi(9, "mistral-large-2512", 1000, 100, cached=960, num_cached=1024))
w("mistral", "10-nemo", mi(10, "open-mistral-nemo", 25, 200))

# ---- DeepSeek
def ds(n, model, hit, miss, c, reasoning=None, details=True, tool=None, obj="chat.completion"):
    p = hit + miss
    u = {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}
    if details: u["prompt_tokens_details"] = {"cached_tokens": hit}
    if reasoning is not None: u["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    u["prompt_cache_hit_tokens"] = hit
    u["prompt_cache_miss_tokens"] = miss
    b = chat("CoG%03d-0000-4000-8000-000000000000" % n, model, u, T0 + 4000 + n, tool=tool, extra={"system_fingerprint": "fp_ds%02d_prod0820_fp8_kvcache" % n}, obj=obj)
    return b
w("deepseek", "01-chat", ds(1, "deepseek-chat", 0, 16, 10))
w("deepseek", "02-chat-cache-hit", ds(2, "deepseek-chat", 1280, 20, 60))
w("deepseek", "03-reasoner", ds(3, "deepseek-reasoner", 0, 30, 900, reasoning=750))
w("deepseek", "04-reasoner-cached", ds(4, "deepseek-reasoner", 3840, 160, 1200, reasoning=1000))
w("deepseek", "05-tool-call", ds(5, "deepseek-chat", 128, 82, 22, tool="get_weather"))
w("deepseek", "06-no-details", ds(6, "deepseek-chat", 448, 52, 70, details=False))
w("deepseek", "07-json-output", ds(7, "deepseek-chat", 64, 31, 40))
w("deepseek", "08-long", ds(8, "deepseek-chat", 59904, 96, 2000))
w("deepseek", "09-reasoner-short", ds(9, "deepseek-reasoner", 0, 12, 300, reasoning=280))
w("deepseek", "10-fim", ds(10, "deepseek-chat", 0, 20, 64, obj="text_completion"))
