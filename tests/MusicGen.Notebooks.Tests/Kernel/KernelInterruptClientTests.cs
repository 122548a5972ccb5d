using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MusicGen.Cli;
using MusicGen.Notebooks.Ipynb;

namespace MusicGen.Notebooks.Tests.Kernel;

/// <summary>
/// Issue 10 with the real Jupyter client (tests/scripts/kernel/check_interrupt.py, jupyter_client's KernelManager):
/// `while (true) {}`, `for (;;) x++;` and a runaway recursion are interrupted within 2 s in both interrupt modes
/// (message and signal), state survives and `1 + 1` answers 2; compile errors, inspection, input and
/// language_info as frontends see them.
/// </summary>
public class KernelInterruptClientTests
{
    [JupyterFact]
    public void The_real_Jupyter_client_interrupts_any_cell_and_the_kernel_answers_at_once()
    {
        // What our runner writes into notebooks: kernel_info_reply must be exactly this.
        var notebook = Notebook.Create();
        notebook.SetCSharpMetadata();
        var languageInfo = notebook.Metadata["language_info"]!.ToJsonString();
        var psi = new ProcessStartInfo("/usr/bin/python3", [Script(), typeof(KernelCommand).Assembly.Location, languageInfo])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(180)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("check_interrupt.py did not finish within 180 s:\n" + stderr.Result);
        }
        Assert.True(p.ExitCode == 0, $"check_interrupt.py failed ({p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        Assert.Contains("all checks passed", stdout.Result);
    }

    private static string Script([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "scripts", "kernel", "check_interrupt.py"));
}
