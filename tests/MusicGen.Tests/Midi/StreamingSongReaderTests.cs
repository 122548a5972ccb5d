using MusicGen.Data;
using MusicGen.Midi;

namespace MusicGen.Tests.Midi;

/// <summary>
/// The streaming reader (<see cref="SongReader.ReadStreaming"/>:
/// notes paired while parsing, no event list held; what <c>midi notes</c> uses for files of 1 MB and more) must give exactly the
/// song of the stored path (<c>MidiFile.Read(...).ToSong()</c>): same instruments, notes, control
/// changes, pitch bends, tempo changes, metadata and warnings, bit for bit, in both reading modes.
/// </summary>
public sealed class StreamingSongReaderTests
{
    [Fact]
    public void SampleFiles_AndRandomSongs_GiveIdenticalSongs()
    {
        var corpus = Directory.GetFiles(DatasetLocator.SampleFolder()!, "*.mid").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        Assert.NotEmpty(corpus);
        var r = new Random(14);
        for (int i = 0; i < 40; i++) corpus.Add(($"random {i}", MidiFile.FromSong(RandomSongs.Create(r)).ToArray()));
        foreach (var (name, bytes) in corpus)
        {
            CheckSame(name, bytes);
            CheckSame(name + " cut", bytes[..(bytes.Length * 2 / 3)]); // truncated: warnings count the events read
        }
    }

    [DataFact("piano-midi")]
    public void DatasetFiles_GiveIdenticalSongs()
    {
        var files = MidiDatasetTests.AllFiles();
        Assert.True(files.Count >= 337, $"only {files.Count} files");
        foreach (var path in files) CheckSame(path, File.ReadAllBytes(path));
    }

    [Fact]
    public void HandWrittenEdgeCases_GiveIdenticalSongs()
    {
        // Same-tick on/off pairs, re-attacks, stragglers before the instrument, program changes,
        // a track name after notes, tempo in the first track, and a track with no End-of-Track.
        byte[] first = Smf.Concat(
            new byte[] { 0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20 },           // tempo 500,000 µs
            new byte[] { 0x00, 0xB0, 0x40, 0x7F, 0x00, 0x90, 0x3C, 0x50 },     // pedal down (straggler), on C4
            new byte[] { 0x30, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40 },           // tempo 1,000,000 µs at tick 48
            new byte[] { 0x00, 0x90, 0x3C, 0x51, 0x00, 0x80, 0x3C, 0x00 },     // re-attack, off on the same tick
            new byte[] { 0x10, 0xE0, 0x00, 0x50, 0x10, 0xC0, 0x05 },           // pitch bend, program 5
            new byte[] { 0x10, 0x90, 0x40, 0x40, 0x00, 0x90, 0x40, 0x00 },     // dropped same-tick note
            new byte[] { 0x10, 0x99, 0x24, 0x60, 0x10, 0x89, 0x24, 0x00 },     // drum
            Smf.EndOfTrack);
        byte[] second = Smf.Concat(
            new byte[] { 0x00, 0x91, 0x30, 0x40, 0x20, 0xFF, 0x03, 0x01, 0x41 }, // on, then name "A"
            new byte[] { 0x20, 0x81, 0x30, 0x00 });                              // off; no End-of-Track
        var bytes = Smf.File(1, 96, Smf.Track(first), Smf.Track(second));
        CheckSame("edge cases", bytes);
    }

    private static void CheckSame(string name, byte[] bytes)
    {
        foreach (var settings in new[] { MidiReadingSettings.Lenient, MidiReadingSettings.Strict })
        {
            MidiSong expected;
            try { expected = MidiFile.Read(bytes, settings, name).ToSong(); }
            catch (MidiFormatException e)
            {
                var streamed = Assert.Throws<MidiFormatException>(() => SongReader.ReadStreaming(bytes, settings, name));
                Assert.Equal(e.Message, streamed.Message);
                continue;
            }
            var actual = SongReader.ReadStreaming(bytes, settings, name);
            Assert.Equal(Describe(expected), Describe(actual));
        }
    }

    /// <summary>Every field of the song as text, doubles round-trip exact ("R").</summary>
    private static string Describe(MidiSong s)
    {
        var w = new StringWriter();
        w.WriteLine($"res {s.Resolution}");
        foreach (var t in s.TempoChanges) w.WriteLine($"tempo {t.Time:R} {t.Bpm:R}");
        foreach (var k in s.KeySignatures) w.WriteLine($"key {k}");
        foreach (var t in s.TimeSignatures) w.WriteLine($"time {t}");
        foreach (var (text, time) in s.Lyrics) w.WriteLine($"lyric {text} {time:R}");
        foreach (var x in s.Warnings) w.WriteLine($"warning {x}");
        foreach (var i in s.Instruments)
        {
            w.WriteLine($"instrument {i.Program} {i.IsDrum} {i.Channel} \"{i.Name}\"");
            foreach (var n in i.Notes) w.WriteLine($"  note {n.Pitch} {n.Velocity} {n.Start:R} {n.End:R}");
            foreach (var c in i.ControlChanges) w.WriteLine($"  cc {c.Number} {c.Value} {c.Time:R}");
            foreach (var b in i.PitchBends) w.WriteLine($"  bend {b.Pitch} {b.Time:R}");
        }
        return w.ToString();
    }
}
