using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace MusicGen.Data;

/// <summary>
/// One HTTP GET into a partial file that survives interruptions: when <c>PATH.part</c> already holds
/// n bytes (from a dropped connection in this run or an earlier one) the request asks for the rest with
/// <c>Range: bytes=n-</c> (RFC 9110 §14.2) and appends when the server answers 206 with a Content-Range
/// starting at n; a 200 answer (server ignores ranges) restarts the file from zero. A transfer that breaks
/// after it started is retried a few times in the same run; a host that cannot be reached at all throws
/// <see cref="DatasetUnreachableException"/> at once.
/// </summary>
internal static class ResumableDownload
{
    const int Attempts = 4;
    static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    /// <summary>Fetches <paramref name="url"/> into <paramref name="partPath"/>. <paramref name="expectedBytes"/>
    /// (when known) lets a complete partial file skip the request. <paramref name="onBytes"/> gets the file's
    /// length as it grows.</summary>
    public static async Task FetchAsync(HttpClient http, Uri url, string partPath, long? expectedBytes, Action<long> onBytes, CancellationToken ct)
    {
        Exception? last = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            long have = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
            if (expectedBytes is { } want)
            {
                if (have == want) { onBytes(have); return; }
                if (have > want) { File.Delete(partPath); have = 0; }
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (Unreachable(e) is { } reason)
            {
                throw new DatasetUnreachableException(url, reason, e);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                last = e;
                continue;
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    File.Delete(partPath);   // the partial file is not a prefix of what the server has now
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw new IOException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                var append = have > 0 && response.StatusCode == HttpStatusCode.PartialContent
                    && response.Content.Headers.ContentRange?.From == have;
                if (!append) have = 0;
                onBytes(have);
                try
                {
                    await using var file = new FileStream(partPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    var buffer = new byte[1 << 16];
                    while (true)
                    {
                        // A stalled connection counts as dropped: each read gets its own deadline.
                        using var read = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        read.CancelAfter(Stall);
                        var n = await body.ReadAsync(buffer, read.Token).ConfigureAwait(false);
                        if (n == 0) break;
                        await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                        have += n;
                        onBytes(have);
                    }
                    if (response.Content.Headers.ContentLength is { } length && have < length + (append ? response.Content.Headers.ContentRange!.From!.Value : 0))
                        throw new IOException("the response ended early");
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    last = e;   // keep what arrived; the next attempt asks for the rest
                }
            }
        }
        var kept = File.Exists(partPath) ? new FileInfo(partPath).Length : 0;
        throw new IOException($"{url}: the transfer broke {Attempts} times ({last?.Message}); {kept:N0} bytes are kept in {partPath}, run the command again to resume", last);
    }

    /// <summary>Why the host could not be reached, or null when the failure is something else.</summary>
    static string? Unreachable(HttpRequestException e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is SocketException s)
                return s.SocketErrorCode switch
                {
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not resolved",
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
                    SocketError.HostUnreachable => "host unreachable",
                    SocketError.TimedOut => "connection timed out",
                    _ => null,
                };
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host name not resolved",
            HttpRequestError.ConnectionError when e.InnerException is TimeoutException or TaskCanceledException => "connection timed out",
            _ => null,
        };
    }
}
