namespace MusicGen.Notebooks.Tests.Kernel;

/// <summary>A fact that needs the real Jupyter stack (<c>/usr/bin/jupyter</c> with nbconvert and
/// nbclient; Debian: python3-jupyter-client python3-nbclient jupyter-nbconvert); skipped without it,
/// except when MUSICGEN_REQUIRE_JUPYTER=1 (set by .ci/run, which installs the stack): then a missing
/// stack fails the test instead of hiding it.</summary>
public sealed class JupyterFactAttribute : FactAttribute
{
    public const string Jupyter = "/usr/bin/jupyter";

    public JupyterFactAttribute()
    {
        var required = Environment.GetEnvironmentVariable("MUSICGEN_REQUIRE_JUPYTER") == "1";
        if (!File.Exists(Jupyter) && !required) Skip = $"{Jupyter} is not installed (apt-get install jupyter-nbconvert python3-nbclient)";
    }
}
