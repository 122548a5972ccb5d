using System.Text.Json.Nodes;
using MusicGen.Notebooks.Execution;
using MusicGen.Notebooks.Kernel.Zmtp;

namespace MusicGen.Notebooks.Kernel;

/// <summary>
/// The requests besides execute, interrupt and shutdown: kernel_info, is_complete, complete,
/// inspect, history and comm_info (messaging.rst, one section each). Comm messages are accepted
/// and ignored (we have no comm targets); any other type is logged and left unanswered, which
/// the Compatibility section allows.
/// </summary>
internal sealed class ShellRequestHandler(JupyterKernel kernel, IKernelEngine engine)
{
    public async Task HandleAsync(RouterSocket socket, byte[] identity, JupyterMessage request)
    {
        var c = request.Content;
        JsonObject? reply = request.MsgType switch
        {
            "kernel_info_request" => KernelInfo.Content(),
            "is_complete_request" => IsComplete(Code(c)),
            "complete_request" => await CompleteAsync(Code(c), Cursor(c, Code(c))),
            "inspect_request" => await InspectAsync(Code(c), Cursor(c, Code(c))),
            "history_request" => new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() },
            "comm_info_request" => new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() },
            _ => null,
        };
        if (reply is not null)
        {
            await kernel.ReplyAsync(socket, identity, request, request.MsgType[..^"_request".Length] + "_reply", reply);
        }
        else if (!request.MsgType.StartsWith("comm_", StringComparison.Ordinal))
        {
            kernel.Log($"[kernel:{socket.Name}] ignoring unsupported message type '{request.MsgType}'");
        }
    }

    /// <summary>is_complete_reply; <c>indent</c> only when incomplete: the last line's indent,
    /// one level deeper after an opening brace.</summary>
    private JsonObject IsComplete(string code)
    {
        var state = engine.IsComplete(code);
        if (state != SubmissionCompleteness.Incomplete)
            return new JsonObject { ["status"] = state == SubmissionCompleteness.Complete ? "complete" : "invalid" };
        var lastLine = code.TrimEnd('\n', '\r').Split('\n')[^1];
        var indent = lastLine[..(lastLine.Length - lastLine.TrimStart().Length)];
        if (lastLine.TrimEnd().EndsWith('{') || lastLine.TrimEnd().EndsWith('(')) indent += "    ";
        return new JsonObject { ["status"] = "incomplete", ["indent"] = indent };
    }

    /// <summary>complete_reply with Roslyn's items. Positions cross the wire in code points.</summary>
    private async Task<JsonObject> CompleteAsync(string code, int cursorPos)
    {
        int cursor = CodePoints.ToUtf16(code, cursorPos);
        var items = await engine.CompleteAsync(code, cursor);
        int start = items.Count > 0 ? items[0].ReplaceStart : cursor;
        int end = items.Count > 0 ? items[0].ReplaceEnd : cursor;
        var matches = new JsonArray();
        var types = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(item.Text)) continue;
            matches.Add(item.Text);
            // JupyterLab shows these kinds and signatures next to the matches.
            types.Add(new JsonObject
            {
                ["text"] = item.Text, ["type"] = item.Kind.ToLowerInvariant(),
                ["start"] = CodePoints.FromUtf16(code, item.ReplaceStart), ["end"] = CodePoints.FromUtf16(code, item.ReplaceEnd),
                ["signature"] = item.Detail ?? "",
            });
        }
        return new JsonObject
        {
            ["status"] = "ok", ["matches"] = matches,
            ["cursor_start"] = CodePoints.FromUtf16(code, start), ["cursor_end"] = CodePoints.FromUtf16(code, end),
            ["metadata"] = new JsonObject { ["_jupyter_types_experimental"] = types },
        };
    }

    /// <summary>inspect_reply: the engine's description (symbol at the cursor, or the call whose parentheses
    /// hold it); else the signature of the identifier under the cursor from the completion item of the same
    /// name; else found = false.</summary>
    private async Task<JsonObject> InspectAsync(string code, int cursorPos)
    {
        int cursor = CodePoints.ToUtf16(code, cursorPos);
        if (await engine.InspectAsync(code, cursor) is { Length: > 0 } text)
            return new JsonObject
            {
                ["status"] = "ok", ["found"] = true, ["data"] = new JsonObject { ["text/plain"] = text }, ["metadata"] = new JsonObject(),
            };
        int start = cursor, end = cursor;
        while (start > 0 && IsIdentifierChar(code[start - 1])) start--;
        while (end < code.Length && IsIdentifierChar(code[end])) end++;
        var name = code[start..end];
        CompletionItem? match = null;
        if (name.Length > 0 && !char.IsDigit(name[0]))
        {
            var items = await engine.CompleteAsync(code, end);
            match = items.FirstOrDefault(i => i.Text == name && !string.IsNullOrEmpty(i.Detail));
        }
        if (match is null)
            return new JsonObject { ["status"] = "ok", ["found"] = false, ["data"] = new JsonObject(), ["metadata"] = new JsonObject() };
        return new JsonObject
        {
            ["status"] = "ok", ["found"] = true,
            ["data"] = new JsonObject { ["text/plain"] = $"{match.Kind} {match.Detail}" },
            ["metadata"] = new JsonObject(),
        };
    }

    private static string Code(JsonObject content) => (string?)content["code"] ?? "";

    private static bool IsIdentifierChar(char ch) => char.IsLetterOrDigit(ch) || ch == '_';

    /// <summary>cursor_pos, defaulting to the end of the code as ipykernel does when it is missing.</summary>
    private static int Cursor(JsonObject content, string code) =>
        content["cursor_pos"] is JsonValue v && v.TryGetValue(out int i) ? i : CodePoints.FromUtf16(code, code.Length);
}
