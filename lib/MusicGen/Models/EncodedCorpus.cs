using MusicGen.Representations;

namespace MusicGen.Models;

/// <summary>
/// Songs in a preset's representation: one (rows, <see cref="FeatureCount"/>) array per song, raw values (a token
/// preset stores the token id in column 0; a note preset stores e.g. pitch, step, duration in seconds). Input
/// scaling happens later (<see cref="Preset.ScaleInput"/>), so the corpus is what the paper's data frame holds.
/// </summary>
public sealed class EncodedCorpus
{
    /// <param name="songs">(rows, features) per song; every song must have <paramref name="featureCount"/> columns.</param>
    /// <param name="featureCount">Columns of every row.</param>
    /// <param name="vocabulary">The token vocabulary of token presets, else null.</param>
    /// <param name="names">A name per song (file stem), or null.</param>
    public EncodedCorpus(IReadOnlyList<float[,]> songs, int featureCount, Vocabulary? vocabulary = null, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        for (int i = 0; i < songs.Count; i++)
            if (songs[i].GetLength(1) != featureCount)
                throw new ArgumentException($"song {i} has {songs[i].GetLength(1)} columns, expected {featureCount}", nameof(songs));
        if (names is not null && names.Count != songs.Count) throw new ArgumentException("one name per song expected", nameof(names));
        (Songs, FeatureCount, Vocabulary) = (songs, featureCount, vocabulary);
        Names = names ?? Enumerable.Range(0, songs.Count).Select(i => $"song {i}").ToArray();
    }

    /// <summary>(rows, features) per song.</summary>
    public IReadOnlyList<float[,]> Songs { get; }

    /// <summary>Columns of every row.</summary>
    public int FeatureCount { get; }

    /// <summary>Token vocabulary (token presets) or null.</summary>
    public Vocabulary? Vocabulary { get; }

    /// <summary>A name per song.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Total rows over all songs.</summary>
    public long RowCount => Songs.Sum(s => (long)s.GetLength(0));

    /// <summary>Rows [<paramref name="start"/>, start + <paramref name="length"/>) of song <paramref name="song"/>
    /// (cut at the song's end) as a new array: a generation prompt.</summary>
    public float[,] Slice(int song, int start, int length)
    {
        if ((uint)song >= (uint)Songs.Count) throw new ArgumentOutOfRangeException(nameof(song), $"song {song} of {Songs.Count}");
        var s = Songs[song];
        int rows = s.GetLength(0);
        if (start < 0 || start >= rows) throw new ArgumentOutOfRangeException(nameof(start), $"start {start} outside song {song} ({rows} rows)");
        int n = Math.Min(length, rows - start);
        var r = new float[n, FeatureCount];
        for (int i = 0; i < n; i++)
            for (int f = 0; f < FeatureCount; f++) r[i, f] = s[start + i, f];
        return r;
    }

    /// <inheritdoc/>
    public override string ToString() => $"EncodedCorpus(songs={Songs.Count}, rows={RowCount}, features={FeatureCount}{(Vocabulary is null ? "" : $", vocabulary={Vocabulary.Count}")})";
}
