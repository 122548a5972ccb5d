using System.Globalization;
using MusicGen.Models;
using MusicGen.Nn;

namespace MusicGen.Cli;

/// <summary>
/// Reads a preset checkpoint's header, options and tensors and refuses it in one line before any
/// model is built: options out of range (<see cref="PresetOptionsCheck"/>), a model larger than its
/// weights or than the machine, and non-finite weights (which would otherwise surface later as
/// "Note end (NaN) must not precede its start").
/// </summary>
internal static class CheckpointCheck
{
    public static void Validate(string path, string option)
    {
        if (!File.Exists(path))
            throw new UserError(Directory.Exists(path) ? $"{option} {path}: is a folder, not a checkpoint file" : $"{path}: no such checkpoint file ({option})");
        Dictionary<string, Tensor> tensors;
        Dictionary<string, string> meta;
        try
        {
            (tensors, meta) = Safetensors.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or OverflowException or ArgumentException)
        {
            throw new UserError(e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
        }
        if (!meta.TryGetValue("preset", out var id) || !meta.TryGetValue("options", out var json)) return; // PresetCheckpoint.Load names this
        Preset preset;
        try
        {
            preset = Presets.Get(id);
            preset.Options = PresetOptions.FromJson(json);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return; // PresetCheckpoint.Load names this
        }
        if (PresetOptionsCheck.Problem(preset.Options) is { } problem)
            throw new UserError($"{path}: checkpoint option {problem}");
        if (PresetOptionsCheck.SizeProblem(preset) is { } size)
            throw new UserError($"{path}: {size}");
        long inFile = 0;
        foreach (var (name, t) in tensors)
        {
            if (name.StartsWith("optimizer.", StringComparison.Ordinal)) continue;
            inFile += t.NumEl;
            int bad = 0;
            foreach (var v in t.Data) if (!float.IsFinite(v)) bad++;
            if (bad > 0)
                throw new UserError(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: checkpoint tensor '{name}' contains NaN or infinite weights ({bad} of {t.NumEl}); the training diverged — use an earlier epoch or retrain with a lower LearningRate"));
        }
        long expected = preset.ParameterCount();
        if (expected > inFile)
            throw new UserError(string.Create(CultureInfo.InvariantCulture,
                $"{path}: its options describe a {preset.Id} model of {expected:N0} parameters but the file holds {inFile:N0} weights; the options and tensors do not match"));
    }
}
