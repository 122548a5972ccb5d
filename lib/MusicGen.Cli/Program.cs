using System.CommandLine;
using System.Reflection;

namespace MusicGen.Cli;

/// <summary>Entry point of <c>musicgen</c>: the CLI contract of lib/README.md §4. Machine-readable
/// output goes to stdout, progress and logs to stderr; bad input exits non-zero with one line.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = root.Parse(args);
            // A mistyped option is one line (which option, what is wrong), not the whole help page.
            if (parsed.Errors.Count > 0)
            {
                stderr.WriteLine($"musicgen: {parsed.Errors[0].Message.ReplaceLineEndings(" ")} (see --help)");
                return 2;
            }
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            stderr.WriteLine($"musicgen: {Describe(e)}");
            return e is UserError u ? u.ExitCode : 1;
        }
    }

    /// <summary>The root command with every <see cref="ICommandGroup"/> of this assembly.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("MusicGen.Notebooks: MIDI, LSTM music models, notebooks and benchmarks.");
        var groups = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICommandGroup).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICommandGroup)Activator.CreateInstance(t)!)
            .Select(g => g.Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in groups) root.Add(c);
        return root;
    }

    /// <summary>One line for an exception: the innermost meaningful message.</summary>
    internal static string Describe(Exception e)
    {
        while (e is TargetInvocationException or AggregateException && e.InnerException is not null)
            e = e.InnerException!;
        return e.Message.ReplaceLineEndings(" ");
    }
}
