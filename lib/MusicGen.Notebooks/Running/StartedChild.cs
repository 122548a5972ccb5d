using System.Diagnostics;

namespace MusicGen.Notebooks.Running;

/// <summary>A notebook's child process started ahead of its run (<see cref="NotebookProcessRunner.Start"/>): it has
/// loaded the runtime and warmed up the compiler and waits for the notebook on its standard input.</summary>
public sealed class StartedChild : IDisposable
{
    internal StartedChild(string notebookPath, Process process) => (NotebookPath, Process) = (notebookPath, process);

    /// <summary>The notebook (full path) the child was started for.</summary>
    public string NotebookPath { get; }

    internal Process Process { get; }

    internal bool Used { get; set; }

    /// <summary>Ends a child that was never run: its input closes empty and it exits (killed if it does not within
    /// two seconds). Does nothing once <see cref="NotebookProcessRunner.RunAsync"/> has taken it.</summary>
    public void Dispose()
    {
        if (Used) return;
        Used = true;
        try
        {
            Process.StandardInput.Close();
            if (!Process.WaitForExit(TimeSpan.FromSeconds(2))) Process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Already gone.
        }
        Process.Dispose();
    }
}
