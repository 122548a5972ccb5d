using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MusicGen.Notebooks.Kernel.Zmtp;

namespace MusicGen.Notebooks.Tests.Kernel;

/// <summary>
/// Issue 14's kernel repros: a client without the key sending huge messages, taking over another peer's
/// identity, and a connection file without a key. The frontend's own traffic must keep working throughout.
/// </summary>
public class KernelHostileInputTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(400);
    private const long MiB = 1024 * 1024;

    private static async Task AssertStillAnswers(KernelHarness h)
    {
        var id = await h.Client.SendAsync("shell", "kernel_info_request", new JsonObject());
        Assert.Equal("kernel_info_reply", (await h.Client.ReceiveAsync("shell", expectParent: id)).MsgType);
    }

    private static Task<FakeZmtpPeer> Intruder(KernelHarness h, byte[]? identity = null) =>
        FakeZmtpPeer.ConnectAsync(new IPEndPoint(IPAddress.Parse(h.Endpoints.Ip), h.Endpoints.ShellPort), "DEALER", identity);

    /// <summary>The frame header of a LONG frame of <paramref name="size"/> octets, with MORE.</summary>
    private static byte[] LongHeader(ulong size)
    {
        var head = new byte[9];
        head[0] = 0x03;
        BinaryPrimitives.WriteUInt64BigEndian(head.AsSpan(1), size);
        return head;
    }

    [Fact]
    public async Task A_400_MB_frame_drops_its_peer_from_the_header_before_anything_is_allocated()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        Assert.Equal(ZmtpSocket.DefaultMaxMessageSize, h.Kernel.MaxMessageSize);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        await using var intruder = await Intruder(h);
        // The repro: 6 frames of 400 MB. The first header already exceeds the 256 MB cap.
        await intruder.SendRawAsync([.. LongHeader(400 * MiB), .. new byte[64 * 1024]]);
        Assert.True(await intruder.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)), "the kernel kept the oversize peer");
        Assert.Contains("exceed the message size limit", h.LogText);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 64 * MiB, $"managed memory grew by {(after - before) / MiB} MiB");
        await AssertStillAnswers(h);
    }

    [Fact]
    public async Task Frames_that_add_up_past_the_cap_drop_the_peer_and_the_memory_is_given_back()
    {
        // A 48 MiB cap so the test moves little data: 20 MiB frames, the third crosses it.
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine(), maxMessageSize: 48 * MiB);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        await using var intruder = await Intruder(h);
        var frame = new byte[20 * MiB];
        await intruder.SendRawAsync([.. LongHeader((ulong)frame.Length), .. frame]);
        await intruder.SendRawAsync([.. LongHeader((ulong)frame.Length), .. frame]);
        await intruder.SendRawAsync(LongHeader((ulong)frame.Length));
        Assert.True(await intruder.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)), "the kernel kept the oversize peer");
        Assert.Contains("exceed the message size limit", h.LogText);
        frame = null;
        // The 40 MiB the kernel buffered are garbage now and collected (the kernel also collects aggressively).
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 24 * MiB, $"managed memory stayed {(after - before) / MiB} MiB above the start");
        await AssertStillAnswers(h);
    }

    [Fact]
    public async Task A_forged_message_is_refused_on_arrival_even_while_a_cell_runs()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        var running = await h.Client.SendAsync("shell", "execute_request", new JsonObject { ["code"] = "wait" });
        await h.Client.IopubWaitForAsync(running, "execute_input");
        await using var intruder = await Intruder(h);
        var (frames, _) = h.Client.Build("execute_request", new JsonObject { ["code"] = "out:pwned" }, signatureOverride: new string('a', 64));
        await intruder.SendAsync(frames);
        // Rejected while the shell loop is still busy with "wait": the check does not wait for the queue.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!h.LogText.Contains("invalid signature") && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Contains("invalid signature", h.LogText);
        var interrupt = await h.Client.SendAsync("control", "interrupt_request", new JsonObject());
        await h.Client.ReceiveAsync("control", expectParent: interrupt);
        await h.Client.ReceiveAsync("shell", expectParent: running);
        await Assert.ThrowsAsync<TimeoutException>(() => intruder.ReceiveAsync(Short));
    }

    [Fact]
    public async Task A_second_connection_with_an_identity_in_use_is_refused_and_cannot_take_the_replies()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine());
        // The intruder read the session id from IOPub and presents it as its routing identity.
        await using var intruder = await Intruder(h, Encoding.ASCII.GetBytes(h.Client.Session));
        Assert.True(await intruder.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)), "the kernel accepted a duplicate identity");
        Assert.Contains("is already connected", h.LogText);
        var (_, reply) = await h.ExecuteAsync("out:mine");
        Assert.Equal("ok", (string?)reply.Content["status"]);
    }

    [Fact]
    public async Task Without_a_key_the_kernel_warns_once_at_start()
    {
        await using var h = await KernelHarness.StartAsync(new ScriptedEngine(), key: "");
        await AssertStillAnswers(h);
        var log = h.LogText;
        int first = log.IndexOf("the connection file has no key", StringComparison.Ordinal);
        Assert.True(first >= 0, log);
        Assert.Equal(-1, log.IndexOf("the connection file has no key", first + 1, StringComparison.Ordinal));
        await using var keyed = await KernelHarness.StartAsync(new ScriptedEngine());
        Assert.DoesNotContain("no key", keyed.LogText);
    }
}
