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
/// Design: prepare runs each notebook in full mode, top to bottom, in a process of its own as <c>notebooks run</c>
/// does, into a temporary copy (the notebooks in the repository are not touched). Every training a notebook does goes through <see cref="Preset.Train(EncodedCorpus, EncodedCorpus?, SequenceModel?, bool, Action{TrainingProgress}?)"/>
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
                var child = NotebooksCommand.SelfCommand();
                // Each notebook runs in a process of its own, exactly as `notebooks run` runs it: nothing one notebook
                // leaves behind (a global random generator, a static setting) can change what the next one trains, so
                // the weights cached here are the ones a later run asks for.
                void RunAll(Action<string>? notebookStarted, Action<TrainingReport> training)
                {
                    NotebookRunOptions Options(string file) => new()
                    {
                        OutputPath = Path.Combine(scratch.FullName, Path.GetFileName(file)),
                        Training = r =>
                        {
                            if (r.Started) Interlocked.Increment(ref trainings);
                            training(r);
                        },
                    };
                    StartedChild? next = null;
                    try
                    {
                        for (int i = 0; i < files.Count; i++)
                        {
                            notebookStarted?.Invoke(Path.GetFileName(files[i]));
                            using var started = next ?? NotebookProcessRunner.Start(files[i], Options(files[i]), child);
                            next = i + 1 < files.Count ? NotebookProcessRunner.Start(files[i + 1], Options(files[i + 1]), child) : null;
                            var result = NotebookProcessRunner.RunAsync(files[i], Options(files[i]), child, started: started).GetAwaiter().GetResult();
                            if (!result.Succeeded) failed.Add(result);
                        }
                    }
                    catch (NotebookFormatException e) { throw new UserError(e.Message); }
                    finally { next?.Dispose(); }
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
                            }, r =>
                            {
                                train.MaxValue = r.Total;
                                train.Value = r.Done;
                                train.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{r.Preset}: epoch {r.Epoch + 1}/{r.Epochs}"));
                            });
                            all.Value = files.Count;
                        });
                }
                else
                {
                    RunAll(name => stderr.WriteLine($"prepare: {name}"), r =>
                    {
                        if (r.Started) stderr.WriteLine($"  training {r.Preset} ({r.Epochs} epochs)");
                    });
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
