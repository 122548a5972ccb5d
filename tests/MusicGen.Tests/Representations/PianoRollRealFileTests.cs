using System.Text.Json;
using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>Piano rolls of real MIDI files: data/sample against mido + numpy
/// (make_sample_roll_fixtures.py), and piano-midi.de Chopin files against a naive per-cell
/// reference of SOURCES.md §4 written below.</summary>
public class PianoRollRealFileTests
{
    public static TheoryData<string> SampleCases()
    {
        var data = new TheoryData<string>();
        foreach (var p in LoadSampleFixture().EnumerateObject()) data.Add(p.Name);
        return data;
    }

    private static JsonElement LoadSampleFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Representations", "sample-rolls.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(SampleCases))]
    public void Sample_file_roll_matches_mido_and_numpy(string key)
    {
        var c = LoadSampleFixture().GetProperty(key);
        var folder = DatasetLocator.SampleFolder()!;
        var song = MidiFile.Read(Path.Combine(folder, c.GetProperty("file").GetString()!), MidiReadingSettings.Strict).ToSong();
        var fs = c.GetProperty("fs").GetDouble();
        var shape = c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var expected = new float[shape[0], shape[1]];
        foreach (var r in c.GetProperty("runs").EnumerateArray())
            for (var t = r[1].GetInt32(); t < r[2].GetInt32(); t++) expected[r[0].GetInt32(), t] = (float)r[3].GetDouble();
        var actual = PianoRoll.GetPianoRoll(song, fs);
        Assert.Equal(shape, new[] { actual.GetLength(0), actual.GetLength(1) });
        for (var p = 0; p < 128; p++)
            for (var t = 0; t < shape[1]; t++)
                if (expected[p, t] != actual[p, t]) Assert.Fail($"{key}: roll[{p}, {t}] = {actual[p, t]}, mido+numpy say {expected[p, t]}");
    }

    [DataFact("chopin")]
    public void Chopin_rolls_match_the_naive_reference_with_and_without_pedal()
    {
        var folder = DatasetLocator.Find("chopin")!;
        foreach (var name in new[] { "chpn-p1.mid", "chpn-p7.mid" })
        {
            var song = MidiFile.Read(Path.Combine(folder, name)).ToSong();
            foreach (var threshold in new int?[] { 64, null })
            {
                var fast = PianoRoll.GetPianoRoll(song, 20, pedalThreshold: threshold);
                var naive = NaiveSongRoll(song, 20, threshold);
                Assert.Equal(naive.GetLength(1), fast.GetLength(1));
                for (var p = 0; p < 128; p++)
                    for (var t = 0; t < naive.GetLength(1); t++)
                        if (naive[p, t] != fast[p, t]) Assert.Fail($"{name} pedal {threshold}: [{p}, {t}] {fast[p, t]} vs naive {naive[p, t]}");
            }
            var pedalled = PianoRoll.GetPianoRoll(song, 20);
            var dry = PianoRoll.GetPianoRoll(song, 20, pedalThreshold: null);
            var longer = 0;
            for (var p = 0; p < 128; p++)
                for (var t = 0; t < dry.GetLength(1); t++)
                {
                    Assert.True(pedalled[p, t] >= dry[p, t]); // the running max only raises values
                    if (pedalled[p, t] > dry[p, t]) longer++;
                }
            Assert.True(longer > 0, $"{name}: the sustain pedal changed nothing");
        }
    }

    /// <summary>
    /// §4 evaluated cell by cell, in the words of the spec (no pitch bends: piano-midi.de files
    /// have none): cell (p, t) = sum of velocities of notes of pitch p with int(start·fs) ≤ t &lt;
    /// int(end·fs); inside a completed pedal span [a, b) the cell is the max of the unpedalled
    /// cells a … t (a pedal down while already down is ignored; a pedal still down at the end is
    /// not applied); drums are zero; instruments without notes are (128, 0); song = zero-padded sum.
    /// </summary>
    private static float[,] NaiveSongRoll(MidiSong song, double fs, int? threshold)
    {
        var rolls = song.Instruments.Select(i => NaiveInstrumentRoll(i, fs, threshold)).ToList();
        var width = rolls.Count == 0 ? 0 : rolls.Max(r => r.GetLength(1));
        var sum = new double[128, width];
        foreach (var r in rolls)
            for (var p = 0; p < 128; p++)
                for (var t = 0; t < r.GetLength(1); t++) sum[p, t] += r[p, t];
        var f = new float[128, width];
        for (var p = 0; p < 128; p++)
            for (var t = 0; t < width; t++) f[p, t] = (float)sum[p, t];
        return f;
    }

    private static double[,] NaiveInstrumentRoll(Instrument inst, double fs, int? threshold)
    {
        if (inst.Notes.Count == 0) return new double[128, 0];
        Assert.Empty(inst.PitchBends);
        var width = (int)(fs * inst.GetEndTime());
        var roll = new double[128, width];
        if (inst.IsDrum) return roll;
        var byPitch = inst.Notes.ToLookup(n => n.Pitch);
        double Cell(int p, int t) => byPitch[p].Where(n => (int)(n.Start * fs) <= t && t < (int)(n.End * fs)).Sum(n => (double)n.Velocity);
        var spans = new List<(int A, int B)>();
        if (threshold is int th)
        {
            int? down = null;
            foreach (var cc in inst.ControlChanges.Where(c => c.Number == 64))
            {
                if (down is null && cc.Value >= th) down = (int)(cc.Time * fs);
                else if (down is not null && cc.Value < th) { spans.Add((down.Value, (int)(cc.Time * fs))); down = null; }
            }
        }
        var pitches = inst.Notes.Select(n => n.Pitch).Distinct().ToList();
        foreach (var p in pitches)
        {
            var baseRow = new double[width];
            for (var t = 0; t < width; t++) baseRow[t] = Cell(p, t);
            var row = (double[])baseRow.Clone();
            // Spans apply in order, each to the row as left by the previous ones (as the spec's loop does).
            foreach (var (a, b) in spans)
            {
                var before = (double[])row.Clone();
                for (var t = a; t < Math.Min(b, width); t++)
                    row[t] = Enumerable.Range(a, t - a + 1).Max(k => before[k]);
            }
            for (var t = 0; t < width; t++) roll[p, t] = row[t];
        }
        return roll;
    }
}
