using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MusicGen.Tests.Data;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for the download tests: GET only, one request
/// per connection (<c>Connection: close</c>), <c>Range: bytes=N-</c> answered with 206. It can drop a
/// connection part-way through a file (<see cref="DropAfter"/>) and records every request it saw.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly Func<string, byte[]?> content;
    readonly CancellationTokenSource stop = new();

    /// <param name="content">The body for a URL path (without the leading '/', percent-decoded), or null for 404.</param>
    public LocalHttpServer(Func<string, byte[]?> content)
    {
        this.content = content;
        listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>Path → body bytes after which the FIRST response for that path is cut (the socket is closed).</summary>
    public ConcurrentDictionary<string, int> DropAfter { get; } = new();

    /// <summary>Answer every request with the whole file (200), as servers without range support do.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Every request: the path and its Range header (null when absent).</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    /// <summary>A port on 127.0.0.1 with nothing listening (bound, then released): connections are refused.</summary>
    public static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHead(stream);
                var lines = head.Split("\r\n");
                var target = lines[0].Split(' ')[1];
                var path = Uri.UnescapeDataString(target.TrimStart('/'));
                var range = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Range", StringComparison.OrdinalIgnoreCase))
                    .Select(p => p[1].Trim()).FirstOrDefault();
                Requests.Enqueue((path, range));
                var body = content(path);
                if (body is null)
                {
                    await Write(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                long from = 0;
                if (!IgnoreRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
                    from = long.Parse(range[6..^1], System.Globalization.CultureInfo.InvariantCulture);
                if (from > body.Length)
                {
                    await Write(stream, $"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{body.Length}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }
                var slice = body.AsMemory((int)from);
                var status = from > 0 ? $"206 Partial Content\r\nContent-Range: bytes {from}-{body.Length - 1}/{body.Length}" : "200 OK";
                await Write(stream, $"HTTP/1.1 {status}\r\nContent-Length: {slice.Length}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n");
                if (DropAfter.TryRemove(path, out var cut) && cut < slice.Length)
                {
                    await stream.WriteAsync(slice[..cut]);
                    await stream.FlushAsync();
                    client.Client.LingerState = new LingerOption(true, 0);   // reset: the client sees the body end early
                    return;
                }
                await stream.WriteAsync(slice);
            }
            catch (IOException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    static async Task<string> ReadHead(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            bytes.Add(one[0]);
            var n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') break;
        }
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    static Task Write(NetworkStream s, string text) => s.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
