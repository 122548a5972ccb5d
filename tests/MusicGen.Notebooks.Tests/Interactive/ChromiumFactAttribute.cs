namespace MusicGen.Notebooks.Tests.Interactive;

/// <summary>A fact that needs headless Chromium (Debian: apt-get install chromium); skipped without
/// it, except when MUSICGEN_REQUIRE_JUPYTER=1 (.ci/run installs it with the Jupyter stack): then a
/// missing browser fails the test instead of hiding it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        var required = Environment.GetEnvironmentVariable("MUSICGEN_REQUIRE_JUPYTER") == "1";
        if (!File.Exists(Chromium) && !required) Skip = $"{Chromium} is not installed (apt-get install chromium)";
    }
}
