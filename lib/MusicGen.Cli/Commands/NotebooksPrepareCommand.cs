using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MusicGen.Data;
using MusicGen.Models;
using MusicGen.Notebooks.Ipynb;
using MusicGen.Notebooks.Running;
using Spectre.Console;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen notebooks prepare [PATH...]</c>: trains and caches every notebook's weights in one go, so that the
/// workbook then runs in full mode without training (issue 11, "ready for a class").
/// </summary>
/// <remarks>
/// Design: prepare runs each notebook in full mode, top to bottom, into a temporary copy (the notebooks in the
/// repository are not touched). Every training a notebook does goes through <see cref="Preset.Train(EncodedCorpus, EncodedCorpus?, SequenceModel?, bool, Action{TrainingProgress}?)"/>
/// with the cache on (the notebooks' default <c>TrainFromScratch = false</c>), so the cache entries are created by the
/// very calls the notebooks make, keyed by what they train on (<see cref="WeightCache"/>). There is no list of
/// trainings to keep in step with the notebooks: edit a notebook's training and the next prepare caches the new one.
/// The cost is that prepare also runs the notebooks' other cells once.
/// </remarks>
internal static class NotebooksPrepareCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Notebooks or folders (default: the repository's notebooks/).", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("prepare", $"Train and cache every notebook's weights (in {WeightCache.Folder}) by running each notebook once in full mode; notebooks are not modified.") { paths };
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var given = parse.GetValue(paths) ?? [];
            if (given.Length == 0)
            {
                var root = DatasetLocator.FindRepositoryRoot() ?? throw new UserError("prepare: not inside the repository; give the notebooks' folder");
                given = [Path.Combine(root, "notebooks")];
            }
            var files = NotebooksCommand.ExpandPaths(given);
            var scratch = Directory.CreateTempSubdirectory("musicgen-prepare-");
            int trainings = 0;
            var failed = new List<NotebookRunResult>();
            var clock = Stopwatch.StartNew();
            bool live = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(live ? Console.Error : stderr), Interactive = live ? InteractionSupport.Yes : InteractionSupport.No });
            try
            {
                void RunAll(Action<string>? notebookStarted, Action<Preset, Trainer> trainingStarted)
                {
                    void OnTraining(Preset p, Trainer t) { trainings++; trainingStarted(p, t); }
                    WeightCache.TrainingStarted += OnTraining;
                    try
                    {
                        foreach (var file in files)
                        {
                            notebookStarted?.Invoke(Path.GetFileName(file));
                            var result = NotebookRunner.RunAsync(file, new NotebookRunOptions
                            {
                                OutputPath = Path.Combine(scratch.FullName, Path.GetFileName(file)),
                            }).GetAwaiter().GetResult();
                            if (!result.Succeeded) failed.Add(result);
                        }
                    }
                    catch (NotebookFormatException e) { throw new UserError(e.Message); }
                    finally { WeightCache.TrainingStarted -= OnTraining; }
                }
                if (live)
                {
                    console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .Start(ctx =>
                        {
                            var all = ctx.AddTask("notebooks", maxValue: files.Count);
                            var train = ctx.AddTask("training", maxValue: 1);
                            int done = -1;
                            RunAll(name =>
                            {
                                all.Value = ++done;
                                all.Description = Markup.Escape($"notebooks: {name}");
                            }, (p, t) =>
                            {
                                t.Progress += e =>
                                {
                                    train.MaxValue = Math.Max(1, e.StepsPerEpoch * e.Epochs);
                                    train.Value = e.Epoch * e.StepsPerEpoch + e.Step;
                                    train.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Id}: epoch {e.Epoch + 1}/{e.Epochs}"));
                                };
                            });
                            all.Value = files.Count;
                        });
                }
                else
                {
                    RunAll(name => stderr.WriteLine($"prepare: {name}"), (p, t) => stderr.WriteLine($"  training {p.Id} ({p.Options.Epochs} epochs)"));
                }
            }
            finally
            {
                try { scratch.Delete(recursive: true); } catch (IOException) { }
            }
            foreach (var f in failed) stderr.WriteLine($"musicgen: {f.Describe()}");
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"prepare: {files.Count} notebooks, {trainings} trainings run ({clock.Elapsed.TotalSeconds:0} s); weights in {WeightCache.Folder}"));
            return failed.Count == 0 ? 0 : 1;
        });
        return cmd;
    }
}
