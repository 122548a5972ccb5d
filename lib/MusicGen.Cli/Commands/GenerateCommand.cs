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
/// [--wav F.wav] [--json]</c> (architecture doc, CLI contract): rebuilds the preset from a checkpoint written by
/// <c>musicgen train</c> / <see cref="Preset.Save"/>, continues its saved prompt by N rows (notes, tokens or frames,
/// per preset) with stateful sampling, and writes MIDI (and a WAV rendering). Temperature, top-k and top-p default
/// to the checkpoint's options. Files are written atomically.
/// </summary>
internal sealed class GenerateCommand : ICommandGroup
{
    public Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A preset checkpoint (.safetensors) from `musicgen train`.", Required = true };
        var notes = new Option<int>("--notes") { Description = "Rows to generate: notes, tokens or frames depending on the preset.", DefaultValueFactory = _ => 120 };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature (0 = greedy); default: the checkpoint's." };
        var topK = new Option<int?>("--top-k") { Description = "Sample among the k most likely classes (0 = all); default: the checkpoint's." };
        var topP = new Option<float?>("--top-p") { Description = "Nucleus sampling threshold in (0, 1]; default: the checkpoint's." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 0UL };
        var output = new Option<string>("--out") { Description = "Output MIDI file.", Required = true };
        var wav = new Option<string?>("--wav") { Description = "Also render the result to this WAV file (22,050 Hz, 16-bit mono)." };
        var json = new Option<bool>("--json") { Description = "Print {\"preset\",\"rows\",\"notes\",\"seconds\" (generation time),\"notes_per_s\",\"music_seconds\",\"out\",\"wav\"} to stdout." };
        var cmd = new Command("generate", "Generate music from a trained preset checkpoint.") { checkpoint, notes, temperature, topK, topP, seed, output, wav, json };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(checkpoint)!;
            int n = parse.GetValue(notes);
            if (n < 1) throw new UserError($"--notes: must be ≥ 1, got {n}");
            var outPath = parse.GetValue(output)!;
            var wavPath = parse.GetValue(wav);
            CheckFolder(outPath, "--out");
            if (wavPath is not null) CheckFolder(wavPath, "--wav");
            var trained = Load(path);
            var o = trained.Preset.Options;
            float t = parse.GetValue(temperature) ?? o.Temperature;
            int k = parse.GetValue(topK) ?? o.TopK;
            float pTop = parse.GetValue(topP) ?? o.TopP;
            if (float.IsNaN(t) || float.IsInfinity(t)) throw new UserError($"--temperature: must be a finite number, got {t}");
            if (k < 0) throw new UserError($"--top-k: must be ≥ 0, got {k}");
            if (!(pTop > 0f && pTop <= 1f)) throw new UserError($"--top-p: must be in (0, 1], got {pTop}");
            if (trained.Prompt is null) throw new UserError($"{path}: the checkpoint holds no prompt (save it with Preset.Save(..., prompt))");
            var sampler = new Sampler(parse.GetValue(seed), t, k, pTop);
            stderr.WriteLine($"generate {trained.Preset.Id}: {n} rows after a {trained.Prompt.GetLength(0)}-row prompt, {sampler}");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var song = trained.Generate(n, sampler).ToMidiSong();
            double seconds = watch.Elapsed.TotalSeconds;
            WriteAtomically(outPath, tmp => song.Write(tmp));
            // The SoundFont when one is found (MUSICGEN_SOUNDFONT, FluidR3_GM), else the additive synthesizer.
            var clip = wavPath is null ? null : AudioClip.FromSong(song);
            if (wavPath is not null) WriteAtomically(wavPath, tmp => Wav.Write(tmp, clip!.Samples));
            if (clip is not null) stderr.WriteLine($"{wavPath}: played by {clip.PlayedBy}");
            int noteCount = song.GetAllNotes().Count;
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {noteCount} notes ({song.GetEndTime():F1} s of music) to {outPath}{(wavPath is null ? "" : " and " + wavPath)} in {seconds:F2} s"));
            if (parse.GetValue(json))
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    // "seconds" times Generate only (no MIDI/WAV writing), so notes_per_s is the sampler's speed.
                    ["preset"] = trained.Preset.Id, ["rows"] = n, ["notes"] = noteCount, ["seconds"] = seconds,
                    ["notes_per_s"] = seconds > 0 ? noteCount / seconds : null, ["music_seconds"] = song.GetEndTime(),
                    ["out"] = outPath, ["wav"] = wavPath,
                }));
            return 0;
        });
        return cmd;
    }

    static TrainedPreset Load(string path)
    {
        try { return PresetCheckpoint.Load(path); }
        catch (FileNotFoundException) { throw new UserError($"{path}: no such checkpoint file (--checkpoint)"); }
        catch (InvalidDataException e) { throw new UserError(e.Message); }
    }

    internal static void CheckFolder(string path, string option)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir)) throw new UserError($"{path}: folder {dir} does not exist ({option})");
    }

    /// <summary>Writes through <see cref="AtomicFile"/> (temp file beside it, fsync, rename).</summary>
    internal static void WriteAtomically(string path, Action<string> write) => AtomicFile.WriteVia(path, write);
}
