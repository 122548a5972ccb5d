namespace MusicGen.Data;

/// <summary>
/// A dataset host could not be reached at all (name not resolved, connection refused, network
/// unreachable, connect timeout): the machine is offline or the host is down, as opposed to a
/// transfer that started and broke (which <see cref="DatasetDownloader"/> resumes).
/// </summary>
public sealed class DatasetUnreachableException(Uri url, string reason, Exception? inner = null)
    : IOException($"{url.Host}: cannot be reached ({reason})", inner)
{
    /// <summary>The URL whose host did not answer.</summary>
    public Uri Url { get; } = url;

    /// <summary>The host (with the port when it is not the scheme's default).</summary>
    public string Host { get; } = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";

    /// <summary>Why, in a few words ("connection refused", "name not resolved", …).</summary>
    public string Reason { get; } = reason;
}
