using System.CommandLine;
using System.Text;
using System.Text.Json;
using MusicGen.Data;
using MusicGen.Midi;
using MusicGen.Representations;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen midi notes FILE... [--json]</c> and <c>musicgen midi roll FILE --fs N --out F.npy</c>
/// (architecture doc, CLI contract). Files are read with the lenient policies, as for datasets;
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
            foreach (var path in paths)
            {
                var song = Load(path, parse.GetValue(strict));
                foreach (var w in song.Warnings) stderr.WriteLine($"warning: {path}: {w}");
                if (parse.GetValue(json)) stdout.WriteLine(ToJson(song));
                else
                {
                    if (paths.Length > 1) stdout.WriteLine(path);
                    WriteSummary(song, stdout);
                }
            }
            return 0;
        });
        return cmd;
    }

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
            if (!(rate > 0) || double.IsInfinity(rate)) throw new UserError($"--fs {rate}: must be a positive number of columns per second");
            var outPath = parse.GetValue(output)!;
            var song = Load(path, parse.GetValue(strict));
            foreach (var w in song.Warnings) parse.InvocationConfiguration.Error.WriteLine($"warning: {path}: {w}");
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
        return MidiSong.Read(path, strict ? MidiReadingSettings.Strict : MidiReadingSettings.Lenient);
    }

    /// <summary>The <c>midi notes --json</c> document; numbers are shortest round-trip doubles.</summary>
    internal static string ToJson(MidiSong song)
    {
        var buffer = new MemoryStream();
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
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteSummary(MidiSong song, TextWriter o)
    {
        o.WriteLine($"resolution {song.Resolution} ticks/quarter, {song.TempoChanges.Count} tempo segments, end {song.GetEndTime():0.###} s");
        foreach (var i in song.Instruments)
            o.WriteLine($"  {(i.IsDrum ? "drums" : $"program {i.Program,3}")}  channel {i.Channel,2}  {i.Notes.Count,6} notes  \"{i.Name}\"");
    }
}
