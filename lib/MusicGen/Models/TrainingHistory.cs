using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MusicGen.Formatting;
using MusicGen.Plotting;

namespace MusicGen.Models;

/// <summary>
/// What <see cref="Trainer.Fit"/> returns (Keras' <c>History</c>): per epoch the training loss, the
/// validation loss (NaN without a validation split), the learning rate, the optimizer steps and the
/// seconds; the best epoch of the monitored loss; whether early stopping ended the run. In a notebook
/// it displays as a loss-curve figure with a small summary table; <see cref="ToFigure"/> gives the figure.
/// Epochs are numbered from 1 in text and plots, indices into the lists from 0.
/// </summary>
[TypeFormatterSource(typeof(TrainingHistoryFormatterSource), PreferredMimeTypes = new[] { "text/plain", "text/html" })]
public sealed class TrainingHistory
{
    readonly List<double> _train = new(), _valid = new(), _lr = new(), _seconds = new();
    readonly List<int> _steps = new();

    /// <summary>Finished epochs.</summary>
    public int Epochs => _train.Count;

    /// <summary>Mean training loss per epoch (example-weighted over its batches, with dropout on).</summary>
    public IReadOnlyList<double> TrainLoss => _train;

    /// <summary>Validation loss per epoch (model in evaluation mode, no dropout); NaN when there is no validation split.</summary>
    public IReadOnlyList<double> ValidLoss => _valid;

    /// <summary>Learning rate used in each epoch.</summary>
    public IReadOnlyList<double> Lr => _lr;

    /// <summary>Optimizer steps taken in each epoch.</summary>
    public IReadOnlyList<int> Steps => _steps;

    /// <summary>Wall-clock seconds of each epoch (training and validation).</summary>
    public IReadOnlyList<double> Seconds => _seconds;

    /// <summary>True when the losses were validated on a held-out split (early stopping watched it).</summary>
    public bool HasValidation { get; private set; }

    /// <summary>Index of the epoch with the lowest monitored loss (validation if present, else training); −1 when empty.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>The lowest monitored loss; NaN when empty.</summary>
    public double BestLoss { get; private set; } = double.NaN;

    /// <summary>True when early stopping ended the run before <see cref="TrainerOptions.Epochs"/>.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>True when <see cref="TrainerOptions.TimeLimit"/> ended the last <see cref="Trainer.Fit"/> before
    /// <see cref="TrainerOptions.Epochs"/> (a later Fit or a resumed run may continue).</summary>
    public bool TimedOut { get; internal set; }

    /// <summary>True when the model holds the best epoch's weights after <see cref="Trainer.Fit"/> (RestoreBest).</summary>
    public bool RestoredBest { get; internal set; }

    /// <summary>Sum of <see cref="Seconds"/>.</summary>
    public double TotalSeconds => _seconds.Sum();

    /// <summary>The loss the trainer monitors for early stopping in epoch <paramref name="epoch"/>.</summary>
    public double MonitoredLoss(int epoch) => HasValidation ? _valid[epoch] : _train[epoch];

    internal void Add(double trainLoss, double validLoss, double lr, int steps, double seconds, bool hasValidation, int bestEpoch, double bestLoss)
    {
        _train.Add(trainLoss);
        _valid.Add(validLoss);
        _lr.Add(lr);
        _steps.Add(steps);
        _seconds.Add(seconds);
        HasValidation = hasValidation;
        BestEpoch = bestEpoch;
        BestLoss = bestLoss;
    }

    /// <summary>Training (and validation) loss per epoch, with a dashed line at the best epoch.</summary>
    public Figure ToFigure(string? title = "Loss")
    {
        var fig = new Figure();
        fig.Ax.Title = title;
        fig.Ax.XLabel = "Epoch";
        fig.Ax.YLabel = "Loss";
        var x = Enumerable.Range(1, Epochs).Select(e => (double)e).ToArray();
        fig.Ax.Line(x, _train, "train");
        if (HasValidation) fig.Ax.Line(x, _valid, "validation");
        if (BestEpoch >= 0) fig.Ax.VLine(BestEpoch + 1, $"best epoch ({BestEpoch + 1})");
        return fig;
    }

    /// <summary>One line: epochs, best epoch and loss, last losses, time.</summary>
    public override string ToString()
    {
        if (Epochs == 0) return "TrainingHistory(no epochs)";
        var last = Epochs - 1;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"TrainingHistory({Epochs} epoch{(Epochs == 1 ? "" : "s")}: train {_train[last]:G5}");
        if (HasValidation) sb.Append(CultureInfo.InvariantCulture, $", valid {_valid[last]:G5}");
        sb.Append(CultureInfo.InvariantCulture, $"; best {(HasValidation ? "valid" : "train")} {BestLoss:G5} at epoch {BestEpoch + 1}");
        if (StoppedEarly) sb.Append(", stopped early");
        if (TimedOut) sb.Append(", time limit reached");
        if (RestoredBest) sb.Append(", best weights restored");
        sb.Append(CultureInfo.InvariantCulture, $"; {TotalSeconds:F1} s)");
        return sb.ToString();
    }

    /// <summary>The loss curve (inline SVG) above a table of the last <paramref name="rows"/> epochs and the best one.</summary>
    public string ToHtml(int rows = 5)
    {
        var sb = new StringBuilder("<div class=\"musicgen-history\">");
        sb.Append(ToFigure().ToSvg());
        sb.Append("<table class=\"musicgen-metrics\"><caption>").Append(WebUtility.HtmlEncode(ToString())).Append("</caption>");
        sb.Append("<thead><tr><th>epoch</th><th>train</th>").Append(HasValidation ? "<th>valid</th>" : "").Append("<th>lr</th><th>steps</th><th>time</th></tr></thead><tbody>");
        var shown = Enumerable.Range(Math.Max(0, Epochs - rows), Math.Min(rows, Epochs)).ToList();
        if (BestEpoch >= 0 && !shown.Contains(BestEpoch)) shown.Insert(0, BestEpoch);
        foreach (var e in shown)
        {
            string Cell(string v) => $"<td style=\"text-align:right\">{v}</td>";
            sb.Append("<tr><th style=\"text-align:right\">").Append(e + 1).Append(e == BestEpoch ? " (best)" : "").Append("</th>");
            sb.Append(Cell(F(_train[e])));
            if (HasValidation) sb.Append(Cell(F(_valid[e])));
            sb.Append(Cell(_lr[e].ToString("G3", CultureInfo.InvariantCulture))).Append(Cell(_steps[e].ToString(CultureInfo.InvariantCulture)));
            // Durations carry their unit: a notebook shows them, and runs that differ only in wall-clock time compare equal.
            sb.Append(Cell(_seconds[e].ToString("F1", CultureInfo.InvariantCulture) + " s")).Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
        return sb.ToString();
    }

    static string F(double v) => double.IsFinite(v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "—";

    // Checkpoint form (the "trainer" metadata entry and the weight cache): the lists and flags, doubles round-tripped
    // exactly. RestoredBest and TimedOut came later: a history written without them reads them as false.
    sealed record Dto(double[] Train, double[] Valid, double[] Lr, int[] Steps, double[] Seconds, bool HasValidation,
                      int BestEpoch, double BestLoss, bool StoppedEarly, bool RestoredBest = false, bool TimedOut = false);

    static readonly JsonSerializerOptions s_json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal string ToJson() => JsonSerializer.Serialize(
        new Dto(_train.ToArray(), _valid.ToArray(), _lr.ToArray(), _steps.ToArray(), _seconds.ToArray(), HasValidation, BestEpoch, BestLoss, StoppedEarly, RestoredBest, TimedOut), s_json);

    internal static TrainingHistory FromJson(string json)
    {
        var d = JsonSerializer.Deserialize<Dto>(json, s_json) ?? throw new FormatException("empty training history");
        int n = d.Train.Length;
        if (d.Valid.Length != n || d.Lr.Length != n || d.Steps.Length != n || d.Seconds.Length != n || d.BestEpoch >= n)
            throw new FormatException("training history lists differ in length");
        var h = new TrainingHistory();
        h._train.AddRange(d.Train);
        h._valid.AddRange(d.Valid);
        h._lr.AddRange(d.Lr);
        h._steps.AddRange(d.Steps);
        h._seconds.AddRange(d.Seconds);
        (h.HasValidation, h.BestEpoch, h.BestLoss, h.StoppedEarly) = (d.HasValidation, d.BestEpoch, d.BestLoss, d.StoppedEarly);
        (h.RestoredBest, h.TimedOut) = (d.RestoredBest, d.TimedOut);
        return h;
    }
}
