using System.Collections;
using System.Globalization;
using MusicGen.Midi;

namespace MusicGen.Data;

/// <summary>
/// The songs a notebook works on: a dataset's MIDI files when the dataset is there (<see cref="DatasetLocator"/>:
/// <c>$MUSICGEN_DATA/NAME</c> or <c>data/NAME</c>), else the built-in sample songs (<see cref="SampleSongs"/>, the
/// files of <c>data/sample/</c>), announced by one line on the console. Every song carries its file stem as
/// <see cref="MidiSong.Name"/>; <c>songs["chpn-p4"]</c> finds one by name.
/// </summary>
public sealed class SongCollection : IReadOnlyList<MidiSong>
{
    readonly List<MidiSong> _songs;

    SongCollection(string dataset, string? folder, bool isSample, List<MidiSong> songs, List<string> skipped)
    {
        (Dataset, Folder, IsSample, _songs, Skipped) = (dataset, folder, isSample, songs, skipped);
    }

    /// <summary>
    /// The MIDI files of dataset <paramref name="dataset"/> (e.g. <c>chopin</c>, <c>piano-midi</c>), searched
    /// recursively and read leniently (unreadable files are listed in <see cref="Skipped"/>); or, when the dataset is
    /// not found, the sample songs, after printing one line that says so.
    /// </summary>
    /// <param name="files">Only these files of the dataset (names or paths relative to its folder, ".mid" optional),
    /// in this order; ignored for the sample.</param>
    /// <param name="listFile">A text file in the dataset folder listing the files to read, one per line (e.g.
    /// <c>paper10.txt</c>); ignored for the sample.</param>
    /// <exception cref="FileNotFoundException">A file named by <paramref name="files"/> or <paramref name="listFile"/> is missing.</exception>
    public static SongCollection LoadOrSample(string dataset, IEnumerable<string>? files = null, string? listFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        var folder = DatasetLocator.Find(dataset);
        if (folder is null)
        {
            var sample = SampleSongs.All().Select(s => { s.Song.Name = s.Name; return s.Song; }).ToList();
            Console.WriteLine($"Dataset '{dataset}' not found (set {DatasetLocator.EnvironmentVariable}; see environment.md): using the {sample.Count} built-in sample songs of data/sample.");
            return new SongCollection(dataset, null, true, sample, []);
        }
        var skipped = new List<string>();
        if (listFile is not null)
        {
            var list = Path.Combine(folder, listFile);
            if (!File.Exists(list)) throw new FileNotFoundException($"{list}: no such list file in dataset '{dataset}'", list);
            files = File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        }
        List<MidiSong> songs;
        if (files is null)
        {
            var errors = new List<string>();
            songs = MidiFolder.Load(folder, errors).Select(l => { l.Song.Name = Path.GetFileNameWithoutExtension(l.Path); return l.Song; }).ToList();
            skipped.AddRange(errors);
        }
        else
        {
            songs = [];
            foreach (var f in files)
            {
                var path = Path.Combine(folder, f);
                if (!File.Exists(path) && File.Exists(path + ".mid")) path += ".mid";
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file in dataset '{dataset}'", path);
                songs.Add(MidiSong.Read(path, MidiReadingSettings.Lenient));
            }
        }
        return new SongCollection(dataset, folder, false, songs, skipped);
    }

    /// <summary>The dataset asked for.</summary>
    public string Dataset { get; }

    /// <summary>The folder the songs were read from; null for the built-in sample.</summary>
    public string? Folder { get; }

    /// <summary>True when the dataset was not found and these are the sample songs.</summary>
    public bool IsSample { get; }

    /// <summary>Files that could not be read ("path: reason").</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The songs' names (file stems), in order.</summary>
    public IReadOnlyList<string> Names => _songs.Select(s => s.Name ?? "").ToList();

    /// <inheritdoc/>
    public int Count => _songs.Count;

    /// <inheritdoc/>
    public MidiSong this[int index] => _songs[index];

    /// <summary>The song named <paramref name="name"/> (file stem; ".mid" optional).</summary>
    /// <exception cref="KeyNotFoundException">No such song (the message lists a few names).</exception>
    public MidiSong this[string name]
    {
        get
        {
            var stem = name.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
            return _songs.FirstOrDefault(s => string.Equals(s.Name, stem, StringComparison.Ordinal))
                ?? throw new KeyNotFoundException($"no song '{name}' in {this}; names: {string.Join(", ", Names.Take(8))}{(Count > 8 ? ", …" : "")}");
        }
    }

    /// <summary>True when a song is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _songs.Any(s => string.Equals(s.Name, name.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name, StringComparison.Ordinal));

    /// <inheritdoc/>
    public IEnumerator<MidiSong> GetEnumerator() => _songs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(IsSample ? $"sample songs (for '{Dataset}')" : $"'{Dataset}' from {Folder}")}: {Count} songs, {_songs.Sum(s => s.GetAllNotes().Count):N0} notes, {_songs.Sum(s => s.GetEndTime()) / 60:0.0} min");
}
