using System.Text.Json.Nodes;
using MusicGen.Notebooks.Kernel;

namespace MusicGen.Notebooks.Tests.Kernel;

/// <summary>A kernel on 127.0.0.1 ephemeral ports with a random key, and a strict client connected to it.</summary>
internal sealed class KernelHarness : IAsyncDisposable
{
    private readonly StringWriter logText = new();

    private KernelHarness(IKernelEngine engine, string key, long? maxMessageSize)
    {
        Key = key;
        Log = TextWriter.Synchronized(logText);
        var info = new ConnectionInfo("tcp", "127.0.0.1", 0, 0, 0, 0, 0, "hmac-sha256", key);
        Kernel = new JupyterKernel(info, engine, Log, maxMessageSize);
    }

    public string Key { get; }
    public TextWriter Log { get; }
    public string LogText
    {
        get { lock (Log) return logText.ToString(); }
    }
    public JupyterKernel Kernel { get; }
    public KernelEndpoints Endpoints { get; private set; } = null!;
    public FakeJupyterClient Client { get; private set; } = null!;

    public static async Task<KernelHarness> StartAsync(IKernelEngine engine, string? key = null, long? maxMessageSize = null)
    {
        var h = new KernelHarness(engine, key ?? Guid.NewGuid().ToString(), maxMessageSize);
        h.Endpoints = h.Kernel.Start();
        h.Client = await FakeJupyterClient.ConnectAsync(h.Endpoints, h.Key);
        return h;
    }

    /// <summary>Runs one execute_request; returns its IOPub messages (busy … idle) and the reply.</summary>
    public async Task<(List<FakeJupyterClient.Received> Iopub, FakeJupyterClient.Received Reply)> ExecuteAsync(
        string code, Action<JsonObject>? options = null)
    {
        var content = new JsonObject { ["code"] = code, ["silent"] = false, ["store_history"] = true, ["allow_stdin"] = false, ["stop_on_error"] = true };
        options?.Invoke(content);
        var id = await Client.SendAsync("shell", "execute_request", content);
        var reply = await Client.ReceiveAsync("shell", expectParent: id);
        var iopub = await Client.IopubUntilIdleAsync(id);
        return (iopub, reply);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Kernel.DisposeAsync();
    }
}
