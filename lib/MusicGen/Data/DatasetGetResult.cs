namespace MusicGen.Data;

/// <summary>What <see cref="DatasetDownloader.Get"/> did: files installed into the target, files that
/// were already in place and intact, and files the chosen source does not publish (origin mode only,
/// see <see cref="DatasetInfo.NotAtOrigin"/>), which are neither installed nor an error.</summary>
public sealed record DatasetGetResult(string Dataset, string Target, int Installed, int AlreadyInPlace, IReadOnlyList<string> NotPublished);
