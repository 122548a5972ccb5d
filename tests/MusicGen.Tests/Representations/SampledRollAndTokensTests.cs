using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Tests.Representations;

/// <summary>
/// The fast paths of notebook 02's tokenizing against their plain definitions: a song's roll with sample times is the
/// float cast of the per-instrument integrated rolls summed in double (pretty_midi's get_piano_roll), and
/// <see cref="ChordSetTokenizer.Tokens"/> (row-wise bit masks, strings reused) equals the column-by-column loop.
/// </summary>
public class SampledRollAndTokensTests
{
    /// <summary>Two hands, a pedal, a bend, a drum track and an empty instrument, at times that are not a uniform grid.</summary>
    private static MidiSong MixedSong()
    {
        var random = new Random(11);
        var song = new MidiSong();
        for (var i = 0; i < 2; i++)
        {
            var hand = new Instrument(0);
            for (var n = 0; n < 200; n++)
            {
                var start = random.NextDouble() * 20;
                hand.Notes.Add(new Note(random.Next(21, 109), random.Next(1, 128), start, start + random.NextDouble() * 2));
            }
            for (var c = 0; c < 10; c++) hand.ControlChanges.Add(new ControlChange(64, c % 2 == 0 ? 100 : 0, c * 2.1 + i));
            song.Instruments.Add(hand);
        }
        song.Instruments[1].PitchBends.Add(new PitchBend(3000, 5.0));
        song.Instruments[1].PitchBends.Add(new PitchBend(-5000, 9.0));
        var drums = new Instrument(0, isDrum: true);
        drums.Notes.Add(new Note(36, 100, 1, 1.5));
        song.Instruments.Add(drums);
        song.Instruments.Add(new Instrument(40));
        return song;
    }

    private static void AssertEqualToSummedInstruments(MidiSong song, double fs, double[] times, int? pedal)
    {
        var actual = PianoRoll.GetPianoRoll(song, fs, times, pedal);
        var width = 0;
        var parts = song.Instruments.Select(i => NaiveSample(PianoRoll.Compute(i, fs, null, pedal), i, fs, times)).ToList();
        foreach (var r in parts) width = Math.Max(width, r.GetLength(1));
        var sum = new double[128, width];
        foreach (var r in parts)
            for (var p = 0; p < 128; p++)
                for (var t = 0; t < r.GetLength(1); t++) sum[p, t] += r[p, t];
        Assert.Equal(width, actual.GetLength(1));
        for (var p = 0; p < 128; p++)
            for (var t = 0; t < width; t++)
                if ((float)sum[p, t] != actual[p, t]) Assert.Fail($"[{p}, {t}]: {actual[p, t]} vs summed instruments {(float)sum[p, t]}");
    }

    /// <summary>pretty_midi's sampling written per cell: column n is the mean of the unsampled roll over
    /// [round(t_n·fs), round(t_n+1·fs)) (one column when equal, 0 past the roll), the last column 0; an instrument
    /// without notes stays (128, 0), a drum track gives zeros. Past the unsampled roll's end (the last note, pedal or bend)
    /// the roll pretty_midi widens to the last sample time is silent.</summary>
    private static double[,] NaiveSample(double[,] unsampled, Instrument instrument, double fs, double[] times)
    {
        if (instrument.Notes.Count == 0) return new double[128, 0];
        var output = new double[128, times.Length];
        if (instrument.IsDrum) return output;
        var end = Math.Max(instrument.GetEndTime(), times.Length > 0 ? times[^1] : 0);
        var width = (int)(fs * end);
        for (var p = 0; p < 128; p++)
            for (var n = 0; n + 1 < times.Length; n++)
            {
                int a = (int)Math.Round(times[n] * fs, MidpointRounding.ToEven), b = (int)Math.Round(times[n + 1] * fs, MidpointRounding.ToEven);
                if (a >= width) continue;
                if (a == b) b = a + 1;
                b = Math.Min(b, width);
                double sum = 0;
                for (var t = a; t < b; t++) sum += t < unsampled.GetLength(1) ? unsampled[p, t] : 0;
                output[p, n] = sum / (b - a);
            }
        return output;
    }

    [Fact]
    public void Sampled_song_roll_equals_the_sum_of_its_instruments_rolls()
    {
        var song = MixedSong();
        var grid = Enumerable.Range(0, 500).Select(i => i / 20.0).ToArray();
        var uneven = Enumerable.Range(0, 300).Select(i => i * i / 4000.0).ToArray();   // repeated and widening columns
        var offsetGrid = Enumerable.Range(60, 300).Select(i => i / 20.0).ToArray();   // a unit grid not starting at 0
        foreach (var times in new[] { grid, uneven, offsetGrid, [], new[] { 0.0 } })
            foreach (var pedal in new int?[] { 64, null })
                AssertEqualToSummedInstruments(song, 20, times, pedal);
        var silent = new MidiSong();
        silent.Instruments.Add(new Instrument(0));
        Assert.Equal(0, PianoRoll.GetPianoRoll(silent, 20, grid).GetLength(1));
        Assert.Equal(0, PianoRoll.GetPianoRoll(new MidiSong(), 20, grid).GetLength(1));
    }

    [Fact]
    public void Tokens_equal_the_column_by_column_definition()
    {
        var random = new Random(5);
        var roll = new float[128, 3000];
        for (var t = 0; t < 3000; t++)
        {
            var chord = random.Next(4) == 0 ? 30 : random.Next(0, 6);   // some 30-pitch chords wrap like NumPy
            for (var k = 0; k < chord; k++) roll[random.Next(128), t] = random.Next(2) == 0 ? 64 : 0.5f;
            if (random.Next(50) == 0) roll[0, t] = roll[127, t] = 1;    // both ends of the pitch range
        }
        Assert.Equal(ChordSetTokenizer.TokensByColumn(roll), ChordSetTokenizer.Tokens(roll));
        var song = ChordSetTokenizer.SongToRoll(MixedSong());
        Assert.Equal(ChordSetTokenizer.TokensByColumn(song), ChordSetTokenizer.Tokens(song));
    }

    [DataFact("chopin")]
    public void Chopin_files_roll_and_tokenize_as_the_definitions_do()
    {
        var folder = DatasetLocator.Find("chopin")!;
        foreach (var name in new[] { "chpn-p1.mid", "chpn-p7.mid", "chpn_op25_e1.mid" }.Where(n => File.Exists(Path.Combine(folder, n))))
        {
            var song = MidiFile.Read(Path.Combine(folder, name)).ToSong();
            var n = (int)Math.Ceiling(song.GetEndTime() * 20);
            AssertEqualToSummedInstruments(song, 20, Enumerable.Range(0, n).Select(i => i / 20.0).ToArray(), 64);
            var roll = ChordSetTokenizer.SongToRoll(song);
            Assert.Equal(ChordSetTokenizer.TokensByColumn(roll), ChordSetTokenizer.Tokens(roll));
        }
    }
}
