namespace MusicGen.Data;

/// <summary>Progress of <see cref="DatasetDownloader.Get"/>: what is being fetched (<see cref="Item"/>,
/// a dataset path or an archive URL) and the bytes done out of <see cref="TotalBytes"/> for the whole
/// dataset (0 while unknown, e.g. an archive without Content-Length).</summary>
public readonly record struct DatasetGetProgress(string Dataset, string Item, long Bytes, long TotalBytes);
