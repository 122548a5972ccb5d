using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGen.Models;

namespace MusicGen.Cli.Bench;

/// <summary>
/// <c>musicgen bench generate [--preset ID|all] [--notes N] [--no-tape] [--json]</c>: stateful generation
/// throughput of every preset (or one) on one core, sampling included (<see cref="GenerateBenchmark"/>); a table, or
/// one JSON object per preset and line.
/// </summary>
internal static class GenerateBenchCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "A preset id, or all.", DefaultValueFactory = _ => "all" };
        var notes = new Option<int?>("--notes") { Description = "Rows (notes, tokens, frames) per timed run; default: doubled until a run lasts 0.5 s." };
        var noTape = new Option<bool>("--no-tape") { Description = "Do not also time the autograd engine's path (SequenceModel.Step) for comparison." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per preset and line: {preset, unit, path, rows_per_s, tape_rows_per_s, gflops, …}." };
        var command = new Command("generate", "Stateful generation throughput (rows/s on one core, sampling included) of each preset at its default size.")
            { preset, notes, noTape, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var id = parse.GetValue(preset)!;
            var n = parse.GetValue(notes);
            if (n is < 1) throw new UserError($"--notes: must be ≥ 1, got {n}");
            if (id != "all" && !Presets.Ids.Contains(id)) throw new UserError($"--preset: unknown preset '{id}'; expected all or one of {string.Join(", ", Presets.Ids)}");
            var ids = id == "all" ? Presets.Ids : [id];
            bool asJson = parse.GetValue(json);
            if (!asJson)
                stdout.WriteLine($"{"preset",-22} {"path",-15} {"rows/s",12} {"tape rows/s",12} {"GFLOP/s",8} {"B/row",8} {"rows/cpu-s",12}");
            foreach (var p in ids)
            {
                stderr.WriteLine($"bench generate {p} …");
                var r = GenerateBenchmark.Run(p, n, tape: !parse.GetValue(noTape));
                if (asJson) stdout.WriteLine(JsonSerializer.Serialize(r));
                else
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Preset,-22} {r.Path,-15} {r.RowsPerSecond,12:N0} {(r.TapeRowsPerSecond is { } t ? t.ToString("N0", CultureInfo.InvariantCulture) : "–"),12} " +
                        $"{(r.Gflops is { } g ? g.ToString("F1", CultureInfo.InvariantCulture) : "–"),8} {r.AllocatedBytesPerRow,8:F0} {r.Rows / Math.Max(r.CpuSeconds, 1e-9),12:N0}   ({r.Unit}s)"));
            }
            return 0;
        });
        return command;
    }
}
