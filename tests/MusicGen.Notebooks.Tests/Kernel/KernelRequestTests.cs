using System.Text;
using System.Text.Json.Nodes;
using MusicGen.Notebooks.Kernel;

namespace MusicGen.Notebooks.Tests.Kernel;

/// <summary>The other shell, control, stdin and heartbeat traffic, and message verification.</summary>
public class KernelRequestTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(400);

    private static async Task<FakeJupyterClient.Received> Request(KernelHarness h, string type, JsonObject content, string channel = "shell")
    {
        var id = await h.Client.SendAsync(channel, type, content);
        var reply = await h.Client.ReceiveAsync(channel, expectParent: id);
        await h.Client.IopubUntilIdleAsync(id);
        return reply;
    }

    [Fact]
    public async Task Is_complete_answers_complete_incomplete_with_indent_and_invalid()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var complete = await Request(h, "is_complete_request", new JsonObject { ["code"] = "x" });
        Assert.Equal(("is_complete_reply", "complete"), (complete.MsgType, (string?)complete.Content["status"]));
        Assert.Null(complete.Content["indent"]);
        var open = await Request(h, "is_complete_request", new JsonObject { ["code"] = "  if (x) {" });
        Assert.Equal("incomplete", (string?)open.Content["status"]);
        Assert.Equal("      ", (string?)open.Content["indent"]);
        Assert.Equal("invalid", (string?)(await Request(h, "is_complete_request", new JsonObject { ["code"] = "!!" })).Content["status"]);
    }

    [Fact]
    public async Task Complete_reply_counts_cursor_positions_in_code_points()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        // "🎵" is one code point but two UTF-16 units; the cursor sits after "Al" (code point 6).
        var code = "/*🎵*/Al";
        Assert.Equal(8, code.Length);
        var reply = await Request(h, "complete_request", new JsonObject { ["code"] = code, ["cursor_pos"] = 7 });
        Assert.Equal("complete_reply", reply.MsgType);
        Assert.Equal(["Alpha"], reply.Content["matches"]!.AsArray().Select(m => (string)m!).ToArray());
        Assert.Equal(5, (int)reply.Content["cursor_start"]!);
        Assert.Equal(7, (int)reply.Content["cursor_end"]!);
        var types = reply.Content["metadata"]!["_jupyter_types_experimental"]!.AsArray();
        Assert.Equal("method", (string?)types[0]!["type"]);

        var none = await Request(h, "complete_request", new JsonObject { ["code"] = "zz", ["cursor_pos"] = 2 });
        Assert.Empty(none.Content["matches"]!.AsArray());
        Assert.Equal(2, (int)none.Content["cursor_start"]!);
    }

    [Fact]
    public async Task Inspect_returns_the_signature_of_the_name_under_the_cursor_or_found_false()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var found = await Request(h, "inspect_request", new JsonObject { ["code"] = "Beta(1)", ["cursor_pos"] = 2, ["detail_level"] = 0 });
        Assert.Equal("inspect_reply", found.MsgType);
        Assert.True((bool)found.Content["found"]!);
        Assert.Contains("void Beta(int x)", (string)found.Content["data"]!["text/plain"]!);
        var missing = await Request(h, "inspect_request", new JsonObject { ["code"] = "Gamma", ["cursor_pos"] = 3, ["detail_level"] = 0 });
        Assert.False((bool)missing.Content["found"]!);
        Assert.Equal("ok", (string?)missing.Content["status"]);
    }

    [Fact]
    public async Task History_and_comm_info_are_empty_and_unknown_types_are_ignored()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var history = await Request(h, "history_request", new JsonObject { ["output"] = false, ["raw"] = true, ["hist_access_type"] = "tail", ["n"] = 10 });
        Assert.Equal(("history_reply", 0), (history.MsgType, history.Content["history"]!.AsArray().Count));
        var comms = await Request(h, "comm_info_request", new JsonObject());
        Assert.Equal(("comm_info_reply", 0), (comms.MsgType, comms.Content["comms"]!.AsObject().Count));

        var id = await h.Client.SendAsync("shell", "no_such_request", new JsonObject());
        await Assert.ThrowsAsync<TimeoutException>(() => h.Client.ReceiveAsync("shell", timeout: Short));
        await h.Client.IopubUntilIdleAsync(id); // still busy/idle
        Assert.Contains("no_such_request", h.LogText);
    }

    [Fact]
    public async Task Content_of_the_wrong_type_gets_an_error_reply_instead_of_silence()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var reply = await Request(h, "is_complete_request", new JsonObject { ["code"] = 42 });
        Assert.Equal(("is_complete_reply", "error"), (reply.MsgType, (string?)reply.Content["status"]));
        Assert.NotEmpty((string)reply.Content["ename"]!);
        var shutdown = await Request(h, "shutdown_request", new JsonObject { ["restart"] = "yes" }, channel: "control");
        Assert.Equal(("shutdown_reply", "ok", false), (shutdown.MsgType, (string?)shutdown.Content["status"], (bool)shutdown.Content["restart"]!));
    }

    [Fact]
    public async Task Wrongly_signed_or_unsigned_messages_are_dropped_and_the_kernel_stays_alive()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        await h.Client.SendAsync("shell", "kernel_info_request", new JsonObject(), signatureOverride: new string('0', 64));
        await h.Client.SendAsync("shell", "kernel_info_request", new JsonObject(), signatureOverride: "");
        // A correct signature over different content (header tampered after signing).
        var (frames, _) = h.Client.Build("kernel_info_request", new JsonObject());
        frames[2] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(frames[2]).Replace("test", "evil"));
        await h.Client.Peer("shell").SendAsync(frames);
        await h.Client.Peer("shell").SendAsync(Encoding.ASCII.GetBytes("garbage"));
        await Assert.ThrowsAsync<TimeoutException>(() => h.Client.ReceiveAsync("shell", timeout: Short));
        Assert.Contains("invalid signature", h.LogText);
        Assert.Contains("unsigned message", h.LogText);
        Assert.Contains("no <IDS|MSG> delimiter", h.LogText);

        var ok = await Request(h, "kernel_info_request", new JsonObject());
        Assert.Equal("kernel_info_reply", ok.MsgType);
    }

    [Fact]
    public async Task A_replayed_message_is_rejected_so_its_code_does_not_run_twice()
    {
        var engine = new ScriptedEngine();
        await using var h = await KernelHarness.StartAsync(engine);
        var (frames, id) = h.Client.Build("execute_request", new JsonObject { ["code"] = "out:once" });
        await h.Client.Peer("shell").SendAsync(frames);
        await h.Client.ReceiveAsync("shell", expectParent: id);
        await h.Client.Peer("shell").SendAsync(frames);
        await Assert.ThrowsAsync<TimeoutException>(() => h.Client.ReceiveAsync("shell", timeout: Short));
        Assert.Equal(["out:once"], engine.Executed);
        Assert.Contains("duplicate signature", h.LogText);
    }

    [Fact]
    public async Task With_an_empty_key_nothing_is_signed_or_checked()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine(), key: "");
        var id = await h.Client.SendAsync("shell", "kernel_info_request", new JsonObject());
        Assert.Equal("kernel_info_reply", (await h.Client.ReceiveAsync("shell", expectParent: id)).MsgType);
    }

    [Fact]
    public async Task Interrupt_cancels_the_running_cell_and_the_kernel_runs_the_next_one()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var c = h.Client;
        var run = await c.SendAsync("shell", "execute_request", new JsonObject { ["code"] = "out:start\nwait", ["stop_on_error"] = false });
        await c.IopubWaitForAsync(run, "execute_input");
        var interrupt = await c.SendAsync("control", "interrupt_request", new JsonObject());
        var ir = await c.ReceiveAsync("control", expectParent: interrupt);
        Assert.Equal(("interrupt_reply", "ok"), (ir.MsgType, (string?)ir.Content["status"]));
        var reply = await c.ReceiveAsync("shell", expectParent: run);
        Assert.Equal(("error", "OperationCanceledException"), ((string?)reply.Content["status"], (string?)reply.Content["ename"]));
        var (_, next) = await h.ExecuteAsync("out:after");
        Assert.Equal("ok", (string?)next.Content["status"]);
    }

    [Fact]
    public async Task A_cell_blocked_in_a_call_gets_a_stderr_line_explaining_why_it_still_runs()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        h.Kernel.InterruptWarningDelay = TimeSpan.FromMilliseconds(100);
        var c = h.Client;
        var run = await c.SendAsync("shell", "execute_request", new JsonObject { ["code"] = "spin:1500\nout:done" });
        await c.IopubWaitForAsync(run, "execute_input");
        await c.SendAsync("control", "interrupt_request", new JsonObject());
        await c.ReceiveAsync("control");
        var warning = await c.IopubWaitForAsync(run, "stream");
        Assert.Equal("stderr", (string?)warning.Content["name"]);
        Assert.Contains("still inside a call that does not return", (string?)warning.Content["text"]);
        // The cell still ends normally.
        Assert.Equal("ok", (string?)(await c.ReceiveAsync("shell", expectParent: run)).Content["status"]);
    }

    [Fact]
    public async Task Input_request_goes_to_the_stdin_peer_with_the_shell_identity_and_the_reply_reaches_the_cell()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var c = h.Client;
        var id = await c.SendAsync("shell", "execute_request", new JsonObject { ["code"] = "input:Your name? ", ["allow_stdin"] = true });
        var request = await c.ReceiveAsync("stdin", expectParent: id);
        Assert.Equal("input_request", request.MsgType);
        Assert.Equal("Your name? ", (string?)request.Content["prompt"]);
        Assert.False((bool)request.Content["password"]!);
        var (frames, _) = c.Build("input_reply", new JsonObject { ["value"] = "Ada" }, parent: request.Header);
        await c.Peer("stdin").SendAsync(frames);
        Assert.Equal("ok", (string?)(await c.ReceiveAsync("shell", expectParent: id)).Content["status"]);
        var output = await c.IopubWaitForAsync(id, "stream");
        Assert.Equal("got Ada", (string?)output.Content["text"]);

        // Without allow_stdin the cell gets no input hook at all.
        var (_, denied) = await h.ExecuteAsync("input:x", o => o["stop_on_error"] = false);
        Assert.Equal("error", (string?)denied.Content["status"]);
    }

    [Fact]
    public async Task Heartbeat_echoes_and_shutdown_replies_then_finishes()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var hb = h.Client.Peer("hb");
        await hb.SendAsync([], Encoding.ASCII.GetBytes("ping"));
        var echo = await hb.ReceiveAsync();
        Assert.Equal("ping", Encoding.ASCII.GetString(echo[1]));

        var id = await h.Client.SendAsync("control", "shutdown_request", new JsonObject { ["restart"] = true });
        var reply = await h.Client.ReceiveAsync("control", expectParent: id);
        Assert.Equal(("shutdown_reply", true), (reply.MsgType, (bool)reply.Content["restart"]!));
        Assert.Equal("idle", (string?)(await h.Client.IopubUntilIdleAsync(id))[^1].Content["execution_state"]);
        Assert.Same(h.Kernel.Finished, await Task.WhenAny(h.Kernel.Finished, Task.Delay(FakeZmtpPeer.DefaultTimeout)));
        Assert.True(h.Kernel.RestartRequested);
    }

    [Fact]
    public async Task Two_clients_each_get_only_their_own_replies_and_both_see_iopub()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        await using var second = await FakeJupyterClient.ConnectAsync(h.Endpoints, h.Key);
        var a = await h.Client.SendAsync("shell", "kernel_info_request", new JsonObject());
        var b = await second.SendAsync("shell", "history_request", new JsonObject());
        Assert.Equal("kernel_info_reply", (await h.Client.ReceiveAsync("shell", expectParent: a)).MsgType);
        Assert.Equal("history_reply", (await second.ReceiveAsync("shell", expectParent: b)).MsgType);
        await Assert.ThrowsAsync<TimeoutException>(() => h.Client.ReceiveAsync("shell", timeout: Short));
        // IOPub is a broadcast: the first client also sees the status of the second one's request.
        Assert.Equal(2, (await h.Client.IopubUntilIdleAsync(b)).Count);
    }
}
