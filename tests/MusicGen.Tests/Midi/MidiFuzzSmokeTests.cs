using System.Diagnostics;
using MusicGen.Data;
using MusicGen.Midi;

namespace MusicGen.Tests.Midi;

/// <summary>
/// A seeded mutation fuzz smoke run of the MIDI reader (issue 14's reliability suite): the repository's
/// own MIDI files (data/sample) and songs written here are mutated (bit flips, interesting bytes, cut,
/// repeated and inserted ranges, truncation) and read in both modes down to a <see cref="MidiSong"/>.
/// Every failure must be a <see cref="MidiFormatException"/> with a one-line message; no other
/// exception, no hang (5 s per file). Bounded by <see cref="Budget"/> so CI stays fast.
/// </summary>
public sealed class MidiFuzzSmokeTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private const int MaxCases = 30_000;
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF, 0xF0, 0xF7, 0x90, 0x2F, 0x51];

    private static List<(string Name, byte[] Bytes)> Corpus()
    {
        var files = Directory.GetFiles(DatasetLocator.SampleFolder()!, "*.mid").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        // A written song adds tempo changes, several instruments and drums to what is mutated.
        var song = new MidiSong();
        song.TempoChanges.Add(new TempoChange(0, 120));
        song.TempoChanges.Add(new TempoChange(1.5, 90));
        for (int program = 0; program < 3; program++)
        {
            var instrument = new Instrument(program * 20, isDrum: program == 2, name: $"part {program}");
            for (int k = 0; k < 24; k++) instrument.Notes.Add(new Note(48 + (k * 5 + program) % 36, 40 + k * 3, k * 0.25, k * 0.25 + 0.2 + program * 0.1));
            song.Instruments.Add(instrument);
        }
        var stream = new MemoryStream();
        MidiFile.FromSong(song).Write(stream);
        files.Add(("written.mid", stream.ToArray()));
        Assert.True(files.Count >= 2, "no MIDI files found in data/sample");
        return files;
    }

    private static byte[] Mutate(byte[] source, Random rng)
    {
        var b = new List<byte>(source);
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int at = rng.Next(b.Count);
            switch (rng.Next(7))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: b[at] = Interesting[rng.Next(Interesting.Length)]; break;
                case 2: b[at] = (byte)rng.Next(256); break;
                case 3: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(16))); break;
                case 4:
                {
                    int len = Math.Min(b.Count - at, 1 + rng.Next(32));
                    b.InsertRange(rng.Next(b.Count), b.GetRange(at, len));
                    break;
                }
                case 5: b.InsertRange(at, Enumerable.Range(0, 1 + rng.Next(8)).Select(_ => (byte)rng.Next(256))); break;
                default: b.RemoveRange(at, b.Count - at); break;
            }
        }
        return [.. b];
    }

    [Fact]
    public async Task Mutated_files_fail_only_with_one_line_MidiFormatExceptions()
    {
        var corpus = Corpus();
        var rng = new Random(20261206);
        var clock = Stopwatch.StartNew();
        int cases = 0, rejected = 0;
        var problems = new List<string>();
        while (cases < MaxCases && clock.Elapsed < Budget && problems.Count < 5)
        {
            var (name, original) = corpus[cases % corpus.Count];
            var bytes = Mutate(original, rng);
            foreach (var settings in new[] { MidiReadingSettings.Lenient, MidiReadingSettings.Strict })
            {
                var read = Task.Run(() => MidiFile.Read(bytes, settings, $"{name}#{cases}").ToSong());
                if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5))) != read)
                {
                    problems.Add($"case {cases} ({name}, {(settings == MidiReadingSettings.Strict ? "strict" : "lenient")}): no answer within 5 s");
                    continue;
                }
                try
                {
                    await read;
                }
                catch (MidiFormatException m)
                {
                    rejected++;
                    if (m.Message.Contains('\n') || m.Message.Length == 0) problems.Add($"case {cases} ({name}): multi-line or empty message: {m.Message}");
                }
                catch (Exception inner)
                {
                    problems.Add($"case {cases} ({name}, {(settings == MidiReadingSettings.Strict ? "strict" : "lenient")}): {inner.GetType().Name}: {inner.Message} {inner.StackTrace?.Split('\n').FirstOrDefault()}");
                }
            }
            cases++;
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(cases >= 200, $"only {cases} cases ran within {Budget.TotalSeconds} s");
        Assert.True(rejected > 0, "no mutation was rejected: the mutations do not reach the reader's checks");
        Console.WriteLine($"MIDI fuzz smoke: {cases} mutated files × 2 modes, {rejected} rejected with one-line MidiFormatExceptions, {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
