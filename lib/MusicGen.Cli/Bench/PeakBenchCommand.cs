using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace MusicGen.Cli.Bench;

/// <summary>
/// <c>musicgen bench peak [--json] [--seconds S] [--no-memory]</c>: this machine's FP32 FMA peak per vector width and
/// memory bandwidth, one core and two (<see cref="PeakBenchmark"/>). The JSON is what <c>bench train --peak FILE</c> reads.
/// </summary>
internal static class PeakBenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print {fma: [{bits, gflops_1, gflops_2}], peak_gflops_1, peak_gflops_2, triad_gbs_1, …} as JSON." };
        var seconds = new Option<double>("--seconds") { Description = "Time spent repeating each figure (the best repetition counts).", DefaultValueFactory = _ => 0.3 };
        var noMemory = new Option<bool>("--no-memory") { Description = "Skip the memory bandwidth loops (they need 192 MiB)." };
        var command = new Command("peak", "FP32 FMA peak (register-only loop per vector width) and STREAM copy/triad bandwidth, one core and two.")
            { json, seconds, noMemory };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var budget = parse.GetValue(seconds);
            if (!(budget > 0 && budget <= 60)) throw new UserError($"--seconds: must be in (0, 60], got {budget}");
            var r = PeakBenchmark.Run(budget, memory: !parse.GetValue(noMemory));
            if (parse.GetValue(json)) { stdout.WriteLine(JsonSerializer.Serialize(r)); return 0; }
            var inv = CultureInfo.InvariantCulture;
            stdout.WriteLine($"{r.Cpu ?? "unknown CPU"}, {r.Processors} processors, load average {r.LoadAverage?.ToString("F2", inv) ?? "?"}, {r.Date}");
            if (r.Fma.Count == 0) stdout.WriteLine("no hardware FMA found (x86 FMA3 / AVX-512F): no peak measured");
            stdout.WriteLine($"{"FP32 FMA",-16} {"1 core GFLOP/s",16} {"2 cores GFLOP/s",16}");
            foreach (var f in r.Fma)
                stdout.WriteLine(string.Create(inv, $"{$"Vector{f.Bits}",-16} {f.Gflops1,16:F1} {f.Gflops2,16:F1}"));
            if (r.MemoryFloats > 0)
            {
                stdout.WriteLine($"{"memory",-16} {"1 thread GB/s",16} {"2 threads GB/s",16}");
                stdout.WriteLine(string.Create(inv, $"{"copy",-16} {r.CopyGbs1,16:F1} {r.CopyGbs2,16:F1}"));
                stdout.WriteLine(string.Create(inv, $"{"triad",-16} {r.TriadGbs1,16:F1} {r.TriadGbs2,16:F1}"));
            }
            return 0;
        });
        return command;
    }
}
