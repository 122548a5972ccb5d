using System.Text.Json;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>Piano roll against SOURCES.md §4: its derived example, and golden rolls written by
/// the independent NumPy implementation in tests/scripts/representations/make_roll_fixtures.py.</summary>
public class PianoRollTests
{
    /// <summary>§4 example, fs = 10: two overlapping C4s, a vanishing E4, a pedal-extended G4.</summary>
    internal static MidiSong Section4Example(bool pedal = true)
    {
        var piano = new Instrument(0);
        piano.Notes.Add(new Note(60, 100, 0.0, 0.26));
        piano.Notes.Add(new Note(60, 50, 0.10, 0.35));
        piano.Notes.Add(new Note(64, 90, 0.52, 0.58));
        piano.Notes.Add(new Note(67, 70, 0.30, 0.50));
        if (pedal)
        {
            piano.ControlChanges.Add(new ControlChange(64, 127, 0.4));
            piano.ControlChanges.Add(new ControlChange(64, 0, 0.9));
        }
        var song = new MidiSong();
        song.Instruments.Add(piano);
        return song;
    }

    [Fact]
    public void Section4_example_sums_overlaps_drops_short_notes_and_holds_the_pedal()
    {
        var roll = PianoRoll.GetPianoRoll(Section4Example(), fs: 10);
        Assert.Equal(128, roll.GetLength(0));
        Assert.Equal(9, roll.GetLength(1)); // int(10 · 0.9)
        Assert.Equal(new float[] { 100, 150, 50, 0, 0, 0, 0, 0, 0 }, Row(roll, 60));
        Assert.All(Row(roll, 64), v => Assert.Equal(0f, v)); // int(5.2) == int(5.8): vanishes
        Assert.Equal(new float[] { 0, 0, 0, 70, 70, 70, 70, 70, 70 }, Row(roll, 67));
        var unpedalled = PianoRoll.GetPianoRoll(Section4Example(), fs: 10, pedalThreshold: null);
        Assert.Equal(new float[] { 0, 0, 0, 70, 70, 0, 0, 0, 0 }, Row(unpedalled, 67));
    }

    [Fact]
    public void Times_variant_has_one_column_per_time_and_the_last_is_always_empty()
    {
        var times = Enumerable.Range(0, 10).Select(i => i / 10.0).ToArray();
        var roll = PianoRoll.GetPianoRoll(Section4Example(), fs: 10, times: times);
        Assert.Equal(10, roll.GetLength(1));
        Assert.Equal(new float[] { 100, 150, 50, 0, 0, 0, 0, 0, 0, 0 }, Row(roll, 60));
        Assert.Equal(new float[] { 0, 0, 0, 70, 70, 70, 70, 70, 70, 0 }, Row(roll, 67));
    }

    [Fact]
    public void Instrument_without_notes_gives_128_by_0_even_with_times()
    {
        var roll = PianoRoll.GetPianoRoll(new Instrument(0), fs: 10, times: new[] { 0.0, 1.0 });
        Assert.Equal(new[] { 128, 0 }, new[] { roll.GetLength(0), roll.GetLength(1) });
        Assert.Equal(0, PianoRoll.GetPianoRoll(new MidiSong()).GetLength(1));
    }

    [Fact]
    public void Decreasing_times_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PianoRoll.GetPianoRoll(Section4Example(), times: new[] { 0.5, 0.2 }));
    }

    public static TheoryData<string> FixtureNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in LoadFixtures()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Matches_the_numpy_reference_exactly(string name)
    {
        var c = LoadFixtures().Single(e => e.GetProperty("name").GetString() == name);
        var song = SongFromFixture(c);
        var fs = c.GetProperty("fs").GetDouble();
        double[]? times = c.GetProperty("times").ValueKind == JsonValueKind.Null
            ? null : c.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToArray();
        int? threshold = c.GetProperty("pedalThreshold").ValueKind == JsonValueKind.Null
            ? null : c.GetProperty("pedalThreshold").GetInt32();
        var shape = c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var expected = new float[shape[0], shape[1]];
        foreach (var v in c.GetProperty("values").EnumerateArray())
            expected[v[0].GetInt32(), v[1].GetInt32()] = (float)v[2].GetDouble();

        var actual = PianoRoll.GetPianoRoll(song, fs, times, threshold);

        Assert.Equal(shape, new[] { actual.GetLength(0), actual.GetLength(1) });
        for (var p = 0; p < shape[0]; p++)
            for (var t = 0; t < shape[1]; t++)
                if (expected[p, t] != actual[p, t])
                    Assert.Fail($"{name}: roll[{p}, {t}] = {actual[p, t]:R}, numpy says {expected[p, t]:R}");
    }

    [Fact]
    public void Song_roll_is_the_zero_padded_sum_of_instrument_rolls()
    {
        var c = LoadFixtures().Single(e => e.GetProperty("name").GetString() == "overlaps-two-instruments");
        var song = SongFromFixture(c);
        var a = PianoRoll.GetPianoRoll(song.Instruments[0], 20);
        var b = PianoRoll.GetPianoRoll(song.Instruments[1], 20);
        var sum = PianoRoll.GetPianoRoll(song, 20);
        Assert.Equal(Math.Max(a.GetLength(1), b.GetLength(1)), sum.GetLength(1));
        for (var p = 0; p < 128; p++)
            for (var t = 0; t < sum.GetLength(1); t++)
                Assert.Equal((t < a.GetLength(1) ? a[p, t] : 0) + (t < b.GetLength(1) ? b[p, t] : 0), sum[p, t]);
    }

    internal static float[] Row(float[,] roll, int pitch) =>
        Enumerable.Range(0, roll.GetLength(1)).Select(t => roll[pitch, t]).ToArray();

    internal static List<JsonElement> LoadFixtures()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Representations", "rolls.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static MidiSong SongFromFixture(JsonElement c)
    {
        var song = new MidiSong();
        foreach (var i in c.GetProperty("instruments").EnumerateArray())
        {
            var inst = new Instrument(i.GetProperty("program").GetInt32(), i.GetProperty("is_drum").GetBoolean(), channel: i.GetProperty("is_drum").GetBoolean() ? 9 : 0);
            foreach (var n in i.GetProperty("notes").EnumerateArray())
                inst.Notes.Add(new Note(n[0].GetInt32(), n[1].GetInt32(), n[2].GetDouble(), n[3].GetDouble()));
            foreach (var cc in i.GetProperty("ccs").EnumerateArray())
                inst.ControlChanges.Add(new ControlChange(cc[0].GetInt32(), cc[1].GetInt32(), cc[2].GetDouble()));
            foreach (var b in i.GetProperty("bends").EnumerateArray())
                inst.PitchBends.Add(new PitchBend(b[0].GetInt32(), b[1].GetDouble()));
            song.Instruments.Add(inst);
        }
        return song;
    }
}
