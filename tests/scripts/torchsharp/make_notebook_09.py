#!/usr/bin/env python3
"""Writes notebooks/09-the-same-network-in-torchsharp.ipynb (cells only; `musicgen notebooks run` fills the outputs)."""
import json, pathlib

cells = []
def md(text): cells.append({"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")})
def code(text, tags=None):
    cells.append({"cell_type": "code", "metadata": {"tags": tags} if tags else {}, "execution_count": None,
                  "outputs": [], "source": text.strip("\n")})

md(r"""
# 9. The same network in TorchSharp

Every model in this workbook runs on our own small engine (`MusicGen.Nn`): plain C#, no native code, the
PyTorch vocabulary (`LSTM`, `Linear`, `ZeroGrad`, `Step`, `StateDict`). This notebook writes the
**pitch-step-duration** network of notebook 5 (Zhang 2023, the TensorFlow tutorial "Generate music with an RNN")
a second time, in **TorchSharp**: .NET bindings to **LibTorch**, the C++ core of PyTorch (TorchSharp 0.107,
LibTorch 2.10). Then we

1. load the weights our engine trained into the TorchSharp network and check that both give the same outputs,
2. train a few epochs in each engine from the same starting weights,
3. time a training step in both, side by side, and
4. see how the same code moves to a GPU.

Why bother, when our engine is the default? TorchSharp is what a class uses once it has a GPU: the network, the
parameter names and the checkpoints stay the same, only the engine changes.
""")
md(r"""
The parameters cell: `Quick = true` (CI) uses the five sample songs, tiny sizes and few steps.
""")
code("var Quick = false;", tags=["parameters"])
code(r"""
ulong Seed = 42;
int Epochs = Quick ? 2 : 5;                 // a few epochs in each engine
int? MaxSteps = Quick ? 10 : null;           // cap on batches per epoch (quick mode only)
int BenchSteps = Quick ? 3 : 20;             // timed training steps per engine and thread count
Torch.ManualSeed(Seed);
""")
md(r"""
## Loading LibTorch

TorchSharp is a thin layer over native libraries (about 600 MB for the CPU build on Linux). Before the first
`torch.*` call we load them once; `TorchSharpRuntime.EnsureLoaded` turns a failure into one readable message.
On Debian 12 and Ubuntu 22.04 the build has patched TorchSharp's native library for the older C++ runtime
(`environment.md`, "TorchSharp on Debian 12"); everywhere else it is used as shipped.
""")
code(r"""
// Our kernel references TorchSharp already; these two lines are for .NET Interactive (Polyglot Notebooks).
#r "../lib/MusicGen.TorchSharp/bin/Release/net10.0/TorchSharp.dll"
#r "../lib/MusicGen.TorchSharp/bin/Release/net10.0/MusicGen.TorchSharp.dll"
using TorchSharp;
using MusicGen.TorchSharp;
TorchSharpRuntime.EnsureLoaded();
torch.manual_seed((long)Seed);
Console.WriteLine($"{new MusicGen.TorchSharp.Bench.TorchSharpTrainPeer().Description}: {torch.get_num_threads()} threads, CUDA available: {torch.cuda.is_available()}");
""")
md(r"""
## The network, written in TorchSharp

Notebook 5's model: an `LSTM` over windows of (pitch / 128, step, duration) rows, whose **last** hidden state feeds
three linear heads — 128 pitch logits, one step, one duration. In TorchSharp a network is a subclass of
`nn.Module<In, Out>`; each layer is registered under a name, and those names become the parameter names:
`lstm.weight_ih_l0`, `pitch.bias`, … The names below are exactly the ones our engine uses, which is what lets the
weights move between the two.
""")
code(r"""
public sealed class PitchStepDurationNet : torch.nn.Module<torch.Tensor, torch.Tensor>
{
    readonly TorchSharp.Modules.LSTM lstm;
    readonly TorchSharp.Modules.Linear pitch, step, duration;

    public PitchStepDurationNet(int hidden) : base("pitch-step-duration")
    {
        lstm = torch.nn.LSTM(3, hidden, batchFirst: true);   // (B, T, 3) → (B, T, H)
        pitch = torch.nn.Linear(hidden, 128);
        step = torch.nn.Linear(hidden, 1);
        duration = torch.nn.Linear(hidden, 1);
        register_module("lstm", lstm);
        register_module("pitch", pitch);
        register_module("step", step);
        register_module("duration", duration);
    }

    // x: (B, T, 3) → (B, 130) = 128 pitch logits, step, duration after the last row
    public override torch.Tensor forward(torch.Tensor x)
    {
        var h = lstm.forward(x).Item1.select(1, -1);           // (B, H): the last step
        return torch.cat(new[] { pitch.forward(h), step.forward(h), duration.forward(h) }, 1);
    }
}

// The tutorial's loss: 0.05·CE(pitch) + MSE⁺(step) + MSE⁺(duration), MSE⁺ = MSE + 10·mean(max(−ŷ, 0)).
torch.Tensor PressureMse(torch.Tensor y, torch.Tensor t) =>
    torch.nn.functional.mse_loss(y, t) + 10f * torch.nn.functional.relu(-y).mean();
torch.Tensor TorchLoss(torch.Tensor y, torch.Tensor pitchTarget, torch.Tensor stepTarget, torch.Tensor durationTarget) =>
    0.05f * torch.nn.functional.cross_entropy(y.narrow(1, 0, 128), pitchTarget)
    + PressureMse(y.narrow(1, 128, 1), stepTarget) + PressureMse(y.narrow(1, 129, 1), durationTarget);
""")
md(r"""
## Data, and our engine's model

The same data as notebook 5 when piano-midi.de is available (every 17th file of moderate length, about 8,000
notes in full mode), the five sample songs otherwise and in quick mode. The last piece is held out.
""")
code(r"""
var songs = new List<(string Name, MidiSong Song)>();
var dataDir = Quick ? null : DatasetLocator.Find("piano-midi");
if (dataDir is not null)
{
    var files = MidiFolder.ListFiles(dataDir);
    int total = 0;
    for (int i = 3; i < files.Count && total < 8000; i += 17)
    {
        var song = MidiSong.Read(files[i], MidiReadingSettings.Lenient);
        var merged = new MidiSong(song.Resolution);
        var piano = new Instrument(0, name: "Acoustic Grand Piano");
        piano.Notes.AddRange(song.GetAllNotes().OrderBy(n => n.Start).ThenBy(n => n.Pitch));
        merged.Instruments.Add(piano);
        int n = piano.Notes.Count;
        if (n < 800 || n > 3500) continue;
        songs.Add((Path.GetFileNameWithoutExtension(files[i]), merged));
        total += n;
    }
}
else songs.AddRange(SampleSongs.All());
var preset = Presets.Get("pitch-step-duration");
if (Quick) preset.UseTiny();
preset.Options.Seed = Seed;
var train = songs.Take(songs.Count - 1).ToList();
var corpus = preset.Encode(train.Select(s => s.Song).ToList(), train.Select(s => s.Name).ToList());
var task = (WindowTask)preset.CreateTask(corpus);
var held = (WindowTask)preset.CreateTask(preset.Encode(new[] { songs[^1].Song }));
int H = preset.Options.HiddenSize, W = preset.Options.Window, B = preset.Options.BatchSize;
Console.WriteLine($"{songs.Count} pieces ({(dataDir is null ? "sample songs" : "piano-midi.de")}): {task.TrainCount:N0} training windows, " +
                  $"{held.TrainCount:N0} held-out windows of {W} notes; LSTM {H}, batch {B}");
""")
md(r"""
First we train in our engine, as notebook 5 does (Adam, learning rate 0.005).
""")
code(r"""
var ours = preset.CreateModel();
var start = ours.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());   // kept for the race below
var oursTrainer = new Trainer(ours, preset.CreateOptimizer(ours), new TrainerOptions
{
    Epochs = Epochs, BatchSize = B, Seed = Seed, MaxStepsPerEpoch = MaxSteps, RestoreBest = false,
});
var oursHistory = oursTrainer.Fit(task);
Console.WriteLine(oursHistory);
""")
md(r"""
## Our trained weights in the TorchSharp network

A state dict is a map from parameter name to tensor, in both engines. The table lists both sides: same names,
same shapes. `StateDictBridge.CopyFrom` copies our values into TorchSharp's tensors (it refuses to copy anything
if a name or a shape differs).
""")
code(r"""
var net = new PitchStepDurationNet(H);
var ourState = ours.StateDict();
var names = net.state_dict().Select(kv => new
{
    Name = kv.Key,
    TorchSharp = "(" + string.Join(", ", kv.Value.shape) + ")",
    Ours = ourState.TryGetValue(kv.Key, out var t) ? "(" + string.Join(", ", t.Shape) + ")" : "missing",
}).ToList();
StateDictBridge.CopyFrom(ours, net);
names
""")
md(r"""
Now both engines read the same held-out windows. We feed identical inputs and compare the outputs: the largest
difference between the two engines' 130 outputs over a batch, and the loss each computes.
""")
code(r"""
var batch = held.TrainBatch(Enumerable.Range(0, Math.Min(64, held.TrainCount)).ToArray());
int nb = batch.Batch;
var x = new float[nb * W * 3];
var pitchT = new long[nb]; var stepT = new float[nb]; var durT = new float[nb];
for (int b = 0; b < nb; b++)
{
    for (int r = 0; r < W; r++) preset.ScaleInput(batch.Row(b, r), x.AsSpan((b * W + r) * 3, 3), generated: false);
    var target = batch.Row(b, W);
    (pitchT[b], stepT[b], durT[b]) = ((long)target[0], target[1], target[2]);
}
ours.Eval(); net.eval();
float[] yOurs;
float lossOurs;
using (Torch.NoGrad())
{
    yOurs = ours.Forward(MusicGen.Nn.Tensor.FromArray(x, nb, W, 3)).ToArray();
    lossOurs = preset.Loss(ours, batch).Item();
}
float[] yTorch;
float lossTorch;
using (torch.no_grad())
{
    var y = net.forward(torch.tensor(x, new long[] { nb, W, 3 }));
    yTorch = y.data<float>().ToArray();
    lossTorch = TorchLoss(y, torch.tensor(pitchT), torch.tensor(stepT, new long[] { nb, 1 }), torch.tensor(durT, new long[] { nb, 1 })).item<float>();
}
double maxDiff = yOurs.Zip(yTorch, (a, b) => Math.Abs(a - b)).Max();
double maxAbs = yTorch.Max(v => Math.Abs(v));
Console.WriteLine($"{nb} held-out windows: largest |ours − TorchSharp| over {yOurs.Length:N0} outputs = {maxDiff:E2} (outputs up to {maxAbs:F2})");
Console.WriteLine($"held-out loss: ours {lossOurs:F6}, TorchSharp {lossTorch:F6}");
""")
md(r"""
The two engines agree to float rounding (differences around 10⁻⁶ and below): they compute the same function.
The test suite (`tests/MusicGen.TorchSharp.Tests`) checks this for **every** preset, gradients included, to a
tolerance of 10⁻⁵ relative plus 10⁻⁵ absolute per element.

## Training in each engine

Both engines start from the **same** initial weights (those our model had before training) and train for the
same number of epochs with Adam at the same learning rate. The TorchSharp loop is written out: zero the gradients,
forward, loss, `backward`, `step` — the five lines of every PyTorch training loop. The batches are drawn in a
different order, so the two curves are close, not identical.
""")
code(r"""
var fresh = preset.CreateModel();
fresh.LoadStateDict(start);
var tnet = new PitchStepDurationNet(H);
StateDictBridge.CopyFrom(fresh, tnet);
var adam = torch.optim.Adam(tnet.parameters(), lr: preset.Options.LearningRate);
// One LibTorch thread for this loop: on a busy 2-core machine its thread pool waits for cores other work holds
// (the speed table below shows both thread counts). On your own machine, leave the default.
int threadsBefore = torch.get_num_threads();
torch.set_num_threads(1);
var rng = new Random((int)Seed);
var order = Enumerable.Range(0, task.TrainCount).ToArray();
var torchLosses = new List<double>();
var clock = System.Diagnostics.Stopwatch.StartNew();
for (int epoch = 0; epoch < Epochs; epoch++)
{
    rng.Shuffle(order);
    tnet.train();
    double sum = 0; int seen = 0;
    int steps = (order.Length + B - 1) / B;
    if (MaxSteps is int cap) steps = Math.Min(steps, cap);
    for (int s = 0; s < steps; s++)
    {
        using var scope = torch.NewDisposeScope();           // frees this step's native tensors
        var idx = order.AsSpan(s * B, Math.Min(B, order.Length - s * B)).ToArray();
        var wb = task.TrainBatch(idx);
        int n = wb.Batch;
        var xb = new float[n * W * 3]; var pt = new long[n]; var st = new float[n]; var dt = new float[n];
        for (int b = 0; b < n; b++)
        {
            for (int r = 0; r < W; r++) preset.ScaleInput(wb.Row(b, r), xb.AsSpan((b * W + r) * 3, 3), generated: false);
            var t = wb.Row(b, W);
            (pt[b], st[b], dt[b]) = ((long)t[0], t[1], t[2]);
        }
        adam.zero_grad();
        var loss = TorchLoss(tnet.forward(torch.tensor(xb, new long[] { n, W, 3 })), torch.tensor(pt),
                             torch.tensor(st, new long[] { n, 1 }), torch.tensor(dt, new long[] { n, 1 }));
        loss.backward();
        adam.step();
        sum += loss.item<float>() * n; seen += n;
    }
    torchLosses.Add(sum / seen);
}
torch.set_num_threads(threadsBefore);
Console.WriteLine($"TorchSharp: {Epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s; ours took {oursHistory.Seconds.Sum():F1} s");
Plot.Lines(new (string, IReadOnlyList<double>)[] { ("ours", oursHistory.TrainLoss), ("TorchSharp", torchLosses) },
           title: "Training loss per epoch, same start", xLabel: "Epoch", yLabel: "loss")
""")
md(r"""
The TorchSharp network's weights go back into our engine just as easily (`StateDictBridge.CopyTo`), and from
there into a checkpoint that `musicgen generate` reads. Here our engine generates 40 notes from the weights
TorchSharp trained. (After a few epochs, and with the tutorial's quirk of feeding generated pitches back
unscaled — notebook 5 — the melody wanders and the steps grow: this shows the plumbing, not a finished model.)
""")
code(r"""
var fromTorch = preset.CreateModel();
StateDictBridge.CopyTo(tnet, fromTorch);
var generated = preset.Generate(fromTorch, preset.Prompt(corpus), 40, preset.CreateSampler(Seed)).ToMidiSong();
Console.WriteLine($"{generated.GetAllNotes().Count()} notes, {generated.GetEndTime():F1} s of music, generated by our engine from TorchSharp's weights");
display(Plot.PianoRoll(generated, title: "Generated from the TorchSharp-trained weights"));
AudioClip.FromSong(generated).Take(Quick ? 8 : 20)   // the first seconds
""")
md(r"""
## Speed, side by side

`musicgen bench train --peer torchsharp` times one training step (batch 64, 25-note windows, LSTM 128: the
tutorial's size) in our engine and in TorchSharp, in the same process, one after the other. The cell below does
the same on this machine, now, with 1 and 2 threads each. The machine's load is printed with it: on a busy
machine the numbers move a lot, and LibTorch's thread pool suffers most when the cores are shared.
""")
code(r"""
var peer = new MusicGen.TorchSharp.Bench.TorchSharpTrainPeer();
var rows = new List<object>();
// Quick mode (CI) skips the timing: it runs the notebook twice and compares the outputs, and no two timings agree.
foreach (int threads in Quick ? Array.Empty<int>() : new[] { 1, 2 })
{
    var o = MusicGen.Nn.Bench.TrainBenchmark.Run("pitch-step-duration", batch: 64, steps: BenchSteps, threads: threads);
    double t = peer.StepsPerSecond("pitch-step-duration", 64, BenchSteps, threads);
    rows.Add(new { Threads = threads, OursStepsPerS = Math.Round(o.StepsPerSecond, 1), TorchSharpStepsPerS = Math.Round(t, 1), Ratio = Math.Round(o.StepsPerSecond / t, 2) });
}
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";   // Linux only
if (Quick) Console.WriteLine("quick mode: no timing (run the notebook in full mode, or `musicgen bench train --peer torchsharp`)");
else Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {load}, {Environment.ProcessorCount} cores; {peer.Description}");
rows
""")
md(r"""
## Moving training to a GPU

Nothing above depends on the CPU except the package that supplies LibTorch. On a machine with an NVIDIA GPU:

1. Build with LibTorch for CUDA instead of the CPU one: `dotnet build lib/MusicGen.Cli -c Release -p:MusicGenCuda=true`
   (the project then references `libtorch-cuda-12.8-linux-x64` or `-win-x64` instead of `libtorch-cpu-*`;
   `environment.md`, "TorchSharp on Debian 12", has the details).
2. Train any preset with `musicgen train --preset pitch-step-duration --data DIR --engine torchsharp --device cuda`.
   The checkpoint it writes is an ordinary preset checkpoint: `musicgen generate` and every notebook load it with
   our engine.
3. In a notebook, move the network and each batch to the device: `net.to(torch.CUDA)` and
   `torch.tensor(x, shape, device: torch.CUDA)`; the loop itself does not change.

`torch.cuda.is_available()` tells whether TorchSharp sees a GPU. The machine that executed this notebook has none
(CPU LibTorch), so the cell below keeps the network on the CPU, and `--device cuda` there stops with a message
saying so. We could not run the CUDA build ourselves: the steps above follow TorchSharp's packaging.
""")
code(r"""
Console.WriteLine($"CUDA available here: {torch.cuda.is_available()}");
var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
net.to(device);
Console.WriteLine($"the network's parameters are on {net.parameters().First().device}");
""")
md(r"""
## What we saw

* The TorchSharp network has the same parameter names as ours, so weights move in both directions, and the two
  engines compute the same outputs and loss from the same weights.
* Training from the same start gives curves of the same shape; batches are drawn in different orders.
* The speed table above is measured, with its date and load: compare only numbers measured together.
* A GPU is one package and one option away (`--engine torchsharp --device cuda`).
""")

nb = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"display_name": "C# (MusicGen)", "language": "C#", "name": "musicgen-csharp"},
        "language_info": {"file_extension": ".cs", "mimetype": "text/x-csharp", "name": "C#", "pygments_lexer": "csharp", "version": "13.0"},
    },
    "nbformat": 4, "nbformat_minor": 5,
}
for i, c in enumerate(nb["cells"]):
    c["id"] = f"cell-{i:02d}"
    c["source"] = [l for l in c["source"].splitlines(keepends=True)]
path = pathlib.Path(__file__).resolve().parents[3] / "notebooks" / "09-the-same-network-in-torchsharp.ipynb"
path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(path)
