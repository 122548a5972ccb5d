using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen midi notes FILE... [--json]</c> and <c>musicgen midi roll FILE --fs N --out F.npy</c>
/// (lib/README.md §4). Files are read with the lenient policies, as for datasets;
/// <c>--strict</c> reads with <see cref="MidiReadingSettings.Strict"/>. A missing file or malformed
/// MIDI exits non-zero with one line naming the file.
/// </summary>
internal sealed class MidiCommand : ICommandGroup
{
    public Command Create()
    {
        var midi = new Command("midi", "Read Standard MIDI Files: notes as JSON, piano rolls as .npy.");
        midi.Add(CreateNotes());
        midi.Add(CreateRoll());
        return midi;
    }

    private static Command CreateNotes()
    {
        var files = new Argument<string[]>("FILE") { Description = "Standard MIDI Files (.mid); with several, one JSON document per line.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print {\"endTime\",\"instruments\":[{\"name\",\"program\",\"isDrum\",\"notes\":[{\"pitch\",\"velocity\",\"start\",\"end\"}]}]} (seconds) to stdout." };
        var strict = new Option<bool>("--strict") { Description = "Reject any defect instead of repairing it." };
        var cmd = new Command("notes", "Print a file's instruments and notes, in seconds (pretty_midi's reading).") { files, json, strict };
        cmd.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!;
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            int bad = 0;
            // Each file on its own: a bad one is reported in one line and the others still run.
            foreach (var path in paths)
            {
                MidiSong song;
                try
                {
                    song = Load(path, parse.GetValue(strict));
                }
                catch (Exception e) when (paths.Length > 1 && e is UserError or MidiFormatException or IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"musicgen: {(e is MidiFormatException || e.Message.StartsWith(path, StringComparison.Ordinal) ? "" : path + ": ")}{e.Message.ReplaceLineEndings(" ")}");
                    bad++;
                    continue;
                }
                foreach (var w in song.Warnings) stderr.WriteLine($"warning: {path}: {w}");
                if (parse.GetValue(json)) WriteJson(song, stdout);
                else
                {
                    if (paths.Length > 1) stdout.WriteLine(path);
                    WriteSummary(song, stdout);
                }
            }
            if (bad > 0 && paths.Length > 1) stderr.WriteLine($"musicgen: {bad} of {paths.Length} files could not be read");
            return bad == 0 ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>Largest <c>--fs</c>: far above any musical use (pretty_midi's default is 100).</summary>
    internal const double MaxFs = 100_000;

    /// <summary>Largest piano roll <c>midi roll</c> allocates (1 GB of float32).</summary>
    internal const double MaxRollBytes = 1 << 30;

    private static Command CreateRoll()
    {
        var file = new Argument<string>("FILE") { Description = "A Standard MIDI File (.mid)." };
        var fs = new Option<double>("--fs") { Description = "Columns per second.", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--out") { Description = "Output .npy file: float32 (128, T), NumPy format 1.0.", Required = true };
        var noPedal = new Option<bool>("--no-pedal") { Description = "Ignore the sustain pedal (CC64)." };
        var strict = new Option<bool>("--strict") { Description = "Reject any defect instead of repairing it." };
        var cmd = new Command("roll", "Write a file's piano roll (pretty_midi get_piano_roll semantics, sustain pedal applied).") { file, fs, output, noPedal, strict };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var rate = parse.GetValue(fs);
            if (!(rate > 0) || !(rate <= MaxFs)) throw new UserError($"--fs {rate.ToString(CultureInfo.InvariantCulture)}: must be a number of columns per second in (0, {MaxFs:0}]");
            var outPath = parse.GetValue(output)!;
            OutputChecks.Writable(outPath, "--out");
            var song = Load(path, parse.GetValue(strict));
            foreach (var w in song.Warnings) parse.InvocationConfiguration.Error.WriteLine($"warning: {path}: {w}");
            // (128, T) float32 with T = end × fs: refuse before allocating what cannot fit.
            double columns = Math.Ceiling(song.GetEndTime() * rate) + 1;
            if (columns * 128 * 4 > MaxRollBytes)
                throw new UserError(string.Create(CultureInfo.InvariantCulture,
                    $"--fs {rate}: {path} lasts {song.GetEndTime():0.###} s, so the roll would have {columns:0} columns ({columns * 512 / 1e9:0.#} GB); at most {MaxRollBytes / 512:0} columns (lower --fs)"));
            float[,] roll = PianoRoll.GetPianoRoll(song, rate, pedalThreshold: parse.GetValue(noPedal) ? null : 64);
            Npy.Write(outPath, roll);
            parse.InvocationConfiguration.Error.WriteLine($"{outPath}: float32 (128, {roll.GetLength(1)})");
            return 0;
        });
        return cmd;
    }

    /// <summary>Reads <paramref name="path"/>; a missing file is a <see cref="UserError"/>, malformed MIDI
    /// a <see cref="MidiFormatException"/> whose message starts with the path.</summary>
    internal static MidiSong Load(string path, bool strict)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        // As MidiSong.Read, but paired while parsing: a 10 M-event file never holds its event list (issue 14).
        var song = SongReader.Read(File.ReadAllBytes(path), strict ? MidiReadingSettings.Strict : MidiReadingSettings.Lenient, path);
        song.Name = Path.GetFileNameWithoutExtension(path);
        return song;
    }

    /// <summary>The <c>midi notes --json</c> document; numbers are shortest round-trip doubles.</summary>
    internal static string ToJson(MidiSong song)
    {
        var text = new StringWriter();
        WriteJson(song, text);
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Streams the <c>midi notes --json</c> document and a newline to <paramref name="output"/>
    /// in 64 KB pieces, so memory stays that of the song however many notes it has.</summary>
    internal static void WriteJson(MidiSong song, TextWriter output)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        var chars = new char[Encoding.UTF8.GetMaxCharCount(1 << 16)];
        void Drain(Utf8JsonWriter writer)
        {
            writer.Flush();
            if (chars.Length < Encoding.UTF8.GetMaxCharCount(buffer.WrittenCount)) chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.WrittenCount)];
            int n = Encoding.UTF8.GetChars(buffer.WrittenSpan, chars);
            output.Write(chars, 0, n);
            buffer.ResetWrittenCount();
        }
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("endTime", song.GetEndTime());
            w.WriteStartArray("instruments");
            foreach (var instrument in song.Instruments)
            {
                w.WriteStartObject();
                w.WriteString("name", instrument.Name);
                w.WriteNumber("program", instrument.Program);
                w.WriteBoolean("isDrum", instrument.IsDrum);
                w.WriteStartArray("notes");
                foreach (var n in instrument.Notes)
                {
                    // The writer only emits ASCII, so a drain never splits a UTF-8 sequence.
                    if (w.BytesPending + buffer.WrittenCount > 60_000) Drain(w);
                    w.WriteStartObject();
                    w.WriteNumber("pitch", n.Pitch);
                    w.WriteNumber("velocity", n.Velocity);
                    w.WriteNumber("start", n.Start);
                    w.WriteNumber("end", n.End);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            Drain(w);
        }
        output.WriteLine();
    }

    private static void WriteSummary(MidiSong song, TextWriter o)
    {
        o.WriteLine($"resolution {song.Resolution} ticks/quarter, {song.TempoChanges.Count} tempo segments, end {song.GetEndTime():0.###} s");
        foreach (var i in song.Instruments)
            o.WriteLine($"  {(i.IsDrum ? "drums" : $"program {i.Program,3}")}  channel {i.Channel,2}  {i.Notes.Count,6} notes  \"{i.Name}\"");
    }
}
