using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using MusicGen.Notebooks.Execution;
using MusicGen.Notebooks.Kernel;

namespace MusicGen.Cli;

/// <summary>
/// <c>musicgen kernel install [--user] [--prefix DIR]</c> writes the Jupyter kernel spec
/// "C# (MusicGen)" and <c>kernel uninstall</c> (same options) removes it; <c>musicgen kernel run CONNECTION_FILE</c> is what Jupyter starts (VS Code,
/// JupyterLab, nbclient). Logs go to stderr, which Jupyter shows in its own log.
/// </summary>
internal sealed class KernelCommand : ICommandGroup
{
    public Command Create()
    {
        var kernel = new Command("kernel", "The Jupyter kernel: install its kernel spec, or run it for a Jupyter frontend.");
        kernel.Add(CreateInstall());
        kernel.Add(CreateUninstall());
        kernel.Add(CreateRun());
        return kernel;
    }

    /// <summary>The kernels folder <c>--user</c> / <c>--prefix DIR</c> name (the system folder without either), for install and uninstall alike.</summary>
    private static string KernelsFolder(ParseResult parse, Option<bool> user, Option<string?> prefix)
    {
        var dir = parse.GetValue(prefix);
        if (parse.GetValue(user) && dir is not null) throw new UserError("--user and --prefix: give only one of them");
        return dir is not null ? KernelSpec.PrefixKernelsFolder(dir)
            : parse.GetValue(user) ? KernelSpec.UserKernelsFolder()
            : KernelSpec.SystemKernelsFolder();
    }

    private static Command CreateInstall()
    {
        var user = new Option<bool>("--user") { Description = "Install for the current user (e.g. ~/.local/share/jupyter/kernels)." };
        var prefix = new Option<string?>("--prefix") { Description = "Install under DIR/share/jupyter/kernels (add DIR/share/jupyter to JUPYTER_PATH)." };
        var cmd = new Command("install", $"Write the '{KernelSpec.DisplayName}' kernel spec ({KernelSpec.Name}/kernel.json). " +
                                         "Without options it goes to the system folder (/usr/local/share/jupyter/kernels).")
        {
            user, prefix,
        };
        cmd.SetAction(parse =>
        {
            var kernels = KernelsFolder(parse, user, prefix);
            string path;
            try
            {
                path = KernelSpec.Install(kernels, KernelSpec.DefaultArgv(typeof(KernelCommand).Assembly.Location));
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new UserError($"{kernels}: cannot write the kernel spec ({e.Message}); try --user");
            }
            parse.InvocationConfiguration.Error.WriteLine($"installed kernel spec '{KernelSpec.Name}' ({KernelSpec.DisplayName}) in {Path.GetDirectoryName(path)}");
            parse.InvocationConfiguration.Output.WriteLine(path);
            return 0;
        });
        return cmd;
    }

    /// <summary><c>kernel uninstall [--user] [--prefix DIR]</c>: removes what <c>kernel install</c> wrote, from the same folder.</summary>
    private static Command CreateUninstall()
    {
        var user = new Option<bool>("--user") { Description = "Remove the current user's kernel spec (e.g. ~/.local/share/jupyter/kernels)." };
        var prefix = new Option<string?>("--prefix") { Description = "Remove the kernel spec under DIR/share/jupyter/kernels." };
        var cmd = new Command("uninstall", $"Remove the '{KernelSpec.DisplayName}' kernel spec ({KernelSpec.Name}/) that `kernel install` wrote, " +
                                           "from the same folder (system folder without options).")
        {
            user, prefix,
        };
        cmd.SetAction(parse =>
        {
            var kernels = KernelsFolder(parse, user, prefix);
            var folder = Path.Combine(kernels, KernelSpec.Name);
            if (!Directory.Exists(folder))
                throw new UserError($"{folder}: no '{KernelSpec.Name}' kernel spec installed here{(parse.GetValue(user) ? "" : "; try --user")}", exitCode: 1);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new UserError($"{folder}: cannot remove the kernel spec ({e.Message})");
            }
            parse.InvocationConfiguration.Error.WriteLine($"removed kernel spec '{KernelSpec.Name}' from {folder}");
            return 0;
        });
        return cmd;
    }

    private static Command CreateRun()
    {
        var file = new Argument<string>("CONNECTION_FILE") { Description = "The connection file Jupyter wrote (ports, ip, key)." };
        var cmd = new Command("run", "Run the kernel on the sockets of a Jupyter connection file (Jupyter starts this).") { file };
        cmd.SetAction(parse => Run(parse.GetValue(file)!, parse.InvocationConfiguration.Error));
        return cmd;
    }

    private static int Run(string connectionFile, TextWriter stderr)
    {
        ConnectionInfo info;
        try
        {
            info = ConnectionInfo.Read(connectionFile);
        }
        catch (ConnectionFileException e)
        {
            throw new UserError(e.Message);
        }
        // Jupyter starts the kernel in the notebook's folder: #r and relative paths resolve there.
        var engine = new ScriptSessionEngine(new ScriptSession(Environment.CurrentDirectory));
        var kernel = new JupyterKernel(info, engine, TextWriter.Synchronized(stderr));
        try
        {
            kernel.Start();
        }
        catch (SocketException e)
        {
            kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new UserError($"{connectionFile}: cannot bind {info.Ip} ({e.Message}); is another kernel using these ports?");
        }
        // A terminal's Ctrl+C reaches the kernel too: treat it as an interrupt, not as death.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx =>
        {
            ctx.Cancel = true;
            kernel.Interrupt();
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            _ = kernel.DisposeAsync().AsTask();
        });
        _ = WatchParentAsync(kernel, stderr);
        kernel.Finished.GetAwaiter().GetResult();
        kernel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>
    /// jupyter_client puts its own pid in <c>JPY_PARENT_PID</c> (launcher.py, POSIX). If that
    /// process dies without shutting us down (a crashed editor), exit instead of lingering as an
    /// orphan that holds ports and maybe a busy core; ipykernel's parent poller does the same.
    /// </summary>
    private static async Task WatchParentAsync(JupyterKernel kernel, TextWriter log)
    {
        // On Windows the variable holds a process handle, not a pid.
        if (OperatingSystem.IsWindows() || !int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out int pid) || pid <= 1)
            return;
        while (!kernel.Finished.IsCompleted)
        {
            await Task.WhenAny(kernel.Finished, Task.Delay(TimeSpan.FromSeconds(1)));
            if (IsAlive(pid)) continue;
            log.WriteLine($"[kernel] parent process {pid} is gone; shutting down");
            await kernel.DisposeAsync();
            return;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
