namespace MusicGen.Tests.Cli;

public sealed class KernelUninstallTests
{
    [Fact]
    public void Uninstall_removes_what_install_wrote_under_the_same_prefix()
    {
        var prefix = Directory.CreateTempSubdirectory("musicgen-kernel-").FullName;
        try
        {
            var (exit, stdout, stderr) = CliTests.Run("kernel", "install", "--prefix", prefix);
            Assert.True(exit == 0, stderr);
            var kernelJson = stdout.Trim();
            Assert.True(File.Exists(kernelJson));

            (exit, _, stderr) = CliTests.Run("kernel", "uninstall", "--prefix", prefix);
            Assert.True(exit == 0, stderr);
            Assert.Contains("removed kernel spec", stderr);
            Assert.False(Directory.Exists(Path.GetDirectoryName(kernelJson)));

            (exit, _, stderr) = CliTests.Run("kernel", "uninstall", "--prefix", prefix);
            Assert.Equal(1, exit);
            Assert.Contains("no 'musicgen-csharp' kernel spec installed here", stderr.Trim());
            Assert.Single(stderr.Trim().Split('\n'));
        }
        finally { Directory.Delete(prefix, recursive: true); }
    }
}
