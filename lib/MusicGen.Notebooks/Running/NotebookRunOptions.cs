namespace MusicGen.Notebooks.Running;

/// <summary>How <see cref="NotebookRunner"/> runs a notebook.</summary>
public sealed class NotebookRunOptions
{
    /// <summary>Sets the parameter <c>Quick = true</c> (CI mode): notebooks shrink data and epochs.</summary>
    public bool Quick { get; init; }

    /// <summary>Values assigned after the <c>parameters</c>-tagged cell (papermill's convention),
    /// in a cell tagged <c>injected-parameters</c>. Values: bool, integers, floating point, string.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; init; } = new Dictionary<string, object?>();

    /// <summary>Where to save the executed notebook; null saves in place.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Longest a cell may run; null for no limit. A cell that exceeds it fails the run
    /// (its code is signalled through <c>CancellationToken</c> but cannot be stopped by force).</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Progress lines (cell i/n, seconds); null for none. The CLI passes stderr.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Called (on a reader thread) when a cell starts a training run that is not in the weight cache, and then
    /// with its progress; only runs in a child process (<see cref="NotebookProcessRunner"/>) report them.</summary>
    public Action<TrainingReport>? Training { get; init; }

    /// <summary>All overrides: <see cref="Parameters"/> plus <c>Quick</c> when <see cref="Quick"/> is set.</summary>
    internal IReadOnlyList<KeyValuePair<string, object?>> EffectiveParameters()
    {
        var all = Parameters.ToList();
        if (Quick && !Parameters.ContainsKey("Quick")) all.Insert(0, new("Quick", true));
        return all;
    }
}
