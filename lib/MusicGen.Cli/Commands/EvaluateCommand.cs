using System.CommandLine;
using System.Text;
using System.Text.Json;
using MusicGen.Evaluation;
using MusicGen.Midi;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen evaluate --generated DIR --reference DIR [--json]</c> (lib/README.md §4, CLI
/// contract): reads every .mid/.midi file directly inside both folders (sorted by name, lenient
/// reading as for datasets) and reports <see cref="EvaluationReport"/>: histogram distances of
/// pitch, step, duration and velocity (KL, Jensen–Shannon, overlap, Wasserstein-1), the Yang &amp;
/// Lerch (2020) summary per feature (generated = set 1), and MusPy metric means for both sets.
/// A missing or MIDI-less folder exits 2 with one line on stderr.
/// </summary>
internal sealed class EvaluateCommand : ICommandGroup
{
    public Command Create()
    {
        var generated = new Option<string>("--generated") { Description = "Folder of generated MIDI files.", Required = true };
        var reference = new Option<string>("--reference") { Description = "Folder of reference MIDI files (e.g. the training set).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON to stdout (non-finite numbers as null)." };
        var cmd = new Command("evaluate", "Compare generated MIDI files with reference files: histogram distances, Yang & Lerch relative measures, MusPy metrics.")
        {
            generated, reference, json,
        };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var genDir = parse.GetValue(generated)!;
            var refDir = parse.GetValue(reference)!;
            var gen = LoadFolder(genDir, "--generated", stderr);
            var refs = LoadFolder(refDir, "--reference", stderr);
            stderr.WriteLine($"evaluating {gen.Count} generated vs {refs.Count} reference songs");
            var report = EvaluationReport.Evaluate(gen, refs);
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) stdout.WriteLine(ToJson(report, genDir, refDir));
            else
            {
                stdout.Write(report.ToString());
                foreach (var (feature, why) in EmptyColumns(report)) stdout.WriteLine($"note: {feature}: — because {why}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Every MIDI file directly inside <paramref name="dir"/>, sorted by file name
    /// (ordinal), read leniently; reading warnings go to stderr.</summary>
    internal static List<MidiSong> LoadFolder(string dir, string option, TextWriter stderr)
    {
        if (!Directory.Exists(dir)) throw new UserError($"{dir}: no such folder ({option})");
        var files = Directory.EnumerateFiles(dir)
            .Where(f => f.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new UserError($"{dir}: no MIDI files (.mid, .midi) in folder ({option})");
        var songs = new List<MidiSong>(files.Count);
        int bad = 0;
        foreach (var f in files)
        {
            // Every unreadable file is named (one line each) before the command gives up.
            MidiSong song;
            try
            {
                song = MidiSong.Read(f, MidiReadingSettings.Lenient);
            }
            catch (Exception e) when (e is MidiFormatException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"musicgen: {(e.Message.StartsWith(f, StringComparison.Ordinal) ? "" : f + ": ")}{e.Message.ReplaceLineEndings(" ")}");
                bad++;
                continue;
            }
            foreach (var w in song.Warnings) stderr.WriteLine($"warning: {f}: {w}");
            songs.Add(song);
        }
        if (bad > 0) throw new UserError($"{dir}: {bad} of {files.Count} MIDI files could not be read ({option}); fix or remove them", exitCode: 1);
        return songs;
    }

    /// <summary>Why a Yang &amp; Lerch row shows "—": one reason per feature with an undefined value.</summary>
    internal static IEnumerable<(string Feature, string Why)> EmptyColumns(EvaluationReport report)
    {
        foreach (var f in report.YangLerch)
        {
            if (f.IsScalar && (!double.IsFinite(f.MeanGenerated[0]) || !double.IsFinite(f.MeanReference[0])))
                yield return (f.Feature, "no song of one set defines this feature (e.g. songs without notes)");
            else if (!double.IsFinite(f.KlIntraGeneratedInter) || !double.IsFinite(f.OaIntraGeneratedInter) || !double.IsFinite(f.KlIntraReferenceInter) || !double.IsFinite(f.OaIntraReferenceInter))
                yield return (f.Feature, f.Samples < EvaluationReport.MinSongsForRelativeMeasures
                    ? $"KL and OA need at least {EvaluationReport.MinSongsForRelativeMeasures} songs with the feature defined in each set; the smaller set has {f.Samples}"
                    : "the songs' distances for this feature are all equal, so no density can be estimated (KL/OA undefined)");
        }
    }

    /// <summary>The <c>--json</c> document.</summary>
    internal static string ToJson(EvaluationReport report, string generatedDir, string referenceDir)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("generated");
            w.WriteString("dir", generatedDir);
            w.WriteNumber("songs", report.GeneratedSongs);
            w.WriteEndObject();
            w.WriteStartObject("reference");
            w.WriteString("dir", referenceDir);
            w.WriteNumber("songs", report.ReferenceSongs);
            w.WriteEndObject();

            w.WriteStartObject("histograms");
            foreach (var h in report.HistogramDistances)
            {
                w.WriteStartObject(h.Feature);
                Number(w, "kl", h.Kl);
                Number(w, "js", h.JensenShannon);
                Number(w, "overlap", h.Overlap);
                Number(w, "wasserstein1", h.Wasserstein1);
                w.WriteNumber("generatedCount", h.GeneratedCount);
                w.WriteNumber("referenceCount", h.ReferenceCount);
                w.WriteNumber("bins", h.Edges.Length - 1);
                Number(w, "binMax", h.Edges[^1]);
                w.WriteEndObject();
            }
            w.WriteEndObject();

            w.WriteStartObject("yangLerch");
            foreach (var f in report.YangLerch)
            {
                w.WriteStartObject(f.Feature);
                w.WriteNumber("samples", f.Samples);
                w.WriteStartObject("generated");
                Values(w, "mean", f.MeanGenerated);
                Values(w, "std", f.StdGenerated);
                w.WriteEndObject();
                w.WriteStartObject("reference");
                Values(w, "mean", f.MeanReference);
                Values(w, "std", f.StdReference);
                w.WriteEndObject();
                Number(w, "klIntraGeneratedInter", f.KlIntraGeneratedInter);
                Number(w, "oaIntraGeneratedInter", f.OaIntraGeneratedInter);
                Number(w, "klIntraReferenceInter", f.KlIntraReferenceInter);
                Number(w, "oaIntraReferenceInter", f.OaIntraReferenceInter);
                var why = EmptyColumns(report).FirstOrDefault(e => e.Feature == f.Feature).Why;
                if (why is not null) w.WriteString("undefinedBecause", why);
                w.WriteEndObject();
            }
            w.WriteEndObject();

            w.WriteStartObject("muspy");
            foreach (var m in report.MusPy)
            {
                w.WriteStartObject(m.Metric);
                Number(w, "generated", m.GeneratedMean);
                Number(w, "reference", m.ReferenceMean);
                w.WriteNumber("generatedDefined", m.GeneratedDefined);
                w.WriteNumber("referenceDefined", m.ReferenceDefined);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>JSON has no NaN or ∞: those are written as null.</summary>
    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <summary>A scalar feature as a number, a histogram or matrix (flattened) as an array.</summary>
    private static void Values(Utf8JsonWriter w, string name, double[] v)
    {
        if (v.Length == 1)
        {
            Number(w, name, v[0]);
            return;
        }
        w.WriteStartArray(name);
        foreach (var x in v)
        {
            if (double.IsFinite(x)) w.WriteNumberValue(x);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }
}
