using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGen.Audio;
using MusicGen.Midi;
using MusicGen.Models;
using MusicGen.IO;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen generate --checkpoint F --notes N [--temperature T] [--top-k K] [--top-p P] [--seed S] --out F.mid
/// [--wav F.wav] [--json]</c> (lib/README.md §4): rebuilds the preset from a checkpoint written by
/// <c>musicgen train</c> / <see cref="Preset.Save"/>, continues its saved prompt by N rows (notes, tokens or frames,
/// per preset) with stateful sampling, and writes MIDI (and a WAV rendering). Temperature, top-k and top-p default
/// to the checkpoint's options. <c>--quirk fixed|faithful</c> (default fixed) chooses at generation time whether the
/// seed's documented quirk is reproduced. Options, the checkpoint and every output path are checked before any work;
/// files are written atomically.
/// </summary>
internal sealed class GenerateCommand : ICommandGroup
{
    public Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A preset checkpoint (.safetensors) from `musicgen train`.", Required = true };
        var notes = new Option<int>("--notes") { Description = $"Rows to generate: notes, tokens or frames depending on the preset (1 to {MaxRows:N0}).", DefaultValueFactory = _ => 120 };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature in [0, 100] (0 = greedy); default: the checkpoint's." };
        var topK = new Option<int?>("--top-k") { Description = "Sample among the k most likely classes (0 = all); default: the checkpoint's." };
        var topP = new Option<float?>("--top-p") { Description = "Nucleus sampling threshold in (0, 1]; default: the checkpoint's." };
        var quirk = new Option<string>("--quirk")
        {
            Description = "fixed (default): the corrected generation; faithful: the seed's documented quirk — pitch-step-duration (SOURCES.md §3.4) feeds " +
                          "generated pitches back unscaled (notes drift to ~1.5 s apart), notes-and-chords (SOURCES.md §1.4) decodes greedily. " +
                          "Only generation changes, so any checkpoint can use either.",
            DefaultValueFactory = _ => "fixed",
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--out") { Description = "Output MIDI file.", Required = true };
        var wav = new Option<string?>("--wav") { Description = "Also render the result to this WAV file (22,050 Hz, 16-bit mono)." };
        var json = new Option<bool>("--json") { Description = "Print {\"preset\",\"rows\",\"notes\",\"seconds\" (generation time),\"notes_per_s\",\"music_seconds\",\"out\",\"wav\"} to stdout." };
        var cmd = new Command("generate", "Generate music from a trained preset checkpoint.") { checkpoint, notes, temperature, topK, topP, quirk, seed, output, wav, json };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(checkpoint)!;
            int n = parse.GetValue(notes);
            if (n is < 1 or > MaxRows) throw new UserError($"--notes {n}: must be an integer from 1 to {MaxRows} (generate longer pieces in several runs)");
            var quirkMode = ParseQuirk(parse.GetValue(quirk));
            if (parse.GetValue(temperature) is { } tOpt && !(tOpt >= 0f && tOpt <= 100f))
                throw new UserError($"--temperature {tOpt.ToString(CultureInfo.InvariantCulture)}: must be a number in [0, 100] (0 = greedy)");
            if (parse.GetValue(topK) is { } kOpt && kOpt is < 0 or > 1_000_000) throw new UserError($"--top-k {kOpt}: must be an integer from 0 to 1000000 (0 = all)");
            if (parse.GetValue(topP) is { } pOpt && !(pOpt > 0f && pOpt <= 1f)) throw new UserError($"--top-p {pOpt.ToString(CultureInfo.InvariantCulture)}: must be a number in (0, 1]");
            var outPath = parse.GetValue(output)!;
            var wavPath = parse.GetValue(wav);
            // Every output is checked before any work, so a bad one leaves nothing behind.
            OutputChecks.Writable(outPath, "--out");
            if (wavPath is not null)
            {
                OutputChecks.Writable(wavPath, "--wav");
                OutputChecks.Distinct(outPath, "--out", wavPath, "--wav");
            }
            CheckpointCheck.Validate(path, "--checkpoint");
            var trained = Load(path);
            var o = trained.Preset.Options;
            o.Quirk = quirkMode;   // a generation-time choice: both quirks only change how rows are fed back or decoded
            float t = parse.GetValue(temperature) ?? o.Temperature;
            int k = parse.GetValue(topK) ?? o.TopK;
            float pTop = parse.GetValue(topP) ?? o.TopP;
            if (trained.Prompt is null) throw new UserError($"{path}: the checkpoint holds no prompt (save it with Preset.Save(..., prompt))");
            var sampler = new Sampler(parse.GetValue(seed), t, k, pTop);
            stderr.WriteLine($"generate {trained.Preset.Id}: {n} rows after a {trained.Prompt.GetLength(0)}-row prompt, {sampler}, " +
                             (QuirkMatters(trained.Preset) ? $"quirk {QuirkName(quirkMode)}" : "no quirk in this preset"));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var song = trained.Generate(n, sampler).ToMidiSong();
            double seconds = watch.Elapsed.TotalSeconds;
            // The SoundFont when one is found (MUSICGEN_SOUNDFONT, FluidR3_GM), else the additive synthesizer;
            // rendered before anything is written, so a failing render leaves no MIDI behind.
            var clip = wavPath is null ? null : AudioClip.FromSong(song);
            WriteAtomically(outPath, tmp => song.Write(tmp));
            if (wavPath is not null) WriteAtomically(wavPath, tmp => Wav.Write(tmp, clip!.Samples));
            if (clip is not null) stderr.WriteLine($"{wavPath}: played by {clip.PlayedBy}");
            int noteCount = song.GetAllNotes().Count;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {noteCount} notes ({song.GetEndTime():F1} s of music, quirk {QuirkName(quirkMode)}) to {outPath}{(wavPath is null ? "" : " and " + wavPath)} in {seconds:F2} s"));
            if (parse.GetValue(json))
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    // "seconds" times Generate only (no MIDI/WAV writing), so notes_per_s is the sampler's speed.
                    ["preset"] = trained.Preset.Id, ["rows"] = n, ["notes"] = noteCount, ["seconds"] = seconds,
                    ["notes_per_s"] = seconds > 0 ? noteCount / seconds : null, ["music_seconds"] = song.GetEndTime(),
                    ["out"] = outPath, ["wav"] = wavPath, ["quirk"] = QuirkName(quirkMode),
                }));
            return 0;
        });
        return cmd;
    }

    /// <summary>Largest <c>--notes</c>: a million rows is hours of music; more only exhausts memory.</summary>
    internal const int MaxRows = 1_000_000;

    internal static QuirkMode ParseQuirk(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "fixed" => QuirkMode.Fixed,
        "faithful" => QuirkMode.Faithful,
        _ => throw new UserError($"--quirk {text}: must be fixed or faithful"),
    };

    internal static string QuirkName(QuirkMode q) => q == QuirkMode.Fixed ? "fixed" : "faithful";

    /// <summary>The presets whose generation has a documented quirk (seeds 002 and 003).</summary>
    internal static bool QuirkMatters(Preset p) => p is PitchStepDurationPreset or NotesAndChordsPreset;

    static TrainedPreset Load(string path)
    {
        try { return PresetCheckpoint.Load(path); }
        catch (FileNotFoundException) { throw new UserError($"{path}: no such checkpoint file (--checkpoint)"); }
        catch (InvalidDataException e) { throw new UserError(e.Message); }
    }

    /// <summary>Writes through <see cref="AtomicFile"/> (temp file beside it, fsync, rename).</summary>
    internal static void WriteAtomically(string path, Action<string> write) => AtomicFile.WriteVia(path, write);
}
