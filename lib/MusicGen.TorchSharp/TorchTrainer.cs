using System.Diagnostics;
using MusicGen.Models;
using TorchSharp;
using static TorchSharp.torch;
using Optimizer = MusicGen.Nn.Optim.Optimizer;

namespace MusicGen.TorchSharp;

/// <summary>
/// Trains a preset's TorchSharp module on a <see cref="WindowTask"/>: per epoch, shuffled mini-batches of
/// ZeroGrad → <see cref="TorchPresetModule.Loss"/> → backward → (clip) → step, then the validation loss.
/// The validation loss is computed by our engine on a copy of the weights (<see cref="WindowTask"/> exposes
/// validation batches only through <see cref="WindowTask.ValidLoss"/>); the cross-engine tests show both engines
/// compute the same loss for the same weights. Every preset trains on windows here, including
/// <c>pianoroll-lstm</c>, whose own engine default trains on whole pieces (<see cref="PianoRollTask"/>).
/// </summary>
public sealed class TorchTrainer
{
    readonly TorchPresetModule _module;
    readonly optim.Optimizer _optimizer;

    /// <summary>A trainer for <paramref name="module"/> with the TorchSharp twin of <paramref name="ours"/> (the preset's optimizer).</summary>
    public TorchTrainer(TorchPresetModule module, Optimizer ours)
    {
        _module = module ?? throw new ArgumentNullException(nameof(module));
        _optimizer = TorchOptimizers.Like(ours, module);
    }

    /// <summary>The module being trained.</summary>
    public TorchPresetModule Module => _module;

    /// <summary>Called after every epoch with (epoch from 1, train loss, valid loss or NaN, seconds of the epoch).</summary>
    public event Action<int, double, double, double>? EpochEnd;

    /// <summary>Mean training loss per epoch.</summary>
    public List<double> TrainLosses { get; } = new();

    /// <summary>Validation loss per epoch (NaN without a validation split).</summary>
    public List<double> ValidLosses { get; } = new();

    /// <summary>Seconds per epoch (training and validation).</summary>
    public List<double> Seconds { get; } = new();

    /// <summary>
    /// Runs <paramref name="epochs"/> epochs of batches of <paramref name="batchSize"/> examples, shuffled with
    /// <paramref name="seed"/>; <paramref name="maxSteps"/> caps the steps of each epoch and <paramref name="maxValidBatches"/>
    /// the validation batches; <paramref name="clipGradNorm"/> clips the global gradient norm when given.
    /// </summary>
    public void Fit(WindowTask task, int epochs, int batchSize, ulong seed = 0, int? maxSteps = null, int? maxValidBatches = null, double? clipGradNorm = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be ≥ 1");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be ≥ 1");
        var order = Enumerable.Range(0, task.TrainCount).ToArray();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            new Random(unchecked((int)seed) ^ (epoch * 7919)).Shuffle(order);
            int steps = (task.TrainCount + batchSize - 1) / batchSize;
            if (maxSteps is { } cap) steps = Math.Min(steps, cap);
            double sum = 0;
            long count = 0;
            _module.train();
            for (int s = 0; s < steps; s++)
            {
                var indices = order.AsSpan(s * batchSize, Math.Min(batchSize, task.TrainCount - s * batchSize));
                using var scope = NewDisposeScope();
                _optimizer.zero_grad();
                var loss = _module.Loss(task.TrainBatch(indices));
                loss.backward();
                if (clipGradNorm is { } c) nn.utils.clip_grad_norm_(_module.parameters(), c);
                _optimizer.step();
                sum += loss.item<float>() * indices.Length;
                count += indices.Length;
            }
            double valid = ValidLoss(task, batchSize, maxValidBatches);
            TrainLosses.Add(sum / count);
            ValidLosses.Add(valid);
            Seconds.Add(clock.Elapsed.TotalSeconds);
            EpochEnd?.Invoke(epoch + 1, sum / count, valid, clock.Elapsed.TotalSeconds);
        }
        _module.train();
    }

    double ValidLoss(WindowTask task, int batchSize, int? maxBatches)
    {
        if (task.ValidCount == 0) return double.NaN;
        var model = TorchCheckpoint.ToModel(_module);
        model.Eval();
        using var _ = Nn.Torch.NoGrad();
        double sum = 0;
        int n = 0, batches = 0;
        var indices = Enumerable.Range(0, task.ValidCount).ToArray();
        for (int start = 0; start < indices.Length && (maxBatches is not { } m || batches < m); start += batchSize, batches++)
        {
            int len = Math.Min(batchSize, indices.Length - start);
            sum += task.ValidLoss(model, indices.AsSpan(start, len)).Item() * len;
            n += len;
        }
        return sum / n;
    }
}
