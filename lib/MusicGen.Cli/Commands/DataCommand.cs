using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MusicGen.Data;
using Spectre.Console;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen data list [--json]</c> and <c>musicgen data get NAME|all [--mirror URL | --from DIR] [--to DIR]</c>
/// (lib/README.md §4): the catalogue of <c>data/manifest.json</c>, and installing a
/// dataset into <c>data/NAME</c> from its origin, a mirror or a local folder, with every file's SHA-256
/// checked against the manifest (<see cref="DatasetDownloader"/>).
/// </summary>
internal sealed class DataCommand : ICommandGroup
{
    public Command Create()
    {
        var data = new Command("data", "Dataset catalogue (data/manifest.json) and installation with SHA-256 checks.");
        var manifest = new Option<string?>("--manifest") { Description = "Manifest file (default: the repository's data/manifest.json)." };
        data.Add(CreateList(manifest));
        data.Add(CreateGet(manifest));
        return data;
    }

    private static Command CreateList(Option<string?> manifest)
    {
        var json = new Option<bool>("--json") { Description = "Print [{\"name\",\"files\",\"bytes\",\"license\",\"origin\",\"location\"}] to stdout." };
        var cmd = new Command("list", "List the known datasets, their licenses and origins, and where each is found here.") { json, manifest };
        cmd.SetAction(parse =>
        {
            var catalog = LoadCatalog(parse.GetValue(manifest));
            var stdout = parse.InvocationConfiguration.Output;
            var rows = catalog.Datasets.Select(d => (Info: d, Location: Locate(d.Name))).ToList();
            if (parse.GetValue(json))
            {
                var doc = rows.Select(r => new
                {
                    name = r.Info.Name,
                    files = r.Info.Files.Count,
                    bytes = r.Info.TotalBytes,
                    license = r.Info.License,
                    origin = r.Info.Origin,
                    sources = r.Info.Sources.Select(s => s.Url),
                    location = r.Location,
                });
                stdout.WriteLine(JsonSerializer.Serialize(doc));
                return 0;
            }
            foreach (var (info, location) in rows)
            {
                stdout.WriteLine($"{info.Name}  ({info.Files.Count} files, {info.TotalBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)  {(location is null ? "not found here" : location)}");
                stdout.WriteLine($"    {info.Description}");
                stdout.WriteLine($"    license: {info.License}");
                stdout.WriteLine($"    origin:  {info.Origin}");
                foreach (var s in info.Sources)
                    stdout.WriteLine($"    get:     {s.Url}{(s.Archive is null ? "" : $" ({s.Archive} archive)")}");
                if (info.Citation.Length > 0) stdout.WriteLine($"    cite:    {info.Citation}");
            }
            if (rows.Any(r => r.Location is null))
                stdout.WriteLine($"Datasets are found through ${DatasetLocator.EnvironmentVariable}/<name> or data/<name>; install one with: musicgen data get NAME (or --mirror URL, --from DIR)");
            return 0;
        });
        return cmd;
    }

    private static Command CreateGet(Option<string?> manifest)
    {
        var name = new Argument<string>("NAME") { Description = "Dataset name from `musicgen data list`, or `all` (every dataset except the repository's own sample)." };
        var from = new Option<string?>("--from") { Description = "Local folder holding the dataset's files (or a folder holding NAME/)." };
        var mirror = new Option<string?>("--mirror") { Description = "Base URL of an HTTP folder holding NAME/<path> as laid out in the manifest (instead of the origin)." };
        var to = new Option<string?>("--to") { Description = "Target folder (default: the repository's data/NAME; with `all`, the folder that receives NAME/)." };
        var cmd = new Command("get", "Install a dataset into data/NAME from its public origin (or --mirror URL, --from DIR), checking every file's SHA-256 against the manifest; interrupted downloads resume.") { name, from, mirror, to, manifest };
        cmd.SetAction(parse =>
        {
            var catalog = LoadCatalog(parse.GetValue(manifest));
            var datasetName = parse.GetValue(name)!;
            var fromDir = parse.GetValue(from);
            var mirrorUrl = parse.GetValue(mirror);
            if (fromDir is not null && mirrorUrl is not null) throw new UserError("--from and --mirror: pass one source, not both");
            if (fromDir is not null && !Directory.Exists(fromDir)) throw new UserError($"--from {fromDir}: no such folder");
            if (mirrorUrl is not null && !(Uri.TryCreate(mirrorUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
                throw new UserError($"--mirror {mirrorUrl}: not an http(s) URL");
            var all = datasetName == "all";
            var infos = all
                ? catalog.Datasets.Where(d => d.Name != "sample").ToList()
                : [catalog.Find(datasetName) ?? throw new UserError($"{datasetName}: unknown dataset (known: {string.Join(", ", catalog.Datasets.Select(d => d.Name))}, all)")];
            var stderr = parse.InvocationConfiguration.Error;
            var stdout = parse.InvocationConfiguration.Output;
            using var downloader = new DatasetDownloader();
            foreach (var info in infos)
            {
                var target = Target(info.Name, parse.GetValue(to), all);
                var source = fromDir ?? mirrorUrl ?? string.Join(", ", info.Sources.Select(s => s.Url));
                if (fromDir is null && mirrorUrl is null && info.Sources.Count == 0)
                    throw new UserError($"{info.Name}: the manifest names no origin to download from ({info.NotAtOrigin}); pass --from DIR or --mirror URL");
                DatasetGetResult result;
                try
                {
                    result = WithProgress(stderr, info, source, downloader, () => downloader.Get(info, target, mirrorUrl, fromDir));
                }
                catch (DatasetUnreachableException e)
                {
                    throw new UserError($"data get {info.Name}: cannot reach {e.Host} ({e.Reason}); offline? use --mirror URL (an HTTP folder holding {info.Name}/…), --from DIR (a local copy), or set {DatasetLocator.EnvironmentVariable} to a folder holding {info.Name}/");
                }
                catch (Exception e) when (e is InvalidDataException or IOException or DirectoryNotFoundException)
                {
                    throw new UserError($"data get {info.Name}: {e.Message}");
                }
                var missing = result.NotPublished.Count > 0 ? $"; {result.NotPublished.Count} not published by the origin (see data/README.md)" : "";
                stderr.WriteLine($"{info.Name}: {result.Installed} file(s) installed, {result.AlreadyInPlace} already in place{missing}; every installed file matches the manifest's SHA-256 → {result.Target}");
                var found = DatasetLocator.Find(info.Name);
                if (found is not null && Path.GetFullPath(found) != result.Target)
                    stderr.WriteLine($"note: notebooks and commands will use {found}, found first (${DatasetLocator.EnvironmentVariable}/{info.Name} comes before data/{info.Name})");
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    name = info.Name,
                    location = result.Target,
                    files = info.Files.Count,
                    copied = result.Installed,
                    kept = result.AlreadyInPlace,
                    not_published = result.NotPublished,
                }));
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Runs <paramref name="get"/> with a Spectre progress bar on an interactive stderr (bytes of
    /// the dataset, the file being fetched); otherwise one line before and the downloader's log lines.</summary>
    private static DatasetGetResult WithProgress(TextWriter stderr, DatasetInfo info, string source, DatasetDownloader downloader, Func<DatasetGetResult> get)
    {
        var size = info.TotalBytes.ToString("N0", CultureInfo.InvariantCulture);
        bool live = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!live)
        {
            stderr.WriteLine($"{info.Name}: {info.Files.Count} file(s), {size} bytes, from {source}");
            void Line(string l) => stderr.WriteLine(l);
            downloader.Log += Line;
            try { return get(); }
            finally { downloader.Log -= Line; }
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.MarkupLine(Markup.Escape($"{info.Name}: {info.Files.Count} file(s), {size} bytes, from {source}"));
        DatasetGetResult? result = null;
        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask(Markup.Escape(info.Name), maxValue: Math.Max(1, info.TotalBytes));
                void OnProgress(DatasetGetProgress p)
                {
                    if (p.TotalBytes > 0) bar.MaxValue = p.TotalBytes;
                    bar.Value = Math.Min(p.Bytes, bar.MaxValue);
                    var item = p.Item.Length > 40 ? "…" + p.Item[^39..] : p.Item;
                    bar.Description = Markup.Escape($"{info.Name} {item}");
                }
                void OnLog(string l) => console.MarkupLine(Markup.Escape(l));
                downloader.Progress += OnProgress;
                downloader.Log += OnLog;
                try { result = get(); }
                finally { downloader.Progress -= OnProgress; downloader.Log -= OnLog; }
            });
        return result!;
    }

    /// <summary>--to DIR (with `all`: DIR/NAME), else the repository's data/NAME.</summary>
    private static string Target(string name, string? to, bool all)
    {
        if (to is not null) return all ? Path.Combine(to, name) : to;
        var repo = DatasetLocator.FindRepositoryRoot() ?? throw new UserError("no repository found for data/NAME: pass --to DIR");
        return Path.Combine(repo, "data", name);
    }

    private static DatasetCatalog LoadCatalog(string? manifestPath)
    {
        if (manifestPath is not null && !File.Exists(manifestPath)) throw new UserError($"{manifestPath}: no such file");
        try
        {
            return DatasetCatalog.Load(manifestPath);
        }
        catch (FileNotFoundException e)
        {
            throw new UserError(e.Message);
        }
    }

    /// <summary>Where the dataset is found here (DatasetLocator order; "sample" is data/sample), or null.</summary>
    private static string? Locate(string name) =>
        name == "sample" ? DatasetLocator.SampleFolder() : DatasetLocator.Find(name);
}
